"""Factories of the advisory app's models."""

from datetime import timedelta

import factory
from django.utils import timezone

from advisory.models import (
    Advisor,
    AdvisorySession,
    OutboxEmail,
    PrivacyNotice,
    SupportNeed,
    SupportRequest,
    new_token,
)
from tests.factories import EntityFactory, MunicipalityFactory, StaffFactory


class AdvisorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Advisor

    user = factory.SubFactory(StaffFactory)
    specialities = "prawo spółdzielcze"
    bio = "Doradczyni z Konina."


def current_notice():
    return PrivacyNotice.objects.current()


class SupportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRequest
        skip_postgeneration_save = True

    year = 2026
    number = factory.Sequence(lambda n: n + 1)
    reference = factory.LazyAttribute(lambda r: f"KOWES/{r.year}/{r.number:04d}")
    status_token = factory.LazyFunction(new_token)
    idempotency_key = factory.LazyFunction(new_token)
    applicant_name = "Anna Kowalska"
    email = factory.Sequence(lambda n: f"zglaszajaca{n}@example.org")
    phone = "+48 600 100 200"
    applicant_kind = SupportRequest.ApplicantKind.PERSON
    municipality = factory.SubFactory(MunicipalityFactory)
    description = "Chcemy założyć spółdzielnię socjalną usług opiekuńczych."
    privacy_notice = factory.LazyFunction(current_notice)
    legal_basis = factory.LazyAttribute(lambda r: r.privacy_notice.legal_basis)
    privacy_notice_shown_at = factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=5))
    created_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def kinds(self, create, extracted, **kwargs):
        if create:
            for kind in extracted or ["legal"]:
                SupportNeed.objects.create(support_request=self, kind=kind)


class AdvisorySessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AdvisorySession

    advisor = factory.SubFactory(AdvisorFactory)
    starts_at = factory.Sequence(
        lambda n: timezone.make_aware(timezone.datetime(2014, 3, 3, 9)) + timedelta(days=n)
    )
    duration_minutes = 60
    kind = AdvisorySession.Kind.LEGAL
    form = AdvisorySession.Form.OFFICE
    entity = factory.SubFactory(EntityFactory)
    participants = 2
    topic = "Statut spółdzielni"
    outcome = "Omówiono projekt statutu."


class PrivacyNoticeFactory(factory.django.DjangoModelFactory):
    """A later version of the information clause (the migration loads version 1)."""

    class Meta:
        model = PrivacyNotice
        django_get_or_create = ("version",)

    version = factory.Sequence(lambda n: n + 2)
    body = "Administratorem Twoich danych jest KOWES."
    legal_basis = "art. 6 ust. 1 lit. e RODO"


class OutboxEmailFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutboxEmail

    to = factory.Sequence(lambda n: f"odbiorca{n}@example.org")
    subject = factory.LazyAttribute(lambda email: f"Zgłoszenie {email.support_request}")
    body = "Treść wiadomości."
    support_request = factory.SubFactory(SupportRequestFactory)
