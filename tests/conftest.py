import pytest


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files of a test go to a temporary folder, never into the project."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache():
    """Each test starts with an empty cache: cached pages never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _page_cache(request, settings):
    """The public pages' cache (kowes/page_cache.py) is off unless a test asks for it with
    ``@pytest.mark.page_cache``: the other tests look at how a page is made (its queries,
    its content after a change), which a cached copy would hide."""
    if request.node.get_closest_marker("page_cache") is None:
        settings.PAGE_CACHE_SECONDS = 0


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Tests log people in by the hundred: a deliberately slow hash only slows the suite."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Polish: a request to /en/ leaves English active in the thread,
    which would otherwise leak into the next test's reverse() and gettext()."""
    from django.utils import translation

    translation.activate("pl")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """Tests that use the database find the data the migrations load (see tests/reference.py)."""
    uses_database = request.node.get_closest_marker("django_db") is not None or any(
        name in request.fixturenames for name in ("db", "transactional_db", "live_server")
    )
    if uses_database:
        request.getfixturevalue(
            "transactional_db" if "transactional_db" in request.fixturenames else "db"
        )
        from tests.reference import ensure_reference_data

        ensure_reference_data()


@pytest.fixture
def count_queries():
    """Run ``action`` and return how many database queries it made."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def run(action) -> int:
        with CaptureQueriesContext(connection) as context:
            action()
        return len(context.captured_queries)

    return run
