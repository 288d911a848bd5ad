"""Every page type: an axe-core audit (WCAG 2.1 A and AA) with no violations, on a desktop
window and on a 360 px phone, where nothing may scroll sideways (nor at 320 px)."""

import pytest

PAGE_TYPES = {
    "home": "/",
    "news list": "/aktualnosci/",
    "news list, page 2": "/aktualnosci/?page=2",
    "category list": "/aktualnosci/kategoria/spoldzielnie-socjalne/",
    "post": "/aktualnosci/projekt-koninski-osrodek-wsparcia-ekonomii-spolecznej-rozpoczety/",
    "page: about": "/strony/o-projekcie/",
    "page: contact": "/strony/kontakt/",
    "page: privacy": "/strony/polityka-prywatnosci/",
    "page: accessibility": "/strony/deklaracja-dostepnosci/",
    "directory": "/podmioty/",
    "directory, filtered": "/podmioty/?q=sp%C3%B3%C5%82dzielnia&county=powiat-koninski",
    "entity": "/podmioty/spoldzielnia-socjalna-otwarci/",
    "open data": "/dane-otwarte/",
    "indicators": "/wskazniki/",
    "offer": "/oferta/",
    "support request form": "/zglos-potrzebe-wsparcia/",
    "404": "/nie-ma-takiej-strony/",
    "admin login": "/admin/login/",
    "English home": "/en/",
    "English post": "/en/aktualnosci/projekt-kowes-zakonczony-dziekujemy/",
}


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_type_passes_axe_on_a_desktop(page, axe, demo_site, path):
    page.goto(path)

    assert axe(page) == []


@pytest.mark.parametrize("path", PAGE_TYPES.values(), ids=PAGE_TYPES.keys())
def test_page_type_fits_a_phone_and_passes_axe(phone_page, axe, demo_site, path):
    phone_page.goto(path)

    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe(phone_page) == []
    phone_page.set_viewport_size({"width": 320, "height": 640})
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 320


def test_staff_preview_of_a_draft_passes_axe(page, axe, demo_site, live_server):
    from news.models import Post

    Post.objects.filter(slug__startswith="wizyta-studyjna-w-spoldzielniach").update(
        status=Post.Status.DRAFT
    )
    page.goto("/admin/login/")
    page.get_by_label("Nazwa użytkownika").fill("admin")
    page.get_by_label("Hasło").fill("kowes-demo-2013")
    page.get_by_role("button", name="Zaloguj się").click()

    page.goto("/aktualnosci/wizyta-studyjna-w-spoldzielniach-socjalnych-dolnego-slaska/")

    assert page.locator("article .alert").inner_text() == (
        "Podgląd: ten wpis nie jest jeszcze publiczny."
    )
    assert axe(page) == []
