import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import IntegrityError, OperationalError, connection
from django.utils import timezone

from advisory import services
from advisory.models import (
    AdvisorySession,
    OutboxEmail,
    PrivacyNotice,
    ReferenceCounter,
    SupportRequest,
    SupportRequestNote,
)
from tests.advisory.factories import (
    AdvisorFactory,
    AdvisorySessionFactory,
    SupportRequestFactory,
)
from tests.factories import CountyFactory, EntityFactory, MunicipalityFactory

WARSAW = ZoneInfo("Europe/Warsaw")
BASE_DIR = Path(__file__).resolve().parents[2]


def submit(**overrides):
    from entities.models import Municipality

    arguments = {
        "idempotency_key": "klucz-1",
        "applicant_name": "Anna Kowalska",
        "email": "anna@example.org",
        "applicant_kind": "person",
        "municipality": Municipality.objects.get(slug="konin"),
        "support_kinds": ["legal"],
        "description": "Chcemy założyć spółdzielnię socjalną.",
        "privacy_notice": PrivacyNotice.objects.current(),
        "privacy_notice_shown_at": timezone.now(),
    }
    arguments.update(overrides)
    return services.support_request_submit(**arguments)


# --- Reference numbers -------------------------------------------------------------------


def test_reference_numbers_count_per_year_from_one(db):
    first = services.reference_allocate(year=2026)
    second = services.reference_allocate(year=2026)
    other_year = services.reference_allocate(year=2027)

    assert [first, second, other_year] == [
        (1, "KOWES/2026/0001"),
        (2, "KOWES/2026/0002"),
        (1, "KOWES/2027/0001"),
    ]
    assert ReferenceCounter.objects.get(year=2026).last_number == 2


