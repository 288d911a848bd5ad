import pytest
from django.contrib.auth.models import Group

from tests.advisory.factories import AdvisorFactory
from tests.factories import StaffFactory


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
