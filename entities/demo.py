"""Demo directory: about 60 plausible social-economy entities across the Konin subregion,
among them the seed's "Otwarci" (Konin) and "Razem do sukcesu" (Kramsk).

Identifiers are made up but pass the checksums (computed with python-stdnum); e-mail
addresses and websites use example.org. ``--entities N`` adds N generated entities
for load tests, fast (bulk inserts) and idempotent (fixed slugs).
"""

import random
from datetime import date, timedelta

from django.utils.text import slugify
from stdnum.pl import nip, regon

from entities.models import CooperativeDetails, Entity, Municipality, Sector
from entities.services import entity_create

F = Entity.LegalForm
S = Entity.Status

SECTOR_SLUGS = {
    "catering": "gastronomia-i-catering",
    "cleaning": "sprzatanie-i-utrzymanie-czystosci",
    "construction": "budownictwo-i-remonty",
    "greenery": "zielen-i-ogrodnictwo",
    "care": "uslugi-opiekuncze",
    "crafts": "rekodzielo-i-rzemioslo",
    "tourism": "turystyka-i-rekreacja",
    "education": "edukacja-i-szkolenia",
    "culture": "kultura-i-animacja",
    "laundry": "uslugi-pralnicze-i-krawieckie",
    "transport": "transport-i-przeprowadzki",
    "food": "rolnictwo-i-przetworstwo-zywnosci",
    "office": "poligrafia-i-uslugi-biurowe",
}

OFFERS = {
    "catering": "- obiady abonamentowe z dowozem w gminie\n- catering na szkolenia, konferencje i uroczystości rodzinne (do 150 osób)\n- domowe ciasta i pierogi na zamówienie",
    "cleaning": "- sprzątanie biur, klatek schodowych i lokali użytkowych\n- mycie okien i pranie dywanów\n- sprzątanie po remontach",
    "construction": "- drobne remonty i wykończenia wnętrz\n- malowanie, układanie płytek i paneli\n- prace porządkowe na budowach",
    "greenery": "- pielęgnacja terenów zielonych, koszenie, przycinanie żywopłotów\n- zakładanie ogrodów i trawników\n- zimowe utrzymanie chodników",
    "care": "- usługi opiekuńcze w domu podopiecznego\n- asystencja osób z niepełnosprawnością\n- dzienna opieka nad seniorami",
    "crafts": "- rękodzieło: ceramika, wikliniarstwo, hafty\n- upominki firmowe i okolicznościowe\n- warsztaty rękodzieła dla grup",
    "tourism": "- noclegi i organizacja wypoczynku nad jeziorami\n- wycieczki rowerowe i spływy kajakowe z przewodnikiem\n- obsługa imprez plenerowych",
    "education": "- szkolenia zawodowe i kursy komputerowe\n- zajęcia dodatkowe dla dzieci i młodzieży\n- warsztaty kompetencji społecznych",
    "culture": "- animacja imprez dla dzieci i festynów gminnych\n- organizacja koncertów i spektakli\n- prowadzenie świetlic wiejskich",
    "laundry": "- pranie i maglowanie bielizny pościelowej dla pensjonatów\n- szycie i naprawy krawieckie\n- szycie odzieży roboczej na zamówienie",
    "transport": "- przewóz osób, także z niepełnosprawnością\n- przeprowadzki i transport mebli\n- dowóz zakupów dla seniorów",
    "food": "- warzywa i owoce z własnych upraw\n- przetwory: dżemy, soki, kiszonki\n- miód z lokalnych pasiek",
    "office": "- druk ulotek, plakatów i wizytówek\n- skład i projekt graficzny\n- obsługa biurowa i archiwizacja dokumentów",
}

