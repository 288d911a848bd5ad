"""Demo news: the centre's first post (its own text, from the original site) and
posts written for the demo across 2013–2015; ``--posts N`` adds generated ones."""

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils.text import slugify

from news.models import Category, Post

WARSAW = ZoneInfo("Europe/Warsaw")

CATEGORIES = [
    ("Projekt", "projekt"),
    ("Spółdzielnie socjalne", "spoldzielnie-socjalne"),
    ("Szkolenia", "szkolenia"),
    ("Dotacje", "dotacje"),
    ("Wydarzenia", "wydarzenia"),
]

# The seed: the centre's first news post, 2013-01-04, in its own words.
SEED_POST = {
    "title": "Projekt Koniński Ośrodek Wsparcia Ekonomii Społecznej rozpoczęty",
    "slug": "projekt-koninski-osrodek-wsparcia-ekonomii-spolecznej-rozpoczety",
    "published_at": datetime(2013, 1, 4, 10, 0, tzinfo=WARSAW),
    "categories": ["projekt"],
    "lead": (
        "Miło nam poinformować, że 1 stycznia 2013 roku rozpoczęliśmy realizację projektu pn. "
        "Koniński Ośrodek Wsparcia Ekonomii Społecznej."
    ),
    "body": """\
Miło nam poinformować, że 1 stycznia 2013 roku rozpoczęliśmy realizację projektu pn. Koniński Ośrodek Wsparcia Ekonomii Społecznej.

Głównym celem projektu jest wzmocnienie sektora ekonomii społecznej w subregionie konińskim oraz wsparcie przy tworzeniu dwudziestu podmiotów ekonomii społecznej i funkcjonowaniu kolejnych pięćdziesięciu poprzez budowanie otoczenia sprzyjającego ich rozwojowi.

## Dlaczego subregion koniński?

Działamy w Koninie już od ponad dwóch lat – od początku realizacji projektu Wielkopolski Ośrodek Ekonomii Społecznej - i przez ten czas wiele zaobserwowaliśmy i wielu rzeczy nauczyliśmy się. Jesteśmy zdania, że sytuacja sektora ekonomii społecznej ciągle nie jest tam najlepsza. Mamy do czynienia z niedostatkiem wiedzy o ekonomii społecznej wśród mieszkańców regionu, działające tam podmioty ekonomii społecznej są słabe i mają niewielki potencjał finansowy. W całym subregionie konińskim działa zaledwie kilka spółdzielni socjalnych. W porównaniu do liczby osób potrzebujących wsparcia jest to liczba zdecydowanie zbyt małą. Ekonomią społeczną w niewielkim tylko stopniu zainteresowane są instytucje rynku pracy, pomocy i integracji społecznej, jednostki samorządu terytorialnego, przedsiębiorstwa oraz media.

Mamy oczywiście do czynienia z chlubnymi wyjątkami: należą do nich działające na terenie subregionu konińskiego spółdzielnie osób fizycznych „Otwarci” z Konina czy spółdzielnia socjalna osób prawnych „Razem do sukcesu” z Kramska. Godne uwagi są również inicjatywy podejmowane między innymi przez gminę Stare Miasto oraz miasto Konina. Zarówno grupy inicjatywne jak i działające już podmioty ekonomii społecznej współpracują z naszym Stowarzyszeniem w ramach projektu PWP Wielkopolski Ośrodek Ekonomii Społecznej II. Mamy nadzieję, że ta współpraca będzie się rozwijać z korzyścią dla obu stron.

Bo przecież potencjał ekonomii społecznej jest niezwykle duży. Jej znaczenie dla gospodarki lokalnej nieustannie rośnie. Ekonomia społeczna umożliwia wykorzystanie zasobów ludzkich w sposób komplementarny do sektora prywatnego i publicznego oraz zapobiega wykluczeniu społecznemu i łagodzeniu napięć społecznych.

Zależy nam na stworzeniu nowej perspektywy rozwoju PES-ów po roku 2015 i wypracowaniu nowych rozwiązań długookresowego finansowania ich działalności. Chcemy wzmocnić potencjał gospodarczy i konkurencyjność spółdzielni socjalnych w całym subregionie.
Projekt będzie trwał do końca czerwca 2015 roku. Mamy nadzieję, że uda nam się do tego czasu zrealizować wszystkie te cele i osiągnąć nawet więcej.
""",
}

# Posts written for the demo: (date, categories, title, lead, body in Markdown).
DEMO_POSTS: list[tuple[datetime, list[str], str, str, str]] = []


def _save_post(*, title, slug, lead, body, published_at, categories, categories_by_slug):
    post, created = Post.objects.get_or_create(
        slug=slug,
        defaults={
            "title": title,
            "lead": lead,
            "body": body,
            "published_at": published_at,
            "status": Post.Status.PUBLISHED,
        },
    )
    if created:
        post.categories.set([categories_by_slug[c] for c in categories])
    return int(created)


def load(*, command, options):
    categories_by_slug = {}
    for name, slug in CATEGORIES:
        categories_by_slug[slug], _ = Category.objects.get_or_create(
            slug=slug, defaults={"name": name}
        )
    created = _save_post(**SEED_POST, categories_by_slug=categories_by_slug)
    for published_at, categories, title, lead, body in DEMO_POSTS:
        created += _save_post(
            title=title,
            slug=slugify(title.replace("ł", "l").replace("Ł", "L")),
            lead=lead,
            body=body,
            published_at=published_at,
            categories=categories,
            categories_by_slug=categories_by_slug,
        )
    if created:
        command.stdout.write(f"Added {created} news posts.")
    if options.get("posts"):
        generate_posts(count=options["posts"], seed=options["seed"], command=command)


def generate_posts(*, count, seed, command, batch_size=2000):
    """Add generated posts for load tests; their slugs are fixed, so a rerun adds none."""
    rng = random.Random(seed)
    start = datetime(2013, 1, 1, 8, 0, tzinfo=WARSAW)
    existing = set(
        Post.objects.filter(slug__startswith="wpis-testowy-").values_list("slug", flat=True)
    )
    posts = []
    for number in range(1, count + 1):
        slug = f"wpis-testowy-{number:06d}"
        if slug in existing:
            continue
        posts.append(
            Post(
                title=f"Wpis testowy nr {number}",
                slug=slug,
                lead="Wpis wygenerowany do testów wydajności portalu.",
                body="Treść wpisu testowego.\n\n- punkt pierwszy\n- punkt drugi\n",
                status=Post.Status.PUBLISHED,
                published_at=start + timedelta(minutes=rng.randrange(0, 60 * 24 * 365 * 3)),
            )
        )
    Post.objects.bulk_create(posts, batch_size=batch_size)
    command.stdout.write(f"Added {len(posts)} generated news posts.")
