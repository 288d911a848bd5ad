import pytest
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.utils import translation

from tests.advisory.factories import AdvisorFactory
from tests.advisory.reference import ensure_reference_data
from tests.factories import StaffFactory


@pytest.fixture(autouse=True)
def _polish():
    """Start in the default language: a request to an /en/ page in the same thread leaves
    English active, and reversed URLs would then carry the /en/ prefix."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _reference_data(request):
    for name in ("transactional_db", "db"):
        if name in request.fixturenames:
            request.getfixturevalue(name)
            ensure_reference_data()
            return


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Staff fixtures hash passwords; the production hasher takes a second each here."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def coordinator(db):
    user = StaffFactory(username="koordynatorka", email="koordynatorka@example.org")
    user.groups.add(Group.objects.get(name="Coordinators"))
    return user


@pytest.fixture
def advisor(db):
    advisor = AdvisorFactory(user=StaffFactory(username="doradca1", first_name="Jan"))
    advisor.user.groups.add(Group.objects.get(name="Advisors"))
    return advisor


@pytest.fixture
def other_advisor(db):
    advisor = AdvisorFactory(user=StaffFactory(username="doradca2", first_name="Ola"))
    advisor.user.groups.add(Group.objects.get(name="Advisors"))
    return advisor


@pytest.fixture
def editor(db):
    user = StaffFactory(username="redaktorka")
    user.groups.add(Group.objects.get(name="Editors"))
    return user
