import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from entities.models import Municipality
from tests.advisory.factories import AdvisorySessionFactory, SupportRequestFactory
from tests.entities.factories import PrivateEntityFactory
from tests.factories import EntityFactory
from tests.projects.factories import ProjectFactory, SupportFactory

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("projects:indicators")
WARSAW = ZoneInfo("Europe/Warsaw")


def at(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=WARSAW)


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.text))


@pytest.fixture
def project():
    project = ProjectFactory(
        slug="kowes-2013-2015", name="Koniński Ośrodek Wsparcia Ekonomii Społecznej",
        starts_on=D(2013, 1, 1), ends_on=D(2015, 6, 30), target_new_entities=20,
        target_supported_entities=50,
    )  # fmt: skip
    kramsk = Municipality.objects.get(slug="kramsk")
    for number in range(3):
        SupportFactory(entity=EntityFactory(municipality=kramsk), project=project, kind="created",
                       starts_on=D(2013, 4, 1 + number), jobs_created=4)  # fmt: skip
    SupportFactory(project=project, starts_on=D(2014, 1, 1), jobs_created=1)
    return project


def test_indicators_page_shows_the_current_project_numbers(client, project):
    response = client.get(URL)

    assert response.status_code == 200
    text = text_of(response)
    assert "Utworzone nowe podmioty 3 20 15%" in text
    assert "Wsparte istniejące podmioty 1 50 2%" in text
    assert "Utworzone miejsca pracy 13 – –" in text
    assert "Powiat koniński 3 0 3" in text
    assert "Spółdzielnia socjalna 3 1 4" in text


def test_indicators_page_draws_accessible_charts_with_tables(client, project):
    response = client.get(URL)

    assert response.text.count('<svg class="chart"') == 3
    assert response.text.count('role="img" aria-labelledby="chart-') == 3
    assert '<title id="chart-progress-title">Postęp realizacji celów</title>' in response.text
    assert (
        '<desc id="chart-progress-desc">Utworzone nowe podmioty: 3 z 20 zakładanych. '
        "Wsparte istniejące podmioty: 1 z 50 zakładanych. </desc>"
    ) in response.text
    # progress, county, legal form, advisory: each table's scroll region can be reached with
    # the keyboard and is named by the table's caption.
    assert response.text.count('<caption id="caption-') == 4
    assert response.text.count('tabindex="0" role="region" aria-labelledby="caption-') == 4
    assert 'width="0,0"' not in response.text  # SVG numbers are never localized


@pytest.fixture
def sessions(project):
    """Advisory inside the project's period (3.75 hours, 10 people, 2 entities) and outside."""
    kramsk = Municipality.objects.get(slug="kramsk")
    entity = EntityFactory(municipality=kramsk)
    AdvisorySessionFactory(
        starts_at=at(2013, 3, 4, 9), duration_minutes=90, participants=3, entity=entity
    )
    AdvisorySessionFactory(
        starts_at=at(2014, 3, 4, 9), duration_minutes=45, participants=1, entity=entity
    )
    AdvisorySessionFactory(
        starts_at=at(2014, 5, 5, 10),
        duration_minutes=90,
        participants=6,
        entity=None,
        support_request=SupportRequestFactory(entity=EntityFactory()),
    )
    AdvisorySessionFactory(
        starts_at=at(2015, 7, 1, 9), duration_minutes=180, participants=9, entity=entity
    )


def test_indicators_page_shows_the_advisory_of_the_project_period(client, project, sessions):
    response = client.get(URL)

    text = text_of(response)
    assert "Godziny doradztwa 3,75 – –" in text  # no target: no percent, no bar
    assert '<h2 id="advisory-heading">Doradztwo</h2>' in response.text
    assert (
        "Doradztwo udzielone w okresie projektu Wskaźnik Osiągnięto Godziny doradztwa 3,75 "
        "Sesje doradcze 3 Osoby objęte doradztwem 10 Podmioty objęte doradztwem 2 "
    ) in text
    assert (
        '<desc id="chart-progress-desc">Utworzone nowe podmioty: 3 z 20 zakładanych. '
        "Wsparte istniejące podmioty: 1 z 50 zakładanych. </desc>"
    ) in response.text


