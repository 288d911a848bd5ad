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
