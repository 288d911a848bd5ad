from io import StringIO

from django.core.management import call_command

from advisory.models import Advisor, AdvisorySession, OutboxEmail, SupportRequest


def snapshot():
    return (
        Advisor.objects.count(),
        sorted(SupportRequest.objects.values_list("reference", "status")),
        sorted(AdvisorySession.objects.values_list("advisor", "starts_at", "duration_minutes")),
    )


def test_load_demo_adds_advisory_data_and_a_second_run_changes_nothing(db):
    call_command("load_demo", stdout=StringIO())
    first = snapshot()
    call_command("load_demo", stdout=StringIO())

    assert snapshot() == first
    advisors, requests, sessions = first
    assert advisors == 4
    statuses = [status for _reference, status in requests]
    assert {status: statuses.count(status) for status in set(statuses)} == {
        status: 7 for status in SupportRequest.Status.values
    }
    assert len(sessions) == 150
    years = {starts_at.year for _advisor, starts_at, _duration in sessions}
    assert years == {2013, 2014, 2015}
    assert SupportRequest.objects.overdue().exists()
    assert SupportRequest.objects.not_overdue().filter(status="new").exists()
    assert OutboxEmail.objects.count() == 0  # nobody real is e-mailed


def test_load_demo_generates_sessions_for_load_tests_once(db):
    out = StringIO()
    call_command("load_demo", "--sessions", "30", stdout=out)
    generated = AdvisorySession.objects.filter(topic__startswith="Sesja testowa nr ")
    first = sorted(generated.values_list("topic", "advisor", "starts_at", "entity"))

    again, more = StringIO(), StringIO()
    call_command("load_demo", "--sessions", "30", stdout=again)
    call_command("load_demo", "--sessions", "35", stdout=more)

    assert out.getvalue().splitlines()[-1] == "Added 30 generated advisory sessions."
    assert again.getvalue() == "Added 0 generated advisory sessions.\n"
    assert more.getvalue() == "Added 5 generated advisory sessions.\n"
    assert first == sorted(
        generated.exclude(topic__gt="Sesja testowa nr 000030").values_list(
            "topic", "advisor", "starts_at", "entity"
        )
    )
    assert generated.count() == 35
    assert {session.starts_at.minute for session in generated} <= {15, 45}
    assert AdvisorySession.objects.count() == 150 + 35  # the demo's own sessions are intact


def test_generated_sessions_are_the_same_for_the_same_seed(db):
    def generate():
        call_command("load_demo", "--sessions", "20", "--seed", "7", stdout=StringIO())
        sessions = AdvisorySession.objects.filter(topic__startswith="Sesja testowa nr ")
        values = sorted(
            sessions.values_list("topic", "advisor__user__username", "starts_at", "kind")
        )
        sessions.delete()
        return values

    assert generate() == generate()
