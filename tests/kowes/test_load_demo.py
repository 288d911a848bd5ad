from datetime import date, datetime
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from news.demo import DEMO_POSTS, SEED_POST
from news.models import Category, Post
from pages.models import Page

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")


def load_demo(*args):
    out = StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def snapshot():
    return {
        "users": list(User.objects.values_list("username", "password")),
        "categories": list(Category.objects.values_list("slug", "name")),
        "posts": list(Post.objects.values_list("slug", "title", "status", "updated_at")),
        "post categories": list(
            Post.categories.through.objects.values_list("post_id", "category_id")
        ),
        "pages": list(Page.objects.values_list("slug", "updated_at")),
    }


def test_load_demo_second_run_changes_nothing():
    first_output = load_demo()
    after_first = snapshot()

    second_output = load_demo()

    assert snapshot() == after_first
    assert first_output.splitlines() == [
        "Created the demo administrator 'admin'.",
        "Added 27 news posts.",
        "Added 64 demo entities.",
        "Added 43 demo support records.",
        "Created the demo coordinator 'koordynator'.",
        "Created the demo advisor 'doradca-prawny'.",
        "Created the demo advisor 'doradca-ksiegowy'.",
        "Created the demo advisor 'doradca-biznesowy'.",
        "Created the demo advisor 'animator'.",
        "Advisory demo: 42 support requests, 150 sessions.",
    ]
    assert second_output == ""
    assert (len(after_first["posts"]), len(after_first["categories"])) == (27, 5)


def test_load_demo_loads_the_seed_post_of_the_original_site(client):
    load_demo()

    post = Post.objects.get(slug=SEED_POST["slug"])
    assert post.title == "Projekt Koniński Ośrodek Wsparcia Ekonomii Społecznej rozpoczęty"
    assert timezone.localtime(post.published_at).date() == date(2013, 1, 4)
    assert post.body.startswith(
        "Miło nam poinformować, że 1 stycznia 2013 roku rozpoczęliśmy realizację projektu pn. "
        "Koniński Ośrodek Wsparcia Ekonomii Społecznej.\n"
    )
    assert post.body.rstrip().endswith("osiągnąć nawet więcej.")
    assert [c.slug for c in post.categories.all()] == ["projekt"]
    assert client.get(post.get_absolute_url()).status_code == 200


def test_load_demo_posts_are_public_polish_and_within_the_project_period():
    load_demo()

    posts = Post.objects.published().prefetch_related("categories")
    start, end = datetime(2013, 1, 1, tzinfo=WARSAW), datetime(2015, 7, 1, tzinfo=WARSAW)
    assert posts.count() == len(DEMO_POSTS) + 1
    assert all(start <= post.published_at < end for post in posts)
    assert all(post.categories.all() for post in posts)
    assert {y for y in posts.dates("published_at", "year")} == {
        date(2013, 1, 1),
        date(2014, 1, 1),
        date(2015, 1, 1),
    }
    assert Post.objects.newest_first().first().title == "Projekt KOWES zakończony – dziękujemy!"


def test_load_demo_creates_the_admin_who_can_log_in(client):
    load_demo()

    assert client.login(username="admin", password="kowes-demo-2013") is True
    assert client.get("/admin/").status_code == 200


def test_load_demo_generated_posts_are_added_once():
    first = load_demo("--posts", "30")
    second = load_demo("--posts", "30")
    more = load_demo("--posts", "35")

    assert first.splitlines()[2] == "Added 30 generated news posts."
    assert second == "Added 0 generated news posts.\n"
    assert more == "Added 5 generated news posts.\n"
    assert Post.objects.filter(slug__startswith="wpis-testowy-").count() == 35
