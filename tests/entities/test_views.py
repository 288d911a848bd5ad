import datetime
import json
import re

import pytest
from django.urls import reverse

from entities.models import Entity
from tests.entities.factories import CooperativeDetailsFactory, PrivateEntityFactory, SectorFactory
from tests.factories import CountyFactory, EntityFactory, MunicipalityFactory, StaffFactory
from tests.projects.factories import ProjectFactory, SupportFactory, SupportKindFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("entities:entity-list")


def names(response) -> list[str]:
    return [entity.name for entity in response.context["entities"]]


def results_heading(response) -> str:
    match = re.search(r'<h2 id="results-heading"[^>]*>\s*(.*?)\s*</h2>', response.text, re.S)
    return match.group(1)


def test_directory_lists_public_entities_alphabetically_and_never_private_ones(client):
    EntityFactory(name="Żuraw")
    EntityFactory(name="Łąka")
    EntityFactory(name="Agroturystyka")
    PrivateEntityFactory(name="Tajna Grupa")

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert names(response) == ["Agroturystyka", "Łąka", "Żuraw"]
    assert "Tajna Grupa" not in response.text


@pytest.mark.parametrize(
    ("count", "heading"),
    [(0, "0 podmiotów"), (1, "1 podmiot"), (2, "2 podmioty"), (5, "5 podmiotów"),
     (12, "12 podmiotów"), (22, "22 podmioty")],
)  # fmt: skip
def test_directory_says_how_many_entities_in_polish_plural(client, count, heading):
    EntityFactory.create_batch(count)

    response = client.get(LIST_URL)

    assert results_heading(response) == heading


@pytest.mark.parametrize("query", ["spółdzielnia", "spoldzielnia", "SPÓŁDZIELNIA"])
def test_directory_search_with_and_without_diacritics(client, query):
    EntityFactory(name="Spółdzielnia Socjalna Otwarci")
    EntityFactory(name="Fundacja Rozwoju", description="Pomagamy.")

    response = client.get(LIST_URL, {"q": query})

    assert names(response) == ["Spółdzielnia Socjalna Otwarci"]
    assert results_heading(response) == "1 podmiot"


def test_directory_search_looks_into_the_offer(client):
    EntityFactory(name="Fundacja A", offer="- catering na wesela")
    EntityFactory(name="Fundacja B", offer="- sprzątanie")

    response = client.get(LIST_URL, {"q": "wesela"})

    assert names(response) == ["Fundacja A"]


def test_directory_filters_by_each_criterion(client):
    county = CountyFactory(name="powiat testowy", slug="powiat-testowy")
    municipality = MunicipalityFactory(name="Testowo", slug="testowo", county=county)
    sector = SectorFactory(name="Zieleń testowa", slug="zielen-testowa")
    match = EntityFactory(
        name="Pasuje",
        municipality=municipality,
        legal_form=Entity.LegalForm.FOUNDATION,
        status=Entity.Status.SUSPENDED,
        is_social_enterprise=True,
        offer="Koszenie",
    )
    match.sectors.add(sector)
    EntityFactory(name="Inna gmina", legal_form=Entity.LegalForm.FOUNDATION)
    EntityFactory(name="Inna forma", municipality=municipality)
    filters = {
        "legal_form": "foundation",
        "county": "powiat-testowy",
        "municipality": "testowo",
        "sector": "zielen-testowa",
        "status": "suspended",
        "social_enterprise": "1",
        "has_offer": "1",
    }

    for name, value in filters.items():
        response = client.get(LIST_URL, {name: value})
        assert "Pasuje" in names(response), name
    response = client.get(LIST_URL, filters)

    assert names(response) == ["Pasuje"]


def test_directory_filter_without_offer_leaves_out_entities_without_one(client):
    EntityFactory(name="Z ofertą", offer="Obiady")
    EntityFactory(name="Bez oferty", offer="")

    response = client.get(LIST_URL, {"has_offer": "1"})

    assert names(response) == ["Z ofertą"]


def test_directory_sorts_newest_first(client):
    older = EntityFactory(name="Starszy")
    newer = EntityFactory(name="Nowszy")
    Entity.objects.filter(pk=older.pk).update(
        created_at=newer.created_at - datetime.timedelta(days=1)
    )

    response = client.get(LIST_URL, {"sort": "newest"})

    assert names(response) == ["Nowszy", "Starszy"]


def test_directory_pagination_keeps_the_filters(client, settings):
    settings.ENTITIES_PAGE_SIZE = 2
    for number in range(5):
        EntityFactory(name=f"Spółdzielnia {number}", legal_form=Entity.LegalForm.SOCIAL_COOPERATIVE)
    EntityFactory(name="Fundacja", legal_form=Entity.LegalForm.FOUNDATION)

    response = client.get(LIST_URL, {"q": "spoldzielnia", "legal_form": "social_cooperative",
                                     "page": "2"})  # fmt: skip

    assert names(response) == ["Spółdzielnia 2", "Spółdzielnia 3"]
    assert 'href="?q=spoldzielnia&amp;legal_form=social_cooperative&amp;page=3"' in response.text
    assert 'href="?q=spoldzielnia&amp;legal_form=social_cooperative&amp;page=1"' in response.text


