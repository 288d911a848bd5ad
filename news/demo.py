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


def _at(year, month, day, hour=10, minute=0):
    return datetime(year, month, day, hour, minute, tzinfo=WARSAW)


# Posts written for the demo: (date, categories, title, lead, body in Markdown).
DEMO_POSTS: list[tuple[datetime, list[str], str, str, str]] = [
    (
        _at(2013, 1, 21, 9),
        ["projekt"],
        "Rekrutacja do projektu: zapraszamy grupy inicjatywne",
        "Ruszyła rekrutacja osób i grup, które chcą założyć spółdzielnię socjalną lub inny podmiot ekonomii społecznej w subregionie konińskim.",
        """\
Zapraszamy mieszkańców Konina oraz powiatów konińskiego, kolskiego, słupeckiego i tureckiego, którzy myślą o wspólnym prowadzeniu przedsiębiorstwa społecznego.

Szczególnie czekamy na osoby bezrobotne, osoby z niepełnosprawnościami oraz osoby zagrożone wykluczeniem społecznym, a także na organizacje pozarządowe i samorządy, które chcą współtworzyć spółdzielnie socjalne osób prawnych.

## Jak się zgłosić?

1. Wypełnij formularz zgłoszeniowy dostępny w biurze projektu.
2. Umów się na rozmowę z doradcą.
3. Weź udział w spotkaniu informacyjnym w swojej gminie.

Udział w projekcie jest **bezpłatny**. Rekrutacja ma charakter ciągły.
""",
    ),
    (
        _at(2013, 2, 12, 12),
        ["wydarzenia"],
        "Spotkanie informacyjne o ekonomii społecznej w Kole",
        "W Starostwie Powiatowym w Kole rozmawialiśmy z mieszkańcami, urzędnikami i przedstawicielami organizacji pozarządowych o tym, czym jest ekonomia społeczna.",
        """\
W spotkaniu wzięło udział ponad 40 osób: pracownicy ośrodków pomocy społecznej i powiatowego urzędu pracy, radni, sołtysi oraz przedstawicielki kół gospodyń wiejskich.

Opowiedzieliśmy, czym różni się spółdzielnia socjalna od zwykłej firmy, kto może ją założyć i jakie wsparcie oferuje projekt. Najwięcej pytań dotyczyło dotacji na utworzenie miejsc pracy oraz tego, czy członek spółdzielni może stracić prawo do zasiłku.

Dziękujemy Starostwu Powiatowemu w Kole za gościnę. Kolejne spotkania odbędą się w Turku, Słupcy i w Koninie.
""",
    ),
    (
        _at(2013, 3, 5),
        ["szkolenia"],
        "Cykl szkoleń „Spółdzielnia socjalna od podstaw”",
        "Zapraszamy na pięć bezpłatnych spotkań szkoleniowych dla osób, które chcą założyć spółdzielnię socjalną.",
        """\
Szkolenia poprowadzą doświadczeni trenerzy i prezesi działających spółdzielni socjalnych. Program obejmuje:

- podstawy prawne: ustawa o spółdzielniach socjalnych i prawo spółdzielcze,
- statut i rejestracja w Krajowym Rejestrze Sądowym,
- biznesplan i analiza lokalnego rynku,
- księgowość i rozliczenia z ZUS,
- praca w zespole i rozwiązywanie konfliktów.

Zajęcia odbywają się w soboty w biurze projektu w Koninie. Uczestnikom zapewniamy materiały, wyżywienie oraz zwrot kosztów dojazdu.
""",
    ),
    (
        _at(2013, 3, 26),
        ["projekt"],
        "Ruszyło bezpłatne doradztwo prawne, księgowe i biznesowe",
        "Grupy inicjatywne i działające podmioty ekonomii społecznej mogą już korzystać z indywidualnych konsultacji z doradcami projektu.",
        """\
Doradcy pomogą przygotować statut, biznesplan i wniosek o dotację, wyjaśnią zasady prowadzenia księgowości spółdzielni oraz podpowiedzą, jak dotrzeć do klientów.

Konsultacje odbywają się w biurze projektu w Koninie, a po wcześniejszym umówieniu także w siedzibie podmiotu – również w mniejszych gminach subregionu.

Aby umówić się na spotkanie, zadzwoń lub napisz do nas (dane znajdziesz na stronie *Kontakt*).
""",
    ),
    (
        _at(2013, 4, 18, 14),
        ["wydarzenia"],
        "Wizyta studyjna w spółdzielniach socjalnych Dolnego Śląska",
        "Przez trzy dni uczestnicy projektu poznawali spółdzielnie socjalne, które od lat z powodzeniem działają na rynku.",
        """\
Odwiedziliśmy spółdzielnie prowadzące catering, pralnię, usługi remontowe i opiekę nad terenami zielonymi. Ich członkowie opowiadali o pierwszych, najtrudniejszych miesiącach, o zdobywaniu zleceń od samorządów i o tym, jak zmieniło się ich życie dzięki stałej pracy.

> Najważniejsze jest zaufanie w zespole. Bez tego żadna dotacja nie pomoże – mówiła prezeska jednej ze spółdzielni.

W wizycie wzięło udział 18 osób z grup inicjatywnych z Konina, Kramska, Koła i Turku.
""",
    ),
    (
        _at(2013, 5, 9),
        ["dotacje"],
        "Konkurs na dotacje na utworzenie spółdzielni socjalnej – I nabór",
        "Ogłaszamy pierwszy nabór wniosków o środki finansowe na założenie spółdzielni socjalnej i utworzenie w niej miejsc pracy.",
        """\
O dotację mogą ubiegać się osoby fizyczne i prawne, które ukończyły szkolenia w ramach projektu i przygotowały biznesplan z pomocą doradcy.

## Najważniejsze informacje

- wysokość wsparcia: do 20 000 zł na jedno miejsce pracy,
- termin składania wniosków: **od 3 do 21 czerwca 2013 r.**,
- wnioski oceniają niezależni eksperci,
- wraz z dotacją można otrzymać wsparcie pomostowe na pierwsze miesiące działalności.

Regulamin konkursu i wzory dokumentów są dostępne w biurze projektu.
""",
    ),
    (
        _at(2013, 6, 28, 15),
        ["dotacje"],
        "Wyniki I naboru wniosków o dotacje",
        "Komisja oceny wniosków zakończyła pracę: wsparcie otrzymają trzy nowe spółdzielnie socjalne.",
        """\
Do biura projektu wpłynęło siedem wniosków. Komisja oceniła je pod względem przygotowania biznesplanu, realności przedsięwzięcia i liczby miejsc pracy dla osób zagrożonych wykluczeniem społecznym.

Dofinansowanie otrzymają spółdzielnie z Kramska, Koła i Konina, które utworzą łącznie 14 miejsc pracy. Autorom pozostałych wniosków proponujemy dodatkowe doradztwo przed kolejnym naborem.

Gratulujemy i trzymamy kciuki!
""",
    ),
    (
        _at(2013, 7, 16),
        ["spoldzielnie-socjalne"],
        "Nowa spółdzielnia socjalna w Kramsku zarejestrowana",
        "Sąd rejestrowy wpisał do KRS pierwszą spółdzielnię socjalną, która powstała przy wsparciu naszego projektu.",
        """\
Spółdzielnia założona przez pięć mieszkanek gminy Kramsk zajmie się sprzątaniem biur i klatek schodowych oraz pielęgnacją terenów zielonych. Jej członkinie przez ostatnie miesiące uczestniczyły w szkoleniach i doradztwie w ramach projektu.

Pierwsze zlecenia spółdzielnia już ma: od wspólnoty mieszkaniowej oraz od lokalnego przedsiębiorcy. Gmina Kramsk zapowiedziała, że przy kolejnych zamówieniach zastosuje klauzule społeczne.

To dopiero początek – przed nami jeszcze dziewiętnaście nowych podmiotów!
""",
    ),
    (
        _at(2013, 9, 10),
        ["szkolenia"],
        "Szkolenie z marketingu dla podmiotów ekonomii społecznej",
        "Jak opowiadać o swojej firmie społecznej i pozyskać klientów? Zapraszamy na dwudniowe warsztaty marketingowe.",
        """\
Podczas warsztatów uczestnicy przygotują ofertę swojej spółdzielni lub organizacji, nauczą się prowadzić stronę w mediach społecznościowych i przećwiczą rozmowę z klientem biznesowym.

Szkolenie odbędzie się **26 i 27 września 2013 r.** w Koninie. Liczba miejsc jest ograniczona; decyduje kolejność zgłoszeń.
""",
    ),
    (
        _at(2013, 10, 15, 12),
        ["wydarzenia"],
        "I Konińska Konferencja Ekonomii Społecznej",
        "Ponad stu uczestników, dwa panele dyskusyjne i kiermasz produktów podmiotów ekonomii społecznej – tak wyglądała pierwsza konferencja projektu.",
        """\
Konferencja odbyła się w Konińskim Domu Kultury. Rozmawialiśmy o tym, jak samorządy mogą współpracować ze spółdzielniami socjalnymi, oraz o doświadczeniach przedsiębiorstw społecznych z innych regionów.

Na kiermaszu swoje produkty i usługi prezentowały spółdzielnie socjalne, warsztaty terapii zajęciowej i koła gospodyń wiejskich z całego subregionu.

Dziękujemy prelegentom, wystawcom i wszystkim gościom. Prezentacje z konferencji można otrzymać w biurze projektu.
""",
    ),
    (
        _at(2013, 11, 20),
        ["spoldzielnie-socjalne"],
        "Spółdzielnia socjalna z Koła rozpoczęła działalność",
        "W Kole otworzyła się pracownia krawiecka prowadzona przez nową spółdzielnię socjalną osób fizycznych.",
        """\
Sześć osób, które wcześniej długo pozostawały bez pracy, szyje i naprawia odzież, a także przygotowuje stroje dla zespołów ludowych i szkół. Spółdzielnia otrzymała dotację z projektu i przez pierwsze pół roku będzie korzystać ze wsparcia pomostowego.

Pracownia mieści się w centrum Koła i jest czynna od poniedziałku do soboty. Zachęcamy do odwiedzin!
""",
    ),
    (
        _at(2013, 12, 18),
        ["projekt"],
        "Podsumowanie pierwszego roku projektu",
        "Dwanaście miesięcy pracy w subregionie konińskim: nowe spółdzielnie, dziesiątki godzin doradztwa i pierwsza konferencja.",
        """\
W 2013 roku:

- powstało 5 nowych podmiotów ekonomii społecznej, w tym 4 spółdzielnie socjalne,
- wsparciem objęliśmy 21 działających podmiotów,
- doradcy udzielili ponad 600 godzin konsultacji,
- w szkoleniach wzięło udział 126 osób.

Dziękujemy wszystkim, którzy nam zaufali. Życzymy spokojnych Świąt Bożego Narodzenia i wszystkiego dobrego w Nowym Roku!
""",
    ),
    (
        _at(2014, 1, 22),
        ["szkolenia"],
        "Klauzule społeczne w zamówieniach publicznych – szkolenie dla samorządów",
        "Zapraszamy pracowników urzędów gmin i starostw na szkolenie o tym, jak zamawiać usługi od podmiotów ekonomii społecznej.",
        """\
Prawo zamówień publicznych pozwala zamawiającym stawiać wymagania społeczne, na przykład zatrudnienie osób bezrobotnych lub niepełnosprawnych przy realizacji zamówienia. Na szkoleniu pokażemy, jak to zrobić zgodnie z prawem i bez ryzyka dla urzędu.

Szkolenie poprowadzi radca prawny specjalizujący się w zamówieniach publicznych. Termin: **13 lutego 2014 r.**, Konin.
""",
    ),
    (
        _at(2014, 2, 25),
        ["dotacje"],
        "II nabór wniosków o dotacje na nowe miejsca pracy",
        "Ogłaszamy kolejny konkurs: tym razem także dla działających spółdzielni socjalnych, które chcą zatrudnić nowych członków.",
        """\
W drugim naborze o środki mogą się ubiegać zarówno nowo zakładane spółdzielnie socjalne, jak i spółdzielnie już działające, które przyjmą nowych członków i utworzą dla nich miejsca pracy.

Wnioski przyjmujemy **od 17 do 28 marca 2014 r.** Przed złożeniem wniosku koniecznie skonsultuj biznesplan z doradcą projektu.
""",
    ),
    (
        _at(2014, 3, 27),
        ["spoldzielnie-socjalne"],
        "W Turku powstała spółdzielnia socjalna osób prawnych",
        "Gmina Turek i miejscowa fundacja założyły spółdzielnię socjalną, która zatrudni osoby długotrwale bezrobotne.",
        """\
Spółdzielnia socjalna osób prawnych to rozwiązanie wciąż rzadkie w Wielkopolsce. Założycielami są gmina i organizacja pozarządowa, a pracownikami – osoby zagrożone wykluczeniem społecznym, które po pewnym czasie mogą same zostać członkami spółdzielni.

Nowa spółdzielnia zajmie się utrzymaniem zieleni i drobnymi remontami budynków gminnych. Przy jej tworzeniu pomagali nasi doradcy prawni, a statut powstał na warsztatach w biurze projektu.
""",
    ),
    (
        _at(2014, 4, 24),
        ["dotacje"],
        "Wsparcie pomostowe – jak z niego skorzystać?",
        "Wyjaśniamy, czym jest wsparcie pomostowe i na co spółdzielnia może przeznaczyć otrzymane środki.",
        """\
Wsparcie pomostowe to comiesięczna pomoc finansowa dla nowej spółdzielni, która pozwala pokryć część stałych kosztów w pierwszych miesiącach działalności – zanim firma zacznie zarabiać.

Środki można przeznaczyć między innymi na:

- składki na ubezpieczenia społeczne,
- czynsz i media,
- usługi księgowe i prawne.

Wsparcie przyznawane jest na 6 miesięcy i może zostać przedłużone. Szczegóły wyjaśnią doradcy projektu.
""",
    ),
    (
        _at(2014, 5, 28, 13),
        ["wydarzenia"],
        "Wizyta studyjna w przedsiębiorstwach społecznych Małopolski",
        "Uczestnicy projektu poznali spółdzielnie socjalne, zakład aktywności zawodowej i centrum integracji społecznej w okolicach Krakowa.",
        """\
Największe wrażenie zrobił na nas zakład aktywności zawodowej prowadzący hotel i restaurację, w którym pracują osoby z niepełnosprawnościami. Rozmawialiśmy także z samorządowcami o tym, jak gmina może wspierać spółdzielnie, nie naruszając zasad konkurencji.

W wizycie uczestniczyło 20 osób: członkowie nowych spółdzielni, przedstawiciele grup inicjatywnych oraz pracownicy ośrodków pomocy społecznej z subregionu.
""",
    ),
    (
        _at(2014, 6, 16),
        ["wydarzenia"],
        "Ekonomia społeczna na Dniach Konina",
        "Na naszym stoisku można było spróbować wypieków i kupić rękodzieło przygotowane przez podmioty ekonomii społecznej.",
        """\
Podczas Dni Konina spółdzielnie socjalne i organizacje wspierane przez projekt pokazały mieszkańcom, czym się zajmują. Największym zainteresowaniem cieszyły się domowe wypieki, wyroby krawieckie z Koła i ceramika przygotowana przez uczestników warsztatów terapii zajęciowej.

Dziękujemy wszystkim, którzy nas odwiedzili!
""",
    ),
    (
        _at(2014, 9, 16),
        ["szkolenia"],
        "Warsztaty dla grup inicjatywnych w Słupcy",
        "Rozpoczynamy nowy cykl warsztatów dla mieszkańców powiatu słupeckiego, którzy chcą założyć spółdzielnię socjalną.",
        """\
Warsztaty odbywają się w Słupcy co dwa tygodnie, w czwartki po południu, tak aby mogły w nich uczestniczyć także osoby pracujące. Tematy spotkań to między innymi pomysł na działalność, podział ról w zespole, finanse spółdzielni i pozyskiwanie klientów.

Zgłoszenia przyjmujemy w biurze projektu i podczas dyżuru doradcy w Słupcy.
""",
    ),
    (
        _at(2014, 10, 21, 12),
        ["wydarzenia"],
        "II Konińska Konferencja Ekonomii Społecznej: samorząd i spółdzielnia",
        "Druga konferencja projektu była poświęcona współpracy samorządów z podmiotami ekonomii społecznej.",
        """\
Wójtowie i burmistrzowie z subregionu opowiadali, jak zlecają zadania spółdzielniom socjalnym i organizacjom pozarządowym, a prezesi spółdzielni – jak wygląda ta współpraca z ich strony.

Podczas konferencji podpisano porozumienie o utworzeniu partnerstwa na rzecz ekonomii społecznej w powiecie konińskim.
""",
    ),
    (
        _at(2014, 11, 27),
        ["spoldzielnie-socjalne"],
        "Spółdzielnia socjalna otwiera pracownię cateringową w Koninie",
        "Kolejna spółdzielnia wspierana przez projekt rozpoczęła działalność: przygotowuje posiłki dla szkół, firm i na uroczystości rodzinne.",
        """\
Siedmioro członków spółdzielni to osoby, które wcześniej długo szukały pracy. Dzięki dotacji z projektu spółdzielnia wyposażyła kuchnię, a wsparcie pomostowe pomoże jej przetrwać pierwsze miesiące.

Spółdzielnia już przygotowuje obiady dla dwóch przedszkoli i przyjmuje zamówienia na catering.
""",
    ),
    (
        _at(2014, 12, 17),
        ["projekt"],
        "Drugi rok projektu w liczbach",
        "Za nami dwa lata pracy. Podsumowujemy, co udało się osiągnąć w 2014 roku.",
        """\
Od początku projektu:

- powstało 15 nowych podmiotów ekonomii społecznej,
- wsparliśmy 43 działające podmioty,
- w nowych spółdzielniach pracę znalazło 58 osób,
- doradcy przeprowadzili ponad 1 500 godzin konsultacji.

W 2015 roku, ostatnim roku projektu, skupimy się na tym, aby nowe spółdzielnie umocniły się na rynku.
""",
    ),
    (
        _at(2015, 1, 20),
        ["dotacje"],
        "Ostatni nabór wniosków o dotacje",
        "To ostatnia szansa w tym projekcie na otrzymanie środków na założenie spółdzielni socjalnej lub utworzenie nowych miejsc pracy.",
        """\
Wnioski przyjmujemy **od 9 do 20 lutego 2015 r.** Regulamin konkursu nie zmienił się w stosunku do poprzedniego naboru.

Ze względu na termin zakończenia projektu prosimy o wcześniejsze umawianie się na konsultacje biznesplanów.
""",
    ),
    (
        _at(2015, 2, 24),
        ["szkolenia"],
        "Szkolenie: jak rozliczyć dotację i wsparcie pomostowe",
        "Zapraszamy zarządy spółdzielni socjalnych na praktyczne szkolenie z rozliczania środków otrzymanych w projekcie.",
        """\
Omówimy najczęstsze błędy w dokumentach, zasady trwałości miejsc pracy oraz to, jak przygotować się do kontroli.

Każdy uczestnik może przynieść własne dokumenty i skonsultować je z księgową projektu.
""",
    ),
    (
        _at(2015, 4, 22, 11),
        ["wydarzenia"],
        "Forum Ekonomii Społecznej Subregionu Konińskiego",
        "Przedstawiciele spółdzielni, organizacji pozarządowych i samorządów rozmawiali o przyszłości ekonomii społecznej po zakończeniu projektu.",
        """\
Głównym tematem forum było to, jak utrzymać miejsca pracy w nowych spółdzielniach i skąd czerpać środki na rozwój po 2015 roku. Uczestnicy przygotowali wspólne rekomendacje dla samorządów subregionu.

Rekomendacje przekażemy wójtom, burmistrzom i starostom oraz samorządowi województwa.
""",
    ),
    (
        _at(2015, 6, 30, 12),
        ["projekt"],
        "Projekt KOWES zakończony – dziękujemy!",
        "30 czerwca 2015 roku zakończyliśmy realizację projektu Koniński Ośrodek Wsparcia Ekonomii Społecznej.",
        """\
Przez dwa i pół roku pomogliśmy utworzyć 21 nowych podmiotów ekonomii społecznej i wsparliśmy 52 działające. W spółdzielniach socjalnych subregionu konińskiego pracę znalazło ponad 70 osób, w tym wiele osób, które wcześniej latami pozostawały bez zatrudnienia.

Dziękujemy uczestnikom, partnerom, samorządom i wszystkim, którzy z nami współpracowali. Spółdzielniom życzymy wielu klientów i wytrwałości.

Stowarzyszenie nadal będzie wspierać podmioty ekonomii społecznej – zapraszamy do kontaktu.
""",
    ),
]


def polish_slug(text: str) -> str:
    """A slug of Polish text: slugify() drops "ł", which has no ASCII decomposition."""
    return slugify(text.translate({ord("ł"): "l", ord("Ł"): "L"}))[:200]


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
            slug=polish_slug(title),
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
    minutes = int((datetime(2015, 6, 30, 16, 0, tzinfo=WARSAW) - start).total_seconds() // 60)
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
                published_at=start + timedelta(minutes=rng.randrange(minutes)),
            )
        )
    Post.objects.bulk_create(posts, batch_size=batch_size)
    command.stdout.write(f"Added {len(posts)} generated news posts.")
