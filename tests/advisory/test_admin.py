import csv
import io
import json
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from advisory.models import AdvisorySession, OutboxEmail, PrivacyNotice, SupportRequest
from tests.advisory.factories import (
    AdvisorFactory,
    AdvisorySessionFactory,
    SupportRequestFactory,
)
from tests.factories import CountyFactory, EntityFactory, MunicipalityFactory

WARSAW = ZoneInfo("Europe/Warsaw")
REQUESTS_URL = reverse("admin:advisory_supportrequest_changelist")
SESSIONS_URL = reverse("admin:advisory_advisorysession_changelist")
REPORTS_URL = reverse("admin:advisory_advisorysession_reports")


def change_url(obj):
    return reverse(f"admin:advisory_{obj._meta.model_name}_change", args=[obj.pk])


def session_data(session=None, **overrides):
    start = datetime(2014, 5, 6, 10, tzinfo=WARSAW)
    data = {
        "starts_at_0": start.strftime("%Y-%m-%d"),
        "starts_at_1": start.strftime("%H:%M"),
        "duration_minutes": 60,
        "kind": "legal",
        "form": "office",
        "entity": "",
        "support_request": "",
        "participants": 2,
        "topic": "Statut",
        "outcome": "Omówiono statut.",
        "internal_notes": "",
    }
    data.update(overrides)
    return data


# --- The request workflow ----------------------------------------------------------------


def test_coordinator_processes_a_request_in_the_admin(
    client, coordinator, advisor, django_capture_on_commit_callbacks
):
    support_request = SupportRequestFactory()
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            change_url(support_request),
            {"new_status": "in_review", "assigned_to": advisor.pk, "note": "Zadzwonić jutro."},
        )

    support_request.refresh_from_db()
    assert response.status_code == 302
    assert support_request.status == "in_review"
    assert support_request.assigned_to == advisor
    assert support_request.notes.get().body == "Zadzwonić jutro."
    assert list(
        support_request.events.values_list("kind", "actor", "from_status", "to_status")
    ) == [
        ("assigned", coordinator.pk, "", ""),
        ("status_changed", coordinator.pk, "new", "in_review"),
        ("note_added", coordinator.pk, "", ""),
    ]
    assert sorted(m.subject for m in mail.outbox) == [
        f"Twoje zgłoszenie {support_request.reference}: Twój doradca",
        f"Twoje zgłoszenie {support_request.reference}: nowy status",
    ]


def test_change_page_offers_only_the_allowed_transitions_and_shows_history(client, coordinator):
    support_request = SupportRequestFactory(status="in_review")
    client.force_login(coordinator)

    response = client.get(change_url(support_request))

    choices = [
        value for value, _label in response.context["adminform"].form.fields["new_status"].choices
    ]
    assert choices == ["", "accepted", "rejected"]
    assert response.status_code == 200


def test_a_forged_transition_is_refused(client, coordinator):
    support_request = SupportRequestFactory(status="new")
    client.force_login(coordinator)

    response = client.post(change_url(support_request), {"new_status": "closed"})

    support_request.refresh_from_db()
    assert response.status_code == 200
    assert "new_status" in response.context["adminform"].form.errors
    assert support_request.status == "new"
    assert support_request.events.count() == 0


def test_advisor_cannot_reassign_a_request_even_by_a_forged_post(client, advisor, other_advisor):
    support_request = SupportRequestFactory(assigned_to=advisor)
    client.force_login(advisor.user)

    client.post(
        change_url(support_request),
        {"new_status": "in_review", "assigned_to": other_advisor.pk, "note": ""},
    )

    support_request.refresh_from_db()
    assert support_request.assigned_to == advisor
    assert support_request.status == "in_review"


def test_advisor_sees_only_the_requests_assigned_to_them(client, advisor, other_advisor):
    mine = SupportRequestFactory(assigned_to=advisor)
    SupportRequestFactory(assigned_to=other_advisor)
    SupportRequestFactory()
    client.force_login(advisor.user)

    response = client.get(REQUESTS_URL)

    assert list(response.context["cl"].result_list) == [mine]


