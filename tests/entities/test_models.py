import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from entities.models import CooperativeDetails, Entity, months_later
from tests.entities.factories import CooperativeDetailsFactory, SectorFactory
from tests.factories import EntityFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db

VALID_NIP = "6652899946"  # stdnum.pl.nip.is_valid
VALID_REGON = "300025491"


def _errors(entity) -> dict:
    with pytest.raises(ValidationError) as caught:
        entity.full_clean()
    return {
        field: [error.code for error in errors] for field, errors in caught.value.error_dict.items()
    }


def test_entity_identifiers_typed_with_separators_are_stored_compact():
    entity = EntityFactory.build(
        municipality=MunicipalityFactory(), nip="PL 665-289-99-46", regon="300 025 491",
        krs="0000-123-456",
    )  # fmt: skip

    entity.full_clean()

    assert (entity.nip, entity.regon, entity.krs) == (VALID_NIP, VALID_REGON, "0000123456")


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("nip", "6652899941", "nip_checksum"),
        ("nip", "665289994", "nip_format"),
        ("nip", "66528999AB", "nip_format"),
        ("regon", "300025492", "regon_checksum"),
        ("regon", "3000254", "regon_format"),
        ("krs", "123456", "krs_format"),
        ("krs", "00001234AB", "krs_format"),
        ("postal_code", "62500", "postal_code_format"),
    ],
)
def test_entity_invalid_identifier_is_an_error_on_its_field(field, value, code):
    entity = EntityFactory.build(municipality=MunicipalityFactory(), **{field: value})

    assert _errors(entity) == {field: [code]}


def test_entity_polish_message_for_a_wrong_nip_checksum():
    entity = EntityFactory.build(municipality=MunicipalityFactory(), nip="6652899941")

    with pytest.raises(ValidationError) as caught:
        entity.full_clean()

    assert caught.value.message_dict["nip"] == [
        "Ten NIP jest nieprawidłowy: cyfra kontrolna się nie zgadza. Sprawdź, czy nie ma literówki."
    ]


@pytest.mark.parametrize(
    ("field", "value"), [("nip", VALID_NIP), ("regon", VALID_REGON), ("krs", "0000123456")]
)
def test_entity_identifier_is_unique_when_present(field, value):
    EntityFactory(**{field: value})

    with pytest.raises(IntegrityError, match=f"entities_entity_unique_{field}|UNIQUE"):
        EntityFactory(**{field: value})


def test_entity_without_identifiers_may_be_many():
    EntityFactory(nip="", regon="", krs="")
    EntityFactory(nip="", regon="", krs="")

    assert Entity.objects.filter(nip="").count() == 2


def test_entity_unique_identifier_is_a_validation_error_before_the_database():
    EntityFactory(nip=VALID_NIP)
    entity = EntityFactory.build(municipality=MunicipalityFactory(), nip=VALID_NIP)

    assert _errors(entity) == {"__all__": ["duplicate_nip"]}


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"jobs_total": 2, "jobs_excluded": 3}, "entities_entity_excluded_jobs_within_total"),
        (
            {"is_social_enterprise": False, "social_enterprise_since": datetime.date(2023, 1, 1)},
            "entities_entity_se_date_needs_status",
        ),
        ({"logo": "entities/logos/x.png", "logo_alt": ""}, "entities_entity_logo_has_alt"),
    ],
)
def test_entity_check_constraints_hold_in_the_database(fields, constraint):
    with pytest.raises(IntegrityError, match=f"{constraint}|CHECK"), transaction.atomic():
        EntityFactory(**fields)


def test_entity_clean_explains_each_inconsistency_on_its_field():
    entity = EntityFactory.build(
        municipality=MunicipalityFactory(),
        jobs_total=1,
        jobs_excluded=2,
        social_enterprise_since=datetime.date(2023, 1, 1),
        founded_on=datetime.date(2014, 5, 1),
        registered_on=datetime.date(2014, 4, 1),
    )

    with pytest.raises(ValidationError) as caught:
        entity.full_clean()

    assert sorted(caught.value.message_dict) == [
        "jobs_excluded",
        "registered_on",
        "social_enterprise_since",
    ]


def test_entity_save_keeps_the_folded_name_and_search_text():
    entity = EntityFactory(
        name="Spółdzielnia Socjalna „Łąka”", short_name="Łąka", description="Zieleń", offer=""
    )

    entity.name = "Żółta Łódź"
    entity.save(update_fields=["name"])
    entity.refresh_from_db()

    assert entity.sort_name == "zolta lodz"
    assert entity.search_text == "zolta lodz laka zielen"


def test_entity_public_contact_leaves_out_what_staff_keep_private():
    entity = EntityFactory.build(
        email="biuro@example.org",
        phone="+48 63 000 00 00",
        website="https://example.org/",
        contact_person="Anna Kowalska",
        phone_public=False,
        contact_person_public=False,
    )

    assert entity.public_contact() == {
        "email": "biuro@example.org",
        "website": "https://example.org/",
    }


def test_entity_county_follows_the_municipality():
    entity = EntityFactory()

    assert entity.county == entity.municipality.county


def test_entity_likely_duplicates_by_identifier_or_name_in_the_municipality():
    municipality = MunicipalityFactory()
    same_nip = EntityFactory(nip=VALID_NIP)
    same_name = EntityFactory(name="Spółdzielnia Socjalna Otwarci", municipality=municipality)
    EntityFactory(name="Spółdzielnia Socjalna Otwarci")  # another municipality
    candidate = Entity(
        name="spoldzielnia socjalna OTWARCI", municipality=municipality, nip="665-289-99-46"
    )

    duplicates = Entity.objects.likely_duplicates_of(candidate)

    assert set(duplicates) == {same_nip, same_name}


