import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from advisory.services import AdvisoryIndicators
from entities.models import Entity, Municipality
from projects.indicators import Progress, project_indicators, project_totals
from tests.advisory.factories import AdvisorySessionFactory, SupportRequestFactory
from tests.entities.factories import PrivateEntityFactory
from tests.factories import EntityFactory
from tests.projects.factories import ProjectFactory, SupportFactory

pytestmark = pytest.mark.django_db

D = datetime.date
WARSAW = ZoneInfo("Europe/Warsaw")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=WARSAW)


@pytest.fixture
def project():
    return ProjectFactory(
        slug="kowes", starts_on=D(2013, 1, 1), ends_on=D(2015, 6, 30),
        target_new_entities=20, target_supported_entities=50, target_jobs=40,
    )  # fmt: skip


def entity_in(slug, **fields):
    return EntityFactory(municipality=Municipality.objects.get(slug=slug), **fields)


def test_indicators_count_created_and_supported_entities_inside_the_period(project):
    konin = entity_in("konin")
    kramsk = entity_in("kramsk", legal_form=Entity.LegalForm.FOUNDATION)
    turek = entity_in("turek-miasto")
    SupportFactory(entity=konin, project=project, kind="created", starts_on=D(2013, 3, 1),
                   jobs_created=5, grant_pln=100_000)  # fmt: skip
    # Created, then supported again: counts once, as new.
    SupportFactory(entity=konin, project=project, kind="supported", starts_on=D(2014, 3, 1),
                   jobs_created=1)  # fmt: skip
    # Supported twice: one entity.
    SupportFactory(entity=kramsk, project=project, starts_on=D(2013, 6, 1), jobs_created=2)
    SupportFactory(entity=kramsk, project=project, starts_on=D(2014, 6, 1))
    # Outside the period or in another project: not counted.
    SupportFactory(entity=turek, project=project, starts_on=D(2015, 7, 1), jobs_created=9)
    other = ProjectFactory(slug="other", starts_on=D(2016, 1, 1), ends_on=D(2018, 1, 1))
    SupportFactory(entity=turek, project=other, kind="created", starts_on=D(2016, 2, 1),
                   jobs_created=9)  # fmt: skip
    # A private entity counts in the numbers (it appears nowhere by name).
    SupportFactory(entity=PrivateEntityFactory(municipality=Municipality.objects.get(slug="kramsk")),
                   project=project, starts_on=D(2015, 6, 30))  # fmt: skip

    indicators = project_indicators(project=project)

    assert indicators["created"] == Progress(1, 20)
    assert indicators["supported"] == Progress(2, 50)
    assert indicators["jobs"] == Progress(8, 40)
    assert indicators["grants_pln"] == Decimal("100000.00")
    assert indicators["by_county"] == [
        {"name": "Konin", "created": 1, "supported": 0, "total": 1},
        {"name": "powiat kolski", "created": 0, "supported": 0, "total": 0},
        {"name": "powiat koniński", "created": 0, "supported": 2, "total": 2},
        {"name": "powiat słupecki", "created": 0, "supported": 0, "total": 0},
        {"name": "powiat turecki", "created": 0, "supported": 0, "total": 0},
    ]
    assert indicators["by_legal_form"] == [
        {"name": "spółdzielnia socjalna", "created": 1, "supported": 0, "total": 1},
        {"name": "fundacja", "created": 0, "supported": 1, "total": 1},
        {"name": "grupa inicjatywna", "created": 0, "supported": 1, "total": 1},
    ]


def test_indicators_of_a_project_without_support_are_zero(project):
    indicators = project_indicators(project=project)

    assert (indicators["created"], indicators["supported"], indicators["jobs"]) == (
        Progress(0, 20), Progress(0, 50), Progress(0, 40),
    )  # fmt: skip
    assert indicators["by_legal_form"] == []
    assert {row["total"] for row in indicators["by_county"]} == {0}


def test_indicators_hold_the_advisory_of_the_period_and_hours_against_the_target(project):
    project.target_advisory_hours = 10
    project.save()
    konin, kramsk = entity_in("konin"), entity_in("kramsk")
    # The first and the last day of the period count, in Konin's time.
    AdvisorySessionFactory(
        starts_at=at(2013, 1, 1, 0, 30), duration_minutes=90, participants=3, entity=konin
    )
    AdvisorySessionFactory(
        starts_at=at(2015, 6, 30, 16), duration_minutes=45, participants=1, entity=konin
    )
    # Through a support request only: its entity counts as advised.
    AdvisorySessionFactory(
        starts_at=at(2014, 5, 5, 10),
        duration_minutes=60,
        participants=2,
        entity=None,
        support_request=SupportRequestFactory(entity=kramsk),
    )
    # A founder's request without an entity: people advised, no entity.
    AdvisorySessionFactory(
        starts_at=at(2014, 5, 6, 10),
        duration_minutes=30,
        participants=4,
        entity=None,
        support_request=SupportRequestFactory(),
    )
    # Outside the period: not counted.
    AdvisorySessionFactory(starts_at=at(2012, 12, 31, 23, 30), entity=entity_in("turek-miasto"))
    AdvisorySessionFactory(starts_at=at(2015, 7, 1, 0, 15), entity=entity_in("turek-miasto"))

    indicators = project_indicators(project=project)

    assert indicators["advisory"] == AdvisoryIndicators(
        sessions=4, hours=3.75, people_advised=10, entities_advised=2
    )
    assert indicators["advisory_hours"] == Progress(3.75, 10)
    assert indicators["advisory_hours"].percent == 38


def test_indicators_without_advisory_are_zero_hours_of_the_target(project):
    project.target_advisory_hours = 400

    totals = project_totals(project=project)

    assert totals["advisory"] == AdvisoryIndicators(
        sessions=0, hours=0, people_advised=0, entities_advised=0
    )
    assert totals["advisory_hours"] == Progress(0, 400)


def _support_and_sessions(project, number):
    for day in range(1, number + 1):
        SupportFactory(project=project, starts_on=D(2014, 1, day))
        AdvisorySessionFactory(
            starts_at=at(2014, 2, day, 9),
            support_request=SupportRequestFactory(entity=EntityFactory()),
        )


@pytest.mark.parametrize("number", [1, 20])
def test_project_totals_take_three_queries(project, django_assert_num_queries, number):
    _support_and_sessions(project, number)

    # The support totals; the advisory totals; the entities advised.
    with django_assert_num_queries(3):
        totals = project_totals(project=project)

    assert totals["supported"] == Progress(number, 50)
    assert totals["advisory"].entities_advised == 2 * number


@pytest.mark.parametrize("number", [1, 20])
def test_project_indicators_take_six_queries(project, django_assert_num_queries, number):
    _support_and_sessions(project, number)

    # The totals (three), by county, by legal form, the counties.
    with django_assert_num_queries(6):
        project_indicators(project=project)


@pytest.mark.parametrize(
    ("count", "target", "percent", "remaining"),
    [(12, 20, 60, 8), (0, 0, None, 0), (55, 50, 110, 0), (1, 3, 33, 2)],
)
def test_progress_percent_and_remaining(count, target, percent, remaining):
    progress = Progress(count, target)

    assert (progress.percent, progress.remaining) == (percent, remaining)
