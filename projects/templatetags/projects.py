from django import template

from projects import charts
from projects.indicators import project_totals
from projects.models import Project
from projects.views import progress_items

register = template.Library()


@register.inclusion_tag("includes/_indicators_summary.html")
def indicators_summary(heading_level=2):
    """The current project's progress toward its targets and its advisory, for the home page
    (4 queries: the project, its support totals, its advisory totals and entities advised)."""
    project = Project.objects.current()
    if project is None:
        return {"project": None}
    totals = project_totals(project=project)
    return {
        "project": project,
        "totals": totals,
        "heading_level": heading_level,
        "chart": charts.progress_bars(
            chart_id="chart-home-progress",
            title=project.name,
            items=progress_items(totals),
        ),
    }