def test_entity_is_not_its_own_duplicate():
    entity = EntityFactory(nip=VALID_NIP)

    assert list(Entity.objects.likely_duplicates_of(entity)) == []


def test_entity_sectors_are_a_staff_taxonomy():
    sector = SectorFactory(name="Gastronomia", slug="gastronomia-test")
    entity = EntityFactory()

    entity.sectors.add(sector)

    assert list(sector.entities.all()) == [entity]


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2013, 3, 15), 12, datetime.date(2014, 3, 15)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2013, 1, 31), 1, datetime.date(2013, 2, 28)),
        (datetime.date(2013, 11, 30), 3, datetime.date(2014, 2, 28)),
    ],
)
def test_months_later_stays_inside_the_month(day, months, expected):
    assert months_later(day, months) == expected


# Social cooperatives: ustawa o spółdzielniach socjalnych, art. 5.

TODAY = datetime.date(2014, 6, 1)


def _cooperative(founded_by="natural", founders=5, members=6, names="", registered_on=None,
                 legal_form=Entity.LegalForm.SOCIAL_COOPERATIVE):  # fmt: skip
    entity = EntityFactory.build(legal_form=legal_form, registered_on=registered_on)
    return CooperativeDetails(
        entity=entity, founded_by=founded_by, founders_count=founders, legal_founders=names,
        members_count=members,
    )  # fmt: skip


def test_cooperative_of_natural_persons_within_the_law_has_no_errors_or_warnings():
    details = _cooperative(founders=3, members=5, registered_on=datetime.date(2013, 1, 10))

    assert details.legal_check(TODAY) == ({}, [])


def test_cooperative_of_natural_persons_needs_three_founders():
    errors, _warnings = _cooperative(founders=2).legal_check(TODAY)

    assert [str(m) for m in errors["founders_count"]] == [
        "Spółdzielnię socjalną osób fizycznych zakładają co najmniej 3 osoby."
    ]


def test_cooperative_has_at_most_fifty_members():
    errors, _warnings = _cooperative(members=51).legal_check(TODAY)

    assert [str(m) for m in errors["members_count"]] == [
        "Spółdzielnia socjalna może mieć najwyżej 50 członków."
    ]


def test_cooperative_with_fewer_than_five_members_is_warned_within_twelve_months():
    details = _cooperative(founders=3, members=3, registered_on=datetime.date(2013, 9, 1))

    errors, warnings = details.legal_check(TODAY)

    assert errors == {}
    assert [str(w) for w in warnings] == [
        "Spółdzielnia ma mniej niż 5 członków: do 1 września 2014 (12 miesięcy od rejestracji) "
        "musi mieć co najmniej 5."
    ]


def test_cooperative_with_fewer_than_five_members_after_twelve_months_is_an_error():
    details = _cooperative(founders=3, members=4, registered_on=datetime.date(2013, 5, 31))

    errors, warnings = details.legal_check(TODAY)

    assert warnings == []
    assert [str(m) for m in errors["members_count"]] == [
        "Spółdzielnia socjalna osób fizycznych po 12 miesiącach od rejestracji musi mieć co "
        "najmniej 5 członków; ten termin minął 31 maja 2014."
    ]


def test_cooperative_not_yet_registered_with_few_members_is_only_warned():
    errors, warnings = _cooperative(founders=3, members=3).legal_check(TODAY)

    assert (errors, len(warnings)) == ({}, 1)


def test_cooperative_of_legal_persons_needs_two_founders():
    details = _cooperative(founded_by="legal", founders=1, members=2, names="Gmina Kramsk")

    errors, _warnings = details.legal_check(TODAY)

    assert [str(m) for m in errors["founders_count"]] == [
        "Spółdzielnię socjalną osób prawnych zakładają co najmniej 2 osoby prawne."
    ]


def test_cooperative_of_legal_persons_names_each_founder():
    details = _cooperative(founded_by="legal", founders=3, members=2, names="Gmina Kramsk\n\n")

    errors, _warnings = details.legal_check(TODAY)

    assert [str(m) for m in errors["legal_founders"]] == [
        "Wpisz nazwy wszystkich 3 założycieli, jedną w wierszu."
    ]


def test_cooperative_of_legal_persons_with_two_named_founders_is_valid():
    details = _cooperative(
        founded_by="legal", founders=2, members=2, names="Gmina Kramsk\nStowarzyszenie Razem\n"
    )

    assert details.legal_check(TODAY) == ({}, [])
    assert details.legal_founder_names == ["Gmina Kramsk", "Stowarzyszenie Razem"]


def test_cooperative_details_belong_only_to_a_social_cooperative():
    details = _cooperative(legal_form=Entity.LegalForm.FOUNDATION)

    with pytest.raises(ValidationError) as caught:
        details.clean()

    assert caught.value.message_dict == {
        "__all__": ["Dane spółdzielni dotyczą tylko spółdzielni socjalnej: zmień formę prawną."]
    }


def test_cooperative_details_are_deleted_with_their_entity():
    details = CooperativeDetailsFactory()

    details.entity.delete()

    assert CooperativeDetails.objects.count() == 0
