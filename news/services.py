from django.db import transaction
from django.utils import timezone

from kowes.page_cache import bump_content_generation
from news.models import Post


@transaction.atomic
def posts_publish(*, posts) -> int:
    """Publish the given drafts at their publication time (a future time schedules them).

    Returns how many posts changed; publishing a published post changes nothing.
    """
    changed = (
        Post.objects.filter(pk__in=[post.pk for post in posts])
        .exclude(status=Post.Status.PUBLISHED)
        .update(status=Post.Status.PUBLISHED, updated_at=timezone.now())
    )
    bump_content_generation()  # update() sends no signal
    return changed


@transaction.atomic
def posts_unpublish(*, posts) -> int:
    """Turn the given posts back into drafts; returns how many changed."""
    changed = (
        Post.objects.filter(pk__in=[post.pk for post in posts])
        .exclude(status=Post.Status.DRAFT)
        .update(status=Post.Status.DRAFT, updated_at=timezone.now())
    )
    bump_content_generation()  # update() sends no signal
    return changed
