"""An advisor's sessions as an iCalendar (RFC 5545) feed, written by hand.

The format needs little: CRLF line ends, text values escaped (backslash, semicolon,
comma, newline), and content lines folded at 75 octets without splitting a UTF-8
character. A library would add a dependency for these twenty lines.
"""

from datetime import UTC

from django.utils.translation import gettext as _

LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """A TEXT value (RFC 5545, 3.3.11)."""
    return (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line into pieces of at most 75 octets (RFC 5545, 3.1)."""
    pieces = []
    current = ""
    limit = LINE_OCTETS
    for char in line:
        if len((current + char).encode()) > limit:
            pieces.append(current)
            current = char
            limit = LINE_OCTETS - 1  # continuation lines begin with a space
        else:
            current += char
    pieces.append(current)
    return "\r\n ".join(pieces)


def _utc(moment) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def advisor_calendar_ics(*, advisor, sessions, host: str, now) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//KOWES//Advisory sessions//PL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "X-WR-CALNAME:" + escape_text(_("KOWES sessions: %(name)s") % {"name": advisor}),
    ]
    for session in sessions:
        served = []
        if session.entity_id:
            served.append(session.entity.name)
        if session.support_request_id:
            served.append(session.support_request.reference)
        description = "\n".join(
            [
                _("Kind: %(kind)s") % {"kind": session.get_kind_display()},
                _("Form: %(form)s") % {"form": session.get_form_display()},
                _("Participants: %(count)s") % {"count": session.participants},
                _("For: %(served)s") % {"served": ", ".join(served)},
            ]
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:advisory-session-{session.pk}@{host}",
            f"DTSTAMP:{_utc(now)}",
            f"LAST-MODIFIED:{_utc(session.updated_at)}",
            f"DTSTART:{_utc(session.starts_at)}",
            f"DTEND:{_utc(session.ends_at)}",
            f"SUMMARY:{escape_text(session.topic)}",
            f"DESCRIPTION:{escape_text(description)}",
            f"CATEGORIES:{escape_text(session.get_kind_display())}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)
