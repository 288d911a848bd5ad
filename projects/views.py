from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from projects import charts
from projects.indicators import project_indicators
from projects.models import Project


class IndicatorsView(TemplateView):
    """The live indicators of the current project, or of the project named in the URL."""

    template_name = "projects/indicators.html"

    def get_project(self):
        if "slug" in self.kwargs:
            return get_object_or_404(Project, slug=self.kwargs["slug"])
        return Project.objects.current()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        project = self.get_project()
        context["project"] = project
        context["projects"] = Project.objects.all()
        if project is not None:
            indicators = project_indicators(project=project)
            context["indicators"] = indicators
            context["charts"] = indicator_charts(indicators)
        return context


def progress_items(indicators: dict) -> list[tuple[str, object]]:
    items = [
        (_("New entities created"), indicators["created"]),
        (_("Existing entities supported"), indicators["supported"]),
    ]
    if indicators["jobs"].target:
        items.append((_("Jobs created"), indicators["jobs"]))
    if indicators["advisory_hours"].target:
        items.append((_("Advisory hours"), indicators["advisory_hours"]))
    return items


def indicator_charts(indicators: dict) -> dict:
    series = [
        charts.Series("created", _("new entities"), charts.CREATED),
        charts.Series("supported", _("supported entities"), charts.SUPPORTED),
    ]
    return {
        "progress": charts.progress_bars(
            chart_id="chart-progress",
            title=_("Progress toward the targets"),
            items=progress_items(indicators),
        ),
        "by_county": charts.grouped_bars(
            chart_id="chart-county",
            title=_("Entities created and supported by county"),
            rows=indicators["by_county"],
            series=series,
        ),
        "by_legal_form": charts.grouped_bars(
            chart_id="chart-legal-form",
            title=_("Entities created and supported by legal form"),
            rows=indicators["by_legal_form"],
            series=series,
        ),
    }
