from datetime import date
from decimal import Decimal

from django.db import transaction

from projects.models import Project, Support


@transaction.atomic
def support_record_create(
    *,
    entity,
    project: Project,
    kind: str,
    starts_on: date,
    ends_on: date | None = None,
    kinds=(),
    grant_pln: Decimal | int = 0,
    jobs_created: int = 0,
    notes: str = "",
) -> Support:
    """Record the centre's support of ``entity`` in ``project``, validated."""
    support = Support(
        entity=entity,
        project=project,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        grant_pln=Decimal(grant_pln),
        jobs_created=jobs_created,
        notes=notes,
    )
    support.full_clean()
    support.save()
    support.kinds.set(kinds)
    return support