# (name, short name, legal form, municipality slug, sectors, status, visibility)
ENTITIES = [
    ("Spółdzielnia Socjalna „Otwarci”", "Otwarci", F.SOCIAL_COOPERATIVE, "konin", ["cleaning", "greenery"], S.ACTIVE, "public"),
    ("Spółdzielnia Socjalna „Razem do sukcesu”", "Razem do sukcesu", F.SOCIAL_COOPERATIVE, "kramsk", ["catering", "care"], S.ACTIVE, "public"),
    ("Spółdzielnia Socjalna „Dobry Smak”", "", F.SOCIAL_COOPERATIVE, "turek-miasto", ["catering"], S.ACTIVE, "public"),
    ("Spółdzielnia Socjalna „Zielona Dolina”", "", F.SOCIAL_COOPERATIVE, "golina", ["greenery", "construction"], S.ACTIVE, "public"),
    ("Spółdzielnia Socjalna „Pomocna Dłoń”", "", F.SOCIAL_COOPERATIVE, "kolo-miasto", ["care"], S.ACTIVE, "public"),
    ("Spółdzielnia Socjalna „Czysty Dom”", "", F.SOCIAL_COOPERATIVE, "slupca-miasto", ["cleaning", "laundry"], S.ACTIVE, "public"),
    ("Spółdzielnia Socjalna „Nowy Start”", "", F.SOCIAL_COOPERATIVE, "slesin", ["tourism", "catering"], S.ACTIVE, "public"),
    ("Spółdzielnia Socjalna „Złota Rączka”", "", F.SOCIAL_COOPERATIVE, "kleczew", ["construction"], S.ACTIVE, "public"),
    ("Spółdzielnia Socjalna „Przystań”", "", F.SOCIAL_COOPERATIVE, "powidz", ["tourism"], S.ACTIVE, "public"),
    ("Spółdzielnia Socjalna „Tęcza”", "", F.SOCIAL_COOPERATIVE, "klodawa", ["education", "culture"], S.ACTIVE, "public"),
    ("Spółdzielnia Socjalna „Smaki Wielkopolski”", "", F.SOCIAL_COOPERATIVE, "stare-miasto", ["catering", "food"], S.ACTIVE, "public"),
    ("Spółdzielnia Socjalna „Perspektywa”", "", F.SOCIAL_COOPERATIVE, "tuliszkow", ["office"], S.ACTIVE, "public"),
    ("Spółdzielnia Socjalna „Ogrody Warty”", "", F.SOCIAL_COOPERATIVE, "kazimierz-biskupi", ["greenery"], S.ACTIVE, "public"),
    ("Spółdzielnia Socjalna „Kuźnia Smaku”", "", F.SOCIAL_COOPERATIVE, "przykona", ["catering"], S.SUSPENDED, "public"),
    ("Spółdzielnia Socjalna „Sami Swoi”", "", F.SOCIAL_COOPERATIVE, "zagorow", ["transport", "cleaning"], S.ACTIVE, "public"),
    ("Spółdzielnia Socjalna „Wspólna Sprawa”", "", F.SOCIAL_COOPERATIVE, "rychwal", ["care", "cleaning"], S.ACTIVE, "public"),
    ("Spółdzielnia Socjalna „Pszczółka”", "", F.SOCIAL_COOPERATIVE, "wilczyn", ["food"], S.ACTIVE, "public"),
    ("Spółdzielnia Socjalna „Nad Wartą”", "", F.SOCIAL_COOPERATIVE, "dobra", ["tourism", "crafts"], S.CLOSED, "public"),
    ("Fundacja Rozwoju Ziemi Konińskiej", "", F.FOUNDATION, "konin", ["education", "culture"], S.ACTIVE, "public"),
    ("Fundacja „Aktywni Razem”", "", F.FOUNDATION, "turek-miasto", ["education"], S.ACTIVE, "public"),
    ("Fundacja „Serce dla Turku”", "", F.FOUNDATION, "turek-gmina-wiejska", ["care"], S.ACTIVE, "public"),
    ("Fundacja Ekonomii Społecznej „Przystanek Koło”", "Przystanek Koło", F.FOUNDATION, "kolo-miasto", ["education", "office"], S.ACTIVE, "public"),
    ("Fundacja „Zielone Jeziora”", "", F.FOUNDATION, "slesin", ["tourism", "greenery"], S.ACTIVE, "public"),
    ("Stowarzyszenie na rzecz Rozwoju Gminy Rychwał", "", F.ASSOCIATION, "rychwal", ["culture"], S.ACTIVE, "public"),
    ("Stowarzyszenie Przyjaciół Ziemi Kłodawskiej", "", F.ASSOCIATION, "klodawa", ["culture", "tourism"], S.ACTIVE, "public"),
    ("Stowarzyszenie Kobiet Aktywnych w Ślesinie", "", F.ASSOCIATION, "slesin", ["crafts", "catering"], S.ACTIVE, "public"),
    ("Stowarzyszenie „Lokalna Grupa Działania Solidarni”", "LGD Solidarni", F.ASSOCIATION, "slupca-gmina-wiejska", ["education"], S.ACTIVE, "public"),
    ("Stowarzyszenie Osób Niepełnosprawnych „Razem Łatwiej”", "", F.ASSOCIATION, "konin", ["care", "transport"], S.ACTIVE, "public"),
    ("Stowarzyszenie Rozwoju Wsi Grodziec", "", F.ASSOCIATION, "grodziec", ["culture"], S.ACTIVE, "public"),
    ("Stowarzyszenie Turystyczne „Jezioro Powidzkie”", "", F.ASSOCIATION, "powidz", ["tourism"], S.ACTIVE, "public"),
    ("Stowarzyszenie „Dąbskie Inicjatywy”", "", F.ASSOCIATION, "dabie", ["culture", "education"], S.ACTIVE, "public"),
    ("Stowarzyszenie Pomocy Rodzinie „Ostoja”", "", F.ASSOCIATION, "sompolno", ["care"], S.ACTIVE, "public"),
    ("Stowarzyszenie Rękodzielników Ziemi Słupeckiej", "", F.ASSOCIATION, "slupca-miasto", ["crafts"], S.ACTIVE, "public"),
    ("Spółdzielnia Pracy „Metalowiec”", "", F.WORK_COOPERATIVE, "kolo-miasto", ["construction"], S.ACTIVE, "public"),
    ("Spółdzielnia Pracy Usług Różnych „Warta”", "", F.WORK_COOPERATIVE, "konin", ["cleaning", "transport"], S.ACTIVE, "public"),
    ("Spółdzielnia Inwalidów „Jedność”", "", F.DISABLED_COOPERATIVE, "konin", ["laundry", "office"], S.ACTIVE, "public"),
    ("Spółdzielnia Niewidomych „Promień”", "", F.DISABLED_COOPERATIVE, "turek-miasto", ["crafts"], S.ACTIVE, "public"),
    ("Centrum Integracji Społecznej w Koninie", "CIS Konin", F.CIS, "konin", ["cleaning", "greenery", "construction"], S.ACTIVE, "public"),
    ("Centrum Integracji Społecznej w Kole", "CIS Koło", F.CIS, "kolo-miasto", ["laundry", "catering"], S.ACTIVE, "public"),
    ("Klub Integracji Społecznej w Słupcy", "KIS Słupca", F.KIS, "slupca-miasto", ["education"], S.ACTIVE, "public"),
    ("Klub Integracji Społecznej w Sompolnie", "KIS Sompolno", F.KIS, "sompolno", ["education"], S.ACTIVE, "public"),
    ("Zakład Aktywności Zawodowej w Turku", "ZAZ Turek", F.ZAZ, "turek-miasto", ["catering", "laundry"], S.ACTIVE, "public"),
    ("Zakład Aktywności Zawodowej „Ogrodnik” w Kazimierzu Biskupim", "ZAZ Ogrodnik", F.ZAZ, "kazimierz-biskupi", ["greenery"], S.ACTIVE, "public"),
    ("Warsztat Terapii Zajęciowej w Zagórowie", "WTZ Zagórów", F.WTZ, "zagorow", ["crafts"], S.ACTIVE, "public"),
    ("Warsztat Terapii Zajęciowej w Kłodawie", "WTZ Kłodawa", F.WTZ, "klodawa", ["crafts", "food"], S.ACTIVE, "public"),
    ("Agencja Rozwoju Lokalnego Konin sp. z o.o. non-profit", "ARL Konin", F.NONPROFIT_COMPANY, "konin", ["education", "office"], S.ACTIVE, "public"),
    ("Przedsiębiorstwo Społeczne „Solidarna Praca” sp. z o.o. non-profit", "Solidarna Praca", F.NONPROFIT_COMPANY, "kleczew", ["cleaning", "greenery"], S.ACTIVE, "public"),
    ("Koło Gospodyń Wiejskich w Brzeźnie", "KGW Brzeźno", F.KGW, "konin", ["catering", "crafts"], S.ACTIVE, "public"),
    ("Koło Gospodyń Wiejskich w Lądku", "KGW Lądek", F.KGW, "ladek", ["catering", "food"], S.ACTIVE, "public"),
    ("Koło Gospodyń Wiejskich w Malanowie", "KGW Malanów", F.KGW, "malanow", ["catering"], S.ACTIVE, "public"),
    ("Koło Gospodyń Wiejskich w Krzymowie", "KGW Krzymów", F.KGW, "krzymow", ["food", "crafts"], S.ACTIVE, "public"),
    ("Koło Gospodyń Wiejskich w Orchowie", "KGW Orchowo", F.KGW, "orchowo", ["catering"], S.ACTIVE, "public"),
    ("Koło Gospodyń Wiejskich w Brudzewie", "KGW Brudzew", F.KGW, "brudzew", ["catering", "culture"], S.ACTIVE, "public"),
    ("Koło Gospodyń Wiejskich w Osieku Małym", "KGW Osiek Mały", F.KGW, "osiek-maly", ["food"], S.ACTIVE, "public"),
    ("Grupa inicjatywna „Kuchnia u Zosi”", "", F.INITIATIVE_GROUP, "kramsk", ["catering"], S.INITIATIVE_GROUP, "private"),
    ("Grupa inicjatywna „Zielone Skulsk”", "", F.INITIATIVE_GROUP, "skulsk", ["greenery"], S.INITIATIVE_GROUP, "private"),
    ("Grupa inicjatywna „Opiekunki z Władysławowa”", "", F.INITIATIVE_GROUP, "wladyslawow", ["care"], S.INITIATIVE_GROUP, "public"),
    ("Grupa inicjatywna „Kajaki Strzałkowo”", "", F.INITIATIVE_GROUP, "strzalkowo", ["tourism"], S.INITIATIVE_GROUP, "private"),
    ("Spółdzielnia Socjalna „Chodowianka”", "", F.SOCIAL_COOPERATIVE, "chodow", ["food", "catering"], S.ACTIVE, "public"),
    ("Spółdzielnia Socjalna „Babiak Razem”", "", F.SOCIAL_COOPERATIVE, "babiak", ["construction", "cleaning"], S.ACTIVE, "public"),
    ("Spółdzielnia Socjalna „Kościelec”", "", F.SOCIAL_COOPERATIVE, "koscielec", ["greenery"], S.ACTIVE, "public"),
    ("Spółdzielnia Socjalna „Osiem Smaków”", "", F.SOCIAL_COOPERATIVE, "przedecz", ["catering"], S.ACTIVE, "public"),
    ("Stowarzyszenie „Olszówka dla Wszystkich”", "", F.ASSOCIATION, "olszowka", ["culture"], S.ACTIVE, "public"),
    ("Fundacja „Wierzbinek Kreatywny”", "", F.FOUNDATION, "wierzbinek", ["education", "crafts"], S.ACTIVE, "public"),
]  # fmt: skip

