import pytest

from advisory.forms import SupportRequestForm
from advisory.models import PrivacyNotice
from tests.advisory.helpers import valid_form_data

# (field, the longest or largest value accepted, the first one refused)
LIMITS = [
    ("applicant_name", "A" * 150, "A" * 151),
    ("email", "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 58 + ".pl", None),
    ("phone", "+48 600 100 200 300 400 500 60", "+48 600 100 200 300 400 500 600"),
    ("entity_name", "S" * 250, "S" * 251),
    ("founders_count", "50", "51"),
    ("description", "d" * 3000, "d" * 3001),
    ("preferred_contact_time", "p" * 200, "p" * 201),
]
LOWER_LIMITS = [
    ("founders_count", "1", "0"),
    ("description", "d" * 20, "d" * 19),
    ("phone", "600100", "60010"),
]


def form(**overrides):
    return SupportRequestForm(
        valid_form_data(**overrides), privacy_notice=PrivacyNotice.objects.current()
    )


@pytest.fixture(autouse=True)
def _no_minimum_time(settings):
    settings.ADVISORY_MIN_FILL_SECONDS = 0


def test_valid_data_is_valid(db):
    assert form().errors == {}


@pytest.mark.parametrize(("field", "accepted", "refused"), LIMITS + LOWER_LIMITS)
def test_field_at_and_over_its_limit(db, field, accepted, refused):
    at_limit = form(**{field: accepted})
    assert at_limit.errors == {}, at_limit.errors
    if refused is not None:
        assert list(form(**{field: refused}).errors) == [field]


def test_email_over_254_characters_is_refused(db):
    too_long = "a" * 64 + "@" + "b" * 63 + "." + "c" * 63 + "." + "d" * 59 + ".pl"

    assert len(too_long) == 255
    assert list(form(email=too_long).errors) == ["email"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("applicant_kind", "robot"),
        ("support_kinds", ["legal", "hacking"]),
        ("municipality", "999999"),
        ("municipality", "x"),
        ("entity", "999999"),
        ("cooperative_type", "inna"),
        ("founders_count", "pięć"),
        ("phone", "zadzwoń"),
        ("email", "nie-email"),
    ],
)
def test_invalid_choices_and_formats_are_refused(db, field, value):
    assert list(form(**{field: value}).errors) == [field]


@pytest.mark.parametrize(
    "field", ["applicant_name", "email", "phone", "entity_name", "description", "municipality"]
)
def test_nul_bytes_are_refused_by_every_field(client, db, field):
    data = valid_form_data(**{field: "ab\x00cd" * 5})

    response = client.post("/zglos-potrzebe-wsparcia/", data)

    assert response.status_code == 400
    assert field in response.context["form"].errors


def test_entity_applicant_answers_about_cooperatives_are_dropped(db):
    bound = form(applicant_kind="entity", cooperative_type="legal_persons", founders_count="4")

    assert bound.is_valid()
    assert (bound.cleaned_data["cooperative_type"], bound.cleaned_data["founders_count"]) == (
        "",
        None,
    )
