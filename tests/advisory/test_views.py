import json
import logging
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone

from advisory import services
from advisory.forms import form_token_new
from advisory.models import OutboxEmail, PrivacyNotice, SupportRequest, SupportRequestEvent
from kowes.security import pseudonym
from tests.advisory.factories import SupportRequestFactory
from tests.advisory.helpers import element, elements, valid_form_data

FORM_URL = "/zglos-potrzebe-wsparcia/"


@pytest.fixture(autouse=True)
def _form_timing(settings):
    settings.ADVISORY_MIN_FILL_SECONDS = 0
    settings.ADVISORY_RATE_LIMIT = 5
    settings.ADVISORY_COORDINATOR_EMAILS = ["biuro@kowes.example.org"]
    settings.SITE_URL = "https://kowes.example.org"


def submit(client, data, *, execute=True, capture=None, **extra):
    if capture is None:
        return client.post(FORM_URL, data, **extra)
    with capture(execute=execute):
        return client.post(FORM_URL, data, **extra)


def test_request_form_shows_fields_with_autocomplete_tokens_and_the_notice(client, db):
    response = client.get(FORM_URL)

    html = response.content.decode()
    assert response.status_code == 200
    assert element(html, "input", name="applicant_name")["autocomplete"] == "name"
    assert element(html, "input", name="email")["autocomplete"] == "email"
    phone = element(html, "input", name="phone")
    assert (phone["type"], phone["autocomplete"]) == ("tel", "tel")
    honeypot = element(html, "input", name="hp_b7k")
    assert (honeypot["tabindex"], honeypot["autocomplete"]) == ("-1", "off")
    assert element(html, "div", **{"class": "hp-field"})["aria-hidden"] == "true"
    assert "klauzula informacyjna, wersja 1" in html
    assert PrivacyNotice.objects.current().body.split()[0] in html
    assert '<label class="form-check-label" for="id_support_kinds_6">inne</label>' in html


def test_every_page_links_to_the_request_form(client, db):
    for url in ["/", "/aktualnosci/", "/oferta/"]:
        html = client.get(url).content.decode()
        assert elements(html, "a", href=FORM_URL), url


def test_request_form_happy_path_creates_request_and_queues_emails(
    client, db, django_capture_on_commit_callbacks
):
    data = valid_form_data()

    response = submit(client, data, capture=django_capture_on_commit_callbacks)

    support_request = SupportRequest.objects.get()
    year = timezone.localtime().year
    assert support_request.reference == f"KOWES/{year}/0001"
    assert response.status_code == 302
    assert (
        response["Location"] == f"/zglos-potrzebe-wsparcia/wyslane/{support_request.status_token}/"
    )
    assert support_request.status == SupportRequest.Status.NEW
    assert (support_request.applicant_name, support_request.email) == (
        "Anna Kowalska",
        "anna.kowalska@example.org",
    )
    assert sorted(support_request.needs.values_list("kind", flat=True)) == ["grant", "legal"]
    assert support_request.privacy_notice.version == 1
    assert support_request.legal_basis == "art. 6 ust. 1 lit. e RODO"
    assert support_request.privacy_notice_shown_at <= support_request.created_at
    assert list(support_request.events.values_list("kind", "to_status")) == [("submitted", "new")]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "anna.kowalska@example.org",
        "biuro@kowes.example.org",
    ]
    applicant_mail = next(m for m in mail.outbox if m.to == ["anna.kowalska@example.org"])
    assert applicant_mail.subject == f"Twoje zgłoszenie KOWES/{year}/0001"
    status_url = f"https://kowes.example.org/zgloszenia/{support_request.status_token}/"
    assert status_url in applicant_mail.body
    assert set(OutboxEmail.objects.values_list("status", flat=True)) == {"sent"}