def test_indicators_page_measures_advisory_hours_against_their_target(client, project, sessions):
    project.target_advisory_hours = 10
    project.save()

    response = client.get(URL)

    text = text_of(response)
    assert "Godziny doradztwa 3,75 10 38%" in text
    assert "Godziny doradztwa 3,75 – –" not in text
    assert (
        '<desc id="chart-progress-desc">Utworzone nowe podmioty: 3 z 20 zakładanych. '
        "Wsparte istniejące podmioty: 1 z 50 zakładanych. "
        "Godziny doradztwa: 3,75 z 10 zakładanych. </desc>"
    ) in response.text
    assert ">3,75 / 10</text>" in response.text


def test_indicators_page_advisory_of_another_project_period(client, project, sessions):
    later = ProjectFactory(slug="pozniej", starts_on=D(2015, 7, 1), ends_on=D(2017, 6, 30))

    response = client.get(later.get_absolute_url())

    assert (
        "Godziny doradztwa 3 Sesje doradcze 1 Osoby objęte doradztwem 9 "
        "Podmioty objęte doradztwem 1 "
    ) in text_of(response)


def test_indicators_page_never_names_entities(client, project):
    private = PrivateEntityFactory(name="Tajna Grupa Inicjatywna")
    SupportFactory(entity=private, project=project, starts_on=D(2014, 2, 2))

    response = client.get(URL)

    assert "Tajna Grupa" not in response.text
    assert "Wsparte istniejące podmioty 2 50 4%" in text_of(response)


def test_indicators_of_a_named_project(client, project):
    ProjectFactory(slug="nowy", name="Nowy projekt", starts_on=D(2016, 1, 1), ends_on=D(2030, 1, 1))

    response = client.get(reverse("projects:project-indicators", args=["kowes-2013-2015"]))

    assert response.context["project"] == project
    assert f'href="{project.get_absolute_url()}" aria-current="page"' in response.text


def test_indicators_of_an_unknown_project_are_not_found(client):
    response = client.get(reverse("projects:project-indicators", args=["nie-ma"]))

    assert response.status_code == 404


def test_indicators_page_without_projects_says_so(client):
    response = client.get(URL)

    assert response.status_code == 200
    assert "Nie wpisano jeszcze żadnego projektu." in response.text


def test_indicators_page_refuses_post(client):
    assert client.post(URL).status_code == 405


def _more_support_and_advisory(project, number):
    for day in range(1, number + 1):
        SupportFactory(project=project, starts_on=D(2014, 2, day))
        AdvisorySessionFactory(
            starts_at=at(2014, 2, day, 9),
            support_request=SupportRequestFactory(entity=EntityFactory()),
        )


def test_indicators_query_count_does_not_grow_with_support_or_advisory(
    client, project, count_queries
):
    project.target_advisory_hours = 100
    project.save()
    few = count_queries(lambda: client.get(URL))
    _more_support_and_advisory(project, 20)

    many = count_queries(lambda: client.get(URL))

    # The project, the list of projects, support totals, advisory totals, entities advised,
    # by county, by legal form, the counties, the funders' logos.
    assert few == many == 9


def test_home_page_summarises_the_indicators(client, project):
    response = client.get(reverse("home"))

    text = text_of(response)
    assert "Nasze cele" in text
    assert "3 nowe podmioty utworzone (cel: 20)" in text
    assert "1 istniejący podmiot wsparty (cel: 50)" in text
    assert "13 miejsc pracy utworzonych" in text
    assert (
        "Godziny doradztwa: 0 Sesje doradcze: 0 , osoby objęte doradztwem: 0 , "
        "podmioty objęte doradztwem: 0"
    ) in text
    assert f'href="{URL}"' in response.text


def test_home_page_summarises_the_advisory_against_its_target(client, project, sessions):
    project.target_advisory_hours = 400
    project.save()

    response = client.get(reverse("home"))

    text = text_of(response)
    assert "Godziny doradztwa: 3,75 (cel: 400)" in text
    assert (
        "Sesje doradcze: 3 , osoby objęte doradztwem: 10 , podmioty objęte doradztwem: 2"
    ) in text
    assert "Godziny doradztwa: 3,75 z 400 zakładanych." in response.text  # the chart


def test_home_page_without_projects_has_no_summary(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "Nasze cele" not in response.text


def test_home_page_summary_query_count_does_not_grow(client, project, count_queries):
    few = count_queries(lambda: client.get(reverse("home")))
    _more_support_and_advisory(project, 20)

    many = count_queries(lambda: client.get(reverse("home")))

    # The latest posts; the summary: the current project, its support totals, advisory
    # totals, entities advised; the funders' logos.
    assert few == many == 6