# Entities the centre helped create in its 2013–2015 project (projects/demo.py records it):
# they were founded during the project.
CREATED_WITH_KOWES = {
    "Spółdzielnia Socjalna „Dobry Smak”",
    "Spółdzielnia Socjalna „Zielona Dolina”",
    "Spółdzielnia Socjalna „Pomocna Dłoń”",
    "Spółdzielnia Socjalna „Czysty Dom”",
    "Spółdzielnia Socjalna „Nowy Start”",
    "Spółdzielnia Socjalna „Złota Rączka”",
    "Spółdzielnia Socjalna „Przystań”",
    "Spółdzielnia Socjalna „Tęcza”",
    "Spółdzielnia Socjalna „Smaki Wielkopolski”",
    "Spółdzielnia Socjalna „Perspektywa”",
    "Spółdzielnia Socjalna „Ogrody Warty”",
    "Przedsiębiorstwo Społeczne „Solidarna Praca” sp. z o.o. non-profit",
}

# The seed's two cooperatives, in their own words (news post of 2013-01-04).
DESCRIPTIONS = {
    "Otwarci": "Spółdzielnia socjalna osób fizycznych z Konina, jedna z pierwszych w subregionie. Członkowie spółdzielni – osoby, które wcześniej długo szukały pracy – prowadzą wspólnie firmę usługową i zatrudniają kolejne osoby zagrożone wykluczeniem.",
    "Razem do sukcesu": "Spółdzielnia socjalna osób prawnych założona w Kramsku przez gminę i organizację pozarządową. Zatrudnia mieszkańców gminy, którzy wracają na rynek pracy, i świadczy usługi dla lokalnej społeczności.",
}

