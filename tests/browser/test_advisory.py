"""A founder asks for support from a phone with the keyboard only; staff move the request on."""

import re

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from advisory.models import SupportRequest
from tests.advisory.factories import AdvisorFactory, SupportRequestFactory
from tests.advisory.reference import ensure_reference_data
from tests.browser.conftest import tab_until
from tests.factories import StaffFactory


@pytest.fixture(autouse=True)
def _advisory(transactional_db, settings):
    translation.activate("pl")  # another test's /en/ request may have left English active
    settings.ADVISORY_MIN_FILL_SECONDS = 0
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    ensure_reference_data()


def _is(attribute, value):
    return lambda element: element is not None and element.get_attribute(attribute) == value


def _type_into(page, name, text):
    tab_until(page, _is("name", name))
    page.keyboard.type(text)


def test_founder_asks_for_support_with_the_keyboard_on_a_phone(phone_page, axe):
    page = phone_page
    AdvisorFactory()
    page.goto("/")

    tab_until(page, lambda el: el.get_attribute("href") == "/zglos-potrzebe-wsparcia/")
    page.keyboard.press("Enter")
    page.wait_for_url("**/zglos-potrzebe-wsparcia/")
    assert page.locator("h1").inner_text() == "Zgłoś potrzebę wsparcia"
    assert axe(page) == []

    _type_into(page, "applicant_name", "Anna Kowalska")
    page.keyboard.press("Tab")
    page.keyboard.type("anna@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type("600 100 200")
    page.keyboard.press("Tab")  # "You are writing as": the first radio button
    page.keyboard.press("ArrowDown")  # an initiative group
    tab_until(page, _is("name", "municipality"))
    page.keyboard.type("Kramsk")
    tab_until(page, _is("value", "legal"))
    page.keyboard.press("Space")
    # Send without the description: the errors come back with the answers kept.
    tab_until(page, _is("type", "submit"))
    page.keyboard.press("Enter")
    page.wait_for_selector(".error-summary")

    summary = page.locator(".error-summary a")
    assert summary.all_inner_texts() == ["Opisz swoją potrzebę: To pole jest wymagane."]
    assert page.input_value("#id_applicant_name") == "Anna Kowalska"
    assert page.is_checked("#id_applicant_kind_1")
    assert page.locator("#id_municipality option:checked").inner_text() == "Kramsk"
    assert page.get_attribute("#id_description", "aria-invalid") == "true"
    assert axe(page) == []

    page.keyboard.press("Tab")
    tab_until(page, _is("href", "#id_description"))
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "id_description"
    page.keyboard.type("Chcemy założyć spółdzielnię socjalną usług opiekuńczych.")
    tab_until(page, _is("type", "submit"))
    page.keyboard.press("Enter")
    page.wait_for_url("**/wyslane/**")

    support_request = SupportRequest.objects.get()
    assert page.locator("#reference").inner_text() == support_request.reference
    assert re.fullmatch(r"KOWES/\d{4}/0001", support_request.reference)
    assert support_request.municipality.name == "Kramsk"
    assert list(support_request.needs.values_list("kind", flat=True)) == ["legal"]
    assert axe(page) == []

    tab_until(page, _is("href", support_request.get_status_url()))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{support_request.get_status_url()}")
    assert page.locator(".request-status").inner_text() == "Nowe"
    assert axe(page) == []


def test_staff_changes_the_status_and_the_founder_sees_it(page, axe):
    coordinator = StaffFactory(username="koordynatorka")
    coordinator.groups.add(Group.objects.get(name="Coordinators"))
    support_request = SupportRequestFactory()
    page.goto("/admin/login/")
    page.fill("#id_username", "koordynatorka")
    page.fill("#id_password", "correct-horse-battery")
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/")

    page.goto(f"/admin/advisory/supportrequest/{support_request.pk}/change/")
    page.select_option("#id_new_status", "in_review")
    page.fill("#id_note", "Dzwoniłam, umówione spotkanie.")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/advisory/supportrequest/")

    page.goto(support_request.get_status_url())
    assert page.locator(".request-status").inner_text() == "W trakcie oceny"
    assert page.locator(".status-history li").count() == 1  # the factory wrote no "submitted"
    assert "Dzwoniłam" not in page.content()
    assert axe(page) == []


def test_offer_page_has_no_axe_violations_and_leads_to_the_form(phone_page, axe):
    AdvisorFactory(user=StaffFactory(first_name="Katarzyna", last_name="Wiśniewska"))
    phone_page.goto("/oferta/")

    assert phone_page.locator("h3").all_inner_texts() == ["Katarzyna Wiśniewska"]
    assert axe(phone_page) == []
    tab_until(phone_page, lambda el: el.inner_text() == "formularz zgłoszenia")
    phone_page.keyboard.press("Enter")
    phone_page.wait_for_url("**/zglos-potrzebe-wsparcia/")