def test_request_changelist_filters(client, coordinator, advisor):
    now = timezone.now()
    kramsk = MunicipalityFactory(name="Kramsk-test", slug="kramsk-test")
    overdue = SupportRequestFactory(created_at=now - timedelta(days=10), kinds=["legal"])
    assigned = SupportRequestFactory(assigned_to=advisor, status="in_review", kinds=["grant"])
    in_kramsk = SupportRequestFactory(municipality=kramsk, kinds=["legal", "training"])
    client.force_login(coordinator)

    def listed(query):
        response = client.get(REQUESTS_URL, query)
        assert response.status_code == 200
        return set(response.context["cl"].result_list)

    assert listed({"overdue": "yes"}) == {overdue}
    assert listed({"overdue": "no"}) == {assigned, in_kramsk}
    assert listed({"status__exact": "in_review"}) == {assigned}
    assert listed({"assigned_to__id__exact": advisor.pk}) == {assigned}
    assert listed({"kind": "legal"}) == {overdue, in_kramsk}
    assert listed({"municipality__id__exact": kramsk.pk}) == {in_kramsk}
    assert listed({"q": in_kramsk.reference}) == {in_kramsk}


@pytest.mark.parametrize(
    "query",
    [{"kind": "x\x00"}, {"overdue": "\x00"}, {"status__exact": "a\x00b"}, {"q": "\x00"}],
)
def test_request_changelist_survives_nul_bytes(client, coordinator, query):
    SupportRequestFactory()
    client.force_login(coordinator)

    response = client.get(REQUESTS_URL, query)

    assert response.status_code in (200, 302)


def test_request_changelist_query_count_does_not_grow(
    client, coordinator, advisor, django_assert_num_queries
):
    client.force_login(coordinator)
    SupportRequestFactory(assigned_to=advisor)
    client.get(REQUESTS_URL)  # warm the caches (content types, session)

    with django_assert_num_queries(12) as few:
        client.get(REQUESTS_URL)
    expected = len(few.captured_queries)
    for _ in range(15):  # each with another advisor: the advisor filter lists them all
        SupportRequestFactory(assigned_to=AdvisorFactory(), municipality=MunicipalityFactory())
    with django_assert_num_queries(expected):
        client.get(REQUESTS_URL)


def test_request_change_page_query_count_does_not_grow_with_history(
    client, coordinator, django_assert_num_queries
):
    client.force_login(coordinator)
    support_request = SupportRequestFactory()
    client.get(change_url(support_request))
    with django_assert_num_queries(11) as few:
        client.get(change_url(support_request))
    expected = len(few.captured_queries)
    for status in ["in_review", "accepted", "in_progress", "closed"]:
        client.post(change_url(support_request), {"new_status": status, "note": status})
    with django_assert_num_queries(expected):
        client.get(change_url(support_request))


# --- Sessions in the admin ---------------------------------------------------------------


def test_advisor_logs_a_session_as_themselves_even_with_a_forged_advisor(
    client, advisor, other_advisor
):
    entity = EntityFactory()
    client.force_login(advisor.user)

    response = client.post(
        reverse("admin:advisory_advisorysession_add"),
        session_data(advisor=other_advisor.pk, entity=entity.pk),
    )

    session = AdvisorySession.objects.get()
    assert response.status_code == 302
    assert (session.advisor, session.created_by) == (advisor, advisor.user)


def test_advisor_cannot_log_a_session_for_another_advisors_request(client, advisor, other_advisor):
    foreign = SupportRequestFactory(assigned_to=other_advisor)
    client.force_login(advisor.user)

    response = client.post(
        reverse("admin:advisory_advisorysession_add"), session_data(support_request=foreign.pk)
    )

    assert response.status_code == 200
    assert "support_request" in response.context["adminform"].form.errors
    assert AdvisorySession.objects.count() == 0


