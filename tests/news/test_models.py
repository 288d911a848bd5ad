from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from news.models import Post
from tests.factories import CategoryFactory, PostFactory

pytestmark = pytest.mark.django_db

NOON = datetime(2014, 5, 5, 12, 0, tzinfo=UTC)


def test_post_published_excludes_drafts_and_scheduled_posts():
    published = PostFactory(published_at=timezone.now() - timedelta(hours=1))
    PostFactory(status=Post.Status.DRAFT, published_at=timezone.now() - timedelta(hours=1))
    PostFactory(published_at=timezone.now() + timedelta(hours=1))

    assert list(Post.objects.published()) == [published]


def test_post_scheduled_lists_only_published_posts_with_a_future_time():
    PostFactory(published_at=timezone.now() - timedelta(hours=1))
    PostFactory(status=Post.Status.DRAFT, published_at=timezone.now() + timedelta(hours=1))
    scheduled = PostFactory(published_at=timezone.now() + timedelta(hours=1))

    assert list(Post.objects.scheduled()) == [scheduled]


def test_scheduled_post_appears_by_itself_when_its_time_comes(monkeypatch):
    post = PostFactory(published_at=NOON)
    monkeypatch.setattr(timezone, "now", lambda: NOON - timedelta(seconds=1))
    assert (list(Post.objects.published()), post.is_public) == ([], False)
    assert list(Post.objects.scheduled()) == [post]

    monkeypatch.setattr(timezone, "now", lambda: NOON)

    assert (list(Post.objects.published()), post.is_public) == ([post], True)
    assert list(Post.objects.scheduled()) == []


def test_post_draft_is_never_public_even_when_its_time_has_come():
    post = PostFactory(status=Post.Status.DRAFT, published_at=timezone.now() - timedelta(days=1))

    assert post.is_public is False


def test_post_queryset_newest_first_breaks_ties_by_newest_pk():
    older = PostFactory(published_at=NOON - timedelta(days=1))
    first_at_noon = PostFactory(published_at=NOON)
    second_at_noon = PostFactory(published_at=NOON)

    assert list(Post.objects.newest_first()) == [second_at_noon, first_at_noon, older]


def test_post_queryset_in_category_is_chainable_with_published():
    training = CategoryFactory(name="Szkolenia", slug="szkolenia")
    in_category = PostFactory(categories=[training])
    PostFactory(categories=[training], status=Post.Status.DRAFT)
    PostFactory()

    assert list(Post.objects.published().in_category(training)) == [in_category]


def test_post_previous_and_next_follow_publication_order():
    first = PostFactory(published_at=NOON - timedelta(days=2))
    second = PostFactory(published_at=NOON - timedelta(days=1))
    third = PostFactory(published_at=NOON)

    assert (first.previous_post(), first.next_post()) == (None, second)
    assert (second.previous_post(), second.next_post()) == (first, third)
    assert (third.previous_post(), third.next_post()) == (second, None)


def test_post_previous_and_next_with_equal_times_go_by_pk_without_skipping_or_looping():
    before = PostFactory(published_at=NOON - timedelta(minutes=1))
    a, b, c = (PostFactory(published_at=NOON) for _ in range(3))
    after = PostFactory(published_at=NOON + timedelta(minutes=1))
    chain = [before, a, b, c, after]

    forward = [before]
    while (following := forward[-1].next_post()) is not None:
        forward.append(following)
    backward = [after]
    while (preceding := backward[-1].previous_post()) is not None:
        backward.append(preceding)

    assert forward == chain
    assert backward == chain[::-1]


def test_post_previous_and_next_skip_drafts_and_scheduled_posts():
    first = PostFactory(published_at=NOON - timedelta(days=3))
    PostFactory(published_at=NOON - timedelta(days=2), status=Post.Status.DRAFT)
    second = PostFactory(published_at=NOON - timedelta(days=1))
    PostFactory(published_at=timezone.now() + timedelta(days=1))

    assert (first.next_post(), second.previous_post(), second.next_post()) == (second, first, None)


def test_post_clean_refuses_an_image_without_alt_text():
    post = PostFactory.build(
        image=SimpleUploadedFile("photo.png", b"not checked here"), image_alt="  "
    )

    with pytest.raises(ValidationError) as error:
        post.clean()

    assert error.value.message_dict == {
        "image_alt": ["Opisz obraz: tekst alternatywny jest wymagany, gdy dodajesz obraz."]
    }


def test_post_database_refuses_an_image_without_alt_text():
    with pytest.raises(IntegrityError), transaction.atomic():
        PostFactory(image="news/2014/photo.png", image_alt="")


def test_post_database_refuses_an_unknown_status():
    with pytest.raises(IntegrityError), transaction.atomic():
        PostFactory(status="archived")


def test_post_and_category_addresses_are_polish():
    category = CategoryFactory(name="Dotacje", slug="dotacje")
    post = PostFactory(title="Nabór wniosków", slug="nabor-wnioskow")

    assert (str(post), post.get_absolute_url()) == (
        "Nabór wniosków",
        "/aktualnosci/nabor-wnioskow/",
    )
    assert (str(category), category.get_absolute_url()) == (
        "Dotacje",
        "/aktualnosci/kategoria/dotacje/",
    )
