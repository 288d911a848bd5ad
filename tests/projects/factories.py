import datetime

import factory

from projects.models import Project, Support, SupportKind
from tests.factories import EntityFactory


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Projekt {n}")
    slug = factory.Sequence(lambda n: f"projekt-{n}")
    starts_on = datetime.date(2013, 1, 1)
    ends_on = datetime.date(2015, 6, 30)
    target_new_entities = 20
    target_supported_entities = 50


class SupportKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportKind
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Rodzaj wsparcia {n}")
    slug = factory.Sequence(lambda n: f"rodzaj-wsparcia-{n}")


class SupportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Support
        skip_postgeneration_save = True

    entity = factory.SubFactory(EntityFactory)
    project = factory.SubFactory(ProjectFactory)
    kind = Support.Kind.SUPPORTED
    starts_on = datetime.date(2014, 3, 1)

    @factory.post_generation
    def kinds(self, create, extracted, **kwargs):
        if create and extracted:
            self.kinds.set(extracted)