def test_session_form_refuses_an_overlap_and_a_session_serving_nothing(client, advisor):
    entity = EntityFactory()
    AdvisorySessionFactory(advisor=advisor, starts_at=datetime(2014, 5, 6, 10, 30, tzinfo=WARSAW))
    client.force_login(advisor.user)

    overlap = client.post(
        reverse("admin:advisory_advisorysession_add"), session_data(entity=entity.pk)
    )
    unlinked = client.post(
        reverse("admin:advisory_advisorysession_add"), session_data(starts_at_1="14:00")
    )

    assert overlap.context["adminform"].form.non_field_errors() == [
        "Ten doradca ma już w tym czasie sesję: 2014-05-06 10:30 – Statut spółdzielni."
    ]
    assert unlinked.context["adminform"].form.non_field_errors() == [
        "Wybierz podmiot lub zgłoszenie, którego dotyczyła sesja (co najmniej jedno)."
    ]
    assert AdvisorySession.objects.count() == 1


def test_advisor_sees_only_their_sessions(client, advisor, other_advisor):
    mine = AdvisorySessionFactory(advisor=advisor)
    AdvisorySessionFactory(advisor=other_advisor)
    client.force_login(advisor.user)

    response = client.get(SESSIONS_URL)

    assert list(response.context["cl"].result_list) == [mine]
    assert response.context["reports_url"] is None


def test_session_changelist_query_count_does_not_grow(
    client, coordinator, advisor, django_assert_num_queries
):
    client.force_login(coordinator)
    AdvisorySessionFactory(advisor=advisor)
    client.get(SESSIONS_URL)
    with django_assert_num_queries(10) as few:
        client.get(SESSIONS_URL)
    expected = len(few.captured_queries)
    for _ in range(15):  # each by another advisor: the advisor filter lists them all
        AdvisorySessionFactory(support_request=SupportRequestFactory())
    with django_assert_num_queries(expected):
        client.get(SESSIONS_URL)


# --- Reports -----------------------------------------------------------------------------


@pytest.fixture
def report_sessions(advisor, other_advisor):
    konin = CountyFactory(name="Konin-test", slug="konin-test")
    turek = CountyFactory(name="powiat turecki-test", slug="turecki-test")
    otwarci = EntityFactory(name="Otwarci", municipality=MunicipalityFactory(county=konin))
    razem = EntityFactory(name="Razem", municipality=MunicipalityFactory(county=turek))
    group_request = SupportRequestFactory(municipality=MunicipalityFactory(county=turek))

    def at(month, day, hour=9):
        return datetime(2014, month, day, hour, tzinfo=WARSAW)

    AdvisorySessionFactory(
        advisor=advisor, starts_at=at(3, 3), duration_minutes=90, kind="legal",
        participants=3, entity=otwarci,
    )  # fmt: skip
    AdvisorySessionFactory(
        advisor=advisor, starts_at=at(3, 4), duration_minutes=60, kind="accounting",
        participants=1, entity=razem,
    )  # fmt: skip
    AdvisorySessionFactory(
        advisor=other_advisor, starts_at=at(4, 1), duration_minutes=45, kind="legal",
        participants=2, entity=None, support_request=group_request,
    )  # fmt: skip
    AdvisorySessionFactory(  # outside the range
        advisor=advisor, starts_at=at(6, 2), duration_minutes=600, kind="legal", entity=otwarci
    )


def rows_of(table):
    return [(row.label, row.sessions, str(row.hours), row.participants) for row in table["rows"]]


def test_reports_show_exact_numbers_grouped_five_ways(client, coordinator, report_sessions):
    client.force_login(coordinator)

    response = client.get(REPORTS_URL, {"start": "2014-03-01", "end": "2014-05-31"})

    tables = {table["by"]: table for table in response.context["tables"]}
    assert response.status_code == 200
    assert rows_of(tables["month"]) == [("2014-03", 2, "2.50", 4), ("2014-04", 1, "0.75", 2)]
    assert rows_of(tables["kind"]) == [("księgowe", 1, "1.00", 1), ("prawne", 2, "2.25", 5)]
    assert rows_of(tables["advisor"]) == [
        ("Jan Nowak" + tables["advisor"]["rows"][0].label.split("Nowak")[1], 2, "2.50", 4),
        ("Ola Nowak" + tables["advisor"]["rows"][1].label.split("Nowak")[1], 1, "0.75", 2),
    ]
    assert rows_of(tables["entity"]) == [
        ("Otwarci", 1, "1.50", 3),
        ("Razem", 1, "1.00", 1),
        ("(bez podmiotu: grupy inicjatywne i osoby)", 1, "0.75", 2),
    ]
    assert rows_of(tables["county"]) == [
        ("Konin-test", 1, "1.50", 3),
        ("powiat turecki-test", 2, "1.75", 3),
    ]
    for table in tables.values():
        total = table["total"]
        assert (total.sessions, str(total.hours), total.participants) == (3, "3.25", 6)


