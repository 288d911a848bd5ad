"""Advisory reports for coordinators: sessions, hours and participants grouped by month,
kind, advisor, entity or county, for a date range; on screen and as CSV."""

import csv
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.db.models import Count, F, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advisory.models import AdvisorySession

DIMENSIONS = {
    "month": _("month"),
    "kind": _("kind of advisory"),
    "advisor": _("advisor"),
    "entity": _("entity"),
    "county": _("county"),
}


@dataclass(frozen=True)
class ReportRow:
    label: str
    sessions: int
    minutes: int
    participants: int

    @property
    def hours(self) -> Decimal:
        return (Decimal(self.minutes) / 60).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


class ReportForm(forms.Form):
    start = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["start"] > cleaned["end"]:
            raise forms.ValidationError(_("The start date must not be after the end date."))
        return cleaned


def _grouped(sessions, key, *, order_by=None):
    return (
        sessions.annotate(group=key)
        .values("group")
        .annotate(
            sessions=Count("pk"),
            minutes=Sum("duration_minutes"),
            participants=Sum("participants"),
        )
        .order_by(order_by or "group")
    )


def report_rows(*, start, end, by: str) -> list[ReportRow]:
    """One row per group of the sessions between ``start`` and ``end`` (dates included)."""
    sessions = AdvisorySession.objects.between(start, end).order_by()
    if by == "month":
        rows = _grouped(sessions, TruncMonth("starts_at", tzinfo=timezone.get_current_timezone()))
        return [
            ReportRow(r["group"].strftime("%Y-%m"), r["sessions"], r["minutes"], r["participants"])
            for r in rows
        ]
    if by == "kind":
        labels = dict(AdvisorySession.Kind.choices)
        rows = _grouped(sessions, F("kind"))
        return sorted(
            (
                ReportRow(str(labels[r["group"]]), r["sessions"], r["minutes"], r["participants"])
                for r in rows
            ),
            key=lambda row: row.label,
        )
    if by == "advisor":
        rows = (
            sessions.values("advisor", "advisor__user__first_name", "advisor__user__last_name")
            .annotate(
                sessions=Count("pk"),
                minutes=Sum("duration_minutes"),
                participants=Sum("participants"),
            )
            .order_by("advisor__user__last_name", "advisor__user__first_name", "advisor")
        )
        return [
            ReportRow(
                f"{r['advisor__user__first_name']} {r['advisor__user__last_name']}".strip(),
                r["sessions"],
                r["minutes"],
                r["participants"],
            )
            for r in rows
        ]
    if by == "entity":
        rows = _grouped(sessions, Coalesce("entity__name", "support_request__entity__name"))
        return _with_none_last(rows, _("(no entity: initiative groups and persons)"))
    if by == "county":
        rows = _grouped(
            sessions,
            Coalesce(
                "entity__municipality__county__name",
                "support_request__municipality__county__name",
            ),
        )
        return _with_none_last(rows, _("(unknown)"))
    raise ValueError(f"Unknown report dimension: {by}")


def _with_none_last(rows, none_label) -> list[ReportRow]:
    named = [
        ReportRow(r["group"], r["sessions"], r["minutes"], r["participants"])
        for r in rows
        if r["group"] is not None
    ]
    unnamed = [
        ReportRow(str(none_label), r["sessions"], r["minutes"], r["participants"])
        for r in rows
        if r["group"] is None
    ]
    return named + unnamed


def report_totals(rows: list[ReportRow]) -> ReportRow:
    return ReportRow(
        str(_("Total")),
        sum(row.sessions for row in rows),
        sum(row.minutes for row in rows),
        sum(row.participants for row in rows),
    )


def write_csv(file, *, rows: list[ReportRow], by: str) -> None:
    """A report as CSV: a header, one line per group and a total line; hours with a dot."""
    writer = csv.writer(file)
    writer.writerow([str(DIMENSIONS[by]), _("sessions"), _("hours"), _("participants")])
    for row in [*rows, report_totals(rows)]:
        writer.writerow([row.label, row.sessions, f"{row.hours:.2f}", row.participants])
