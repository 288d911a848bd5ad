"""Support requests from founders, the advisors who answer them and the advisory-session log.

Writes with side effects (status changes, history, e-mails) live in ``advisory.services``;
these models hold the data and the invariants the database can enforce.
"""

import secrets
from datetime import datetime, time, timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# The longest advisory session one entry may log: a working day.
SESSION_MAX_MINUTES = 600
# A new request nobody has touched for this long is flagged as overdue.
OVERDUE_AFTER = timedelta(days=7)

phone_validator = RegexValidator(
    r"^\+?[0-9][0-9 ()-]{5,28}$",
    _("Enter a phone number: digits, spaces and dashes, optionally starting with +."),
)


def new_token() -> str:
    """An unguessable URL token (256 bits, 43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


class SupportKind(models.TextChoices):
    """What a founder may ask the centre for (the public form and the offer page)."""

    LEGAL = "legal", _("legal advice")
    ACCOUNTING = "accounting", _("accounting and finance")
    BUSINESS_PLAN = "business_plan", _("business plan")
    MARKETING = "marketing", _("marketing")
    GRANT = "grant", _("grant for founding an entity or creating jobs")
    TRAINING = "training", _("training")
    OTHER = "other", pgettext_lazy("kind of support", "other")


class PrivacyNoticeQuerySet(models.QuerySet):
    def current(self):
        """The version shown with the form now: the newest one."""
        return self.order_by("-version").first()


class PrivacyNotice(models.Model):
    """The RODO information clause shown with the support-request form.

    Versions are never edited once a request refers to them: staff add a new version,
    and every request keeps the version its applicant was shown.
    """

    version = models.PositiveIntegerField(_("version"), unique=True)
    body = models.TextField(_("text"), help_text=_("Markdown: **bold**, *italic*, lists, links."))
    legal_basis = models.CharField(
        _("legal basis"),
        max_length=250,
        help_text=_("The legal basis of processing, e.g. art. 6(1)(e) GDPR."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    objects = PrivacyNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")

    def __str__(self):
        return _("Privacy notice, version %(version)s") % {"version": self.version}


class Advisor(models.Model):
    """A staff member who advises founders and entities, with a public profile."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.PROTECT,
        related_name="advisor",
    )
    specialities = models.CharField(
        _("specialities"), max_length=250, help_text=_("E.g. cooperative law, accounting.")
    )
    bio = models.TextField(_("short bio"), max_length=1500, blank=True)
    photo = models.ImageField(_("photo"), upload_to="advisors/", blank=True)
    photo_alt = models.CharField(
        _("photo description (alt text)"),
        max_length=250,
        blank=True,
        help_text=_("Required with a photo: what the photo shows."),
    )
    is_public = models.BooleanField(
        _("shown on the offer page"), default=True, help_text=_("Untick to hide the profile.")
    )
    calendar_token = models.CharField(
        _("calendar token"), max_length=64, unique=True, default=new_token, editable=False
    )

    class Meta:
        ordering = ["user__last_name", "user__first_name", "pk"]
        verbose_name = _("advisor")
        verbose_name_plural = _("advisors")
        constraints = [
            models.CheckConstraint(
                condition=Q(photo="") | ~Q(photo_alt=""),
                name="advisory_advisor_photo_has_alt",
                violation_error_message=_("Describe the photo: alt text is required with a photo."),
            ),
        ]

    def __str__(self):
        return self.user.get_full_name() or self.user.username

    def get_calendar_url(self):
        return reverse("advisory:advisor-calendar", kwargs={"token": self.calendar_token})


