"""Query counts that do not grow with the number of rows: every public page and every admin
changelist (issue 5: "query counts asserted for every public page and every admin
changelist").

The public pages are found in the URLconf and the changelists in the admin site's
registry, so a page or a model added later is measured too: the completeness tests fail
until it has its line here. The per-app tests look closer at each page; these make sure
none is left out.
"""

from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.templatetags.admin_urls import admin_urlname
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from advisory.models import SupportRequestEvent
from entities.models import Entity, Municipality
from pages.models import Page
from tests.accounts.factories import GroupFactory, TOTPDeviceFactory
from tests.advisory.factories import (
    AdvisorFactory,
    AdvisorySessionFactory,
    OutboxEmailFactory,
    PrivacyNoticeFactory,
    SupportRequestFactory,
)
from tests.entities.factories import CooperativeDetailsFactory, SectorFactory
from tests.factories import (
    CategoryFactory,
    CountyFactory,
    EntityFactory,
    MunicipalityFactory,
    PageFactory,
    PostFactory,
    SuperuserFactory,
    UserFactory,
)
from tests.pages.factories import FundingLogoFactory
from tests.projects.factories import (
    ProjectFactory,
    SupportFactory,
    SupportKindFactory,
)

pytestmark = pytest.mark.django_db


def count_queries(action) -> int:
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries)


# --- Public pages ------------------------------------------------------------------------


class Site:
    """What the public pages show: the objects some of them are about, and rows of every
    kind, added ``number`` at a time."""

    def __init__(self):
        self.project = ProjectFactory(slug="kowes", target_advisory_hours=400)
        self.category = CategoryFactory(slug="szkolenia")
        self.post = PostFactory(slug="wpis", categories=[self.category])
        self.page = Page.objects.get(slug="kontakt")
        self.kramsk = Municipality.objects.get(slug="kramsk")
        self.sector = SectorFactory(slug="gastronomia-testowa")
        self.entity = self._entity(slug="razem-do-sukcesu")
        self.advisor = AdvisorFactory()
        self.support_request = SupportRequestFactory(assigned_to=self.advisor, entity=self.entity)
        self.add(1)

    def _entity(self, **fields):
        entity = EntityFactory(
            municipality=self.kramsk, is_social_enterprise=True, offer="- obiady", **fields
        )
        entity.sectors.add(self.sector, SectorFactory())
        entity.activity_municipalities.add(MunicipalityFactory())
        CooperativeDetailsFactory(entity=entity)
        return entity

    def add(self, number):
        for _ in range(number):
            author = UserFactory()
            PostFactory(author=author, categories=[self.category, CategoryFactory()])
            PageFactory()
            FundingLogoFactory()
            entity = self._entity()
            SupportFactory(entity=entity, project=self.project, kinds=[SupportKindFactory()])
            # The pages about one object show more of what belongs to it.
            self.post.categories.add(CategoryFactory())
            self.entity.sectors.add(SectorFactory())
            self.entity.activity_municipalities.add(MunicipalityFactory())
            SupportFactory(entity=self.entity, project=self.project, kinds=[SupportKindFactory()])
            AdvisorFactory()
            AdvisorySessionFactory(
                advisor=self.advisor, entity=entity, support_request=self.support_request
            )
            SupportRequestEvent.objects.create(
                support_request=self.support_request,
                kind=SupportRequestEvent.Kind.STATUS_CHANGED,
                from_status="new",
                to_status="in_review",
                created_at=timezone.now() - timedelta(days=1),
            )


DIRECTORY_FILTERS = {
    "q": "spoldzielnia",
    "legal_form": Entity.LegalForm.SOCIAL_COOPERATIVE,
    "status": Entity.Status.ACTIVE,
    "county": "powiat-koninski",
    "municipality": "kramsk",
    "sector": "gastronomia-testowa",
    "social_enterprise": "1",
    "has_offer": "1",
    "sort": "newest",
}

SITEMAP_SECTIONS = {"static": 0, "pages": 1, "news": 1, "categories": 1, "entities": 2}

# (URL name, its arguments or query) → the number of queries, the same at 1 and at 20 rows.
# Most pages end with one query for the funders' logos in the footer.
# The feeds and the exports add one for their conditional-GET validator (ETag, Last-Modified).
PUBLIC_PAGES = {
    "home": (lambda site: reverse("home"), 6),
    "news:post-list": (lambda site: reverse("news:post-list"), 5),
    "news:post-detail": (lambda site: site.post.get_absolute_url(), 5),
    "news:category": (lambda site: reverse("news:category", args=[site.category.slug]), 6),
    "news:feed-rss": (lambda site: reverse("news:feed-rss"), 2),
    "news:feed-atom": (lambda site: reverse("news:feed-atom"), 2),
    "pages:page-detail": (lambda site: site.page.get_absolute_url(), 2),
    "entities:entity-list": (lambda site: reverse("entities:entity-list"), 6),
    "entities:entity-list (filtered)": (
        lambda site: reverse("entities:entity-list") + "?" + urlencode(DIRECTORY_FILTERS),
        6,
    ),
    "entities:entity-detail": (lambda site: site.entity.get_absolute_url(), 7),
    "entities:export-csv": (lambda site: reverse("entities:export-csv"), 6),
    "entities:export-json": (lambda site: reverse("entities:export-json"), 6),
    "entities:export-hsds": (lambda site: reverse("entities:export-hsds"), 7),
    "entities:open-data": (lambda site: reverse("entities:open-data"), 1),
    "projects:indicators": (lambda site: reverse("projects:indicators"), 9),
    "projects:project-indicators": (lambda site: site.project.get_absolute_url(), 9),
    "advisory:offer": (lambda site: reverse("advisory:offer"), 2),
    "advisory:request-create": (lambda site: reverse("advisory:request-create"), 4),
    "advisory:request-submitted": (
        lambda site: reverse(
            "advisory:request-submitted", args=[site.support_request.status_token]
        ),
        3,
    ),
    "advisory:request-status": (lambda site: site.support_request.get_status_url(), 4),
    "advisory:advisor-calendar": (lambda site: site.advisor.get_calendar_url(), 2),
    "sitemap": (lambda site: reverse("sitemap"), 7),
    **{
        f"sitemap-section {section}": (
            lambda site, section=section: reverse("sitemap-section", args=[section]),
            count,
        )
        for section, count in SITEMAP_SECTIONS.items()
    },
    "robots-txt": (lambda site: reverse("robots-txt"), 0),
    "healthz": (lambda site: reverse("healthz"), 0),
    "readyz": (lambda site: reverse("readyz"), 1),
}


