from datetime import timedelta
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from advisory.models import OutboxEmail, SupportRequest
from tests.advisory.factories import SupportRequestFactory


def test_send_outbox_sends_due_emails_once(db):
    due = OutboxEmail.objects.create(to="a@example.org", subject="Teraz", body="B")
    later = OutboxEmail.objects.create(
        to="b@example.org",
        subject="Później",
        body="B",
        next_attempt_at=timezone.now() + timedelta(hours=1),
    )
    out = StringIO()

    call_command("send_outbox", stdout=out)
    call_command("send_outbox", stdout=StringIO())

    assert out.getvalue() == "Sent: 1, failed (will retry): 0.\n"
    assert [m.subject for m in mail.outbox] == ["Teraz"]
    assert OutboxEmail.objects.get(pk=due.pk).status == "sent"
    assert OutboxEmail.objects.get(pk=later.pk).status == "pending"


def test_anonymize_command_is_safe_to_run_daily(db, settings):
    settings.ADVISORY_RETENTION_DAYS = 30
    old = SupportRequestFactory(status="closed", finished_at=timezone.now() - timedelta(days=31))
    fresh = SupportRequestFactory(status="closed", finished_at=timezone.now() - timedelta(days=29))
    first, second = StringIO(), StringIO()

    call_command("anonymize_support_requests", stdout=first)
    call_command("anonymize_support_requests", stdout=second)

    assert first.getvalue() == "Anonymized 1 support request(s) finished more than 30 days ago.\n"
    assert second.getvalue() == "Anonymized 0 support request(s) finished more than 30 days ago.\n"
    assert SupportRequest.objects.get(pk=old.pk).email == ""
    assert SupportRequest.objects.get(pk=fresh.pk).email == fresh.email
