import pytest
import time_machine
from django.utils import timezone

from tests.factories import StaffFactory

PASSWORD = "correct-horse-battery"

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = StaffFactory()
    client.post(
        "/admin/login/?next=/admin/",
        {"username": user.username, "password": PASSWORD, "next": "/admin/"},
    )
    return client


def test_staff_session_expires_after_thirty_idle_minutes(staff_client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert staff_client.get("/admin/").status_code == 200
        traveller.shift(30 * 60 + 1)

        response = staff_client.get("/admin/")

    assert (response.status_code, response.headers["Location"]) == (
        302,
        "/admin/login/?next=/admin/",
    )


def test_staff_session_lasts_while_the_staff_member_works(staff_client):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        for _ in range(4):
            traveller.shift(25 * 60)
            assert staff_client.get("/admin/").status_code == 200  # 100 minutes in all


def test_staff_session_expiry_is_the_session_stores_too(staff_client):
    staff_client.get("/admin/")

    assert staff_client.session.get_expiry_age() == 30 * 60
    assert staff_client.cookies["sessionid"]["max-age"] == 30 * 60


def test_staff_requests_right_after_login_write_no_session(client, django_assert_num_queries):
    """The idle clock starts with the login: the next request does not save the session."""
    client.force_login(StaffFactory())
    client.get("/admin/")  # the first admin page loads the content types once

    # The session, the user, their permissions and their groups', the recent actions: no write.
    with django_assert_num_queries(5):
        client.get("/admin/")
