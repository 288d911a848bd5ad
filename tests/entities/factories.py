import factory

from entities.models import CooperativeDetails, Entity, Sector
from tests.factories import EntityFactory


class SectorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Sector
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Branża {n}")
    slug = factory.Sequence(lambda n: f"branza-{n}")


class CooperativeDetailsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CooperativeDetails

    entity = factory.SubFactory(EntityFactory)
    founded_by = CooperativeDetails.FoundedBy.NATURAL_PERSONS
    founders_count = 5
    members_count = 6


class PrivateEntityFactory(EntityFactory):
    name = factory.Sequence(lambda n: f"Tajna Grupa Inicjatywna {n}")
    slug = factory.Sequence(lambda n: f"tajna-grupa-{n}")
    legal_form = Entity.LegalForm.INITIATIVE_GROUP
    status = Entity.Status.INITIATIVE_GROUP
    visibility = Entity.Visibility.PRIVATE
    email = "tajny@example.org"
    phone = "+48 600 000 001"
    contact_person = "Tajemnicza Osoba"
