from datetime import timedelta

import pytest
from django.utils import timezone

from news import services
from news.models import Post
from tests.factories import PostFactory

pytestmark = pytest.mark.django_db


def test_posts_publish_publishes_drafts_and_keeps_their_time():
    at = timezone.now() - timedelta(days=3)
    draft = PostFactory(status=Post.Status.DRAFT, published_at=at)
    already = PostFactory(status=Post.Status.PUBLISHED)

    changed = services.posts_publish(posts=[draft, already])

    draft.refresh_from_db()
    assert (changed, draft.status, draft.published_at) == (1, Post.Status.PUBLISHED, at)


def test_posts_publish_with_a_future_time_schedules_the_post():
    draft = PostFactory(status=Post.Status.DRAFT, published_at=timezone.now() + timedelta(days=1))

    services.posts_publish(posts=Post.objects.filter(pk=draft.pk))

    assert list(Post.objects.scheduled()) == [draft]
    assert list(Post.objects.published()) == []


def test_posts_publish_twice_changes_nothing_the_second_time():
    draft = PostFactory(status=Post.Status.DRAFT)
    services.posts_publish(posts=[draft])
    updated_at = Post.objects.get(pk=draft.pk).updated_at

    changed = services.posts_publish(posts=[draft])

    assert (changed, Post.objects.get(pk=draft.pk).updated_at) == (0, updated_at)


def test_posts_unpublish_turns_published_posts_into_drafts():
    published = PostFactory()
    draft = PostFactory(status=Post.Status.DRAFT)

    changed = services.posts_unpublish(posts=[published, draft])

    assert changed == 1
    assert set(Post.objects.values_list("status", flat=True)) == {Post.Status.DRAFT}
