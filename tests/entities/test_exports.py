import csv
import datetime
import io
import json

import pytest
from django.urls import reverse

from entities import exports
from entities.models import Entity, Municipality
from tests.entities.factories import PrivateEntityFactory, SectorFactory
from tests.factories import EntityFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

CSV_URL = reverse("entities:export-csv")
JSON_URL = reverse("entities:export-json")
HSDS_URL = reverse("entities:export-hsds")

HEADER = [
    "id", "name", "short_name", "legal_form", "legal_form_name", "status", "social_enterprise",
    "social_enterprise_since", "aim", "krs", "nip", "regon", "street_address", "postal_code",
    "locality", "municipality", "county", "places_of_activity", "sectors", "email", "phone",
    "website", "contact_person", "description", "offer", "founded_on", "registered_on",
    "jobs_total", "jobs_excluded", "verified_on", "updated_at", "url",
]  # fmt: skip

SECRETS = ["ul. Ukryta 1", "62-501", "ukryty@example.org", "600 111 222", "ukryta.example.org",
           "Jan Ukryty"]  # fmt: skip


def body(response) -> str:
    return b"".join(response.streaming_content).decode("utf-8")


def parse_csv(response) -> list[dict]:
    text = body(response)
    assert text.startswith("\ufeff")
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


@pytest.fixture
def otwarci():
    municipality = Municipality.objects.get(slug="konin")  # reference data, migration 0002
    entity = EntityFactory(
        name="Spółdzielnia Socjalna „Otwarci”",
        slug="otwarci",
        short_name="Otwarci",
        municipality=municipality,
        is_social_enterprise=True,
        social_enterprise_since=datetime.date(2023, 5, 4),
        aim=Entity.Aim.REINTEGRATION,
        krs="0000123456",
        nip="6652899946",
        regon="300025491",
        street_address="ul. Dworcowa 7",
        postal_code="62-500",
        locality="Konin",
        email="biuro@otwarci.example.org",
        phone="+48 63 000 00 01",
        website="https://otwarci.example.org/",
        contact_person="Anna Kowalska",
        contact_person_public=True,
        description="Sprzątamy, kosimy.",
        offer="- mycie okien",
        founded_on=datetime.date(2010, 9, 1),
        registered_on=datetime.date(2011, 3, 15),
        jobs_total=8,
        jobs_excluded=5,
        verified_on=datetime.date(2015, 6, 1),
    )
    entity.sectors.set([SectorFactory(name="Zieleń", slug="zielen-t"),
                        SectorFactory(name="Sprzątanie", slug="sprzatanie-t")])  # fmt: skip
    entity.activity_municipalities.set([Municipality.objects.get(slug="golina")])
    return Entity.objects.get(pk=entity.pk)


@pytest.fixture
def hidden():
    """A public entity whose contact details are all private, and a private entity."""
    EntityFactory(
        name="Fundacja Dyskretna", street_address="ul. Ukryta 1", postal_code="62-501",
        email="ukryty@example.org", phone="+48 600 111 222",
        website="https://ukryta.example.org/", contact_person="Jan Ukryty",
        address_public=False, email_public=False, phone_public=False, website_public=False,
        contact_person_public=False,
    )  # fmt: skip
    PrivateEntityFactory(name="Tajna Grupa Inicjatywna")


def test_csv_export_header_and_row_are_exact(client, otwarci):
    response = client.get(CSV_URL)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="podmioty-ekonomii-spolecznej.csv"'
    )
    text = body(response)
    assert text.splitlines()[0] == "\ufeff" + ",".join(HEADER)
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows == [
        {
            "id": "otwarci",
            "name": "Spółdzielnia Socjalna „Otwarci”",
            "short_name": "Otwarci",
            "legal_form": "social_cooperative",
            "legal_form_name": "spółdzielnia socjalna",
            "status": "active",
            "social_enterprise": "true",
            "social_enterprise_since": "2023-05-04",
            "aim": "reintegration",
            "krs": "0000123456",
            "nip": "6652899946",
            "regon": "300025491",
            "street_address": "ul. Dworcowa 7",
            "postal_code": "62-500",
            "locality": "Konin",
            "municipality": "Konin",
            "county": "Konin",
            "places_of_activity": "Golina",
            "sectors": "Sprzątanie; Zieleń",
            "email": "biuro@otwarci.example.org",
            "phone": "+48 63 000 00 01",
            "website": "https://otwarci.example.org/",
            "contact_person": "Anna Kowalska",
            "description": "Sprzątamy, kosimy.",
            "offer": "- mycie okien",
            "founded_on": "2010-09-01",
            "registered_on": "2011-03-15",
            "jobs_total": "8",
            "jobs_excluded": "5",
            "verified_on": "2015-06-01",
            "updated_at": otwarci.updated_at.isoformat(),
            "url": "http://testserver/podmioty/otwarci/",
        }
    ]


def test_csv_export_honours_the_directory_filters(client, otwarci):
    EntityFactory(name="Fundacja Inna", legal_form=Entity.LegalForm.FOUNDATION)

    response = client.get(CSV_URL, {"q": "otwarci", "legal_form": "social_cooperative"})

    assert [row["id"] for row in parse_csv(response)] == ["otwarci"]