def test_directory_export_links_carry_the_filters(client):
    response = client.get(LIST_URL, {"q": "Łąka", "county": "nie-ma-takiego"})

    assert f'href="{reverse("entities:export-csv")}?q=%C5%81%C4%85ka"' in response.text


@pytest.mark.parametrize(
    ("page", "expected"),
    [("abc", 1), ("0", 2), ("-3", 2), ("999999", 2), ("\x00", 1), ("", 1), ("1.5", 1)],
)
def test_directory_odd_page_numbers_show_a_page(client, settings, page, expected):
    settings.ENTITIES_PAGE_SIZE = 2
    EntityFactory.create_batch(3)

    response = client.get(LIST_URL, {"page": page})

    assert response.status_code == 200
    assert response.context["page_obj"].number == expected


@pytest.mark.parametrize(
    "params",
    [
        {"q": "spółdzielnia\x00"},
        {"legal_form": "\x00"},
        {"county": "nie-ma-takiego"},
        {"municipality": "x\x00y"},
        {"sector": "' OR 1=1 --"},
        {"status": "deleted"},
        {"sort": "-id"},
        {"q": "a" * 1_000},
        {"social_enterprise": "\x00", "has_offer": "maybe"},
    ],
)
def test_directory_bad_input_gives_a_clean_page(client, params):
    entity = EntityFactory(name="Otwarci")

    response = client.get(LIST_URL, params)

    assert response.status_code == 200
    assert entity.name in response.text or "podmiot" in results_heading(response)


def test_directory_unknown_value_is_reported_and_ignored(client):
    EntityFactory(name="Otwarci")

    response = client.get(LIST_URL, {"county": "atlantyda", "q": "otwarci"})

    assert names(response) == ["Otwarci"]
    assert response.context["form"].errors["county"] == [
        "Wybierz poprawną wartość. atlantyda nie jest żadną z dostępnych opcji."
    ]
    assert 'aria-invalid="true"' in response.text


def test_directory_too_long_query_is_reported(client):
    response = client.get(LIST_URL, {"q": "a" * 1_000})

    assert response.context["form"].errors["q"] == [
        "Upewnij się, że ta wartość ma co najwyżej 200 znaków (obecnie ma 1000)."
    ]


def test_directory_query_count_does_not_grow_with_entities(client, count_queries, settings):
    settings.ENTITIES_PAGE_SIZE = 20
    sector = SectorFactory()

    def make(n):
        for entity in EntityFactory.create_batch(n):
            entity.sectors.add(sector)

    make(3)
    few = count_queries(lambda: client.get(LIST_URL, {"q": "spoldzielnia", "sort": "name"}))
    make(30)
    many = count_queries(lambda: client.get(LIST_URL, {"q": "spoldzielnia", "sort": "name"}))

    assert few == many == 6


def test_directory_is_in_the_navigation(client):
    response = client.get(LIST_URL)

    assert f'<a href="{LIST_URL}" aria-current="page">Baza PES</a>' in response.text
    assert f'<a href="{reverse("projects:indicators")}">Wskaźniki</a>' in response.text


# The entity page.


def test_entity_page_shows_public_details_and_json_ld(client):
    entity = EntityFactory(
        name="Spółdzielnia Socjalna Otwarci",
        short_name="Otwarci",
        description="Sprzątamy **Konin**.",
        offer="- mycie okien",
        street_address="ul. Dworcowa 7",
        postal_code="62-500",
        locality="Konin",
        email="biuro@otwarci.example.org",
        website="https://otwarci.example.org/",
        nip="6652899946",
        krs="0000123456",
        founded_on=datetime.date(2011, 3, 1),
        jobs_total=7,
    )

    response = client.get(entity.get_absolute_url())

    assert response.status_code == 200
    assert "<p>Sprzątamy <strong>Konin</strong>.</p>" in response.text
    assert "<li>mycie okien</li>" in response.text
    assert '<a href="mailto:biuro@otwarci.example.org">' in response.text
    data = json.loads(re.search(r'application/ld\+json">(.*?)</script>', response.text).group(1))
    assert data == {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": "Spółdzielnia Socjalna Otwarci",
        "alternateName": "Otwarci",
        "url": f"http://testserver{entity.get_absolute_url()}",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Konin",
            "addressRegion": "wielkopolskie",
            "addressCountry": "PL",
            "streetAddress": "ul. Dworcowa 7",
            "postalCode": "62-500",
        },
        "areaServed": [entity.municipality.name],
        "email": "biuro@otwarci.example.org",
        "sameAs": "https://otwarci.example.org/",
        "taxID": "6652899946",
        "foundingDate": "2011-03-01",
        "identifier": [
            {"@type": "PropertyValue", "propertyID": "KRS", "value": "0000123456"},
            {"@type": "PropertyValue", "propertyID": "NIP", "value": "6652899946"},
        ],
        "numberOfEmployees": {"@type": "QuantitativeValue", "value": 7},
    }


