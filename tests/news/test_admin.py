import io
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from news.models import Post
from tests.factories import CategoryFactory, PostFactory, StaffFactory
from tests.html import parse

pytestmark = pytest.mark.django_db

WARSAW = ZoneInfo("Europe/Warsaw")
CHANGELIST = "/admin/news/post/"


def png_file(name="zdjecie.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 3), "green").save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def listed(response):
    return [post.title for post in response.context["cl"].result_list]


def test_post_changelist_lists_posts_with_a_preview_link(admin_client):
    draft = PostFactory(title="Szkic", slug="szkic", status=Post.Status.DRAFT)
    PostFactory(title="Opublikowany", slug="opublikowany")

    response = admin_client.get(CHANGELIST)

    assert listed(response) == ["Opublikowany", "Szkic"]
    links = [
        (a.attrs["href"], a.text)
        for td in parse(response.content).find_all("td", class_="field-preview_link")
        for a in td.find_all("a")
    ]
    assert links == [("/aktualnosci/opublikowany/", "Zobacz"), ("/aktualnosci/szkic/", "Podgląd")]
    assert draft.get_absolute_url() == "/aktualnosci/szkic/"


def test_post_changelist_is_denied_to_anonymous_and_to_staff_without_permission(client):
    anonymous = client.get(CHANGELIST)
    client.force_login(StaffFactory())
    staff = client.get(CHANGELIST)

    assert (anonymous.status_code, anonymous["Location"]) == (
        302,
        "/admin/login/?next=/admin/news/post/",
    )
    assert staff.status_code == 403


def test_post_changelist_filters_by_status_category_and_date(admin_client):
    grants = CategoryFactory(name="Dotacje", slug="dotacje")
    PostFactory(
        title="Dotacje 2013", categories=[grants], published_at=datetime(2013, 5, 9, tzinfo=WARSAW)
    )
    PostFactory(
        title="Szkic 2014",
        status=Post.Status.DRAFT,
        published_at=datetime(2014, 2, 1, tzinfo=WARSAW),
    )
    PostFactory(title="Zwykły 2014", published_at=datetime(2014, 3, 1, tzinfo=WARSAW))

    by_status = admin_client.get(CHANGELIST, {"status__exact": "draft"})
    by_category = admin_client.get(CHANGELIST, {"categories__id__exact": grants.pk})
    by_year = admin_client.get(CHANGELIST, {"published_at__year": "2014"})

    assert listed(by_status) == ["Szkic 2014"]
    assert listed(by_category) == ["Dotacje 2013"]
    assert listed(by_year) == ["Zwykły 2014", "Szkic 2014"]


def test_post_changelist_searches_title_lead_and_body(admin_client):
    PostFactory(title="Spółdzielnia w Kramsku")
    PostFactory(title="Inny", lead="Szkolenie w Kramsku")
    PostFactory(title="Trzeci", body="Nic o tym")

    response = admin_client.get(CHANGELIST, {"q": "Kramsku"})

    assert sorted(listed(response)) == ["Inny", "Spółdzielnia w Kramsku"]


def test_post_changelist_query_count_does_not_grow_with_posts(
    admin_client, django_assert_max_num_queries
):
    counts = []
    for batch in (1, 40):
        PostFactory.create_batch(batch, author=StaffFactory())
        with django_assert_max_num_queries(20) as captured:
            admin_client.get(CHANGELIST)
        counts.append(len(captured))

    assert counts[0] == counts[1]


def test_post_publish_action_publishes_through_the_service(admin_client):
    drafts = PostFactory.create_batch(2, status=Post.Status.DRAFT)

    response = admin_client.post(
        CHANGELIST,
        {"action": "publish", "_selected_action": [post.pk for post in drafts]},
        follow=True,
    )

    assert set(Post.objects.values_list("status", flat=True)) == {Post.Status.PUBLISHED}
    assert [str(m) for m in response.context["messages"]] == ["Opublikowano 2 wpisy."]


def test_post_unpublish_action_turns_posts_into_drafts(admin_client):
    posts = PostFactory.create_batch(5)

    response = admin_client.post(
        CHANGELIST,
        {"action": "unpublish", "_selected_action": [post.pk for post in posts]},
        follow=True,
    )

    assert set(Post.objects.values_list("status", flat=True)) == {Post.Status.DRAFT}
    assert [str(m) for m in response.context["messages"]] == ["Wycofano 5 wpisów."]


def post_form_data(**overrides):
    data = {
        "title": "Nowy wpis",
        "slug": "nowy-wpis",
        "lead": "Wstęp.",
        "body": "Treść.",
        "image_alt": "",
        "status": Post.Status.PUBLISHED,
        "published_at_0": "2014-05-05",
        "published_at_1": "10:00:00",
    }
    return {**data, **overrides}


def test_post_add_form_refuses_an_image_without_alt_text_in_polish(admin_client):
    response = admin_client.post("/admin/news/post/add/", post_form_data(image=png_file()))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "image_alt": ["Opisz obraz: tekst alternatywny jest wymagany, gdy dodajesz obraz."]
    }
    assert Post.objects.count() == 0


def test_post_add_form_saves_an_image_with_alt_text_and_the_author(admin_client, admin_user):
    response = admin_client.post(
        "/admin/news/post/add/",
        post_form_data(image=png_file(), image_alt="Zielony prostokąt", author=admin_user.pk),
    )

    post = Post.objects.get()
    assert response.status_code == 302
    assert (post.image_alt, post.author, post.published_at) == (
        "Zielony prostokąt",
        admin_user,
        datetime(2014, 5, 5, 10, 0, tzinfo=WARSAW),
    )
    assert post.image.name.startswith(f"news/{timezone.now().year}/zdjecie")


def test_post_add_form_starts_with_the_current_user_as_author(admin_client, admin_user):
    response = admin_client.get("/admin/news/post/add/")

    form = response.context["adminform"].form
    assert form.initial["author"] == admin_user.pk
    assert response.context["adminform"].prepopulated_fields[0]["field"].name == "slug"


def test_post_scheduled_in_admin_appears_only_when_its_time_comes(admin_client, client):
    tomorrow = timezone.localtime() + timedelta(days=1)
    admin_client.post(
        "/admin/news/post/add/",
        post_form_data(
            published_at_0=tomorrow.strftime("%Y-%m-%d"),
            published_at_1=tomorrow.strftime("%H:%M:%S"),
        ),
    )

    assert client.get("/aktualnosci/nowy-wpis/").status_code == 404
    assert admin_client.get("/aktualnosci/nowy-wpis/").status_code == 200
    assert list(Post.objects.scheduled().values_list("slug", flat=True)) == ["nowy-wpis"]


def test_category_changelist_searches_by_name(admin_client):
    CategoryFactory(name="Szkolenia", slug="szkolenia")
    CategoryFactory(name="Dotacje", slug="dotacje")

    response = admin_client.get("/admin/news/category/", {"q": "szkol"})

    assert [c.name for c in response.context["cl"].result_list] == ["Szkolenia"]


@pytest.mark.parametrize(
    "query",
    [
        {"status__exact": "\x00"},
        {"categories__id__exact": "\x00"},
        {"published_at__year": "\x00"},
        {"q": "a\x00b"},
        {"\x00": "1"},
    ],
)
def test_post_changelist_with_a_nul_byte_is_a_bad_lookup_not_a_500(admin_client, query):
    response = admin_client.get(CHANGELIST, query)

    assert (response.status_code, response["Location"]) == (302, "/admin/news/post/?e=1")
