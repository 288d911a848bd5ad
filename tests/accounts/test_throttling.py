import pytest
import time_machine
from django.utils import timezone

from tests.factories import StaffFactory

PASSWORD = "correct-horse-battery"
THROTTLED = "Zbyt wiele nieudanych prób logowania. Odczekaj 15 minut, potem spróbuj ponownie."

pytestmark = pytest.mark.django_db


def _log_in(client, username, password, **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        headers=headers,
    )


def _errors(response):
    return response.context["form"].non_field_errors() if response.context else None


def _fail(client, username, times, **headers):
    for _ in range(times):
        response = _log_in(client, username, "wrong-password", **headers)
        assert response.status_code == 200


def test_login_throttle_refuses_even_the_right_password_after_five_failures(client):
    user = StaffFactory()
    _fail(client, user.username, 5)

    response = _log_in(client, user.username, PASSWORD)

    assert response.status_code == 200
    assert _errors(response) == [THROTTLED]
    assert "_auth_user_id" not in client.session


def test_login_throttle_lets_four_failures_pass(client):
    user = StaffFactory()
    _fail(client, user.username, 4)

    response = _log_in(client, user.username, PASSWORD)

    assert (response.status_code, response.headers["Location"]) == (302, "/admin/")


def test_login_throttle_ends_after_the_cooloff(client):
    user = StaffFactory()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _fail(client, user.username, 5)
        traveller.shift(14 * 60)
        assert _errors(_log_in(client, user.username, PASSWORD)) == [THROTTLED]

        traveller.shift(61)  # 15 minutes and a second after the latest failure
        response = _log_in(client, user.username, PASSWORD)

    assert (response.status_code, response.headers["Location"]) == (302, "/admin/")


def test_login_throttle_cooloff_runs_from_the_latest_failure(client):
    user = StaffFactory()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _fail(client, user.username, 4)
        traveller.shift(10 * 60)
        _fail(client, user.username, 1)
        traveller.shift(10 * 60)  # 20 minutes after the first, 10 after the latest

        response = _log_in(client, user.username, PASSWORD)

    assert _errors(response) == [THROTTLED]


def test_login_throttle_refusals_do_not_extend_the_cooloff(client):
    user = StaffFactory()
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        _fail(client, user.username, 5)
        traveller.shift(10 * 60)
        _fail(client, user.username, 3)  # refused, not counted
        traveller.shift(5 * 60 + 1)

        response = _log_in(client, user.username, PASSWORD)

    assert (response.status_code, response.headers["Location"]) == (302, "/admin/")


def test_login_throttle_is_per_username(client):
    locked, other = StaffFactory(), StaffFactory()
    _fail(client, locked.username, 5)

    response = _log_in(client, other.username, PASSWORD)

    assert (response.status_code, response.headers["Location"]) == (302, "/admin/")


def test_login_throttle_counts_usernames_however_spelt(client):
    user = StaffFactory(username="koordynatorka")
    _fail(client, "KOORDYNATORKA", 3)
    _fail(client, "Koordynatorka", 2)

    response = _log_in(client, user.username, PASSWORD)

    assert _errors(response) == [THROTTLED]


def test_login_throttle_is_per_address(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    user = StaffFactory()

    def log_in(password, address):
        return client.post(
            "/admin/login/?next=/admin/",
            {"username": user.username, "password": password, "next": "/admin/"},
            REMOTE_ADDR=address,
        )

    for _ in range(5):
        log_in("wrong-password", "203.0.113.7")

    assert _errors(log_in(PASSWORD, "203.0.113.7")) == [THROTTLED]
    response = log_in(PASSWORD, "198.51.100.2")
    assert (response.status_code, response.headers["Location"]) == (302, "/admin/")


def test_login_throttle_ignores_forwarded_for_without_trusted_proxies(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    user = StaffFactory()
    for number in range(5):
        _log_in(client, user.username, "wrong-password", x_forwarded_for=f"10.0.0.{number}")

    response = _log_in(client, user.username, PASSWORD, x_forwarded_for="10.0.0.99")

    assert _errors(response) == [THROTTLED]


def test_login_throttle_ignores_spoofed_forwarded_for_entries(client, settings):
    """Behind one proxy, the proxy appends the real address; what the client put left of it
    changes nothing."""
    settings.TRUSTED_PROXY_COUNT = 1
    user = StaffFactory()
    for number in range(5):
        _log_in(
            client, user.username, "wrong-password", x_forwarded_for=f"10.0.0.{number}, 203.0.113.7"
        )

    response = _log_in(client, user.username, PASSWORD, x_forwarded_for="10.9.9.9, 203.0.113.7")

    assert _errors(response) == [THROTTLED]


def test_login_throttle_behind_two_proxies_uses_the_address_the_outer_one_saw(client, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    user = StaffFactory()
    _fail(client, user.username, 5, x_forwarded_for="1.1.1.1, 203.0.113.7, 10.0.0.2")

    elsewhere = _log_in(client, user.username, PASSWORD, x_forwarded_for="198.51.100.2, 10.0.0.2")

    assert (elsewhere.status_code, elsewhere.headers["Location"]) == (302, "/admin/")


def test_login_success_clears_earlier_failures(client):
    user = StaffFactory()
    _fail(client, user.username, 4)
    _log_in(client, user.username, PASSWORD)
    client.logout()
    _fail(client, user.username, 4)

    response = _log_in(client, user.username, PASSWORD)

    assert (response.status_code, response.headers["Location"]) == (302, "/admin/")
