"""The back office of support requests and advisory sessions.

Who sees what: coordinators (permission ``view_all_…``) see everything; an advisor sees
the requests assigned to them and their own sessions, and nothing else, whatever URL or
POST they forge: every query goes through ``get_queryset`` and every object through the
``has_*_permission`` checks below.
"""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.views.main import ERROR_FLAG
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from advisory import reports, services
from advisory.models import (
    Advisor,
    AdvisorySession,
    OutboxEmail,
    PrivacyNotice,
    SupportKind,
    SupportRequest,
)

VIEW_ALL_REQUESTS = "advisory.view_all_supportrequest"
VIEW_ALL_SESSIONS = "advisory.view_all_advisorysession"


class NulSafeAdmin(admin.ModelAdmin):
    """The changelist passes its query string to list filters as they are; PostgreSQL
    refuses NUL bytes in a query, so such a URL gets the admin's "invalid lookup" page."""

    def changelist_view(self, request, extra_context=None):
        if any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return HttpResponseRedirect(f"{request.path}?{ERROR_FLAG}=1")
        return super().changelist_view(request, extra_context)


class OwnRecordsAdmin(NulSafeAdmin):
    """A model admin whose records belong to an advisor: without ``view_all_permission``
    a user sees and changes only the records ``is_owner`` accepts."""

    view_all_permission = ""
    owner_filter = ""

    def sees_all(self, request) -> bool:
        return request.user.has_perm(self.view_all_permission)

    def is_owner(self, request, obj) -> bool:
        raise NotImplementedError

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.sees_all(request):
            return queryset
        return queryset.filter(**{self.owner_filter: request.user})

    def _may_touch(self, request, obj) -> bool:
        return obj is None or self.sees_all(request) or self.is_owner(request, obj)

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._may_touch(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._may_touch(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self._may_touch(request, obj)


class AdvisorListFilter(admin.RelatedFieldListFilter):
    """Filter by advisor: the advisors with their names (on the user) in one query, not one
    query per advisor."""

    def field_choices(self, field, request, model_admin):
        ordering = self.field_admin_ordering(field, request, model_admin)
        advisors = Advisor.objects.select_related("user")
        if ordering:
            advisors = advisors.order_by(*ordering)
        return [(advisor.pk, str(advisor)) for advisor in advisors]


# --- Support requests --------------------------------------------------------------------


class OverdueFilter(admin.SimpleListFilter):
    title = _("overdue")
    parameter_name = "overdue"

    def lookups(self, request, model_admin):
        return [("yes", _("Overdue")), ("no", _("Not overdue"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.overdue()
        if self.value() == "no":
            return queryset.not_overdue()
        return queryset


class SupportKindFilter(admin.SimpleListFilter):
    title = _("kind of support")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return SupportKind.choices

    def queryset(self, request, queryset):
        if self.value() in SupportKind.values:
            return queryset.filter(needs__kind=self.value())
        return queryset


class SupportRequestAdminForm(forms.ModelForm):
    new_status = forms.ChoiceField(label=_("Change the status to"), required=False)
    note = forms.CharField(
        label=_("Add an internal note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Only the staff sees notes; the applicant never does."),
    )

    class Meta:
        model = SupportRequest
        fields = ["assigned_to"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        allowed = self.instance.allowed_transitions() if self.instance.pk else ()
        self.fields["new_status"].choices = [("", _("— keep the status —"))] + [
            (status.value, status.label) for status in allowed
        ]
        if "assigned_to" in self.fields:
            self.fields["assigned_to"].queryset = Advisor.objects.select_related("user")

    def clean_new_status(self):
        value = self.cleaned_data["new_status"]
        if value and self.instance.anonymized_at:
            raise ValidationError(_("The personal data of this request has been removed."))
        return value


@admin.register(SupportRequest)
class SupportRequestAdmin(OwnRecordsAdmin):
    view_all_permission = VIEW_ALL_REQUESTS
    owner_filter = "assigned_to__user"
    form = SupportRequestAdminForm
    list_display = (
        "reference",
        "created_at",
        "status",
        "municipality",
        "assigned_to",
        "overdue_flag",
    )
    list_filter = (
        "status",
        OverdueFilter,
        ("assigned_to", AdvisorListFilter),
        SupportKindFilter,
        "municipality__county",
        "municipality",
        "applicant_kind",
    )
    list_select_related = ("municipality", "assigned_to__user")
    search_fields = ("reference", "applicant_name", "=email")
    date_hierarchy = "created_at"
    actions = ("export_personal_data", "erase_personal_data")
    readonly_fields = (
        "reference",
        "status",
        "created_at",
        "applicant_name",
        "email",
        "phone",
        "applicant_kind",
        "entity",
        "entity_name",
        "cooperative_type",
        "founders_count",
        "municipality",
        "support_kinds",
        "description",
        "preferred_contact_time",
        "privacy_notice",
        "legal_basis",
        "privacy_notice_shown_at",
        "touched_at",
        "finished_at",
        "anonymized_at",
        "history",
        "internal_notes",
        "status_link",
    )
    fieldsets = (
        (
            _("Handling"),
            {"fields": ("reference", "status", "new_status", "assigned_to", "note")},
        ),
        (
            _("Applicant"),
            {
                "fields": (
                    "applicant_name",
                    "email",
                    "phone",
                    "preferred_contact_time",
                    "applicant_kind",
                    "entity",
                    "entity_name",
                    "cooperative_type",
                    "founders_count",
                    "municipality",
                )
            },
        ),
        (_("Need"), {"fields": ("support_kinds", "description")}),
        (_("Internal notes"), {"fields": ("internal_notes",)}),
        (
            _("History"),
            {
                "fields": (
                    "history",
                    "created_at",
                    "touched_at",
                    "finished_at",
                    "anonymized_at",
                    "status_link",
                )
            },
        ),
        (
            _("Personal data (RODO)"),
            {"fields": ("privacy_notice", "legal_basis", "privacy_notice_shown_at")},
        ),
    )

    def is_owner(self, request, obj):
        return obj.assigned_to is not None and obj.assigned_to.user_id == request.user.pk

    def has_add_permission(self, request):
        return False  # requests come from the public form

    def has_export_personal_data_permission(self, request):
        return request.user.has_perm("advisory.export_personal_data")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.has_perm("advisory.assign_supportrequest"):
            fields.append("assigned_to")
        return fields

    @admin.display(description=_("overdue"), boolean=True)
    def overdue_flag(self, obj):
        return obj.is_overdue

    @admin.display(description=_("kinds of support"))
    def support_kinds(self, obj):
        return ", ".join(str(need) for need in obj.needs.all())

    @admin.display(description=_("history of changes"))
    def history(self, obj):
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    timezone.localtime(event.created_at).strftime("%Y-%m-%d %H:%M"),
                    event.actor or "—",
                    event.get_kind_display(),
                    _describe_event(event),
                )
                for event in obj.events.select_related("actor")
            ),
        )
        return format_html(
            '<table><thead><tr><th scope="col">{}</th><th scope="col">{}</th>'
            '<th scope="col">{}</th><th scope="col">{}</th></tr></thead><tbody>{}</tbody></table>',
            _("when"),
            _("who"),
            _("what"),
            _("change"),
            rows,
        )

    @admin.display(description=_("internal notes"))
    def internal_notes(self, obj):
        notes = obj.notes.select_related("author")
        if not notes:
            return "—"
        return format_html_join(
            "",
            "<p><strong>{} · {}</strong><br>{}</p>",
            (
                (
                    timezone.localtime(note.created_at).strftime("%Y-%m-%d %H:%M"),
                    note.author or "—",
                    note.body,
                )
                for note in notes
            ),
        )

    @admin.display(description=_("applicant's status page"))
    def status_link(self, obj):
        if not obj.status_token:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            obj.get_status_url(),
            _("Open the page the applicant sees"),
        )

    def save_model(self, request, obj, form, change):
        """Every change goes through the services: history entries and e-mails included."""
        data = form.cleaned_data
        try:
            if "assigned_to" in form.changed_data:
                services.support_request_assign(
                    support_request=obj, advisor=data["assigned_to"], actor=request.user
                )
            if data.get("new_status"):
                services.support_request_transition(
                    support_request=obj, to_status=data["new_status"], actor=request.user
                )
            if data.get("note", "").strip():
                services.support_request_add_note(
                    support_request=obj, body=data["note"].strip(), actor=request.user
                )
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
        obj.refresh_from_db()

    @admin.action(
        description=_("Export the applicant's data (JSON)"), permissions=["export_personal_data"]
    )
    def export_personal_data(self, request, queryset):
        emails = {email.lower() for email in queryset.values_list("email", flat=True) if email}
        if len(emails) != 1:
            self.message_user(
                request,
                _("Select the requests of one person (one e-mail address) to export."),
                messages.ERROR,
            )
            return None
        email = emails.pop()
        data = services.person_data_export(email=email)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="dane-osobowe.json"'
        response["Cache-Control"] = "no-store"
        return response

    @admin.action(
        description=_("Erase the applicant's personal data"),
        permissions=["export_personal_data"],
    )
    def erase_personal_data(self, request, queryset):
        emails = sorted({email.lower() for email in queryset.values_list("email", flat=True)})
        emails = [email for email in emails if email]
        if request.POST.get("confirm") == "yes" and emails:
            count = sum(
                services.person_data_erase(email=email, actor=request.user) for email in emails
            )
            self.message_user(
                request,
                ngettext(
                    "Personal data removed from %(count)d request. Kept for the reports: "
                    "reference, dates, status history, municipality, kinds of support and "
                    "advisory sessions.",
                    "Personal data removed from %(count)d requests. Kept for the reports: "
                    "reference, dates, status history, municipality, kinds of support and "
                    "advisory sessions.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        affected = SupportRequest.objects.none()
        for email in emails:
            affected = affected | SupportRequest.objects.of_person(email)
        return TemplateResponse(
            request,
            "admin/advisory/erase_confirmation.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Erase personal data"),
                "opts": self.model._meta,
                "emails": emails,
                "affected": affected.order_by("created_at"),
                "selected": queryset.values_list("pk", flat=True),
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )


def _describe_event(event) -> str:
    if event.from_status or event.to_status:
        return f"{event.get_from_status_display() or '—'} → {event.get_to_status_display()}"
    return event.detail


# --- Advisors, sessions, reports ---------------------------------------------------------


@admin.register(Advisor)
class AdvisorAdmin(OwnRecordsAdmin):
    view_all_permission = VIEW_ALL_SESSIONS
    owner_filter = "user"
    list_display = ("__str__", "specialities", "is_public")
    list_select_related = ("user",)
    search_fields = ("user__first_name", "user__last_name", "specialities")
    readonly_fields = ("calendar_link",)
    fields = ("user", "specialities", "bio", "photo", "photo_alt", "is_public", "calendar_link")
    actions = ("new_calendar_link",)

    def is_owner(self, request, obj):
        return obj.user_id == request.user.pk

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None or not self.sees_all(request):
            fields.append("user")
        return fields

    @admin.display(description=_("private calendar feed (iCalendar)"))
    def calendar_link(self, obj):
        if not obj.pk:
            return "—"
        return format_html(
            '<a href="{0}">{0}</a><br>{1}',
            services.absolute_url(obj.get_calendar_url()),
            _("Subscribe to this address in your calendar app. Do not share it."),
        )

    @admin.action(description=_("Give a new calendar address (the old one stops working)"))
    def new_calendar_link(self, request, queryset):
        count = services.advisors_new_calendar_token(advisors=queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d calendar address changed.",
                "%(count)d calendar addresses changed.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


class AdvisorySessionAdminForm(forms.ModelForm):
    class Meta:
        model = AdvisorySession
        fields = [
            "advisor",
            "starts_at",
            "duration_minutes",
            "kind",
            "form",
            "entity",
            "support_request",
            "participants",
            "topic",
            "outcome",
            "internal_notes",
        ]

    def clean(self):
        cleaned = super().clean()
        advisor = cleaned.get("advisor") or (
            self.instance.advisor if self.instance.advisor_id else None
        )
        starts_at, duration = cleaned.get("starts_at"), cleaned.get("duration_minutes")
        if advisor and starts_at and duration:
            clash = services.session_overlapping(
                advisor=advisor,
                starts_at=starts_at,
                duration_minutes=duration,
                exclude_pk=self.instance.pk,
            )
            if clash:
                raise ValidationError(
                    _("This advisor already has a session at that time: %(session)s.")
                    % {"session": clash}
                )
        return cleaned


@admin.register(AdvisorySession)
class AdvisorySessionAdmin(OwnRecordsAdmin):
    view_all_permission = VIEW_ALL_SESSIONS
    owner_filter = "advisor__user"
    form = AdvisorySessionAdminForm
    list_display = (
        "starts_at",
        "advisor",
        "kind",
        "form",
        "duration_minutes",
        "participants",
        "entity",
        "support_request",
    )
    list_filter = ("kind", "form", ("advisor", AdvisorListFilter))
    list_select_related = ("advisor__user", "entity", "support_request")
    search_fields = ("topic", "entity__name", "support_request__reference")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("entity", "support_request")
    readonly_fields = ("created_by", "created_at", "updated_at")
    fieldsets = (
        (None, {"fields": ("advisor", "starts_at", "duration_minutes", "kind", "form")}),
        (_("Served"), {"fields": ("entity", "support_request", "participants")}),
        (_("Content"), {"fields": ("topic", "outcome", "internal_notes")}),
        (_("Record"), {"fields": ("created_by", "created_at", "updated_at")}),
    )

    def is_owner(self, request, obj):
        return obj.advisor.user_id == request.user.pk

    def has_add_permission(self, request):
        if not super().has_add_permission(request):
            return False
        return self.sees_all(request) or Advisor.objects.filter(user=request.user).exists()

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if self.sees_all(request):
            return fieldsets
        first = dict(fieldsets[0][1])
        first["fields"] = tuple(f for f in first["fields"] if f != "advisor")
        return ((fieldsets[0][0], first), *fieldsets[1:])

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        if not self.sees_all(request) and obj is None:
            advisor = Advisor.objects.filter(user=request.user).first()

            class OwnSessionForm(form):
                def __init__(self, *args, **kw):
                    super().__init__(*args, **kw)
                    self.instance.advisor = advisor

            return OwnSessionForm
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "support_request" and not request.user.has_perm(VIEW_ALL_REQUESTS):
            kwargs["queryset"] = SupportRequest.objects.assigned_to_user(request.user)
        if db_field.name == "advisor":
            kwargs["queryset"] = Advisor.objects.select_related("user")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not self.sees_all(request):
            obj.advisor = Advisor.objects.get(user=request.user)
        services.session_save(session=obj, actor=request.user)

    def get_urls(self):
        return [
            path(
                "raporty/",
                self.admin_site.admin_view(self.reports_view),
                name="advisory_advisorysession_reports",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "reports_url": reverse("admin:advisory_advisorysession_reports")
            if request.user.has_perm("advisory.view_reports")
            else None,
        }
        return super().changelist_view(request, extra_context)

    def reports_view(self, request):
        """Advisory sessions, hours and participants for a date range, grouped five ways."""
        if not request.user.has_perm("advisory.view_reports"):
            raise PermissionDenied
        form = reports.ReportForm(request.GET or None)
        tables = []
        if form.is_valid():
            start, end = form.cleaned_data["start"], form.cleaned_data["end"]
            by = request.GET.get("csv")
            if by in reports.DIMENSIONS:
                rows = reports.report_rows(start=start, end=end, by=by)
                response = HttpResponse(content_type="text/csv; charset=utf-8")
                response["Content-Disposition"] = (
                    f'attachment; filename="sesje-{by}-{start:%Y%m%d}-{end:%Y%m%d}.csv"'
                )
                reports.write_csv(response, rows=rows, by=by)
                return response
            for by, label in reports.DIMENSIONS.items():
                rows = reports.report_rows(start=start, end=end, by=by)
                tables.append(
                    {
                        "by": by,
                        "label": label,
                        "rows": rows,
                        "total": reports.report_totals(rows),
                        "csv_query": f"start={start:%Y-%m-%d}&end={end:%Y-%m-%d}&csv={by}",
                    }
                )
        return TemplateResponse(
            request,
            "admin/advisory/reports.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Advisory reports"),
                "opts": self.model._meta,
                "form": form,
                "tables": tables,
            },
        )


# --- Privacy notices and the outbox ------------------------------------------------------


@admin.register(PrivacyNotice)
class PrivacyNoticeAdmin(NulSafeAdmin):
    """New versions only: a version once published stays as the applicants saw it."""

    list_display = ("version", "legal_basis", "created_at")
    fields = ("version", "legal_basis", "body", "created_at")
    readonly_fields = ("version", "created_at")

    def has_change_permission(self, request, obj=None):
        return False if obj is not None else super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        created = services.privacy_notice_create(body=obj.body, legal_basis=obj.legal_basis)
        obj.pk, obj.version, obj.created_at = created.pk, created.version, created.created_at


@admin.register(OutboxEmail)
class OutboxEmailAdmin(NulSafeAdmin):
    list_display = ("subject", "to", "status", "attempts", "created_at", "sent_at")
    list_filter = ("status",)
    list_select_related = ("support_request",)
    search_fields = ("=to", "subject")
    readonly_fields = (
        "to",
        "subject",
        "body",
        "status",
        "attempts",
        "next_attempt_at",
        "last_error",
        "support_request",
        "created_at",
        "sent_at",
    )
    actions = ("retry",)

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send again"), permissions=["change"])
    def retry(self, request, queryset):
        count = services.outbox_retry(emails=queryset)
        services.outbox_send(ids=list(queryset.values_list("pk", flat=True)))
        self.message_user(
            request,
            ngettext("%(count)d e-mail queued again.", "%(count)d e-mails queued again.", count)
            % {"count": count},
            messages.SUCCESS,
        )
