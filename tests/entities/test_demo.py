import io

import pytest
from django.core.management import call_command
from stdnum.pl import nip, regon

from entities.models import CooperativeDetails, Entity
from projects.indicators import Progress, project_totals
from projects.models import Project, Support

pytestmark = pytest.mark.django_db


def load_demo(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def test_demo_directory_is_plausible_valid_and_idempotent():
    first = load_demo()
    counts = (Entity.objects.count(), Support.objects.count(), CooperativeDetails.objects.count())
    second = load_demo()

    assert "Added 64 demo entities." in first
    assert "entities" not in second
    assert (Entity.objects.count(), Support.objects.count(),
            CooperativeDetails.objects.count()) == counts  # fmt: skip
    otwarci = Entity.objects.get(short_name="Otwarci")
    razem = Entity.objects.get(short_name="Razem do sukcesu")
    assert (otwarci.municipality.name, otwarci.cooperative.founded_by) == ("Konin", "natural")
    assert (razem.municipality.name, razem.cooperative.founded_by) == ("Kramsk", "legal")
    for entity in Entity.objects.exclude(nip=""):
        assert nip.is_valid(entity.nip)
        assert regon.is_valid(entity.regon)
        assert len(entity.krs) == 10
        entity.full_clean()
    assert Entity.objects.filter(visibility="private").count() == 3
    assert Entity.objects.public().with_offer().count() > 40


def test_demo_project_is_the_seed_one_partway_to_its_targets():
    load_demo()

    project = Project.objects.current()
    totals = project_totals(project=project)

    assert (project.starts_on.isoformat(), project.ends_on.isoformat()) == (
        "2013-01-01",
        "2015-06-30",
    )
    assert totals["created"] == Progress(12, 20)
    assert totals["supported"] == Progress(31, 50)


def test_demo_generates_entities_for_load_tests_once():
    load_demo()
    before = Entity.objects.count()

    added = load_demo("--entities", "30")
    again = load_demo("--entities", "30")

    assert "Added 30 generated entities." in added
    assert "Added 0 generated entities." in again
    assert Entity.objects.count() == before + 30
    generated = Entity.objects.filter(slug__startswith="podmiot-testowy-")
    assert generated.filter(sectors__isnull=True).count() == 0
    assert all(nip.is_valid(e.nip) for e in generated.exclude(nip=""))
    assert Entity.objects.search("WYGENEROWANY do testów").count() == 30