FORM_DESCRIPTIONS = {
    F.SOCIAL_COOPERATIVE: "Spółdzielnia socjalna z gminy {place}: jej członkowie tworzą dla siebie miejsca pracy i wracają do aktywności zawodowej.",
    F.FOUNDATION: "Fundacja działająca w gminie {place} na rzecz mieszkańców, szczególnie osób zagrożonych wykluczeniem społecznym.",
    F.ASSOCIATION: "Stowarzyszenie mieszkańców gminy {place}, które prowadzi działalność społeczną i odpłatną na rzecz lokalnej społeczności.",
    F.WORK_COOPERATIVE: "Spółdzielnia pracy z gminy {place} z wieloletnią tradycją, zatrudniająca swoich członków.",
    F.DISABLED_COOPERATIVE: "Spółdzielnia zatrudniająca osoby z niepełnosprawnościami; siedziba w gminie {place}.",
    F.CIS: "Centrum integracji społecznej w gminie {place}: reintegracja społeczna i zawodowa uczestników przez naukę zawodu i pracę.",
    F.KIS: "Klub integracji społecznej w gminie {place}: grupy wsparcia, doradztwo i prace społecznie użyteczne.",
    F.ZAZ: "Zakład aktywności zawodowej w gminie {place}, zatrudniający osoby ze znacznym i umiarkowanym stopniem niepełnosprawności.",
    F.WTZ: "Warsztat terapii zajęciowej w gminie {place}: terapia przez pracę i przygotowanie do zatrudnienia.",
    F.NONPROFIT_COMPANY: "Spółka non-profit z gminy {place}, która cały zysk przeznacza na cele społeczne.",
    F.KGW: "Koło gospodyń wiejskich z gminy {place}: kultywuje tradycje kulinarne i rękodzielnicze regionu.",
    F.INITIATIVE_GROUP: "Grupa osób z gminy {place}, które z pomocą KOWES przygotowują się do założenia spółdzielni socjalnej.",
}