def test_report_csv_parses_back_to_the_same_numbers(client, coordinator, report_sessions):
    client.force_login(coordinator)

    response = client.get(REPORTS_URL, {"start": "2014-03-01", "end": "2014-05-31", "csv": "month"})

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="sesje-month-20140301-20140531.csv"'
    )
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["miesiąc", "sesje", "godziny", "uczestnicy"],
        ["2014-03", "2", "2.50", "4"],
        ["2014-04", "1", "0.75", "2"],
        ["Razem", "3", "3.25", "6"],
    ]


@pytest.mark.parametrize(
    "query",
    [
        {"start": "2014-05-31", "end": "2014-03-01"},
        {"start": "nie-data", "end": "2014-03-01"},
        {"start": "2014-03-01\x00", "end": "2014-05-31", "csv": "month"},
        {"start": "2014-03-01", "end": "2014-05-31", "csv": "x\x00"},
    ],
)
def test_reports_with_bad_input_show_the_form_without_error_pages(client, coordinator, query):
    client.force_login(coordinator)

    response = client.get(REPORTS_URL, query)

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"


def test_reports_are_for_coordinators_only(client, advisor, editor):
    for user in [advisor.user, editor]:
        client.force_login(user)
        assert (
            client.get(REPORTS_URL, {"start": "2014-01-01", "end": "2014-12-31"}).status_code == 403
        )


def test_reports_query_count_does_not_grow_with_sessions(
    client, coordinator, advisor, django_assert_num_queries
):
    client.force_login(coordinator)
    query = {"start": "2014-01-01", "end": "2014-12-31"}
    AdvisorySessionFactory(advisor=advisor)
    client.get(REPORTS_URL, query)
    with django_assert_num_queries(9) as few:
        client.get(REPORTS_URL, query)
    expected = len(few.captured_queries)
    for _ in range(10):
        AdvisorySessionFactory(advisor=advisor, entity=EntityFactory())
    with django_assert_num_queries(expected):
        client.get(REPORTS_URL, query)


# --- Personal data actions ---------------------------------------------------------------


def test_export_action_downloads_one_persons_data_as_json(client, coordinator):
    first = SupportRequestFactory(email="anna@example.org")
    second = SupportRequestFactory(email="anna@example.org")
    client.force_login(coordinator)

    response = client.post(
        REQUESTS_URL, {"action": "export_personal_data", ACTION_CHECKBOX_NAME: [first.pk]}
    )

    data = json.loads(response.content)
    assert response["Content-Disposition"] == 'attachment; filename="dane-osobowe.json"'
    assert [r["reference"] for r in data["support_requests"]] == [first.reference, second.reference]


def test_export_action_refuses_requests_of_several_people(client, coordinator):
    first, second = SupportRequestFactory(), SupportRequestFactory()
    client.force_login(coordinator)

    response = client.post(
        REQUESTS_URL,
        {"action": "export_personal_data", ACTION_CHECKBOX_NAME: [first.pk, second.pk]},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Do eksportu zaznacz zgłoszenia jednej osoby (jeden adres e-mail)."
    ]


def test_erase_action_asks_first_then_erases_and_says_what_was_kept(client, coordinator):
    support_request = SupportRequestFactory(email="anna@example.org")
    client.force_login(coordinator)
    data = {"action": "erase_personal_data", ACTION_CHECKBOX_NAME: [support_request.pk]}

    confirmation = client.post(REQUESTS_URL, data)
    support_request.refresh_from_db()
    assert support_request.email == "anna@example.org"
    assert "anna@example.org" in confirmation.content.decode()
    assert "Co zostaje i dlaczego" in confirmation.content.decode()

    done = client.post(REQUESTS_URL, {**data, "confirm": "yes"}, follow=True)

    support_request.refresh_from_db()
    assert (support_request.email, support_request.applicant_name) == ("", "")
    assert [str(m) for m in done.context["messages"]] == [
        "Usunięto dane osobowe z 1 zgłoszenia. Na potrzeby sprawozdań zostają: numer, daty, "
        "historia statusów, gmina, rodzaje wsparcia i sesje doradcze."
    ]


