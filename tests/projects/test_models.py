import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from projects.models import Project, Support
from tests.factories import EntityFactory
from tests.projects.factories import ProjectFactory, SupportFactory

pytestmark = pytest.mark.django_db

D = datetime.date


def test_current_project_is_the_one_running_today():
    ProjectFactory(slug="old", starts_on=D(2013, 1, 1), ends_on=D(2015, 6, 30))
    running = ProjectFactory(slug="now", starts_on=D(2016, 1, 1), ends_on=D(2018, 12, 31))
    ProjectFactory(slug="next", starts_on=D(2019, 1, 1), ends_on=D(2020, 12, 31))

    assert Project.objects.current(today=D(2017, 5, 5)) == running


def test_current_project_between_projects_is_the_last_started():
    last = ProjectFactory(slug="last", starts_on=D(2013, 1, 1), ends_on=D(2015, 6, 30))
    ProjectFactory(slug="older", starts_on=D(2010, 1, 1), ends_on=D(2012, 12, 31))
    ProjectFactory(slug="future", starts_on=D(2030, 1, 1), ends_on=D(2031, 1, 1))

    assert Project.objects.current(today=D(2026, 1, 1)) == last


def test_current_project_before_any_started_is_the_next_to_start():
    ProjectFactory(slug="later", starts_on=D(2032, 1, 1), ends_on=D(2033, 1, 1))
    sooner = ProjectFactory(slug="sooner", starts_on=D(2030, 1, 1), ends_on=D(2031, 1, 1))

    assert Project.objects.current(today=D(2026, 1, 1)) == sooner


def test_current_project_marked_by_staff_wins_over_dates():
    ProjectFactory(slug="running", starts_on=D(2025, 1, 1), ends_on=D(2027, 1, 1))
    marked = ProjectFactory(slug="marked", starts_on=D(2013, 1, 1), ends_on=D(2015, 6, 30),
                            is_current=True)  # fmt: skip

    assert Project.objects.current(today=D(2026, 1, 1)) == marked


def test_current_project_without_projects_is_none():
    assert Project.objects.current() is None


def test_only_one_project_may_be_marked_current():
    ProjectFactory(slug="a", is_current=True)

    with pytest.raises(IntegrityError), transaction.atomic():
        ProjectFactory(slug="b", is_current=True)


def test_project_cannot_end_before_it_starts():
    project = ProjectFactory.build(starts_on=D(2015, 1, 1), ends_on=D(2014, 1, 1))

    with pytest.raises(ValidationError) as caught:
        project.full_clean()

    assert caught.value.message_dict["ends_on"] == [
        "Projekt nie może skończyć się przed rozpoczęciem."
    ]
    with pytest.raises(IntegrityError), transaction.atomic():
        project.save()


def test_support_constraints_hold_in_the_database():
    entity = EntityFactory()
    SupportFactory(entity=entity, kind=Support.Kind.CREATED)

    with pytest.raises(IntegrityError), transaction.atomic():
        SupportFactory(entity=entity, kind=Support.Kind.CREATED)
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportFactory(starts_on=D(2014, 1, 1), ends_on=D(2013, 1, 1))
    with pytest.raises(IntegrityError), transaction.atomic():
        SupportFactory(grant_pln=-1)


def test_support_of_an_entity_may_repeat_as_supported():
    entity = EntityFactory()
    SupportFactory(entity=entity, starts_on=D(2013, 5, 1))
    SupportFactory(entity=entity, starts_on=D(2014, 5, 1))

    assert entity.supports.count() == 2


def test_project_protects_its_support_records():
    support = SupportFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=support.project_id).delete()


def test_support_within_project_keeps_its_period():
    project = ProjectFactory(starts_on=D(2013, 1, 1), ends_on=D(2015, 6, 30))
    inside = [
        SupportFactory(project=project, starts_on=D(2013, 1, 1)),
        SupportFactory(project=project, starts_on=D(2015, 6, 30)),
    ]
    SupportFactory(project=project, starts_on=D(2012, 12, 31))
    SupportFactory(project=project, starts_on=D(2015, 7, 1))
    SupportFactory(project=ProjectFactory(slug="other"), starts_on=D(2014, 1, 1))

    assert list(Support.objects.within_project(project)) == inside
