import re

import pytest
from django.contrib.auth.models import Group
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.factories import StaffFactory, SuperuserFactory, UserFactory

PASSWORD = "correct-horse-battery"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _two_factor_required(settings):
    """The production rule (the suite's environment turns it off for other tests)."""
    settings.TWO_FACTOR_REQUIRED_FOR_SUPERUSERS = True
    settings.TWO_FACTOR_REQUIRED_GROUPS = ["Coordinators"]


@pytest.fixture
def coordinator():
    user = StaffFactory()
    user.groups.add(Group.objects.get_or_create(name="Coordinators")[0])
    return user


def _log_in(client, user):
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": user.username, "password": PASSWORD, "next": "/admin/"},
    )
    assert (response.status_code, response.headers["Location"]) == (302, "/admin/")


def _code(device):
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def _confirmed_device(user):
    return TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)


def test_coordinator_without_a_device_is_sent_to_set_one_up(client, coordinator):
    _log_in(client, coordinator)

    response = client.get("/admin/")

    assert (response.status_code, response.headers["Location"]) == (
        302,
        "/admin/two-factor/?next=/admin/",
    )
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    assert page.context["setting_up"] is True
    assert re.search(r'<img class="two-factor-qr" src="data:image/svg\+xml;base64,', page.text)
    assert TOTPDevice.objects.filter(user=coordinator, confirmed=False).count() == 1


def test_coordinator_turns_two_factor_on_and_reaches_the_admin(client, coordinator):
    _log_in(client, coordinator)
    client.get("/admin/two-factor/?next=/admin/")
    device = TOTPDevice.objects.get(user=coordinator)

    response = client.post("/admin/two-factor/", {"token": _code(device), "next": "/admin/"})

    assert (response.status_code, response.headers["Location"]) == (302, "/admin/")
    devices = TOTPDevice.objects.filter(user=coordinator)
    assert list(devices.values_list("confirmed", flat=True)) == [True]
    assert client.get("/admin/").status_code == 200


def test_coordinator_with_a_wrong_code_stays_outside(client, coordinator):
    _log_in(client, coordinator)
    client.get("/admin/two-factor/")
    device = TOTPDevice.objects.get(user=coordinator)
    wrong = f"{(int(_code(device)) + 1) % 1_000_000:06d}"

    response = client.post("/admin/two-factor/", {"token": wrong, "next": "/admin/"})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "token": ["Ten kod jest nieprawidłowy. Wpisz kod, który aplikacja pokazuje teraz."]
    }
    assert TOTPDevice.objects.get(user=coordinator).confirmed is False
    assert client.get("/admin/accounts/user/").headers["Location"] == (
        "/admin/two-factor/?next=/admin/accounts/user/"
    )


def test_coordinator_with_a_device_enters_its_code_after_the_password(client, coordinator):
    device = _confirmed_device(coordinator)
    _log_in(client, coordinator)
    assert client.get("/admin/").headers["Location"] == "/admin/two-factor/?next=/admin/"
    page = client.get("/admin/two-factor/?next=/admin/")
    assert page.context["setting_up"] is False

    response = client.post("/admin/two-factor/", {"token": _code(device), "next": "/admin/"})

    assert (response.status_code, response.headers["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200


def test_superuser_needs_the_second_factor(client):
    superuser = SuperuserFactory()
    _log_in(client, superuser)

    response = client.get("/admin/")

    assert response.headers["Location"] == "/admin/two-factor/?next=/admin/"


def test_other_staff_reach_the_admin_with_the_password_alone(client):
    editor = StaffFactory()
    _log_in(client, editor)

    response = client.get("/admin/")

    assert response.status_code == 200


def test_staff_member_who_turned_two_factor_on_needs_it(client):
    editor = StaffFactory()
    _confirmed_device(editor)
    _log_in(client, editor)

    response = client.get("/admin/")

    assert response.headers["Location"] == "/admin/two-factor/?next=/admin/"


def test_verified_staff_member_sees_that_two_factor_is_on(client):
    editor = StaffFactory()
    device = _confirmed_device(editor)
    _log_in(client, editor)
    client.post("/admin/two-factor/", {"token": _code(device), "next": "/admin/"})

    response = client.get("/admin/two-factor/")

    assert response.status_code == 200
    assert response.templates[0].name == "admin/two_factor_on.html"


def test_second_factor_pending_login_page_leads_to_the_second_factor(client, coordinator):
    _log_in(client, coordinator)

    response = client.get("/admin/login/?next=/admin/accounts/user/")

    assert response.headers["Location"] == (
        "/admin/two-factor/?next=/admin/login/%3Fnext%3D/admin/accounts/user/"
    )


def test_second_factor_pending_user_can_log_out(client, coordinator):
    _log_in(client, coordinator)

    response = client.post("/admin/logout/")

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_second_factor_page_refuses_visitors_and_non_staff(client):
    assert client.get("/admin/two-factor/").headers["Location"] == (
        "/admin/login/?next=/admin/two-factor/"
    )
    client.force_login(UserFactory())
    assert client.get("/admin/two-factor/").headers["Location"] == (
        "/admin/login/?next=/admin/two-factor/"
    )


def test_second_factor_never_redirects_to_another_site(client, coordinator):
    device = _confirmed_device(coordinator)
    _log_in(client, coordinator)

    response = client.post(
        "/admin/two-factor/", {"token": _code(device), "next": "https://evil.example/"}
    )

    assert response.headers["Location"] == "/admin/"


def test_second_factor_renews_the_session_key(client, coordinator):
    device = _confirmed_device(coordinator)
    _log_in(client, coordinator)
    before = client.session.session_key

    client.post("/admin/two-factor/", {"token": _code(device), "next": "/admin/"})

    assert client.session.session_key != before
