from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest

from advisory.ical import escape_text, fold
from tests.advisory.factories import AdvisorySessionFactory, SupportRequestFactory
from tests.factories import EntityFactory

WARSAW = ZoneInfo("Europe/Warsaw")


def test_calendar_feed_parses_back_with_the_sessions_of_its_advisor(client, advisor, other_advisor):
    entity = EntityFactory(name="Spółdzielnia Socjalna „Otwarci”")
    first = AdvisorySessionFactory(
        advisor=advisor,
        starts_at=datetime(2014, 3, 3, 9, 30, tzinfo=WARSAW),
        duration_minutes=90,
        topic="Statut; rejestracja, KRS\\wpis",
        entity=entity,
    )
    support_request = SupportRequestFactory()
    second = AdvisorySessionFactory(
        advisor=advisor,
        starts_at=datetime(2014, 7, 1, 12, tzinfo=WARSAW),
        duration_minutes=60,
        kind="marketing",
        entity=None,
        support_request=support_request,
        topic="Promocja " * 20,
    )
    AdvisorySessionFactory(advisor=other_advisor, topic="Cudza sesja")

    response = client.get(advisor.get_calendar_url())

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    body = response.content
    assert all(line.endswith(b"\r") or line == b"" for line in body.split(b"\n"))
    assert max(len(line) for line in body.split(b"\r\n")) <= 75
    calendar = icalendar.Calendar.from_ical(body)
    events = calendar.walk("VEVENT")
    assert [str(event["SUMMARY"]) for event in events] == [first.topic, second.topic]
    assert [event.decoded("DTSTART") for event in events] == [
        datetime(2014, 3, 3, 8, 30, tzinfo=UTC),
        datetime(2014, 7, 1, 10, 0, tzinfo=UTC),
    ]
    assert events[0].decoded("DTEND") == datetime(2014, 3, 3, 10, 0, tzinfo=UTC)
    assert str(events[0]["UID"]) == f"advisory-session-{first.pk}@testserver"
    assert str(events[0]["DESCRIPTION"]).splitlines() == [
        "Rodzaj: prawne",
        "Forma: w biurze",
        "Uczestnicy: 2",
        "Dla: Spółdzielnia Socjalna „Otwarci”",
    ]
    assert str(events[1]["DESCRIPTION"]).splitlines()[-1] == f"Dla: {support_request.reference}"
    assert "Cudza sesja" not in body.decode()
    assert first.outcome not in body.decode()


@pytest.mark.parametrize(
    "path",
    ["/doradcy/kalendarz/" + "A" * 43 + ".ics", "/doradcy/kalendarz/%00" + "A" * 42 + ".ics"],
)
def test_calendar_feed_with_a_wrong_token_is_not_found(client, advisor, path):
    assert client.get(path).status_code == 404


def test_calendar_feed_refuses_post(client, advisor):
    assert client.post(advisor.get_calendar_url()).status_code == 405


def test_calendar_feed_query_count_does_not_grow(client, advisor, django_assert_num_queries):
    AdvisorySessionFactory(advisor=advisor)
    with django_assert_num_queries(2):
        client.get(advisor.get_calendar_url())
    for _ in range(10):
        AdvisorySessionFactory(
            advisor=advisor, entity=None, support_request=SupportRequestFactory()
        )
    with django_assert_num_queries(2):
        client.get(advisor.get_calendar_url())


def test_escape_text_escapes_the_rfc_5545_specials():
    assert escape_text("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf"


def test_fold_keeps_lines_within_75_octets_without_splitting_characters():
    line = "SUMMARY:" + "ą" * 100

    folded = fold(line)

    pieces = folded.encode().split(b"\r\n")
    assert all(len(piece) <= 75 for piece in pieces)
    assert all(piece.startswith(b" ") for piece in pieces[1:])
    assert "".join(piece.decode()[1:] for piece in pieces[1:]) == line[len(pieces[0].decode()) :]
