import datetime
import re

import pytest
from django.urls import reverse

from entities.models import Municipality
from tests.entities.factories import PrivateEntityFactory
from tests.factories import EntityFactory
from tests.projects.factories import ProjectFactory, SupportFactory

pytestmark = pytest.mark.django_db

D = datetime.date
URL = reverse("projects:indicators")


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
    assert response.text.count("<caption>") == 3
    assert 'width="0,0"' not in response.text  # SVG numbers are never localized


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


def test_indicators_query_count_does_not_grow_with_support(client, project, count_queries):
    few = count_queries(lambda: client.get(URL))
    for number in range(20):
        SupportFactory(project=project, starts_on=D(2014, 2, 1 + number % 28))

    many = count_queries(lambda: client.get(URL))

    assert few == many == 7


def test_home_page_summarises_the_indicators(client, project):
    response = client.get(reverse("home"))

    text = text_of(response)
    assert "Nasze cele" in text
    assert "3 nowe podmioty utworzone (cel: 20)" in text
    assert "1 istniejący podmiot wsparty (cel: 50)" in text
    assert "13 miejsc pracy utworzonych" in text
    assert f'href="{URL}"' in response.text


def test_home_page_without_projects_has_no_summary(client):
    response = client.get(reverse("home"))

    assert response.status_code == 200
    assert "Nasze cele" not in response.text


def test_home_page_summary_takes_two_queries(client, project, count_queries):
    without = count_queries(lambda: client.get(reverse("home")))
    SupportFactory.create_batch(5, project=project)

    assert count_queries(lambda: client.get(reverse("home"))) == without
