import csv
import datetime
import io

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import timezone

from entities.models import CooperativeDetails, Entity, Municipality
from tests.entities.factories import PrivateEntityFactory, SectorFactory
from tests.factories import EntityFactory
from tests.projects.factories import ProjectFactory, SupportFactory

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:entities_entity_changelist")
ADD = reverse("admin:entities_entity_add")


def form_data(**overrides) -> dict:
    """The entity admin form as a browser posts it, with both inlines empty."""
    data = {
        "name": "Spółdzielnia Socjalna Nowa",
        "short_name": "",
        "slug": "spoldzielnia-socjalna-nowa",
        "legal_form": "social_cooperative",
        "status": "active",
        "visibility": "public",
        "aim": "",
        "street_address": "",
        "postal_code": "",
        "locality": "",
        "municipality": str(Municipality.objects.get(slug="kramsk").pk),
        "address_public": "on",
        "email": "",
        "email_public": "on",
        "phone": "",
        "phone_public": "on",
        "website": "",
        "website_public": "on",
        "contact_person": "",
        "description": "",
        "offer": "",
        "logo_alt": "",
        "krs": "",
        "nip": "",
        "regon": "",
        "jobs_total": "0",
        "jobs_excluded": "0",
        "cooperative-TOTAL_FORMS": "0",
        "cooperative-INITIAL_FORMS": "0",
        "cooperative-MIN_NUM_FORMS": "0",
        "cooperative-MAX_NUM_FORMS": "1",
        "supports-TOTAL_FORMS": "0",
        "supports-INITIAL_FORMS": "0",
        "supports-MIN_NUM_FORMS": "0",
        "supports-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def cooperative_form(**fields) -> dict:
    data = {
        "cooperative-TOTAL_FORMS": "1",
        "cooperative-0-founded_by": "natural",
        "cooperative-0-founders_count": "3",
        "cooperative-0-legal_founders": "",
        "cooperative-0-members_count": "5",
    }
    data.update({f"cooperative-0-{name}": value for name, value in fields.items()})
    return data


def changelist_names(response) -> list[str]:
    return [entity.name for entity in response.context["cl"].result_list]


def test_admin_changelist_lists_public_and_private_entities(admin_client):
    EntityFactory(name="Fundacja Jawna")
    PrivateEntityFactory(name="Grupa Tajna")

    response = admin_client.get(CHANGELIST)

    assert response.status_code == 200
    assert changelist_names(response) == ["Fundacja Jawna", "Grupa Tajna"]


def test_admin_changelist_is_for_staff_only(client):
    response = client.get(CHANGELIST)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("term", ["łąka", "LAKA", "0000123456", "665-289-99-46"])
def test_admin_search_ignores_diacritics_and_finds_registry_numbers(admin_client, term):
    EntityFactory(name="Spółdzielnia Łąka", krs="0000123456", nip="6652899946")
    EntityFactory(name="Fundacja Inna")

    response = admin_client.get(CHANGELIST, {"q": term})

    assert changelist_names(response) == ["Spółdzielnia Łąka"]


def test_admin_filters_by_support_county_form_and_status(admin_client):
    project = ProjectFactory()
    created = EntityFactory(name="Utworzona", municipality=Municipality.objects.get(slug="kramsk"))
    SupportFactory(entity=created, project=project, kind="created")
    supported = EntityFactory(name="Wspierana", legal_form="foundation", status="suspended")
    SupportFactory(entity=supported, project=project, kind="supported")
    EntityFactory(name="Bez wsparcia")
    county = created.municipality.county

    def filtered(**params):
        return changelist_names(admin_client.get(CHANGELIST, params))

    assert filtered(support="created") == ["Utworzona"]
    assert filtered(support="supported") == ["Wspierana"]
    assert filtered(support="none") == ["Bez wsparcia"]
    assert filtered(municipality__county__id__exact=county.pk) == ["Utworzona"]
    assert filtered(legal_form__exact="foundation") == ["Wspierana"]
    assert filtered(status__exact="suspended") == ["Wspierana"]


def test_admin_changelist_query_count_does_not_grow(admin_client, count_queries):
    EntityFactory.create_batch(2)
    few = count_queries(lambda: admin_client.get(CHANGELIST))
    EntityFactory.create_batch(40)

    many = count_queries(lambda: admin_client.get(CHANGELIST))

    assert few == many


def test_admin_export_action_gives_every_field_including_private_ones(admin_client):
    entity = EntityFactory(
        name="Fundacja Dyskretna", email="ukryty@example.org", email_public=False,
        visibility="private", nip="6652899946",
    )  # fmt: skip
    EntityFactory(name="Nie zaznaczona")

    response = admin_client.post(
        CHANGELIST, {"action": "export_csv", "_selected_action": [entity.pk]}
    )

    text = b"".join(response.streaming_content).decode("utf-8").removeprefix("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert response["Content-Disposition"] == 'attachment; filename="podmioty-pelne-dane.csv"'
    assert [
        (r["name"], r["email"], r["email_public"], r["visibility"], r["nip"]) for r in rows
    ] == [("Fundacja Dyskretna", "ukryty@example.org", "false", "private", "6652899946")]


def test_admin_add_form_does_not_show_the_duplicate_box_before_a_warning(admin_client):
    response = admin_client.get(ADD)

    assert response.status_code == 200
    assert 'name="confirm_duplicate"' not in response.text


def test_admin_warns_before_saving_the_same_name_in_the_same_municipality(admin_client):
    existing = EntityFactory(
        name="Spółdzielnia Socjalna Nowa", municipality=Municipality.objects.get(slug="kramsk")
    )

    response = admin_client.post(ADD, form_data(name="SPÓŁDZIELNIA socjalna nowa"))

    assert response.status_code == 200
    assert Entity.objects.count() == 1
    assert "Ten podmiot wygląda na już wpisany do bazy" in response.text
    assert reverse("admin:entities_entity_change", args=[existing.pk]) in response.text
    assert 'name="confirm_duplicate"' in response.text


def test_admin_saves_a_likely_duplicate_when_staff_confirm(admin_client):
    EntityFactory(
        name="Spółdzielnia Socjalna Nowa", municipality=Municipality.objects.get(slug="kramsk")
    )

    response = admin_client.post(ADD, form_data(confirm_duplicate="on"))

    assert response.status_code == 302
    assert Entity.objects.filter(name="Spółdzielnia Socjalna Nowa").count() == 2


def test_admin_same_nip_is_refused_even_when_confirmed(admin_client):
    EntityFactory(name="Inna nazwa", nip="6652899946")

    response = admin_client.post(ADD, form_data(nip="665-289-99-46", confirm_duplicate="on"))

    assert response.status_code == 200
    assert "Inny podmiot w bazie ma ten NIP." in response.text
    assert Entity.objects.count() == 1


def test_admin_invalid_nip_is_a_polish_error_on_the_field(admin_client):
    response = admin_client.post(ADD, form_data(nip="6652899941"))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["nip"] == [
        "Ten NIP jest nieprawidłowy: cyfra kontrolna się nie zgadza. Sprawdź, czy nie ma literówki."
    ]


def test_admin_saves_identifiers_compact_with_sectors(admin_client):
    sector = SectorFactory()

    response = admin_client.post(
        ADD, form_data(nip="PL 665-289-99-46", krs="0000 123 456", sectors=[sector.pk])
    )

    assert response.status_code == 302
    entity = Entity.objects.get()
    assert (entity.nip, entity.krs, list(entity.sectors.all())) == (
        "6652899946", "0000123456", [sector],
    )  # fmt: skip


def test_admin_cooperative_in_its_transition_period_saves_with_a_warning(admin_client):
    registered = timezone.localdate() - datetime.timedelta(days=60)
    data = form_data(registered_on=registered.isoformat(), **cooperative_form(members_count="3"))

    response = admin_client.post(ADD, data)

    assert response.status_code == 302
    assert CooperativeDetails.objects.get().members_count == 3
    warnings = [str(m) for m in get_messages(response.wsgi_request) if m.level_tag == "warning"]
    assert len(warnings) == 1
    assert warnings[0].startswith("Spółdzielnia ma mniej niż 5 członków: do ")


def test_admin_cooperative_breaking_the_law_is_refused(admin_client):
    response = admin_client.post(ADD, form_data(**cooperative_form(founders_count="2")))

    assert response.status_code == 200
    assert "Spółdzielnię socjalną osób fizycznych zakładają co najmniej 3 osoby." in response.text
    assert Entity.objects.count() == 0


def test_admin_cooperative_details_need_a_social_cooperative(admin_client):
    response = admin_client.post(ADD, form_data(legal_form="foundation", **cooperative_form()))

    assert response.status_code == 200
    assert "Dane spółdzielni dotyczą tylko spółdzielni socjalnej" in response.text


def test_admin_autocomplete_finds_entities_without_diacritics(admin_client):
    EntityFactory(name="Spółdzielnia Żuraw")
    url = reverse("admin:autocomplete")

    response = admin_client.get(url, {"term": "zuraw", "app_label": "projects",
                                      "model_name": "support", "field_name": "entity"})  # fmt: skip

    assert [item["text"] for item in response.json()["results"]] == ["Spółdzielnia Żuraw"]
