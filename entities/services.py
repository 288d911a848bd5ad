from django.db import transaction

from entities.models import CooperativeDetails, Entity
from kowes.page_cache import bump_content_generation


@transaction.atomic
def entity_create(
    *, sectors=(), activity_municipalities=(), cooperative: dict | None = None, **fields
) -> Entity:
    """Create a validated entity with its sectors, places of activity and, for a social
    cooperative, its cooperative details (founded_by, founders_count, …)."""
    entity = Entity(**fields)
    entity.full_clean()
    entity.save()
    entity.sectors.set(sectors)
    entity.activity_municipalities.set(activity_municipalities)
    if cooperative is not None:
        details = CooperativeDetails(entity=entity, **cooperative)
        details.full_clean()
        details.save()
    return entity


def entities_refresh_search(*, entities) -> int:
    """Recompute the folded name and search text of ``entities`` (after a bulk update that
    skipped save(), e.g. ``queryset.update(description=…)``); returns how many changed."""
    changed = []
    for entity in entities.only("name", "short_name", "description", "offer", "sort_name",
                                "search_text"):  # fmt: skip
        sort_name, search_text = entity.search_fields()
        if (sort_name, search_text) != (entity.sort_name, entity.search_text):
            entity.sort_name, entity.search_text = sort_name, search_text
            changed.append(entity)
    Entity.objects.bulk_update(changed, ["sort_name", "search_text"], batch_size=1000)
    if changed:
        bump_content_generation()  # bulk_update() sends no signal; searches find other entities
    return len(changed)
