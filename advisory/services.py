"""What happens to support requests, advisory sessions and their e-mails.

Views, the admin, management commands and the demo all write through these functions:
keyword-only arguments, one transaction each, history and e-mails written alongside.

Personal data (names, e-mail addresses, phones, descriptions) is never logged: log lines
name a request by its reference and an e-mail by its id.
"""

import hashlib
import logging
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from advisory.models import (
    SESSION_MAX_MINUTES,
    Advisor,
    AdvisorySession,
    OutboxEmail,
    PrivacyNotice,
    ReferenceCounter,
    SupportNeed,
    SupportRequest,
    SupportRequestEvent,
    SupportRequestNote,
    new_token,
)
from kowes.security import cache_count

logger = logging.getLogger(__name__)

COORDINATORS_GROUP = "Coordinators"
ADVISORS_GROUP = "Advisors"
EDITORS_GROUP = "Editors"

# Outbox retries: wait 1, 2, 4 … minutes (at most 6 hours) and give up after this many tries.
OUTBOX_MAX_ATTEMPTS = 10
OUTBOX_MAX_DELAY = timedelta(hours=6)
# An e-mail still marked "being sent" this long after it was claimed was interrupted (the
# mail server's timeout, EMAIL_TIMEOUT, is far shorter).
OUTBOX_SENDING_TIMEOUT = timedelta(minutes=10)
OUTBOX_INTERRUPTED = "Interrupted while being sent: probably sent, check before sending again"

# The fields that hold what an applicant typed about themselves.
PERSONAL_FIELDS = (
    "applicant_name",
    "email",
    "phone",
    "entity_name",
    "description",
    "preferred_contact_time",
)


class TransitionNotAllowed(ValidationError):
    pass


# --- Reference numbers -------------------------------------------------------------------


def reference_allocate(*, year: int) -> tuple[int, str]:
    """The next reference number of ``year``: (42, "KOWES/2026/0042").

    Safe under concurrency: the per-year counter row is created once (unique year) and
    incremented by one UPDATE, which locks the row until the caller's transaction ends;
    a second submitter waits and gets the next number.
    """
    with transaction.atomic():
        ReferenceCounter.objects.get_or_create(year=year)
        ReferenceCounter.objects.filter(year=year).update(last_number=F("last_number") + 1)
        number = ReferenceCounter.objects.get(year=year).last_number
    return number, f"KOWES/{year}/{number:04d}"


# --- Rate limit --------------------------------------------------------------------------


def rate_limit_hit(*, scope: str, client: str, limit: int, period: int) -> bool:
    """Count one attempt of ``client`` in ``scope``; False once it is over ``limit`` within
    ``period`` seconds.

    The counter lives in the shared cache (``kowes.security.cache_count``). The client (an
    IP address) is stored only as a hash.
    """
    digest = hashlib.sha256(f"{settings.SECRET_KEY}:{client}".encode()).hexdigest()[:32]
    return cache_count(f"ratelimit:{scope}:{digest}", timeout=period) <= limit


# --- E-mail outbox -----------------------------------------------------------------------


def outbox_enqueue(
    *, to: str, subject: str, body: str, support_request=None, now=None
) -> OutboxEmail:
    """Queue one e-mail in the current transaction and send it after the commit.

    The sending is robust: if it fails (the database went away just after the commit), the
    error is logged, the e-mail stays queued for `manage.py send_outbox`, and what was
    committed is not reported as a failure to whoever submitted it.
    """
    email = OutboxEmail.objects.create(
        to=to,
        subject=subject,
        body=body,
        support_request=support_request,
        next_attempt_at=now or timezone.now(),
    )
    transaction.on_commit(lambda: outbox_send(ids=[email.pk]), robust=True)
    return email


def _retry_delay(attempts: int) -> timedelta:
    return min(timedelta(minutes=2 ** (attempts - 1)), OUTBOX_MAX_DELAY)


