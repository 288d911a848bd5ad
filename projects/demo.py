"""Demo projects: the seed's project (2013-01-01 to 2015-06-30; 20 new entities, 50
supported, 400 advisory hours) and the support it gave to demo entities, partway to its
targets (the advisory demo's sessions give the hours)."""

import random
from datetime import date, timedelta

from entities.demo import CREATED_WITH_KOWES, ENTITIES, slug_of
from entities.models import Entity
from projects.models import Project, Support, SupportKind
from projects.services import support_record_create

SEED_PROJECT = {
    "slug": "kowes-2013-2015",
    "name": "Koniński Ośrodek Wsparcia Ekonomii Społecznej",
    "starts_on": date(2013, 1, 1),
    "ends_on": date(2015, 6, 30),
    "target_new_entities": 20,
    "target_supported_entities": 50,
    "target_advisory_hours": 400,
}
SUPPORTED_COUNT = 31
GRANT_PER_JOB = 20_000


def load(*, command, options):
    project, _ = Project.objects.get_or_create(slug=SEED_PROJECT["slug"], defaults=SEED_PROJECT)
    kinds = {kind.slug: kind for kind in SupportKind.objects.all()}
    entities = {
        e.slug: e for e in Entity.objects.filter(slug__in=[slug_of(e[0]) for e in ENTITIES])
    }
    already = set(Support.objects.filter(project=project).values_list("entity__slug", flat=True))
    rng = random.Random(2013)
    added = 0
    for entity, kind in _plan():
        starts_on, ends_on, kind_slugs, jobs = _support_terms(rng, kind, project)
        current = entities.get(entity)
        if current is None or entity in already:
            continue
        support_record_create(
            entity=current,
            project=project,
            kind=kind,
            starts_on=starts_on,
            ends_on=ends_on,
            kinds=[kinds[slug] for slug in kind_slugs if slug in kinds],
            grant_pln=jobs * GRANT_PER_JOB if kind == Support.Kind.CREATED else 0,
            jobs_created=jobs,
        )
        added += 1
    if added:
        command.stdout.write(f"Added {added} demo support records.")


def _plan() -> list[tuple[str, str]]:
    """(entity slug, kind): the created ones, then the first existing ones supported."""
    created = [
        (slug_of(name), Support.Kind.CREATED) for name, *_ in ENTITIES if name in CREATED_WITH_KOWES
    ]
    existing = [
        (slug_of(name), Support.Kind.SUPPORTED)
        for name, _short, form, *_rest in ENTITIES
        if name not in CREATED_WITH_KOWES and form != Entity.LegalForm.INITIATIVE_GROUP
    ]
    return created + existing[:SUPPORTED_COUNT]


def _support_terms(rng, kind, project):
    starts_on = project.starts_on + timedelta(days=rng.randrange(30, 800))
    ends_on = min(starts_on + timedelta(days=rng.randrange(90, 365)), project.ends_on)
    if kind == Support.Kind.CREATED:
        kind_slugs = ["animacja", "doradztwo", "szkolenia", "dotacja", "wsparcie-pomostowe"]
        jobs = rng.randrange(3, 7)
    else:
        kind_slugs = rng.sample(["doradztwo", "szkolenia", "mentoring", "promocja"], 2)
        jobs = rng.choice([0, 0, 1, 2])
    return starts_on, ends_on, kind_slugs, jobs
