import datetime

import pytest
from django.urls import reverse

from projects.models import Support
from tests.entities.test_admin import form_data
from tests.factories import EntityFactory
from tests.projects.factories import ProjectFactory, SupportFactory

pytestmark = pytest.mark.django_db


def test_admin_lists_projects_and_support(admin_client):
    project = ProjectFactory(name="KOWES 2013–2015")
    SupportFactory(project=project, entity=EntityFactory(name="Spółdzielnia Otwarci"))

    projects = admin_client.get(reverse("admin:projects_project_changelist"))
    supports = admin_client.get(reverse("admin:projects_support_changelist"), {"kind": "supported"})

    assert [p.name for p in projects.context["cl"].result_list] == ["KOWES 2013–2015"]
    assert [s.entity.name for s in supports.context["cl"].result_list] == ["Spółdzielnia Otwarci"]


def test_admin_adds_support_on_the_entity_page(admin_client):
    entity = EntityFactory(name="Otwarci", slug="otwarci")
    project = ProjectFactory()
    url = reverse("admin:entities_entity_change", args=[entity.pk])
    data = form_data(
        name="Otwarci", slug="otwarci", legal_form="foundation",
        municipality=str(entity.municipality_id), **{
            "supports-TOTAL_FORMS": "1", "supports-0-project": project.pk,
            "supports-0-kind": "created", "supports-0-starts_on": "2013-05-01",
            "supports-0-grant_pln": "60000", "supports-0-jobs_created": "3",
        },
    )  # fmt: skip

    response = admin_client.post(url, data)

    assert response.status_code == 302
    support = Support.objects.get()
    assert (support.entity, support.kind, support.starts_on, support.jobs_created) == (
        entity, "created", datetime.date(2013, 5, 1), 3,
    )  # fmt: skip


def test_admin_project_form_refuses_end_before_start(admin_client):
    response = admin_client.post(reverse("admin:projects_project_add"), {
        "name": "Zły", "slug": "zly", "starts_on": "2015-01-01", "ends_on": "2014-01-01",
        "target_new_entities": "0", "target_supported_entities": "0", "target_jobs": "0",
        "target_advisory_hours": "0",
    })  # fmt: skip

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["ends_on"] == [
        "Projekt nie może skończyć się przed rozpoczęciem."
    ]