def test_submit_uses_the_local_year_at_new_year(db):
    # 23:30 UTC on 31 December is already 1 January in Konin.
    now = datetime(2025, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC"))

    support_request, created = submit(now=now)

    assert (created, support_request.reference) == (True, "KOWES/2026/0001")


def test_submit_twice_with_one_key_creates_one_request(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first, first_created = submit()
        second, second_created = submit(applicant_name="Ktoś Inny")

    assert (first_created, second_created) == (True, False)
    assert first == second
    assert SupportRequest.objects.count() == 1
    assert second.applicant_name == "Anna Kowalska"
    assert len(mail.outbox) == 1  # the applicant; no coordinators configured


def test_two_requests_never_share_a_number(db):
    # The database refuses a duplicate number in a year even if a script bypasses the counter.
    SupportRequestFactory(year=2026, number=7)

    with pytest.raises(IntegrityError):
        SupportRequestFactory(year=2026, number=7, reference="KOWES/2026/0007-b")


# --- Transitions -------------------------------------------------------------------------

ALL_STATUSES = list(SupportRequest.Status)
ALLOWED = {
    ("new", "in_review"),
    ("in_review", "accepted"),
    ("in_review", "rejected"),
    ("accepted", "in_progress"),
    ("in_progress", "closed"),
}


@pytest.mark.parametrize("from_status", ALL_STATUSES)
@pytest.mark.parametrize("to_status", ALL_STATUSES)
def test_transition_matrix(db, coordinator, from_status, to_status):
    support_request = SupportRequestFactory(status=from_status)

    if (from_status, to_status) in ALLOWED:
        changed = services.support_request_transition(
            support_request=support_request, to_status=to_status, actor=coordinator
        )
        assert changed.status == to_status
        event = changed.events.get()
        assert (event.actor, event.from_status, event.to_status) == (
            coordinator,
            from_status,
            to_status,
        )
    else:
        with pytest.raises(services.TransitionNotAllowed):
            services.support_request_transition(
                support_request=support_request, to_status=to_status, actor=coordinator
            )
        support_request.refresh_from_db()
        assert support_request.status == from_status
        assert support_request.events.count() == 0


def test_transition_emails_the_applicant_and_marks_finished(
    db, coordinator, django_capture_on_commit_callbacks
):
    support_request = SupportRequestFactory(status="in_review", language="pl")

    with django_capture_on_commit_callbacks(execute=True):
        changed = services.support_request_transition(
            support_request=support_request, to_status="rejected", actor=coordinator
        )

    assert changed.finished_at is not None
    assert [m.subject for m in mail.outbox] == [
        f"Twoje zgłoszenie {support_request.reference}: nowy status"
    ]
    assert "status Twojego zgłoszenia" in mail.outbox[0].body
    assert "odrzucone" in mail.outbox[0].body


def test_assign_records_history_touches_and_tells_the_applicant(
    db, coordinator, advisor, django_capture_on_commit_callbacks
):
    support_request = SupportRequestFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.support_request_assign(
            support_request=support_request, advisor=advisor, actor=coordinator
        )
        services.support_request_assign(  # the same advisor again: nothing new
            support_request=support_request, advisor=advisor, actor=coordinator
        )

    support_request.refresh_from_db()
    assert support_request.assigned_to == advisor
    assert support_request.touched_at is not None
    assert list(support_request.events.values_list("kind", "detail")) == [
        ("assigned", str(advisor))
    ]
    assert len(mail.outbox) == 1
    assert str(advisor) in mail.outbox[0].body


def test_note_is_internal_and_touches_the_request(
    db, coordinator, django_capture_on_commit_callbacks
):
    support_request = SupportRequestFactory()

    with django_capture_on_commit_callbacks(execute=True):
        services.support_request_add_note(
            support_request=support_request, body="Oddzwonić w piątek.", actor=coordinator
        )

    support_request.refresh_from_db()
    assert support_request.notes.get().body == "Oddzwonić w piątek."
    assert support_request.touched_at is not None
    assert mail.outbox == []


def test_overdue_means_new_and_untouched_for_more_than_a_week(db, coordinator):
    now = timezone.now()
    old_untouched = SupportRequestFactory(created_at=now - timedelta(days=8))
    old_touched = SupportRequestFactory(created_at=now - timedelta(days=8))
    services.support_request_add_note(support_request=old_touched, body="x", actor=coordinator)
    recent = SupportRequestFactory(created_at=now - timedelta(days=6))
    old_in_review = SupportRequestFactory(created_at=now - timedelta(days=30), status="in_review")

    assert list(SupportRequest.objects.overdue()) == [old_untouched]
    assert set(SupportRequest.objects.not_overdue()) == {old_touched, recent, old_in_review}
    assert [r.is_overdue for r in (old_untouched, recent, old_in_review)] == [True, False, False]


# --- Rate limit --------------------------------------------------------------------------


def test_rate_limit_counts_per_client_within_the_period(db):
    hits = [
        services.rate_limit_hit(scope="t", client="1.2.3.4", limit=3, period=60) for _ in range(4)
    ]
    other = services.rate_limit_hit(scope="t", client="5.6.7.8", limit=3, period=60)

    assert hits == [True, True, True, False]
    assert other is True


def _redis_available():
    try:
        import redis

        redis.Redis.from_url("redis://127.0.0.1:6379/15", socket_timeout=1).ping()
    except Exception:
        return False
    return True


@pytest.mark.skipif(
    not _redis_available() and not os.environ.get("CI"),
    reason="needs a Redis server on 127.0.0.1:6379 (CI starts one)",
)
def test_rate_limit_is_shared_between_two_processes_through_redis(settings):
    """Another process (another gunicorn worker or server) counts into the same limit."""
    redis_url = "redis://127.0.0.1:6379/15"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}
    }
    from django.core.cache import cache

    cache.clear()
    client = f"198.51.100.{os.getpid() % 250}"
    script = (
        "import django, json; django.setup();"
        "from advisory.services import rate_limit_hit;"
        f"print(json.dumps([rate_limit_hit(scope='shared', client='{client}', limit=5,"
        " period=60) for _ in range(3)]))"
    )
    environment = {**os.environ, "REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "kowes.settings"}

    other_process = subprocess.run(
        [sys.executable, "-c", script],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    here = [
        services.rate_limit_hit(scope="shared", client=client, limit=5, period=60) for _ in range(3)
    ]
    cache.clear()

    assert json.loads(other_process.stdout) == [True, True, True]
    assert here == [True, True, False]


# --- Outbox ------------------------------------------------------------------------------


class FlakyBackend:
    """Fails the first time it is asked to send, then works (like a restarted server)."""

    calls = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        FlakyBackend.calls += 1
        if FlakyBackend.calls == 1:
            raise TimeoutError("SMTP timeout")
        mail.outbox.extend(messages)
        return len(messages)


def test_outbox_retries_after_a_failure_with_growing_delays(db, settings):
    FlakyBackend.calls = 0
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FlakyBackend"}}
    email = OutboxEmail.objects.create(to="a@example.org", subject="Temat", body="Treść")
    now = timezone.now()

    first = services.outbox_send(now=now)
    too_early = services.outbox_send(now=now + timedelta(seconds=30))
    due = services.outbox_send(now=now + timedelta(minutes=2))
    again = services.outbox_send(now=now + timedelta(hours=1))

    email.refresh_from_db()
    assert [first, too_early, due, again] == [
        {"sent": 0, "failed": 1},
        {"sent": 0, "failed": 0},
        {"sent": 1, "failed": 0},
        {"sent": 0, "failed": 0},
    ]
    assert (email.status, email.attempts, email.last_error) == ("sent", 2, "")
    assert [m.subject for m in mail.outbox] == ["Temat"]


class DownBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError


def test_outbox_gives_up_after_the_last_attempt_and_can_be_retried(db, settings):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.DownBackend"}}
    email = OutboxEmail.objects.create(to="a@example.org", subject="Temat", body="Treść")
    moment = timezone.now()

    for _ in range(services.OUTBOX_MAX_ATTEMPTS + 2):
        moment += services.OUTBOX_MAX_DELAY
        services.outbox_send(now=moment)

    email.refresh_from_db()
    assert (email.status, email.attempts) == ("failed", services.OUTBOX_MAX_ATTEMPTS)
    assert services.outbox_retry(emails=[email]) == 1
    email.refresh_from_db()
    assert email.status == "pending"


def _mark_sent_fails(execute, sql, params, many, context):
    """The database goes away right after the mail server took the e-mail."""
    if sql.startswith('UPDATE "advisory_outboxemail"') and '"sent_at"' in sql:
        raise OperationalError("terminating connection due to administrator command")
    return execute(sql, params, many, context)


def test_outbox_never_sends_twice_when_the_database_goes_away_after_sending(db):
    email = OutboxEmail.objects.create(to="a@example.org", subject="Temat", body="Treść")
    now = timezone.now()

    with connection.execute_wrapper(_mark_sent_fails), pytest.raises(OperationalError):
        services.outbox_send(now=now)
    again = services.outbox_send(now=now + timedelta(minutes=1))
    email.refresh_from_db()
    waiting = (email.status, email.attempts)
    later = services.outbox_send(now=now + services.OUTBOX_SENDING_TIMEOUT)
    email.refresh_from_db()

    assert [m.subject for m in mail.outbox] == ["Temat"]
    assert (again, waiting) == ({"sent": 0, "failed": 0}, ("sending", 1))
    assert later == {"sent": 0, "failed": 0}
    assert (email.status, email.last_error) == ("failed", services.OUTBOX_INTERRUPTED)


def test_outbox_interrupted_email_can_be_sent_again_by_hand(db):
    email = OutboxEmail.objects.create(
        to="a@example.org",
        subject="Temat",
        body="Treść",
        status=OutboxEmail.Status.FAILED,
        last_error=services.OUTBOX_INTERRUPTED,
    )

    queued = services.outbox_retry(emails=[email])
    counts = services.outbox_send()

    email.refresh_from_db()
    assert (queued, counts) == (1, {"sent": 1, "failed": 0})
    assert (email.status, email.last_error) == ("sent", "")


def test_outbox_retry_leaves_an_email_being_sent_alone(db):
    email = OutboxEmail.objects.create(
        to="a@example.org", subject="Temat", body="Treść", status=OutboxEmail.Status.SENDING
    )

    assert services.outbox_retry(emails=[email]) == 0
    email.refresh_from_db()
    assert email.status == "sending"


def _enqueue_then_fail():
    from django.db import transaction

    with transaction.atomic():
        services.outbox_enqueue(to="a@example.org", subject="S", body="B")
        raise RuntimeError("the request could not be saved")


def test_outbox_is_not_written_when_the_transaction_rolls_back(db):
    with pytest.raises(RuntimeError):
        _enqueue_then_fail()

    assert OutboxEmail.objects.count() == 0


# --- Personal data -----------------------------------------------------------------------


def test_anonymize_removes_personal_data_and_keeps_statistics(db, coordinator, advisor):
    support_request = SupportRequestFactory(
        status="closed", entity_name="Grupa X", finished_at=timezone.now(), kinds=["legal", "grant"]
    )
    SupportRequestNote.objects.create(
        support_request=support_request,
        author=coordinator,
        body="Tel. po 16",
        created_at=timezone.now(),
    )
    OutboxEmail.objects.create(
        to=support_request.email, subject="S", body="B", support_request=support_request
    )
    session = AdvisorySessionFactory(advisor=advisor, entity=None, support_request=support_request)

    first = services.support_requests_anonymize(support_requests=[support_request])
    second = services.support_requests_anonymize(support_requests=[support_request])

    support_request.refresh_from_db()
    assert (first, second) == (1, 0)
    assert [
        support_request.applicant_name,
        support_request.email,
        support_request.phone,
        support_request.entity_name,
        support_request.description,
        support_request.preferred_contact_time,
        support_request.status_token,
    ] == ["", "", "", "", "", "", None]
    assert support_request.anonymized_at is not None
    assert support_request.reference.startswith("KOWES/")
    assert sorted(support_request.needs.values_list("kind", flat=True)) == ["grant", "legal"]
    assert support_request.notes.count() == 0
    assert support_request.emails.count() == 0
    assert AdvisorySession.objects.get(pk=session.pk).support_request == support_request
    assert list(support_request.events.values_list("kind", flat=True)) == ["anonymized"]


def test_anonymize_expired_takes_only_finished_requests_past_retention(db, settings):
    settings.ADVISORY_RETENTION_DAYS = 365
    now = timezone.now()
    expired = SupportRequestFactory(status="closed", finished_at=now - timedelta(days=366))
    rejected = SupportRequestFactory(status="rejected", finished_at=now - timedelta(days=400))
    recent = SupportRequestFactory(status="closed", finished_at=now - timedelta(days=364))
    open_old = SupportRequestFactory(status="in_progress", created_at=now - timedelta(days=900))

    count = services.support_requests_anonymize_expired(now=now)

    assert count == 2
    anonymized = set(SupportRequest.objects.filter(anonymized_at__isnull=False))
    assert anonymized == {expired, rejected}
    assert SupportRequest.objects.get(pk=recent.pk).anonymized_at is None
    assert SupportRequest.objects.get(pk=open_old.pk).anonymized_at is None


def test_person_data_export_holds_every_request_of_the_person(db, coordinator):
    first = SupportRequestFactory(email="Anna@Example.org", kinds=["legal"])
    second = SupportRequestFactory(email="anna@example.org", kinds=["training"])
    SupportRequestFactory(email="ktos@example.org")
    services.support_request_add_note(support_request=first, body="Notatka", actor=coordinator)

    data = services.person_data_export(email="anna@example.org")

    assert [r["reference"] for r in data["support_requests"]] == [
        first.reference,
        second.reference,
    ]
    exported = data["support_requests"][0]
    assert (exported["name"], exported["email"], exported["phone"]) == (
        "Anna Kowalska",
        "Anna@Example.org",
        "+48 600 100 200",
    )
    assert exported["support_kinds"] == ["legal"]
    assert exported["privacy_notice_version"] == 1
    assert [note["text"] for note in exported["internal_notes"]] == ["Notatka"]
    json.dumps(data)  # serialisable as it is


def test_person_data_erase_anonymizes_all_their_requests_and_no_one_elses(db, coordinator):
    mine = [SupportRequestFactory(email="anna@example.org") for _ in range(2)]
    other = SupportRequestFactory(email="ktos@example.org")

    count = services.person_data_erase(email="ANNA@example.org", actor=coordinator)

    assert count == 2
    assert all(SupportRequest.objects.get(pk=r.pk).anonymized_at for r in mine)
    assert SupportRequest.objects.get(pk=other.pk).email == "ktos@example.org"


# --- Sessions ----------------------------------------------------------------------------


def _at(hour, minute=0, day=3):
    return datetime(2014, 3, day, hour, minute, tzinfo=WARSAW)


@pytest.mark.parametrize(
    ("start", "duration", "overlaps"),
    [
        (_at(9), 60, True),  # the same time
        (_at(9, 30), 60, True),  # starts inside
        (_at(8, 30), 60, True),  # ends inside
        (_at(8), 180, True),  # around it
        (_at(10), 60, False),  # starts when it ends
        (_at(8), 60, False),  # ends when it starts
        (_at(9, day=4), 60, False),  # another day
    ],
)
def test_session_overlap_for_one_advisor(db, advisor, start, duration, overlaps):
    existing = AdvisorySessionFactory(advisor=advisor, starts_at=_at(9), duration_minutes=60)
    candidate = AdvisorySessionFactory.build(
        advisor=advisor, starts_at=start, duration_minutes=duration, entity=existing.entity
    )

    if overlaps:
        with pytest.raises(ValidationError) as error:
            services.session_save(session=candidate, actor=advisor.user)
        assert error.value.code == "overlap"
    else:
        services.session_save(session=candidate, actor=advisor.user)
        assert candidate.pk is not None
        assert candidate.created_by == advisor.user


def test_sessions_of_different_advisors_may_overlap(db, advisor, other_advisor):
    AdvisorySessionFactory(advisor=advisor, starts_at=_at(9))
    session = AdvisorySessionFactory.build(advisor=other_advisor, starts_at=_at(9), entity=None)
    session.entity = EntityFactory()

    services.session_save(session=session, actor=other_advisor.user)

    assert AdvisorySession.objects.count() == 2


def test_session_may_be_corrected_without_clashing_with_itself(db, advisor):
    session = AdvisorySessionFactory(advisor=advisor, starts_at=_at(9), duration_minutes=60)
    session.duration_minutes = 90

    services.session_save(session=session, actor=advisor.user)

    assert AdvisorySession.objects.get().duration_minutes == 90


def test_session_must_serve_an_entity_or_a_request(db, advisor):
    session = AdvisorySessionFactory.build(advisor=advisor, entity=None, support_request=None)

    with pytest.raises(ValidationError):
        services.session_save(session=session, actor=advisor.user)
    with pytest.raises(IntegrityError):
        session.save()  # the database enforces it too


# --- Indicators --------------------------------------------------------------------------


def test_advisory_indicators_for_a_period(db, advisor, other_advisor):
    county = CountyFactory()
    entity_a = EntityFactory(municipality=MunicipalityFactory(county=county))
    entity_b = EntityFactory()
    request_for_b = SupportRequestFactory(entity=entity_b)
    AdvisorySessionFactory(
        advisor=advisor,
        starts_at=_at(9, day=3),
        duration_minutes=90,
        participants=3,
        entity=entity_a,
    )
    AdvisorySessionFactory(
        advisor=advisor,
        starts_at=_at(9, day=4),
        duration_minutes=60,
        participants=1,
        entity=entity_a,
    )
    AdvisorySessionFactory(
        advisor=other_advisor,
        starts_at=_at(9, day=5),
        duration_minutes=45,
        participants=2,
        entity=None,
        support_request=request_for_b,
    )
    AdvisorySessionFactory(advisor=advisor, starts_at=datetime(2016, 1, 4, 9, tzinfo=WARSAW))

    indicators = services.advisory_indicators(start=date(2014, 3, 1), end=date(2014, 3, 31))

    assert indicators == services.AdvisoryIndicators(
        sessions=3, hours=3.25, people_advised=6, entities_advised=2
    )


def test_advisory_indicators_of_an_empty_period_are_zero(db):
    assert services.advisory_indicators(
        start=date(2013, 1, 1), end=date(2015, 6, 30)
    ) == services.AdvisoryIndicators(sessions=0, hours=0, people_advised=0, entities_advised=0)


def test_advisory_indicators_count_an_entity_served_both_ways_once(db, advisor):
    entity = EntityFactory()
    AdvisorySessionFactory(advisor=advisor, starts_at=_at(9), entity=entity)
    AdvisorySessionFactory(
        advisor=advisor,
        starts_at=_at(11),
        entity=None,
        support_request=SupportRequestFactory(entity=entity),
    )
    AdvisorySessionFactory(
        advisor=advisor, starts_at=_at(13), entity=None, support_request=SupportRequestFactory()
    )

    indicators = services.advisory_indicators(start=date(2014, 3, 1), end=date(2014, 3, 31))

    assert (indicators.sessions, indicators.entities_advised) == (3, 1)


@pytest.mark.parametrize("number", [1, 25])
def test_advisory_indicators_take_two_queries(db, advisor, django_assert_num_queries, number):
    for day in range(1, number + 1):
        AdvisorySessionFactory(
            advisor=advisor,
            starts_at=datetime(2014, 3, 1, 9, tzinfo=WARSAW) + timedelta(days=day),
            entity=None,
            support_request=SupportRequestFactory(entity=EntityFactory()),
        )

    # The totals, and the entities advised counted in the database.
    with django_assert_num_queries(2):
        indicators = services.advisory_indicators(start=date(2014, 1, 1), end=date(2014, 12, 31))

    assert (indicators.sessions, indicators.entities_advised) == (number, number)


def test_advisory_indicators_count_days_in_local_time(db, advisor):
    # 00:30 on 1 April in Konin is still 31 March in UTC: it belongs to April.
    AdvisorySessionFactory(advisor=advisor, starts_at=datetime(2014, 4, 1, 0, 30, tzinfo=WARSAW))

    march = services.advisory_indicators(start=date(2014, 3, 1), end=date(2014, 3, 31))
    april = services.advisory_indicators(start=date(2014, 4, 1), end=date(2014, 4, 30))

    assert (march.sessions, april.sessions) == (0, 1)


@pytest.mark.parametrize(
    ("starts_at", "month"),
    [
        (datetime(2014, 3, 1, 0, 0, tzinfo=WARSAW), "march"),
        (datetime(2014, 3, 31, 23, 59, 59, tzinfo=WARSAW), "march"),
        (datetime(2014, 4, 1, 0, 0, tzinfo=WARSAW), "april"),
        (datetime(2014, 2, 28, 23, 59, 59, tzinfo=WARSAW), None),
    ],
)
def test_advisory_period_takes_its_first_and_last_day_whole(db, advisor, starts_at, month):
    AdvisorySessionFactory(advisor=advisor, starts_at=starts_at)

    counts = {
        "march": services.advisory_indicators(start=date(2014, 3, 1), end=date(2014, 3, 31)),
        "april": services.advisory_indicators(start=date(2014, 4, 1), end=date(2014, 4, 30)),
    }

    assert {name: found.sessions for name, found in counts.items()} == {
        "march": int(month == "march"),
        "april": int(month == "april"),
    }


def test_new_calendar_token_replaces_the_old_one(db):
    advisor = AdvisorFactory()
    old = advisor.calendar_token

    services.advisors_new_calendar_token(advisors=[advisor])

    advisor.refresh_from_db()
    assert advisor.calendar_token != old
    assert len(advisor.calendar_token) == 43