class ReferenceCounter(models.Model):
    """The last reference number given in a year: KOWES/<year>/<number>."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("reference counter")
        verbose_name_plural = _("reference counters")

    def __str__(self):
        return f"{self.year}: {self.last_number}"


class SupportRequestQuerySet(models.QuerySet):
    def finished(self):
        """Requests whose handling has ended: closed or rejected."""
        return self.filter(status__in=SupportRequest.FINISHED)

    def overdue(self, now=None):
        """New requests nobody on the staff has touched for more than a week."""
        now = now or timezone.now()
        return self.filter(
            status=SupportRequest.Status.NEW,
            touched_at__isnull=True,
            created_at__lt=now - OVERDUE_AFTER,
        )

    def not_overdue(self, now=None):
        return self.exclude(pk__in=self.overdue(now).values("pk"))

    def not_anonymized(self):
        return self.filter(anonymized_at__isnull=True)

    def assigned_to_user(self, user):
        return self.filter(assigned_to__user=user)

    def of_person(self, email: str):
        """Every request one person sent, recognised by the e-mail address."""
        return self.filter(email__iexact=email).exclude(email="")


class SupportRequest(models.Model):
    """A founder's or an entity's request for the centre's support (zgłoszenie)."""

    class Status(models.TextChoices):
        NEW = "new", _("new")
        IN_REVIEW = "in_review", _("in review")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")
        IN_PROGRESS = "in_progress", _("in progress")
        CLOSED = "closed", pgettext_lazy("support request status", "closed")

    class ApplicantKind(models.TextChoices):
        PERSON = "person", _("a person planning a social cooperative")
        INITIATIVE_GROUP = "initiative_group", _("an initiative group")
        ENTITY = "entity", _("an existing social-economy entity")

    class CooperativeType(models.TextChoices):
        NATURAL_PERSONS = "natural_persons", _("social cooperative of natural persons")
        LEGAL_PERSONS = "legal_persons", _("social cooperative of legal persons")
        UNDECIDED = "undecided", _("not decided yet")

    # The workflow: which statuses each status may move to.
    TRANSITIONS = {
        Status.NEW: (Status.IN_REVIEW,),
        Status.IN_REVIEW: (Status.ACCEPTED, Status.REJECTED),
        Status.ACCEPTED: (Status.IN_PROGRESS,),
        Status.IN_PROGRESS: (Status.CLOSED,),
        Status.REJECTED: (),
        Status.CLOSED: (),
    }
    FINISHED = (Status.REJECTED, Status.CLOSED)

    reference = models.CharField(_("reference number"), max_length=20, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number in the year"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status, default=Status.NEW, db_index=True
    )
    # NULL once anonymized: the link stops working, and NULLs never clash in the unique index.
    status_token = models.CharField(  # noqa: DJ001
        _("status link token"), max_length=64, unique=True, null=True, editable=False
    )
    idempotency_key = models.CharField(
        _("form submission key"), max_length=64, unique=True, editable=False
    )

    # What the applicant typed.
    applicant_name = models.CharField(_("applicant's name"), max_length=150)
    email = models.EmailField(_("e-mail"), max_length=254)
    phone = models.CharField(_("phone"), max_length=30, blank=True, validators=[phone_validator])
    applicant_kind = models.CharField(_("applying as"), max_length=20, choices=ApplicantKind)
    entity = models.ForeignKey(
        "entities.Entity",
        verbose_name=_("entity in the directory"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="support_requests",
    )
    entity_name = models.CharField(_("name of the entity or group"), max_length=250, blank=True)
    cooperative_type = models.CharField(
        _("type of cooperative"), max_length=20, choices=CooperativeType, blank=True
    )
    founders_count = models.PositiveSmallIntegerField(
        _("number of founders"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    municipality = models.ForeignKey(
        "entities.Municipality",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="support_requests",
    )
    description = models.TextField(_("description of the need"), max_length=3000)
    preferred_contact_time = models.CharField(
        _("preferred contact time"), max_length=200, blank=True
    )

    # The information clause the applicant was shown (RODO).
    privacy_notice = models.ForeignKey(
        PrivacyNotice,
        verbose_name=_("privacy notice shown"),
        on_delete=models.PROTECT,
        related_name="support_requests",
    )
    legal_basis = models.CharField(_("legal basis"), max_length=250)
    privacy_notice_shown_at = models.DateTimeField(_("privacy notice shown at"))
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="pl", editable=False
    )

    # Handling.
    assigned_to = models.ForeignKey(
        Advisor,
        verbose_name=_("advisor"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="support_requests",
    )
    created_at = models.DateTimeField(_("submitted"), db_index=True)
    touched_at = models.DateTimeField(_("first handled"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    anonymized_at = models.DateTimeField(_("anonymized"), null=True, blank=True)

    objects = SupportRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("support request")
        verbose_name_plural = _("support requests")
        permissions = [
            ("view_all_supportrequest", _("Can see every support request")),
            ("assign_supportrequest", _("Can assign support requests to advisors")),
            ("export_personal_data", _("Can export and erase an applicant's data")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["year", "number"], name="advisory_supportrequest_unique_number_in_year"
            ),
            models.CheckConstraint(
                condition=Q(founders_count__isnull=True)
                | Q(founders_count__gte=1, founders_count__lte=50),
                name="advisory_supportrequest_founders_count_range",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(status__in=["rejected", "closed"]),
                name="advisory_supportrequest_finished_only_when_finished",
            ),
        ]

    def __str__(self):
        return self.reference

    def get_status_url(self):
        return reverse("advisory:request-status", kwargs={"token": self.status_token})

    def allowed_transitions(self):
        return self.TRANSITIONS[self.Status(self.status)]

    @property
    def is_overdue(self) -> bool:
        return (
            self.status == self.Status.NEW
            and self.touched_at is None
            and self.created_at < timezone.now() - OVERDUE_AFTER
        )


class SupportNeed(models.Model):
    """One kind of support a request asks for."""

    support_request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="needs"
    )
    kind = models.CharField(_("kind of support"), max_length=20, choices=SupportKind)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("kind of support needed")
        verbose_name_plural = _("kinds of support needed")
        constraints = [
            models.UniqueConstraint(
                fields=["support_request", "kind"], name="advisory_supportneed_unique_kind"
            )
        ]

    def __str__(self):
        return self.get_kind_display()


class SupportRequestEvent(models.Model):
    """The history of a request: every change, who made it and when."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("submitted")
        STATUS_CHANGED = "status_changed", _("status changed")
        ASSIGNED = "assigned", _("advisor assigned")
        NOTE_ADDED = "note_added", _("internal note added")
        ANONYMIZED = "anonymized", _("personal data removed")

    support_request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_status = models.CharField(
        _("from"), max_length=12, choices=SupportRequest.Status, blank=True
    )
    to_status = models.CharField(_("to"), max_length=12, choices=SupportRequest.Status, blank=True)
    detail = models.CharField(_("detail"), max_length=250, blank=True)
    created_at = models.DateTimeField(_("when"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("history entry")
        verbose_name_plural = _("history")

    def __str__(self):
        return f"{self.support_request}: {self.get_kind_display()}"


class SupportRequestNote(models.Model):
    """An internal note of the staff on a request: never shown to the applicant."""

    support_request = models.ForeignKey(
        SupportRequest, on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    body = models.TextField(_("note"), max_length=5000)
    created_at = models.DateTimeField(_("written"))

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")

    def __str__(self):
        return f"{self.support_request}: {self.created_at:%Y-%m-%d %H:%M}"


def _midnight(day):
    """The instant ``day`` begins in the current time zone."""
    return timezone.make_aware(datetime.combine(day, time.min))


class AdvisorySessionQuerySet(models.QuerySet):
    def of_user(self, user):
        return self.filter(advisor__user=user)

    def between(self, start, end):
        """Sessions starting on the dates ``start`` to ``end`` (both included, local time).

        Compared as instants (local midnights), not as ``starts_at__date``, which converts
        every row's time and so cannot use the index on ``starts_at``."""
        return self.filter(
            starts_at__gte=_midnight(start), starts_at__lt=_midnight(end + timedelta(1))
        )

    def totals(self) -> dict:
        """Sessions, minutes and participants of the sessions in this queryset."""
        return self.aggregate(
            sessions=models.Count("pk"),
            minutes=Sum("duration_minutes", default=0),
            participants=Sum("participants", default=0),
        )


class AdvisorySession(models.Model):
    """One advisory session as it happened: the log the centre reports to its funder."""

    class Kind(models.TextChoices):
        LEGAL = "legal", _("legal")
        ACCOUNTING = "accounting", _("accounting")
        BUSINESS = "business", _("business")
        MARKETING = "marketing", _("marketing")
        SOCIAL_ECONOMY = "social_economy", _("social economy")
        OTHER = "other", pgettext_lazy("kind of advisory", "other")

    class Form(models.TextChoices):
        OFFICE = "office", _("at the office")
        FIELD = "field", _("in the field")
        PHONE = "phone", _("by phone")
        ONLINE = "online", _("online")

    advisor = models.ForeignKey(
        Advisor, verbose_name=_("advisor"), on_delete=models.PROTECT, related_name="sessions"
    )
    starts_at = models.DateTimeField(_("start"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        validators=[MinValueValidator(1), MaxValueValidator(SESSION_MAX_MINUTES)],
    )
    kind = models.CharField(_("kind of advisory"), max_length=20, choices=Kind)
    form = models.CharField(_("form"), max_length=10, choices=Form)
    entity = models.ForeignKey(
        "entities.Entity",
        verbose_name=_("entity"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="advisory_sessions",
    )
    support_request = models.ForeignKey(
        SupportRequest,
        verbose_name=_("support request"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    participants = models.PositiveSmallIntegerField(
        _("number of participants"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    topic = models.CharField(_("topic"), max_length=200)
    outcome = models.TextField(_("outcome"), max_length=3000)
    internal_notes = models.TextField(_("internal notes"), max_length=3000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("logged by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("logged"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    objects = AdvisorySessionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("advisory session")
        verbose_name_plural = _("advisory sessions")
        permissions = [
            ("view_all_advisorysession", _("Can see every advisor's sessions")),
            ("view_reports", _("Can see the advisory reports")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(entity__isnull=False) | Q(support_request__isnull=False),
                name="advisory_session_serves_entity_or_request",
                violation_error_message=_(
                    "Choose the entity or the support request the session served (at least one)."
                ),
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=1, duration_minutes__lte=SESSION_MAX_MINUTES),
                name="advisory_session_duration_range",
            ),
            models.CheckConstraint(
                condition=Q(participants__gte=1), name="advisory_session_has_participants"
            ),
        ]
        indexes = [models.Index(fields=["advisor", "starts_at"], name="advisory_session_adv_idx")]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{local:%Y-%m-%d %H:%M} – {self.topic}"

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)


class OutboxEmail(models.Model):
    """An e-mail waiting to be sent (or sent): written in the same transaction as its cause,
    sent after the commit and retried by ``manage.py send_outbox`` until it goes
    (``advisory.services.outbox_send``)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("gave up")

    to = models.EmailField(_("recipient"), max_length=254)
    subject = models.CharField(_("subject"), max_length=250)
    body = models.TextField(_("text"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status, default=Status.PENDING, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    last_error = models.CharField(_("last error"), max_length=250, blank=True)
    support_request = models.ForeignKey(
        SupportRequest,
        verbose_name=_("support request"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="emails",
    )
    created_at = models.DateTimeField(_("queued"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="advisory_outbox_due_idx")
        ]

    def __str__(self):
        return self.subject