CONTACT_PEOPLE = ["Anna Kowalska", "Piotr Nowak", "Maria Wiśniewska", "Tomasz Wójcik", "Katarzyna Kamińska", "Jan Lewandowski", "Agnieszka Zielińska", "Marek Szymański"]  # fmt: skip
STREETS = ["ul. Dworcowa", "ul. Kolejowa", "ul. Kościuszki", "ul. Szkolna", "ul. Polna", "ul. Ogrodowa", "ul. Słoneczna", "ul. Wiejska", "pl. Wolności", "ul. Warszawska"]  # fmt: skip
POSTAL_CODES = {"konin": "62-500", "turek-miasto": "62-700", "kolo-miasto": "62-600", "slupca-miasto": "62-400"}  # fmt: skip


def slug_of(name: str) -> str:
    return slugify(name.replace("ł", "l").replace("Ł", "L"))


def valid_nip(rng: random.Random, prefix: str) -> str:
    """A NIP with ``prefix`` whose check digit is right (stdnum decides which one is)."""
    while True:
        body = prefix + "".join(rng.choice("0123456789") for _ in range(9 - len(prefix)))
        for check in "0123456789":
            if nip.is_valid(body + check):
                return body + check


def valid_regon(body8: str) -> str:
    return body8 + regon.calc_check_digit(body8)