def test_confirmation_page_shows_the_reference_and_the_status_link(client, db):
    support_request = SupportRequestFactory()

    response = client.get(
        reverse("advisory:request-submitted", kwargs={"token": support_request.status_token})
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert element(html, "strong", id="reference") is not None
    assert support_request.reference in html
    assert elements(html, "a", href=support_request.get_status_url())


def test_request_form_invalid_input_keeps_values_and_summarises_errors(client, db):
    data = valid_form_data(email="anna@", description="", support_kinds=[])

    response = client.post(FORM_URL, data)

    html = response.content.decode()
    assert response.status_code == 400
    assert SupportRequest.objects.count() == 0
    assert element(html, "input", name="applicant_name")["value"] == "Anna Kowalska"
    assert element(html, "input", name="email")["value"] == "anna@"
    assert element(html, "input", name="phone")["value"] == "+48 600 100 200"
    assert element(html, "input", name="preferred_contact_time")["value"] == "dni robocze po 15:00"
    assert "checked" in element(html, "input", name="applicant_kind", value="initiative_group")
    summary_links = [a["href"] for a in elements(html, "a") if a.get("href", "").startswith("#id_")]
    assert summary_links == ["#id_email", "#id_support_kinds_0", "#id_description"]
    email = element(html, "input", name="email")
    assert email["aria-invalid"] == "true"
    assert "id_email_error" in email["aria-describedby"].split()
    assert element(html, "ul", id="id_email_error") is not None
    assert "Wprowadź poprawny adres email." in html
    assert "Wybierz co najmniej jeden rodzaj wsparcia." in html
    assert "To pole jest wymagane." in html
    assert response.context["form"].token_value == data["form_token"]


def test_request_form_entity_applicant_needs_the_entity_name(client, db):
    data = valid_form_data(applicant_kind="entity", entity_name="")

    response = client.post(FORM_URL, data)

    assert response.status_code == 400
    assert response.context["form"].errors["entity_name"] == [
        "Podaj nazwę swojego podmiotu albo wybierz go z katalogu."
    ]


def test_request_form_honeypot_creates_nothing(client, db, django_capture_on_commit_callbacks):
    response = submit(
        client,
        valid_form_data(hp_b7k="http://spam.example"),
        capture=django_capture_on_commit_callbacks,
    )

    assert response.status_code == 400
    assert SupportRequest.objects.count() == 0
    assert mail.outbox == []


def test_request_form_sent_too_fast_is_refused_and_keeps_its_token(client, db, settings):
    settings.ADVISORY_MIN_FILL_SECONDS = 60
    data = valid_form_data()

    response = client.post(FORM_URL, data)

    assert response.status_code == 400
    assert SupportRequest.objects.count() == 0
    assert response.context["form"].errors["form_token"] == [
        "Formularz wysłano bardzo szybko. Sprawdź odpowiedzi i wyślij go ponownie."
    ]
    assert (
        element(response.content.decode(), "input", name="form_token")["value"]
        == (data["form_token"])
    )


@pytest.mark.parametrize("token", ["", "forged", "a" * 500, "x\x00y"])
def test_request_form_with_a_bad_token_is_refused_with_a_new_token(client, db, token):
    response = client.post(FORM_URL, valid_form_data(form_token=token))

    assert response.status_code == 400
    assert SupportRequest.objects.count() == 0
    new_token = element(response.content.decode(), "input", name="form_token")["value"]
    assert new_token not in ("", token)


def test_request_form_rate_limit_allows_five_an_hour_per_client(client, db):
    statuses = [
        client.post(FORM_URL, valid_form_data(), REMOTE_ADDR="203.0.113.7").status_code
        for _ in range(6)
    ]
    other_client = client.post(FORM_URL, valid_form_data(), REMOTE_ADDR="203.0.113.8")

    assert statuses == [302, 302, 302, 302, 302, 429]
    assert other_client.status_code == 302
    assert SupportRequest.objects.count() == 6


def test_request_form_rate_limit_ignores_a_spoofed_x_forwarded_for(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 0  # no proxy of ours: the header is the client's own words
    settings.ADVISORY_RATE_LIMIT = 1

    statuses = [
        client.post(
            FORM_URL, valid_form_data(), REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR=spoofed
        ).status_code
        for spoofed in ["198.51.100.1", "198.51.100.2", "198.51.100.3, 198.51.100.4"]
    ]

    assert statuses == [302, 429, 429]
    assert SupportRequest.objects.count() == 1


def test_request_form_rate_limit_behind_a_proxy_counts_the_address_it_saw(client, db, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ADVISORY_RATE_LIMIT = 1

    def send(forwarded_for):
        return client.post(
            FORM_URL, valid_form_data(), REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR=forwarded_for
        ).status_code

    first = send("203.0.113.7")
    # The same client writes other addresses in front of what the proxy appends.
    spoofed = [send("198.51.100.1, 203.0.113.7"), send("198.51.100.2, 203.0.113.7")]
    other_client = send("198.51.100.1, 203.0.113.8")

    assert (first, spoofed, other_client) == (302, [429, 429], 302)
    assert SupportRequest.objects.count() == 2


@pytest.fixture
def security_log():
    """The lines the configured security formatter writes while the test runs."""
    lines = []
    logger = logging.getLogger("kowes.security")
    formatter = logger.handlers[0].formatter

    class Collect(logging.Handler):
        def emit(self, record):
            lines.append(formatter.format(record))

    handler = Collect()
    logger.addHandler(handler)
    yield lines
    logger.removeHandler(handler)


def events(lines) -> list[dict]:
    """The security log's records, parsed, without their time."""
    return [{k: v for k, v in json.loads(line).items() if k != "time"} for line in lines]


def test_request_form_rate_limit_is_a_security_event_without_personal_data(
    client, db, settings, security_log
):
    settings.ADVISORY_RATE_LIMIT = 1
    data = valid_form_data()

    client.post(FORM_URL, data, REMOTE_ADDR="203.0.113.7")
    client.post(FORM_URL, valid_form_data(), REMOTE_ADDR="203.0.113.7")

    assert events(security_log) == [
        {
            "level": "warning",
            "event": "rate_limited",
            "client": pseudonym("203.0.113.7"),
            "method": "POST",
            "view": "advisory:request-create",
            "scope": "support-request",
        }
    ]
    for personal in ["203.0.113", data["email"], data["applicant_name"], data["phone"]]:
        assert personal not in "".join(security_log)


def test_request_form_honeypot_is_a_security_event(client, db, security_log):
    response = client.post(
        FORM_URL, valid_form_data(hp_b7k="http://spam.example"), REMOTE_ADDR="203.0.113.9"
    )

    assert response.status_code == 400
    assert events(security_log) == [
        {
            "level": "warning",
            "event": "honeypot",
            "client": pseudonym("203.0.113.9"),
            "method": "POST",
            "view": "advisory:request-create",
        }
    ]


def test_request_form_honeypot_counts_even_when_the_rest_is_invalid(client, db, security_log):
    response = client.post(FORM_URL, valid_form_data(hp_b7k="x", email="zly@"))

    assert response.status_code == 400
    assert [event["event"] for event in events(security_log)] == ["honeypot"]
    assert response.context["form"].non_field_errors() == [
        "Nie udało się wysłać formularza. Spróbuj ponownie."
    ]
    assert SupportRequest.objects.count() == 0


def test_a_valid_request_is_no_security_event(client, db, security_log):
    assert client.post(FORM_URL, valid_form_data()).status_code == 302
    assert security_log == []


NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"


def test_request_form_and_its_answers_are_never_cached(client, db, settings):
    settings.ADVISORY_RATE_LIMIT = 1

    form = client.get(FORM_URL)
    invalid = client.post(FORM_URL, valid_form_data(email="zly@"))
    spam = client.post(FORM_URL, valid_form_data(hp_b7k="x"))
    sent = client.post(FORM_URL, valid_form_data())
    limited = client.post(FORM_URL, valid_form_data())

    responses = [form, invalid, spam, sent, limited]
    assert [r.status_code for r in responses] == [200, 400, 400, 302, 429]
    assert [r["Cache-Control"] for r in responses] == [NO_STORE] * 5


def test_confirmation_and_status_pages_are_never_cached(client, db):
    support_request = SupportRequestFactory()
    confirmation = reverse(
        "advisory:request-submitted", kwargs={"token": support_request.status_token}
    )

    responses = [client.get(confirmation), client.get(support_request.get_status_url())]

    assert [r.status_code for r in responses] == [200, 200]
    assert [r["Cache-Control"] for r in responses] == [NO_STORE, NO_STORE]


def _outbox_unreadable(execute, sql, params, many, context):
    """The database as it goes away right after a commit: the outbox cannot be read."""
    if "advisory_outboxemail" in sql and not sql.lstrip().upper().startswith("INSERT"):
        raise OperationalError("server closed the connection unexpectedly")
    return execute(sql, params, many, context)


def test_request_form_confirms_a_saved_request_when_sending_its_emails_fails(
    client, db, django_capture_on_commit_callbacks, caplog
):
    with connection.execute_wrapper(_outbox_unreadable):
        response = submit(client, valid_form_data(), capture=django_capture_on_commit_callbacks)

    support_request = SupportRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{FORM_URL}wyslane/{support_request.status_token}/"
    assert mail.outbox == []
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        (
            "ERROR",
            "Error calling outbox_enqueue.<locals>.<lambda> in on_commit() "
            "(server closed the connection unexpectedly).",
        )
    ] * 2
    assert services.outbox_send() == {"sent": 2, "failed": 0}
    assert len(mail.outbox) == 2


def test_request_form_double_submit_creates_one_request(
    client, db, django_capture_on_commit_callbacks
):
    data = valid_form_data()

    first = submit(client, data, capture=django_capture_on_commit_callbacks)
    second = submit(client, data, capture=django_capture_on_commit_callbacks)

    assert SupportRequest.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert len(mail.outbox) == 2


def test_request_form_notice_version_shown_is_recorded(client, db):
    old = PrivacyNotice.objects.current()
    data = valid_form_data(form_token=form_token_new(privacy_notice=old))
    services.privacy_notice_create(body="Nowa treść klauzuli.", legal_basis="art. 6 ust. 1 lit. a")

    client.post(FORM_URL, data)

    assert SupportRequest.objects.get().privacy_notice == old


class FailingBackend:
    """An SMTP server that is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP down")


def test_smtp_failure_keeps_request_and_emails_then_retry_sends_each_once(
    client, db, settings, django_capture_on_commit_callbacks, caplog
):
    locmem = settings.MAILERS
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailingBackend"}}
    caplog.set_level(logging.DEBUG)

    response = submit(client, valid_form_data(), capture=django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert SupportRequest.objects.count() == 1
    assert list(OutboxEmail.objects.values_list("status", "attempts", "last_error")) == [
        ("pending", 1, "ConnectionRefusedError"),
        ("pending", 1, "ConnectionRefusedError"),
    ]
    assert mail.outbox == []

    settings.MAILERS = locmem
    later = timezone.now() + timedelta(minutes=5)
    first_retry = services.outbox_send(now=later)
    second_retry = services.outbox_send(now=later + timedelta(hours=1))

    assert first_retry == {"sent": 2, "failed": 0}
    assert second_retry == {"sent": 0, "failed": 0}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "anna.kowalska@example.org",
        "biuro@kowes.example.org",
    ]
    assert "anna.kowalska@example.org" not in caplog.text
    assert "Outbox e-mail" in caplog.text


def test_submitted_personal_data_never_reaches_the_logs(
    client, db, settings, django_capture_on_commit_callbacks, caplog
):
    settings.MAILERS = {"default": {"BACKEND": f"{__name__}.FailingBackend"}}
    caplog.set_level(logging.DEBUG)
    data = valid_form_data(phone="+48 777 888 999", description="Sekretny opis potrzeby " * 3)

    submit(client, data, capture=django_capture_on_commit_callbacks)
    client.post(FORM_URL, {**data, "email": "zly@", "form_token": data["form_token"]})
    services.outbox_send(now=timezone.now() + timedelta(hours=1))

    assert caplog.records  # something was logged, and none of it personal
    for secret in ["anna.kowalska@example.org", "777 888 999", "Sekretny opis", "zly@"]:
        assert secret not in caplog.text


# --- The status page ---------------------------------------------------------------------


def test_status_page_shows_status_history_and_next_step_but_no_notes(client, db, coordinator):
    support_request = SupportRequestFactory()
    SupportRequestEvent.objects.create(
        support_request=support_request,
        kind="submitted",
        to_status="new",
        created_at=support_request.created_at,
    )
    services.support_request_transition(
        support_request=support_request, to_status="in_review", actor=coordinator
    )
    services.support_request_add_note(
        support_request=support_request, body="Poufna notatka: trudny klient.", actor=coordinator
    )

    response = client.get(support_request.get_status_url())

    html = response.content.decode()
    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"
    assert support_request.reference in html
    assert element(html, "strong", **{"class": "request-status"}) is not None
    assert "W trakcie oceny" in html
    assert [re.sub(r"\s+", " ", item) for item in re.findall(r"</time>: ([^<]+)</li>", html)] == [
        "Nowe",
        "W trakcie oceny",
    ]
    assert "Koordynator ocenia Twoje zgłoszenie" in html
    assert "Poufna notatka" not in html
    assert "trudny klient" not in html


@pytest.mark.parametrize(
    "path",
    [
        "/zgloszenia/" + "A" * 43 + "/",
        "/zgloszenia/" + "A" * 42 + "/",
        "/zgloszenia/%00" + "A" * 42 + "/",
        "/zgloszenia/" + "A" * 21 + "%00" + "A" * 21 + "/",
        "/zglos-potrzebe-wsparcia/wyslane/" + "A" * 43 + "/",
    ],
)
def test_status_page_with_a_wrong_token_is_not_found(client, db, path):
    SupportRequestFactory()

    assert client.get(path).status_code == 404


def test_status_page_of_an_anonymized_request_is_gone(client, db):
    support_request = SupportRequestFactory()
    url = support_request.get_status_url()
    services.support_requests_anonymize(support_requests=[support_request])

    assert client.get(url).status_code == 404


def test_status_page_query_count_does_not_grow_with_history(
    client, db, coordinator, django_assert_num_queries
):
    short = SupportRequestFactory()
    long = SupportRequestFactory(kinds=["legal", "grant", "training"])
    for status in ["in_review", "accepted", "in_progress", "closed"]:
        services.support_request_transition(
            support_request=long, to_status=status, actor=coordinator
        )

    with django_assert_num_queries(4):  # request, needs, history, funding logos
        client.get(short.get_status_url())
    with django_assert_num_queries(4):
        client.get(long.get_status_url())


# --- The offer page ----------------------------------------------------------------------


def test_offer_page_lists_kinds_public_advisors_and_links_to_the_form(client, db):
    from tests.advisory.factories import AdvisorFactory
    from tests.factories import StaffFactory

    shown = AdvisorFactory(user=StaffFactory(first_name="Katarzyna", last_name="Wiśniewska"))
    AdvisorFactory(user=StaffFactory(first_name="Ukryty", last_name="Doradca"), is_public=False)
    AdvisorFactory(user=StaffFactory(first_name="Były", last_name="Pracownik", is_active=False))

    response = client.get("/oferta/")

    html = response.content.decode()
    assert response.status_code == 200
    assert [h["id"] for h in elements(html, "h3")] == [f"advisor-{shown.pk}-name"]
    assert "Katarzyna Wiśniewska" in html
    assert "Doradztwo prawne".lower() in html.lower()
    assert "Wybór formy prawnej, statut" in html
    assert len(elements(html, "a", href=FORM_URL)) >= 2  # the header and the page itself
    assert element(html, "a", **{"aria-current": "page"})["href"] == "/oferta/"


def test_request_form_marks_no_navigation_item_as_the_current_page(client, db):
    html = client.get(FORM_URL).content.decode()

    assert elements(html, "a", **{"aria-current": "page"}) == []


def test_offer_page_in_english(client, db):
    response = client.get("/en/oferta/")

    assert response.status_code == 200
    assert "What we can help with" in response.content.decode()


def test_offer_page_query_count_does_not_grow_with_advisors(client, db, django_assert_num_queries):
    from tests.advisory.factories import AdvisorFactory

    AdvisorFactory()
    with django_assert_num_queries(2):  # advisors, funding logos
        client.get("/oferta/")
    AdvisorFactory.create_batch(5)
    with django_assert_num_queries(2):
        client.get("/oferta/")


def test_request_form_query_count(client, db, django_assert_num_queries):
    with django_assert_num_queries(4):  # notice, entities, municipalities, funding logos
        client.get(FORM_URL)


def test_request_form_refuses_a_post_without_the_csrf_token(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post(FORM_URL, valid_form_data())

    assert response.status_code == 403
    assert SupportRequest.objects.count() == 0
