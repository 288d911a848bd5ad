"""factory_boy factories of every model, shared by the tests of all apps."""

import factory
from django.utils import timezone

from accounts.models import User
from entities.models import County, Entity, Municipality
from news.models import Category, Post
from pages.models import Page


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.org")
    first_name = "Anna"
    last_name = factory.Sequence(lambda n: f"Nowak{n}")
    password = factory.django.Password("correct-horse-battery")


class StaffFactory(UserFactory):
    is_staff = True


class SuperuserFactory(StaffFactory):
    is_superuser = True


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Kategoria {n}")
    slug = factory.Sequence(lambda n: f"kategoria-{n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Wpis numer {n}")
    slug = factory.Sequence(lambda n: f"wpis-numer-{n}")
    lead = "Krótkie wprowadzenie do wpisu."
    body = "Treść wpisu z **pogrubieniem**."
    status = Post.Status.PUBLISHED
    published_at = factory.Sequence(lambda n: timezone.now() - timezone.timedelta(days=1000 - n))

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page
        django_get_or_create = ("slug",)

    title = factory.Sequence(lambda n: f"Strona {n}")
    slug = factory.Sequence(lambda n: f"strona-{n}")
    body = "Treść strony."


class CountyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = County
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"powiat testowy {n}")
    slug = factory.Sequence(lambda n: f"powiat-testowy-{n}")


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Gmina {n}")
    slug = factory.Sequence(lambda n: f"gmina-{n}")
    kind = Municipality.Kind.RURAL
    county = factory.SubFactory(CountyFactory)


class EntityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Entity

    name = factory.Sequence(lambda n: f"Spółdzielnia Socjalna nr {n}")
    slug = factory.Sequence(lambda n: f"spoldzielnia-socjalna-{n}")
    legal_form = Entity.LegalForm.SOCIAL_COOPERATIVE
    municipality = factory.SubFactory(MunicipalityFactory)