def load(*, command, options):
    sectors = {key: Sector.objects.get(slug=slug) for key, slug in SECTOR_SLUGS.items()}
    municipalities = {m.slug: m for m in Municipality.objects.all()}
    rng = random.Random(20130101)
    created = 0
    for number, (name, short_name, form, place, sector_keys, status, visibility) in enumerate(
        ENTITIES, start=1
    ):
        slug = slug_of(name)
        fields = _demo_fields(rng, number, name, short_name, form, place, status, municipalities)
        if Entity.objects.filter(slug=slug).exists():
            continue
        entity_create(
            slug=slug,
            visibility=visibility,
            sectors=[sectors[key] for key in sector_keys],
            activity_municipalities=_activity_area(rng, municipalities, place),
            offer="\n".join(OFFERS[key] for key in sector_keys)
            if status != S.INITIATIVE_GROUP
            else "",
            cooperative=_cooperative(short_name, form, fields["registered_on"], rng),
            **fields,
        )
        created += 1
    if created:
        command.stdout.write(f"Added {created} demo entities.")
    if options.get("entities"):
        generate_entities(count=options["entities"], seed=options["seed"], command=command)


def _demo_fields(rng, number, name, short_name, form, place, status, municipalities) -> dict:
    municipality = municipalities[place]
    registered = status != S.INITIATIVE_GROUP and form not in (F.KGW, F.CIS, F.KIS, F.WTZ)
    founded_on = date(2004, 1, 1) + timedelta(days=rng.randrange(0, 9 * 365))
    if name in CREATED_WITH_KOWES:
        founded_on = date(2013, 3, 1) + timedelta(days=rng.randrange(0, 2 * 365))
    if short_name in DESCRIPTIONS:
        founded_on = date(2010, 9, 1) if short_name == "Otwarci" else date(2012, 4, 2)
    registered_on = founded_on + timedelta(days=rng.randrange(20, 90)) if registered else None
    jobs_total = rng.randrange(3, 25) if status != S.INITIATIVE_GROUP else 0
    handle = slug_of(short_name or name.split("„")[-1].rstrip("”"))[:30].strip("-")
    is_social_enterprise = (
        form in (F.SOCIAL_COOPERATIVE, F.NONPROFIT_COMPANY) and rng.random() < 0.4
    )
    return {
        "name": name,
        "short_name": short_name,
        "legal_form": form,
        "status": status,
        "municipality": municipality,
        "street_address": f"{rng.choice(STREETS)} {rng.randrange(1, 60)}",
        "postal_code": POSTAL_CODES.get(place, f"62-{rng.randrange(500, 800):03d}"),
        "locality": municipality.name.split(" (")[0],
        "email": f"biuro@{handle}.example.org",
        "phone": f"+48 63 000 {number:02d} {rng.randrange(10, 99)}",
        "website": f"https://{handle}.example.org/" if rng.random() < 0.7 else "",
        "contact_person": rng.choice(CONTACT_PEOPLE),
        "contact_person_public": rng.random() < 0.25,
        "phone_public": rng.random() < 0.8,
        "description": DESCRIPTIONS.get(short_name)
        or FORM_DESCRIPTIONS[form].format(place=municipality.name.split(" (")[0]),
        "is_social_enterprise": is_social_enterprise,
        "social_enterprise_since": date(2023, 3, 1) + timedelta(days=rng.randrange(0, 700))
        if is_social_enterprise
        else None,
        "aim": Entity.Aim.REINTEGRATION if form in (F.SOCIAL_COOPERATIVE, F.CIS, F.KIS) else "",
        # Unique by construction: derived from the entity's number in the list.
        "krs": f"{300000 + number * 1009:010d}" if registered else "",
        "nip": valid_nip(rng, f"665{number:03d}") if registered else "",
        "regon": valid_regon(f"30{number:03d}{rng.randrange(0, 1000):03d}") if registered else "",
        "founded_on": founded_on,
        "registered_on": registered_on,
        "jobs_total": jobs_total,
        "jobs_excluded": jobs_total * 2 // 3,
        "verified_on": date(2015, 6, 1) + timedelta(days=rng.randrange(0, 28)),
    }


