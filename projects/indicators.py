"""The live indicators of a project, counted from the support records inside its period.

``project_indicators(project=...)`` returns a plain dict; next to the support records'
numbers it holds the advisory app's (``advisory.services.advisory_indicators``: hours,
sessions, people and entities advised within the project's period), with the advisory
hours measured against the project's target. An entity created with the centre's help
counts once, as new, even when the centre also supported it later in the same project.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.db.models.functions import Coalesce

from advisory.services import advisory_indicators
from entities.models import County, Entity
from projects.models import Project, Support


@dataclass(frozen=True)
class Progress:
    """A number against its target."""

    count: int | float  # advisory hours are not whole
    target: int

    @property
    def percent(self) -> int | None:
        return round(self.count * 100 / self.target) if self.target else None

    @property
    def remaining(self) -> int:
        return max(self.target - self.count, 0)


def _supports(project: Project):
    supports = Support.objects.within_project(project)
    created = supports.creations().values("entity_id")
    counts = {
        "created": Count("entity", filter=Q(kind=Support.Kind.CREATED), distinct=True),
        "supported": Count(
            "entity",
            filter=Q(kind=Support.Kind.SUPPORTED) & ~Q(entity__in=created),
            distinct=True,
        ),
    }
    return supports, counts


def project_totals(*, project: Project) -> dict:
    """Entities created and supported, jobs and grants (one query), and the advisory given
    within the project's period (two queries)."""
    supports, counts = _supports(project)
    totals = supports.aggregate(
        **counts,
        jobs=Coalesce(Sum("jobs_created"), 0),
        grants_pln=Coalesce(Sum("grant_pln"), Decimal(0)),
    )
    advisory = advisory_indicators(start=project.starts_on, end=project.ends_on)
    return {
        "project": project,
        "created": Progress(totals["created"], project.target_new_entities),
        "supported": Progress(totals["supported"], project.target_supported_entities),
        "jobs": Progress(totals["jobs"], project.target_jobs),
        "grants_pln": totals["grants_pln"],
        "advisory": advisory,
        "advisory_hours": Progress(advisory.hours, project.target_advisory_hours),
    }


def project_indicators(*, project: Project) -> dict:
    """Everything the indicators page shows of ``project``, in a constant number of queries:
    the totals, and the entities created and supported by county and by legal form."""
    supports, counts = _supports(project)
    by_county = {
        row["entity__municipality__county"]: row
        for row in supports.values("entity__municipality__county").annotate(**counts).order_by()
    }
    by_form = {
        row["entity__legal_form"]: row
        for row in supports.values("entity__legal_form").annotate(**counts).order_by()
    }
    return {
        **project_totals(project=project),
        "by_county": [
            _row(county.name, by_county.get(county.pk)) for county in County.objects.all()
        ],
        "by_legal_form": [
            _row(str(label), by_form[value])
            for value, label in Entity.LegalForm.choices
            if value in by_form
        ],
    }


def _row(name: str, counts: dict | None) -> dict:
    created = counts["created"] if counts else 0
    supported = counts["supported"] if counts else 0
    return {"name": name, "created": created, "supported": supported, "total": created + supported}