def outbox_send(*, ids=None, now=None, limit: int = 200) -> dict:
    """Send the queued e-mails that are due; returns counts {"sent": n, "failed": n}.

    Each e-mail is claimed first (marked "being sent" and committed), then handed to the mail
    server, then marked sent, or queued again after a growing delay if the server refused
    it. Two senders never claim the same e-mail, and no transaction stays open while the
    mail server talks. An e-mail is never sent twice: if the database goes away between the
    sending and the mark (a restart), it stays "being sent", and after
    OUTBOX_SENDING_TIMEOUT it is set aside as failed ("Interrupted …") for a person to check
    and, if it did not arrive, send again from the admin.
    """
    now = now or timezone.now()
    # Each write in its own transaction: committed at once (a savepoint inside another).
    with transaction.atomic():
        _outbox_set_aside_interrupted(now=now)
    due = OutboxEmail.objects.filter(status=OutboxEmail.Status.PENDING, next_attempt_at__lte=now)
    if ids is not None:
        due = due.filter(pk__in=ids)
    counts = {"sent": 0, "failed": 0}
    for pk in list(due.order_by("pk").values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            claimed = OutboxEmail.objects.filter(
                pk=pk, status=OutboxEmail.Status.PENDING, next_attempt_at__lte=now
            ).update(
                status=OutboxEmail.Status.SENDING,
                attempts=F("attempts") + 1,
                next_attempt_at=now + OUTBOX_SENDING_TIMEOUT,
            )
        if not claimed:  # claimed meanwhile by another sender
            continue
        email = OutboxEmail.objects.get(pk=pk)
        try:
            EmailMessage(
                subject=email.subject,
                body=email.body,
                from_email=settings.DEFAULT_FROM_EMAIL,
                to=[email.to],
            ).send()
        except Exception as error:  # any failure of the mail server: retry later
            outcome = {
                "status": (
                    OutboxEmail.Status.FAILED
                    if email.attempts >= OUTBOX_MAX_ATTEMPTS
                    else OutboxEmail.Status.PENDING
                ),
                "next_attempt_at": now + _retry_delay(email.attempts),
                "last_error": type(error).__name__[:250],
            }
            counts["failed"] += 1
            logger.warning(
                "Outbox e-mail %s failed (attempt %s): %s",
                email.pk,
                email.attempts,
                outcome["last_error"],
            )
        else:
            outcome = {
                "status": OutboxEmail.Status.SENT,
                "sent_at": timezone.now(),
                "last_error": "",
            }
            counts["sent"] += 1
        with transaction.atomic():
            OutboxEmail.objects.filter(pk=pk, status=OutboxEmail.Status.SENDING).update(**outcome)
    return counts


def _outbox_set_aside_interrupted(*, now) -> None:
    interrupted = OutboxEmail.objects.filter(
        status=OutboxEmail.Status.SENDING, next_attempt_at__lte=now
    ).update(status=OutboxEmail.Status.FAILED, last_error=OUTBOX_INTERRUPTED)
    if interrupted:
        logger.warning("Outbox: %s e-mails were interrupted while being sent.", interrupted)


@transaction.atomic
def outbox_retry(*, emails) -> int:
    """Put e-mails that gave up back in the queue, due now."""
    return (
        OutboxEmail.objects.filter(pk__in=[email.pk for email in emails])
        .exclude(status__in=[OutboxEmail.Status.SENT, OutboxEmail.Status.SENDING])
        .update(status=OutboxEmail.Status.PENDING, next_attempt_at=timezone.now())
    )


def absolute_url(path: str) -> str:
    """An address of the portal for e-mails and feeds (SITE_URL + path)."""
    return f"{settings.SITE_URL}{path}"


def _coordinator_addresses() -> list[str]:
    if settings.ADVISORY_COORDINATOR_EMAILS:
        return list(settings.ADVISORY_COORDINATOR_EMAILS)
    users = (
        get_user_model()
        .objects.filter(groups__name=COORDINATORS_GROUP, is_active=True)
        .exclude(email="")
    )
    return sorted(set(users.values_list("email", flat=True)))


def _enqueue_applicant_email(*, support_request, template: str, subject: str, context=None):
    """An e-mail to the applicant, in the language they used on the form."""
    if not support_request.email:
        return None
    with translation.override(support_request.language):
        body = render_to_string(
            template,
            {
                "support_request": support_request,
                "status_url": absolute_url(support_request.get_status_url()),
                **(context or {}),
            },
        )
        subject_text = _(subject) % {"reference": support_request.reference}
    return outbox_enqueue(
        to=support_request.email,
        subject=subject_text,
        body=body,
        support_request=support_request,
    )


@transaction.atomic
def privacy_notice_create(*, body: str, legal_basis: str) -> PrivacyNotice:
    """Publish a new version of the information clause; earlier versions stay as they were,
    since requests refer to the version their applicant was shown."""
    latest = PrivacyNotice.objects.select_for_update().order_by("-version").first()
    return PrivacyNotice.objects.create(
        version=(latest.version + 1) if latest else 1, body=body, legal_basis=legal_basis
    )


# --- Support requests --------------------------------------------------------------------


def support_request_submit(
    *,
    idempotency_key: str,
    applicant_name: str,
    email: str,
    applicant_kind: str,
    municipality,
    support_kinds: list[str],
    description: str,
    privacy_notice: PrivacyNotice,
    privacy_notice_shown_at,
    phone: str = "",
    entity=None,
    entity_name: str = "",
    cooperative_type: str = "",
    founders_count: int | None = None,
    preferred_contact_time: str = "",
    language: str = "pl",
    now=None,
) -> tuple[SupportRequest, bool]:
    """Record a founder's request, give it a reference number and queue the e-mails.

    Returns (request, created). The same form sent twice (the same idempotency key)
    creates one request: the second call returns the first one with created=False.
    """
    existing = SupportRequest.objects.filter(idempotency_key=idempotency_key).first()
    if existing:
        return existing, False
    now = now or timezone.now()
    local_year = timezone.localtime(now).year
    try:
        with transaction.atomic():
            number, reference = reference_allocate(year=local_year)
            support_request = SupportRequest.objects.create(
                reference=reference,
                year=local_year,
                number=number,
                status_token=new_token(),
                idempotency_key=idempotency_key,
                applicant_name=applicant_name,
                email=email,
                phone=phone,
                applicant_kind=applicant_kind,
                entity=entity,
                entity_name=entity_name,
                cooperative_type=cooperative_type,
                founders_count=founders_count,
                municipality=municipality,
                description=description,
                preferred_contact_time=preferred_contact_time,
                privacy_notice=privacy_notice,
                legal_basis=privacy_notice.legal_basis,
                privacy_notice_shown_at=privacy_notice_shown_at,
                language=language,
                created_at=now,
            )
            SupportNeed.objects.bulk_create(
                SupportNeed(support_request=support_request, kind=kind)
                for kind in dict.fromkeys(support_kinds)
            )
            SupportRequestEvent.objects.create(
                support_request=support_request,
                kind=SupportRequestEvent.Kind.SUBMITTED,
                to_status=SupportRequest.Status.NEW,
                created_at=now,
            )
            _enqueue_applicant_email(
                support_request=support_request,
                template="advisory/email/request_submitted.txt",
                subject=gettext_noop("Your support request %(reference)s"),
            )
            coordinator_body = render_to_string(
                "advisory/email/request_submitted_coordinators.txt",
                {
                    "support_request": support_request,
                    "kinds": support_request.needs.all(),
                    "admin_url": absolute_url(
                        reverse("admin:advisory_supportrequest_change", args=[support_request.pk])
                    ),
                },
            )
            for address in _coordinator_addresses():
                outbox_enqueue(
                    to=address,
                    subject=_("New support request %(reference)s")
                    % {"reference": support_request.reference},
                    body=coordinator_body,
                    support_request=support_request,
                )
    except IntegrityError:
        # The same form sent at the same moment by a double click: the other one won.
        existing = SupportRequest.objects.filter(idempotency_key=idempotency_key).first()
        if existing is None:
            raise
        return existing, False
    logger.debug("Support request %s submitted.", support_request.reference)
    return support_request, True


def _touch(support_request, now):
    if support_request.touched_at is None:
        support_request.touched_at = now


def _locked(support_request) -> SupportRequest:
    return SupportRequest.objects.select_for_update().get(pk=support_request.pk)


@transaction.atomic
def support_request_transition(
    *, support_request: SupportRequest, to_status: str, actor, now=None
) -> SupportRequest:
    """Move a request to another status if the workflow allows it; the applicant is told."""
    now = now or timezone.now()
    locked = _locked(support_request)
    if locked.anonymized_at:
        raise TransitionNotAllowed(_("The personal data of this request has been removed."))
    if to_status not in locked.allowed_transitions():
        raise TransitionNotAllowed(
            _("A request cannot go from “%(from)s” to “%(to)s”.")
            % {
                "from": locked.get_status_display(),
                "to": SupportRequest.Status(to_status).label,
            }
        )
    from_status = locked.status
    locked.status = to_status
    _touch(locked, now)
    if to_status in SupportRequest.FINISHED:
        locked.finished_at = now
    locked.save(update_fields=["status", "touched_at", "finished_at"])
    SupportRequestEvent.objects.create(
        support_request=locked,
        kind=SupportRequestEvent.Kind.STATUS_CHANGED,
        actor=actor,
        from_status=from_status,
        to_status=to_status,
        created_at=now,
    )
    _enqueue_applicant_email(
        support_request=locked,
        template="advisory/email/request_status_changed.txt",
        subject=gettext_noop("Your support request %(reference)s: new status"),
    )
    logger.debug("Support request %s: %s -> %s.", locked.reference, from_status, to_status)
    return locked


@transaction.atomic
def support_request_assign(
    *, support_request: SupportRequest, advisor: Advisor | None, actor, now=None
) -> SupportRequest:
    """Give a request to an advisor (or take it back); the applicant learns who helps."""
    now = now or timezone.now()
    locked = _locked(support_request)
    if locked.assigned_to_id == (advisor.pk if advisor else None):
        return locked
    locked.assigned_to = advisor
    _touch(locked, now)
    locked.save(update_fields=["assigned_to", "touched_at"])
    SupportRequestEvent.objects.create(
        support_request=locked,
        kind=SupportRequestEvent.Kind.ASSIGNED,
        actor=actor,
        detail=str(advisor) if advisor else "",
        created_at=now,
    )
    if advisor and not locked.anonymized_at:
        _enqueue_applicant_email(
            support_request=locked,
            template="advisory/email/request_assigned.txt",
            subject=gettext_noop("Your support request %(reference)s: your advisor"),
            context={"advisor": advisor},
        )
    return locked


@transaction.atomic
def support_request_add_note(
    *, support_request: SupportRequest, body: str, actor, now=None
) -> SupportRequestNote:
    """An internal note of the staff; the applicant never sees it."""
    now = now or timezone.now()
    locked = _locked(support_request)
    _touch(locked, now)
    locked.save(update_fields=["touched_at"])
    note = SupportRequestNote.objects.create(
        support_request=locked, author=actor, body=body, created_at=now
    )
    SupportRequestEvent.objects.create(
        support_request=locked,
        kind=SupportRequestEvent.Kind.NOTE_ADDED,
        actor=actor,
        created_at=now,
    )
    return note


# --- Personal data -----------------------------------------------------------------------


@transaction.atomic
def support_requests_anonymize(*, support_requests, actor=None, now=None) -> int:
    """Remove the personal data of requests, keeping what the reports need.

    Kept: reference, dates, status and its history, municipality, applicant kind, kinds
    of support, cooperative type, number of founders, the entity link and the advisory
    sessions. Removed: name, e-mail, phone, entity name typed, description, contact
    time, internal notes, e-mails, the status link. Running it again changes nothing.
    """
    now = now or timezone.now()
    pks = list(
        SupportRequest.objects.filter(pk__in=[r.pk for r in support_requests])
        .not_anonymized()
        .values_list("pk", flat=True)
    )
    if not pks:
        return 0
    SupportRequest.objects.filter(pk__in=pks).update(
        **dict.fromkeys(PERSONAL_FIELDS, ""), status_token=None, anonymized_at=now
    )
    SupportRequestNote.objects.filter(support_request__in=pks).delete()
    OutboxEmail.objects.filter(support_request__in=pks).delete()
    SupportRequestEvent.objects.bulk_create(
        SupportRequestEvent(
            support_request_id=pk,
            kind=SupportRequestEvent.Kind.ANONYMIZED,
            actor=actor,
            created_at=now,
        )
        for pk in pks
    )
    logger.info("Personal data removed from %s support requests.", len(pks))
    return len(pks)


def support_requests_anonymize_expired(*, now=None, retention_days: int | None = None) -> int:
    """Anonymize the requests finished more than the retention period ago."""
    now = now or timezone.now()
    days = settings.ADVISORY_RETENTION_DAYS if retention_days is None else retention_days
    expired = (
        SupportRequest.objects.finished()
        .not_anonymized()
        .filter(finished_at__lt=now - timedelta(days=days))
    )
    return support_requests_anonymize(support_requests=list(expired), now=now)


def person_data_export(*, email: str) -> dict:
    """Everything the centre holds about the person with this e-mail address (JSON-ready)."""
    requests = (
        SupportRequest.objects.of_person(email)
        .select_related("municipality", "entity", "assigned_to__user", "privacy_notice")
        .prefetch_related("needs", "events", "notes", "emails")
        .order_by("created_at", "pk")
    )
    return {
        "email": email,
        "exported_at": timezone.now().isoformat(),
        "support_requests": [
            {
                "reference": r.reference,
                "submitted_at": r.created_at.isoformat(),
                "status": r.status,
                "name": r.applicant_name,
                "email": r.email,
                "phone": r.phone,
                "applying_as": r.applicant_kind,
                "entity": r.entity.name if r.entity else None,
                "entity_name": r.entity_name,
                "cooperative_type": r.cooperative_type,
                "founders_count": r.founders_count,
                "municipality": r.municipality.name,
                "support_kinds": [need.kind for need in r.needs.all()],
                "description": r.description,
                "preferred_contact_time": r.preferred_contact_time,
                "privacy_notice_version": r.privacy_notice.version,
                "legal_basis": r.legal_basis,
                "privacy_notice_shown_at": r.privacy_notice_shown_at.isoformat(),
                "advisor": str(r.assigned_to) if r.assigned_to else None,
                "history": [
                    {
                        "when": event.created_at.isoformat(),
                        "what": event.kind,
                        "from": event.from_status,
                        "to": event.to_status,
                    }
                    for event in r.events.all()
                ],
                "internal_notes": [
                    {"when": note.created_at.isoformat(), "text": note.body}
                    for note in r.notes.all()
                ],
                "emails": [
                    {
                        "queued_at": e.created_at.isoformat(),
                        "to": e.to,
                        "subject": e.subject,
                        "text": e.body,
                        "status": e.status,
                    }
                    for e in r.emails.all()
                ],
            }
            for r in requests
        ],
    }


def person_data_erase(*, email: str, actor, now=None) -> int:
    """Erase one person's data on request: every request they sent is anonymized."""
    return support_requests_anonymize(
        support_requests=list(SupportRequest.objects.of_person(email)), actor=actor, now=now
    )


# --- Advisory sessions -------------------------------------------------------------------


def session_overlapping(
    *, advisor: Advisor, starts_at, duration_minutes: int, exclude_pk=None
) -> AdvisorySession | None:
    """The advisor's session that overlaps the given time, if any (touching is fine)."""
    ends_at = starts_at + timedelta(minutes=duration_minutes)
    candidates = AdvisorySession.objects.filter(
        advisor=advisor,
        starts_at__lt=ends_at,
        starts_at__gt=starts_at - timedelta(minutes=SESSION_MAX_MINUTES),
    ).exclude(pk=exclude_pk)
    for session in candidates.order_by("starts_at"):
        if session.ends_at > starts_at:
            return session
    return None


@transaction.atomic
def session_save(*, session: AdvisorySession, actor) -> AdvisorySession:
    """Log (or correct) an advisory session; refuses one that overlaps another of the
    same advisor. The advisor's row is locked, so two sessions saved at once are checked
    one after the other."""
    Advisor.objects.select_for_update().filter(pk=session.advisor_id).first()
    clash = session_overlapping(
        advisor=session.advisor,
        starts_at=session.starts_at,
        duration_minutes=session.duration_minutes,
        exclude_pk=session.pk,
    )
    if clash:
        raise ValidationError(
            _("This advisor already has a session at that time: %(session)s.") % {"session": clash},
            code="overlap",
        )
    if session.entity_id is None and session.support_request_id is None:
        raise ValidationError(
            _("Choose the entity or the support request the session served (at least one)."),
            code="unlinked",
        )
    if session.pk is None and actor is not None:
        session.created_by = actor
    session.save()
    return session


@transaction.atomic
def advisors_new_calendar_token(*, advisors) -> int:
    """Give advisors new calendar feed addresses; the old ones stop working."""
    count = 0
    for advisor in Advisor.objects.select_for_update().filter(pk__in=[a.pk for a in advisors]):
        advisor.calendar_token = new_token()
        advisor.save(update_fields=["calendar_token"])
        count += 1
    return count


# --- Indicators --------------------------------------------------------------------------


@dataclass(frozen=True)
class AdvisoryIndicators:
    sessions: int
    hours: float
    people_advised: int
    entities_advised: int


def advisory_indicators(*, start: date, end: date) -> AdvisoryIndicators:
    """Advisory numbers for a period (e.g. a project's), dates included.

    people_advised counts session participants (a person advised in three sessions
    counts three times, as funders' reports of "persons advised in sessions" do);
    entities_advised counts distinct entities served directly or through a request.

    Two queries, whatever the number of sessions: the totals, and the entities counted in
    the database (the indicators page and the home page show these).
    """
    sessions = AdvisorySession.objects.between(start, end)
    totals = sessions.totals()
    # UNION drops the entities met both ways; counted over the sessions' own columns, it
    # is a quarter of the cost of counting entities "in" either list (100k entities).
    served_directly = sessions.filter(entity__isnull=False).values_list("entity")
    served_through_request = sessions.filter(support_request__entity__isnull=False).values_list(
        "support_request__entity"
    )
    entities_advised = served_directly.union(served_through_request).count()
    return AdvisoryIndicators(
        sessions=totals["sessions"],
        hours=round(totals["minutes"] / 60, 2),
        people_advised=totals["participants"],
        entities_advised=entities_advised,
    )