def test_entity_page_never_shows_private_contact_fields(client):
    entity = EntityFactory(
        street_address="ul. Ukryta 1",
        postal_code="62-501",
        email="ukryty@example.org",
        phone="+48 600 111 222",
        website="https://ukryta.example.org/",
        contact_person="Jan Ukryty",
        address_public=False,
        email_public=False,
        phone_public=False,
        website_public=False,
        contact_person_public=False,
    )

    response = client.get(entity.get_absolute_url())

    for secret in [
        "ul. Ukryta",
        "62-501",
        "ukryty@",
        "600 111 222",
        "ukryta.example",
        "Jan Ukryty",
    ]:
        assert secret not in response.text, secret


def test_entity_page_of_a_private_entity_is_not_found(client):
    entity = PrivateEntityFactory()

    response = client.get(entity.get_absolute_url())

    assert response.status_code == 404
    assert entity.name not in response.text


def test_entity_page_of_a_private_entity_is_a_preview_for_staff(client):
    entity = PrivateEntityFactory()
    staff = StaffFactory()
    staff.save()  # keep the password the factory set, or the session is dropped
    client.force_login(staff)

    response = client.get(entity.get_absolute_url())

    assert response.status_code == 200
    assert "Podgląd: ten podmiot jest niepubliczny" in response.text
    assert '<meta name="robots" content="noindex">' in response.text


def test_entity_page_unknown_slug_is_not_found(client):
    assert client.get(reverse("entities:entity-detail", args=["nie-ma"])).status_code == 404


def test_entity_page_shows_cooperative_details_and_support_summary(client):
    details = CooperativeDetailsFactory(
        founded_by="legal", founders_count=2, legal_founders="Gmina Kramsk\nFundacja X",
        members_count=2,
    )  # fmt: skip
    project = ProjectFactory(name="KOWES 2013–2015")
    SupportFactory(
        entity=details.entity, project=project, kind="created",
        starts_on=datetime.date(2013, 5, 1), ends_on=datetime.date(2014, 4, 30),
        kinds=[SupportKindFactory(name="Doradztwo"), SupportKindFactory(name="Dotacja")],
        grant_pln=100_000, notes="Notatka wewnętrzna",
    )  # fmt: skip

    response = client.get(details.entity.get_absolute_url())

    assert "<li>Gmina Kramsk</li><li>Fundacja X</li>" in response.text
    assert (
        re.sub(r"\s+", " ", response.text).count(
            "Utworzony z pomocą ośrodka – KOWES 2013–2015 (2013–2014): doradztwo, dotacja"
        )
        == 1
    )
    assert "Notatka wewnętrzna" not in response.text
    assert "100" not in re.sub(r"<[^>]+>", "", response.text).replace("1000", "")


def test_entity_page_query_count_does_not_grow_with_its_relations(client, count_queries):
    entity = EntityFactory()
    project = ProjectFactory()
    SupportFactory(entity=entity, project=project, kinds=[SupportKindFactory()])
    entity.sectors.add(SectorFactory())
    few = count_queries(lambda: client.get(entity.get_absolute_url()))
    for number in range(5):
        entity.sectors.add(SectorFactory())
        entity.activity_municipalities.add(MunicipalityFactory())
        SupportFactory(entity=entity, project=project,
                       starts_on=datetime.date(2013, 2, 1 + number),
                       kinds=[SupportKindFactory(), SupportKindFactory()])  # fmt: skip
    CooperativeDetailsFactory(entity=entity)

    many = count_queries(lambda: client.get(entity.get_absolute_url()))

    assert few == many == 7


# The open-data page and the sitemap.


def test_open_data_page_documents_every_column(client):
    from entities.exports import COLUMNS

    response = client.get(reverse("entities:open-data"))

    assert response.status_code == 200
    for column in COLUMNS:
        assert f"<code>{column.name}</code>" in response.text
    assert "PL-KRS" in response.text
    assert "PL-REGON" in response.text


def test_open_data_page_refuses_post(client):
    assert client.post(reverse("entities:open-data")).status_code == 405


def test_sitemap_lists_public_entities_only(client):
    public = EntityFactory()
    private = PrivateEntityFactory()

    response = client.get(reverse("sitemap-section", args=["entities"]))

    assert public.get_absolute_url() in response.text
    assert private.get_absolute_url() not in response.text
    assert response.text.count("<url>") == 1


def test_sitemap_lists_the_directory_pages(client):
    response = client.get(reverse("sitemap-section", args=["static"]))

    for name in ("entities:entity-list", "entities:open-data", "projects:indicators"):
        assert f"http://testserver{reverse(name)}" in response.text