def test_advisors_have_no_personal_data_actions(client, advisor):
    support_request = SupportRequestFactory(assigned_to=advisor)
    client.force_login(advisor.user)

    listing = client.get(REQUESTS_URL)
    client.post(
        REQUESTS_URL,
        {
            "action": "erase_personal_data",
            ACTION_CHECKBOX_NAME: [support_request.pk],
            "confirm": "yes",
        },
    )

    support_request.refresh_from_db()
    assert listing.context["action_form"] is None  # no actions at all
    assert support_request.email != ""


# --- Privacy notices and the outbox ------------------------------------------------------


def test_adding_a_privacy_notice_makes_a_new_version(client, coordinator):
    client.force_login(coordinator)

    client.post(
        reverse("admin:advisory_privacynotice_add"),
        {"legal_basis": "art. 6 ust. 1 lit. e RODO", "body": "Nowa treść"},
    )

    assert list(PrivacyNotice.objects.values_list("version", flat=True)) == [2, 1]
    assert PrivacyNotice.objects.current().body == "Nowa treść"


def test_outbox_retry_action_sends_a_failed_email(client, coordinator):
    email = OutboxEmail.objects.create(
        to="a@example.org", subject="Temat", body="Treść", status="failed", attempts=10
    )
    client.force_login(coordinator)

    client.post(
        reverse("admin:advisory_outboxemail_changelist"),
        {"action": "retry", ACTION_CHECKBOX_NAME: [email.pk]},
    )

    email.refresh_from_db()
    assert email.status == "sent"
    assert [m.subject for m in mail.outbox] == ["Temat"]


def test_advisor_profile_shows_the_private_calendar_address(client, advisor, settings):
    settings.SITE_URL = "https://kowes.example.org"
    client.force_login(advisor.user)

    response = client.get(change_url(advisor))

    assert f"https://kowes.example.org{advisor.get_calendar_url()}" in response.content.decode()


def test_requests_are_never_added_by_hand(client, coordinator):
    client.force_login(coordinator)

    assert client.get(reverse("admin:advisory_supportrequest_add")).status_code == 403
    assert SupportRequest.objects.count() == 0


def test_advisor_photo_needs_alt_text(client, coordinator, advisor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    gif = (
        b"GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00"
        b"\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
    )
    client.force_login(coordinator)

    response = client.post(
        change_url(advisor),
        {
            "specialities": "prawo",
            "bio": "",
            "is_public": "on",
            "photo_alt": "",
            "photo": SimpleUploadedFile("doradca.gif", gif, content_type="image/gif"),
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Opisz zdjęcie: tekst alternatywny jest wymagany przy zdjęciu."
    ]


def test_request_autocomplete_of_the_session_form_offers_an_advisor_only_their_requests(
    client, advisor, other_advisor
):
    mine = SupportRequestFactory(assigned_to=advisor)
    SupportRequestFactory(assigned_to=other_advisor)
    client.force_login(advisor.user)

    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "advisory", "model_name": "advisorysession", "field_name": "support_request"},
    )

    assert [item["id"] for item in response.json()["results"]] == [str(mine.pk)]


def test_change_page_shows_who_changed_what_and_when(client, coordinator):
    from advisory import services

    support_request = SupportRequestFactory()
    services.support_request_transition(
        support_request=support_request, to_status="in_review", actor=coordinator
    )
    client.force_login(coordinator)

    html = client.get(change_url(support_request)).content.decode()

    when = timezone.localtime(support_request.events.get().created_at).strftime("%Y-%m-%d %H:%M")
    assert (
        f"<tr><td>{when}</td><td>{coordinator}</td><td>zmiana statusu</td>"
        "<td>nowe → w trakcie oceny</td></tr>"
    ) in html
