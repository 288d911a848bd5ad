"""What a reader does on the news site, in a real browser: with a mouse, with the keyboard
alone, on a 360 px phone, in Polish and in English."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import tab_until

NEWEST = "Projekt KOWES zakończony – dziękujemy!"
BEFORE_NEWEST = "Forum Ekonomii Społecznej Subregionu Konińskiego"
NEWEST_PATH = "/aktualnosci/projekt-kowes-zakonczony-dziekujemy/"
BEFORE_NEWEST_PATH = "/aktualnosci/forum-ekonomii-spolecznej-subregionu-koninskiego/"


def h1(page):
    return page.locator("h1").inner_text()


def test_reader_opens_a_post_from_the_home_page_and_goes_back_and_forth(
    page, demo_site, live_server
):
    page.goto("/")

    page.get_by_role("link", name=NEWEST).click()
    expect(page).to_have_url(f"{live_server.url}{NEWEST_PATH}")
    expect(page.locator("h1")).to_have_text(NEWEST)
    expect(page.locator("a[rel=next]")).to_have_count(0)

    page.locator("a[rel=prev]").click()
    expect(page).to_have_url(f"{live_server.url}{BEFORE_NEWEST_PATH}")
    expect(page.locator("h1")).to_have_text(BEFORE_NEWEST)

    page.locator("a[rel=next]").click()
    expect(page).to_have_url(f"{live_server.url}{NEWEST_PATH}")


def test_reader_switches_to_english_and_back(page, demo_site, live_server):
    page.goto(BEFORE_NEWEST_PATH)

    page.get_by_role("link", name="English").click()
    expect(page).to_have_url(f"{live_server.url}/en{BEFORE_NEWEST_PATH}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("nav.site-nav a")).to_have_text(
        ["Home", "News", "Entity directory", "Indicators", "Offer", "About the project", "Contact"]
    )
    expect(page.locator("h1")).to_have_text(BEFORE_NEWEST)

    page.get_by_role("link", name="Polski").click()
    expect(page).to_have_url(f"{live_server.url}{BEFORE_NEWEST_PATH}")
    expect(page.locator("html")).to_have_attribute("lang", "pl")
    expect(page.locator("nav.site-nav a").nth(1)).to_have_text("Aktualności")


def focused(page):
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            return {
                text: el.innerText.trim(), id: el.id, rel: el.rel || "",
                outline: style.outlineStyle, top: el.getBoundingClientRect().top,
            };
        }"""
    )


def press_enter_and_wait(page):
    with page.expect_navigation():
        page.keyboard.press("Enter")


def text_is(text):
    return lambda element: element.inner_text().strip() == text


@pytest.mark.parametrize("window", ["page", "phone_page"])
def test_reader_does_it_all_with_the_keyboard_alone(request, demo_site, live_server, window):
    page = request.getfixturevalue(window)
    page.goto("/")

    # The first Tab reaches the skip link, shown on screen; Enter moves focus into the main part.
    page.keyboard.press("Tab")
    skip = focused(page)
    assert (skip["text"], skip["outline"]) == ("Przejdź do treści", "solid")
    assert skip["top"] >= 0
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "content"

    # From the main part, Tab leads to the newest post; Enter opens it.
    tab_until(page, text_is(NEWEST))
    assert focused(page)["outline"] == "solid"
    press_enter_and_wait(page)
    assert h1(page) == NEWEST

    tab_until(page, lambda element: element.get_attribute("rel") == "prev")
    press_enter_and_wait(page)
    assert h1(page) == BEFORE_NEWEST

    tab_until(page, lambda element: element.get_attribute("rel") == "next")
    press_enter_and_wait(page)
    assert h1(page) == NEWEST

    tab_until(page, text_is("English"))
    press_enter_and_wait(page)
    assert (page.locator("html").get_attribute("lang"), h1(page)) == ("en", NEWEST)

    tab_until(page, text_is("Polski"))
    press_enter_and_wait(page)
    assert page.url == f"{live_server.url}{NEWEST_PATH}"

    # The news list and its categories are reachable too.
    tab_until(page, text_is("Aktualności"))
    press_enter_and_wait(page)
    tab_until(page, text_is("Szkolenia"))
    press_enter_and_wait(page)
    assert h1(page) == "Aktualności: Szkolenia"


def test_reader_pages_through_the_news_list(phone_page, demo_site):
    phone_page.goto("/aktualnosci/")

    phone_page.get_by_role("link", name="Następna strona").click()
    current = phone_page.locator("nav[aria-label=Strony] [aria-current=page]")
    expect(current).to_have_text("Strona 2 z 3")
    phone_page.get_by_role("link", name="Poprzednia strona").click()
    expect(current).to_have_text("Strona 1 z 3")
    expect(phone_page.locator("main article h2").first).to_have_text(NEWEST)
