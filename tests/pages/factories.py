"""Factories of the pages app's models besides Page (in tests/factories.py)."""

import factory

from pages.models import FundingLogo


class FundingLogoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FundingLogo

    name = factory.Sequence(lambda n: f"Fundator {n}")
    image = factory.Sequence(lambda n: f"logos/fundator-{n}.svg")
    alt_text = factory.LazyAttribute(lambda logo: logo.name)
    url = "https://www.funduszeeuropejskie.gov.pl/"
    position = factory.Sequence(lambda n: n)
