"""Pages render with zero Content-Security-Policy violations in Chromium, the admin included
(its inline bits carry the nonce)."""

import pytest

from tests.factories import CategoryFactory, PageFactory, PostFactory, SuperuserFactory

PASSWORD = "correct-horse-battery"
LISTEN = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  const where = `${event.sourceFile}:${event.lineNumber}`;
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI} ${where}`);
});
"""


@pytest.fixture
def watched_page(page):
    """The page, with every CSP violation and console error it reports collected."""
    page.add_init_script(LISTEN)
    # Chromium asks every site for /favicon.ico by itself; the admin's pages name no icon.
    page.route("**/favicon.ico", lambda route: route.fulfill(status=204))
    errors = []
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))

    def failed_response(response):
        if response.status >= 400:
            errors.append(f"{response.status} {response.url}")

    page.on("response", failed_response)

    def problems():
        found = [*page.evaluate("window.cspViolations"), *errors]
        errors.clear()
        return found

    page.problems = problems
    return page


def _visit(page, path):
    response = page.goto(path)
    assert response.headers["content-security-policy"].startswith("default-src 'self'")
    return page.problems()


def test_public_pages_render_without_csp_violations(watched_page):
    post = PostFactory(categories=[CategoryFactory()])
    about = PageFactory()

    problems = {
        path: _visit(watched_page, path)
        for path in ("/", "/aktualnosci/", post.get_absolute_url(), about.get_absolute_url())
    }

    assert problems == {path: [] for path in problems}


def test_admin_renders_without_csp_violations(watched_page):
    admin = SuperuserFactory()
    post = PostFactory()
    page = watched_page
    page.goto("/admin/login/")
    page.fill("#id_username", admin.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")

    paths = [
        "/admin/",
        "/admin/accounts/user/",
        f"/admin/accounts/user/{admin.pk}/change/",
        "/admin/accounts/user/add/",
        "/admin/news/post/",
        "/admin/news/post/add/",
        f"/admin/news/post/{post.pk}/change/",
        f"/admin/news/post/{post.pk}/delete/",
        "/admin/password_change/",
        "/admin/two-factor/",
    ]
    problems = {path: _visit(page, path) for path in paths}

    # The widgets' scripts at work: the calendar, the clock, the slug filled from the title.
    page.goto("/admin/news/post/add/")
    page.fill("#id_title", "Nowy wpis o spółdzielniach")
    calendar = page.locator(".datetimeshortcuts a").first
    if calendar.count():
        calendar.click()
    problems["/admin/news/post/add/ (widgets)"] = page.problems()

    assert problems == {path: [] for path in problems}


def test_inline_style_with_the_nonce_applies(watched_page):
    """Django's CSRF failure page styles itself inline, with the response's nonce."""
    page = watched_page
    page.goto("/admin/login/")
    page.context.clear_cookies()
    page.fill("#id_username", "someone")
    page.fill("#id_password", "anything")

    with page.expect_response("**/admin/login/") as response:
        page.click("input[type=submit]")

    assert response.value.status == 403
    assert page.evaluate("window.cspViolations") == []
    assert page.evaluate("getComputedStyle(document.body).backgroundColor") == "rgb(238, 238, 238)"
