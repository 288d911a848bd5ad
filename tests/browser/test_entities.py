"""The directory, an entity page, the open data and the indicators in a real browser:
keyboard only, at 360 px, with the axe audit."""

import datetime
import importlib
import re

import pytest
from django.urls import reverse

from entities.models import Entity, Municipality
from tests.browser.conftest import tab_until
from tests.entities.factories import PrivateEntityFactory, SectorFactory
from tests.factories import EntityFactory
from tests.projects.factories import ProjectFactory, SupportFactory

REFERENCE_DATA = [
    "entities.migrations.0002_konin_subregion",
    "entities.migrations.0004_sectors_and_search_text",
]


@pytest.fixture
def reference_data(transactional_db):
    """The subregion's counties and municipalities and the sectors, as their data migrations
    load them: a live-server test empties the database when it ends, so the next one
    loads them again (idempotent)."""
    from django.apps import apps

    for module in REFERENCE_DATA:
        migration = importlib.import_module(module)
        (getattr(migration, "load", None) or migration.load_sectors)(apps, None)


@pytest.fixture
def directory(reference_data):
    kramsk = Municipality.objects.get(slug="kramsk")
    konin = Municipality.objects.get(slug="konin")
    catering = SectorFactory(name="Gastronomia", slug="gastronomia-b")
    razem = EntityFactory(
        name="Spółdzielnia Socjalna „Razem do sukcesu”", slug="razem-do-sukcesu",
        municipality=kramsk, description="Spółdzielnia osób prawnych.", offer="- obiady",
        email="biuro@razem.example.org", nip="6652899946", is_social_enterprise=True,
    )  # fmt: skip
    razem.sectors.add(catering)
    EntityFactory(name="Spółdzielnia Socjalna „Otwarci”", slug="otwarci", municipality=konin)
    EntityFactory(name="Fundacja Rozwoju Ziemi Konińskiej", slug="fundacja-rozwoju",
                  municipality=konin, legal_form=Entity.LegalForm.FOUNDATION)  # fmt: skip
    PrivateEntityFactory(name="Tajna Grupa Inicjatywna", municipality=kramsk)
    project = ProjectFactory(slug="kowes", name="Koniński Ośrodek Wsparcia Ekonomii Społecznej")
    SupportFactory(entity=razem, project=project, kind="created",
                   starts_on=datetime.date(2013, 5, 1), jobs_created=5)  # fmt: skip
    return razem


def fits_the_screen(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def is_focused(selector):
    return lambda element: element.evaluate(f"el => el.matches({selector!r})")


def test_directory_search_and_filter_with_the_keyboard_on_a_phone(phone_page, axe, directory):
    page = phone_page
    page.goto(reverse("entities:entity-list"))
    assert axe(page) == []
    assert fits_the_screen(page)

    tab_until(page, is_focused("#id_q"))
    page.keyboard.type("SPOLDZIELNIA")
    tab_until(page, is_focused("#id_county"))
    page.keyboard.type("powiat konin")
    tab_until(page, is_focused("button[type=submit]"))
    with page.expect_navigation():
        page.keyboard.press("Enter")

    assert re.search(r"q=SPOLDZIELNIA.*county=powiat-koninski", page.url)
    assert page.locator("#results-heading").inner_text() == "1 podmiot"
    assert page.locator(".entity-card h3").all_inner_texts() == [directory.name]
    assert "Tajna Grupa" not in page.content()
    assert axe(page) == []
    assert fits_the_screen(page)


def test_directory_with_a_bad_filter_value_is_accessible(page, axe, directory):
    page.goto(reverse("entities:entity-list") + "?county=atlantyda&q=%C5%82%C4%85ka")

    assert page.locator("#id_county_error").is_visible()
    assert page.locator("#id_county").get_attribute("aria-invalid") == "true"
    assert axe(page) == []


def test_entity_page_opened_from_the_directory_with_the_keyboard(phone_page, axe, directory):
    page = phone_page
    page.goto(reverse("entities:entity-list") + "?q=razem")

    tab_until(page, is_focused(f'a[href="{directory.get_absolute_url()}"]'))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{directory.get_absolute_url()}")

    assert page.locator("h1").inner_text() == directory.name
    assert page.locator('a[href="mailto:biuro@razem.example.org"]').is_visible()
    assert "Utworzony z pomocą ośrodka" in page.locator("#support-heading + ul").inner_text()
    assert page.locator('script[type="application/ld+json"]').count() == 1
    assert fits_the_screen(page)
    assert axe(page) == []


def test_open_data_page_is_accessible_and_links_the_downloads(phone_page, axe, directory):
    page = phone_page
    page.goto(reverse("entities:open-data"))

    for name in ("entities:export-csv", "entities:export-json", "entities:export-hsds"):
        assert page.locator(f'main a[href="{reverse(name)}"]').count() == 1
    assert axe(page) == []


@pytest.fixture
def advisory(directory):
    """Advisory within the project's period, measured against a target of hours."""
    from projects.models import Project
    from tests.advisory.factories import AdvisorySessionFactory

    Project.objects.filter(slug="kowes").update(target_advisory_hours=40)
    AdvisorySessionFactory(
        entity=directory, duration_minutes=90, participants=3,
        starts_at=datetime.datetime(2014, 3, 4, 9, tzinfo=datetime.UTC),
    )  # fmt: skip


def test_indicators_page_from_the_navigation_on_a_phone(phone_page, axe, advisory):
    page = phone_page
    page.goto("/")

    tab_until(page, is_focused(f'.site-nav a[href="{reverse("projects:indicators")}"]'))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('projects:indicators')}")

    assert page.locator("h1").inner_text() == "Wskaźniki"
    assert page.locator("svg.chart").count() == 3
    assert page.locator("table caption").first.inner_text() == "Postęp realizacji celów"
    progress_rows = page.locator("table").first.locator("tbody tr").all_inner_texts()
    assert [" ".join(row.split()) for row in progress_rows] == [
        "Utworzone nowe podmioty 1 20 5%",
        "Wsparte istniejące podmioty 0 50 0%",
        "Godziny doradztwa 1,50 40 4%",
        "Utworzone miejsca pracy 5 – –",
    ]
    assert page.locator("#advisory-heading").inner_text() == "Doradztwo"
    advisory_rows = page.locator('section[aria-labelledby="advisory-heading"] tbody tr')
    assert [" ".join(row.split()) for row in advisory_rows.all_inner_texts()] == [
        "Godziny doradztwa 1,50",
        "Sesje doradcze 1",
        "Osoby objęte doradztwem 3",
        "Podmioty objęte doradztwem 1",
    ]
    assert fits_the_screen(page)
    assert axe(page) == []


def test_home_page_with_the_indicators_summary_is_accessible(page, axe, advisory):
    page.goto("/")

    assert page.locator("#indicators-summary-heading").inner_text() == "Nasze cele"
    numbers = page.locator(".indicator-numbers li").all_inner_texts()
    assert numbers[-2:] == [
        "Godziny doradztwa: 1,50 (cel: 40)",
        "Sesje doradcze: 1, osoby objęte doradztwem: 3, podmioty objęte doradztwem: 1",
    ]
    assert axe(page) == []
