import pytest
from django.core.exceptions import ValidationError

from entities.models import CooperativeDetails, Entity
from entities.services import entities_refresh_search, entity_create
from tests.entities.factories import SectorFactory
from tests.factories import EntityFactory, MunicipalityFactory

pytestmark = pytest.mark.django_db


def test_entity_create_validates_and_links_sectors_places_and_cooperative():
    sector = SectorFactory()
    place = MunicipalityFactory()

    entity = entity_create(
        name="Spółdzielnia Socjalna Łąka", slug="laka", legal_form="social_cooperative",
        municipality=MunicipalityFactory(), sectors=[sector], activity_municipalities=[place],
        cooperative={"founded_by": "natural", "founders_count": 5, "members_count": 5},
    )  # fmt: skip

    assert (list(entity.sectors.all()), list(entity.activity_municipalities.all())) == (
        [sector], [place],
    )  # fmt: skip
    assert CooperativeDetails.objects.get(entity=entity).members_count == 5
    assert entity.search_text == "spoldzielnia socjalna laka"


def test_entity_create_refuses_an_invalid_cooperative_and_keeps_nothing():
    with pytest.raises(ValidationError, match="co najmniej 3 osoby"):
        entity_create(
            name="Zła", slug="zla", legal_form="social_cooperative",
            municipality=MunicipalityFactory(),
            cooperative={"founded_by": "natural", "founders_count": 2, "members_count": 5},
        )  # fmt: skip

    assert Entity.objects.count() == 0


def test_entities_refresh_search_after_a_bulk_update():
    entity = EntityFactory(name="Stara nazwa", description="", offer="")
    EntityFactory(name="Bez zmian", description="", offer="")
    Entity.objects.filter(pk=entity.pk).update(name="Żółta Łódź")

    changed = entities_refresh_search(entities=Entity.objects.all())

    entity.refresh_from_db()
    assert changed == 1
    assert (entity.sort_name, entity.search_text) == ("zolta lodz", "zolta lodz")
    assert list(Entity.objects.search("lodz")) == [entity]


def test_directory_in_english(client):
    EntityFactory(name="Fundacja Rozwoju")

    response = client.get("/en/podmioty/")

    assert "<h1>Directory of social-economy entities</h1>" in response.text
    assert "1 entity" in response.text