def _url_names(patterns, namespace="") -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(namespace + pattern.name)
    return names


def test_every_public_url_has_its_query_count():
    measured = {name.split(" ")[0] for name in PUBLIC_PAGES}

    assert measured == _url_names(get_resolver().url_patterns)


def _get(client, url):
    """The whole response, streamed ones included, rendered afresh: the cache is emptied
    first (the sitemaps are cached pages), so what is counted is the page's own work."""
    cache.clear()
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


@pytest.mark.parametrize("page", PUBLIC_PAGES)
def test_public_page_query_count_does_not_grow_with_rows(client, page):
    url_of, expected = PUBLIC_PAGES[page]
    site = Site()
    url = url_of(site)
    responses = []

    one = count_queries(lambda: responses.append(_get(client, url)))
    site.add(19)
    twenty = count_queries(lambda: responses.append(_get(client, url)))

    assert [r.status_code for r in responses] == [200, 200]
    assert (one, twenty) == (expected, expected)


# --- Admin changelists -------------------------------------------------------------------


def _entity():
    entity = EntityFactory()
    entity.sectors.add(SectorFactory())
    entity.activity_municipalities.add(MunicipalityFactory())
    CooperativeDetailsFactory(entity=entity)
    SupportFactory(entity=entity, kinds=[SupportKindFactory()])
    return entity


def _support_request():
    return SupportRequestFactory(
        assigned_to=AdvisorFactory(), entity=EntityFactory(), kinds=["legal", "grant"]
    )


# One row of each model the admin lists, with everything it refers to filled in: a related
# object shown in a column or a filter costs a query per row unless the changelist joins it.
ROWS = {
    "auth.group": GroupFactory,
    "otp_totp.totpdevice": TOTPDeviceFactory,
    "accounts.user": UserFactory,
    "pages.page": PageFactory,
    "pages.fundinglogo": FundingLogoFactory,
    "news.category": CategoryFactory,
    "news.post": lambda: PostFactory(author=UserFactory(), categories=[CategoryFactory()]),
    "projects.project": ProjectFactory,
    "projects.supportkind": SupportKindFactory,
    "projects.support": lambda: SupportFactory(kinds=[SupportKindFactory()]),
    "entities.county": CountyFactory,
    "entities.municipality": MunicipalityFactory,
    "entities.sector": SectorFactory,
    "entities.entity": _entity,
    "advisory.supportrequest": _support_request,
    "advisory.advisor": AdvisorFactory,
    "advisory.advisorysession": lambda: AdvisorySessionFactory(support_request=_support_request()),
    "advisory.privacynotice": PrivacyNoticeFactory,
    "advisory.outboxemail": lambda: OutboxEmailFactory(support_request=_support_request()),
}
# Rows the migrations load, removed first so that a changelist starts with one row.
REFERENCE_DATA_FIRST = {"entities.county": ["entities.municipality"]}


def _registered() -> list[str]:
    return sorted(model._meta.label_lower for model in admin.site._registry)


def test_every_registered_model_has_a_row_factory():
    assert set(ROWS) == set(_registered())


def _remove_rows(label, keep):
    for other in REFERENCE_DATA_FIRST.get(label, []):
        apps.get_model(other)._default_manager.all().delete()
    apps.get_model(label)._default_manager.exclude(pk=keep.pk).delete()


@pytest.mark.parametrize("label", _registered())
def test_admin_changelist_query_count_does_not_grow_with_rows(client, label):
    model = apps.get_model(label)
    superuser = SuperuserFactory()
    _remove_rows(label, keep=superuser)
    while model._default_manager.count() < 1:
        ROWS[label]()
    client.force_login(superuser)
    url = reverse(admin_urlname(model._meta, "changelist"))
    responses = []

    def get():
        responses.append(client.get(url))

    one = count_queries(get)
    for _ in range(19):
        ROWS[label]()
    twenty = count_queries(get)

    assert [r.status_code for r in responses] == [200, 200]
    assert [r.context["cl"].result_count for r in responses] == [1, 20]
    assert one == twenty
