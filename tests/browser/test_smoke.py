from tests.factories import PostFactory


def test_home_page_shows_newest_post_without_axe_violations(page, axe):
    post = PostFactory(title="Otwarcie biura w Koninie")

    page.goto("/")

    assert page.locator("main h3 a").first.inner_text() == post.title
    assert axe(page) == []