def test_csv_export_of_nothing_is_a_header(client):
    response = client.get(CSV_URL, {"q": "nic takiego"})

    assert body(response) == "\ufeff" + ",".join(HEADER) + "\r\n"


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL, HSDS_URL])
def test_exports_never_contain_private_entities_or_fields(client, hidden, url):
    text = body(client.get(url))

    assert "Fundacja Dyskretna" in text
    assert "Tajna Grupa" not in text
    for secret in SECRETS:
        assert secret not in text, secret


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL, HSDS_URL])
def test_exports_take_bad_filters_without_error(client, otwarci, url):
    response = client.get(url, {"q": "\x00", "county": "\x00", "sort": "x"})

    assert response.status_code == 200
    assert "Otwarci" in body(response)


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL, HSDS_URL])
def test_exports_refuse_post(client, url):
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL, HSDS_URL])
def test_exports_answer_head_with_a_gets_headers_without_making_the_file(
    client, otwarci, django_assert_num_queries, url
):
    EntityFactory.create_batch(3)
    got = client.get(url, {"county": "konin"})

    # The filter form's choices and the export's labels (sectors, municipalities, twice);
    # no entity is read.
    with django_assert_num_queries(4):
        head = client.head(url, {"county": "konin"})

    assert head.status_code == 200
    for header in ("Content-Type", "Content-Disposition", "ETag", "Last-Modified"):
        assert head[header] == got[header]
    assert b"".join(head.streaming_content) == b""


def test_json_export_has_typed_values_and_the_filters(client, otwarci):
    response = client.get(JSON_URL, {"county": "konin"})

    data = json.loads(body(response))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert sorted(data) == ["documentation", "entities", "filters", "generated_at", "title"]
    assert data["filters"] == {"county": "konin"}
    assert data["documentation"] == "http://testserver/dane-otwarte/"
    [record] = data["entities"]
    assert list(record) == HEADER
    assert record["sectors"] == ["Sprzątanie", "Zieleń"]
    assert record["places_of_activity"] == ["Golina"]
    assert record["social_enterprise"] is True
    assert record["jobs_total"] == 8
    assert record["registered_on"] == "2011-03-15"
    assert record["email"] == "biuro@otwarci.example.org"


def test_hsds_export_has_the_required_fields_and_org_id_identifiers(client, otwarci):
    data = json.loads(body(client.get(HSDS_URL)))

    assert {key: data[key] for key in data if key != "contents"} == {
        "total_items": 1, "total_pages": 1, "page_number": 1, "size": 1, "first_page": True,
        "last_page": True, "empty": False,
    }  # fmt: skip
    [organization] = data["contents"]
    for field in ("id", "name", "description"):
        assert organization[field] is not None
    assert organization["id"] == exports.hsds_id(otwarci)
    assert organization["uri"] == "http://testserver/podmioty/otwarci/"
    assert [
        (i["identifier_scheme"], i["identifier_type"], i["identifier"])
        for i in organization["organization_identifiers"]
    ] == [("PL-KRS", "KRS", "0000123456"), ("PL-NIP", "NIP", "6652899946"),
          ("PL-REGON", "REGON", "300025491")]  # fmt: skip
    for identifier in organization["organization_identifiers"]:
        assert identifier["id"]
        assert identifier["organization_id"] == organization["id"]
    [location] = organization["locations"]
    assert location["location_type"] == "physical"
    [address] = location["addresses"]
    assert {k: address[k] for k in ("address_1", "city", "state_province", "postal_code",
                                    "country", "address_type")} == {
        "address_1": "ul. Dworcowa 7", "city": "Konin", "state_province": "wielkopolskie",
        "postal_code": "62-500", "country": "PL", "address_type": "physical",
    }  # fmt: skip
    [service] = organization["services"]
    assert (service["name"], service["status"], service["description"]) == (
        "Oferta: Spółdzielnia Socjalna „Otwarci”", "active", "- mycie okien",
    )  # fmt: skip
    assert [phone["number"] for phone in organization["phones"]] == ["+48 63 000 00 01"]


def test_hsds_identifiers_stay_the_same_between_downloads(client, otwarci):
    first = json.loads(body(client.get(HSDS_URL)))
    second = json.loads(body(client.get(HSDS_URL)))

    assert first["contents"] == second["contents"]


def test_hsds_export_of_nothing_is_an_empty_page(client):
    data = json.loads(body(client.get(HSDS_URL)))

    assert (data["total_items"], data["empty"], data["contents"]) == (0, True, [])


@pytest.mark.parametrize("url", [CSV_URL, JSON_URL, HSDS_URL])
def test_export_query_count_does_not_grow_with_entities(client, count_queries, url):
    sector = SectorFactory()
    place = MunicipalityFactory()

    def make(n):
        for entity in EntityFactory.create_batch(n):
            entity.sectors.add(sector)
            entity.activity_municipalities.add(place)

    make(2)
    few = count_queries(lambda: body(client.get(url)))
    make(25)
    many = count_queries(lambda: body(client.get(url)))

    assert few == many
    assert few <= 7  # with, first after a change, the next scheduled post (the validators)