def _activity_area(rng, municipalities, place) -> list[Municipality]:
    others = sorted(slug for slug in municipalities if slug != place)
    return [municipalities[slug] for slug in rng.sample(others, rng.choice([0, 0, 1, 2]))]


def _cooperative(short_name, form, registered_on, rng) -> dict | None:
    if form != F.SOCIAL_COOPERATIVE:
        return None
    if short_name == "Razem do sukcesu":
        return {
            "founded_by": CooperativeDetails.FoundedBy.LEGAL_PERSONS,
            "founders_count": 2,
            "legal_founders": "Gmina Kramsk\nStowarzyszenie na rzecz Rozwoju Gminy Kramsk",
            "members_count": 2,
        }
    return {
        "founded_by": CooperativeDetails.FoundedBy.NATURAL_PERSONS,
        "founders_count": rng.randrange(5, 8) if short_name != "Otwarci" else 5,
        "legal_founders": "",
        "members_count": rng.randrange(5, 12),
    }


GENERATED_PREFIX = "podmiot-testowy-"
GENERATED_WORDS = ["Razem", "Nadzieja", "Przyszłość", "Sąsiedzi", "Warta", "Lipa", "Źródło", "Łąka", "Kłos", "Żuraw"]  # fmt: skip
GENERATED_FORMS = [
    (F.SOCIAL_COOPERATIVE, "Spółdzielnia Socjalna"),
    (F.FOUNDATION, "Fundacja"),
    (F.ASSOCIATION, "Stowarzyszenie"),
    (F.KGW, "Koło Gospodyń Wiejskich"),
]


def generate_entities(*, count, seed, command, batch_size=2000):
    """Add ``count`` generated public entities for load tests: bulk inserts, fixed slugs
    (a rerun adds none), valid-checksum identifiers unique by construction."""
    rng = random.Random(seed)
    municipalities = list(Municipality.objects.all())
    sector_ids = list(Sector.objects.values_list("pk", flat=True))
    existing = set(
        Entity.objects.filter(slug__startswith=GENERATED_PREFIX).values_list("slug", flat=True)
    )
    added = 0
    for start in range(1, count + 1, batch_size):
        batch, batch_sectors = [], []
        for number in range(start, min(start + batch_size, count + 1)):
            slug = f"{GENERATED_PREFIX}{number:06d}"
            if slug in existing:
                continue
            batch.append(_generated_entity(rng, number, slug, municipalities))
            batch_sectors.append(rng.sample(sector_ids, rng.choice([1, 1, 2, 3])))
        Entity.objects.bulk_create(batch, batch_size=batch_size)
        links = [
            Entity.sectors.through(entity_id=entity.pk, sector_id=sector_id)
            for entity, ids in zip(batch, batch_sectors, strict=True)
            for sector_id in ids
        ]
        Entity.sectors.through.objects.bulk_create(links, batch_size=batch_size * 3)
        added += len(batch)
    command.stdout.write(f"Added {added} generated entities.")


def _generated_entity(rng, number, slug, municipalities) -> Entity:
    form, prefix = rng.choice(GENERATED_FORMS)
    municipality = rng.choice(municipalities)
    name = f"{prefix} „{rng.choice(GENERATED_WORDS)}” nr {number} w {municipality.name}"
    nip_body = f"9{number:08d}"
    nip_number = next((nip_body + d for d in "0123456789" if nip.is_valid(nip_body + d)), "")
    entity = Entity(
        name=name,
        slug=slug,
        legal_form=form,
        municipality=municipality,
        description=f"Podmiot wygenerowany do testów wydajności (nr {number}).",
        offer=OFFERS[rng.choice(list(OFFERS))] if rng.random() < 0.5 else "",
        krs=f"{1000000 + number:010d}",
        nip=nip_number,
        regon=valid_regon(f"9{number:07d}"),
        jobs_total=rng.randrange(0, 20),
    )
    entity.sort_name, entity.search_text = entity.search_fields()
    return entity
