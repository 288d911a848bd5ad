import pytest

from entities.models import Entity
from entities.search import fold, polish_sort_key, query_words
from tests.factories import EntityFactory


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Spółdzielnia Socjalna", "spoldzielnia socjalna"),
        ("ŻÓŁTA   Łódź\nŹródło", "zolta lodz zrodlo"),
        ("Ślesin, Kłodawa – Dąbie", "slesin, klodawa – dabie"),
        ("ﬁrma", "firma"),
        ("nul\x00byte", "nul byte"),
        ("", ""),
    ],
)
def test_fold_lowercases_and_drops_diacritics(text, expected):
    assert fold(text) == expected


def test_query_words_are_folded_unique_and_limited():
    words = query_words("Spółdzielnia spoldzielnia  KRAMSK " + "a " * 20)

    assert words == ["spoldzielnia", "kramsk", "a"]


def test_query_words_cut_a_very_long_word():
    assert query_words("x" * 10_000) == ["x" * 100]


def test_polish_sort_key_orders_names_as_the_polish_alphabet():
    names = [
        "Koło (miasto)",
        "Kościelec",
        "Kłodawa",
        "Ślesin",
        "Sompolno",
        "Stare Miasto",
        "Starewo",
    ]

    assert sorted(names, key=polish_sort_key) == [
        "Kłodawa",
        "Koło (miasto)",
        "Kościelec",
        "Sompolno",
        "Stare Miasto",
        "Starewo",
        "Ślesin",
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["spółdzielnia", "spoldzielnia", "SPOLDZIELNIA", "Spółdz"])
def test_entity_search_ignores_case_and_diacritics(query):
    found = EntityFactory(name="Spółdzielnia Socjalna „Otwarci”", description="", offer="")
    EntityFactory(name="Fundacja Rozwoju", description="", offer="")

    assert list(Entity.objects.search(query)) == [found]


@pytest.mark.django_db
def test_entity_search_finds_every_word_in_name_description_or_offer():
    both = EntityFactory(name="Fundacja Łąka", description="Catering", offer="Obiady z dowozem")
    EntityFactory(name="Fundacja Łąka II", description="Sprzątanie", offer="")

    assert list(Entity.objects.search("laka obiady")) == [both]
    assert list(Entity.objects.search("catering DOWÓZ")) == [both]
    assert list(Entity.objects.search("catering sprzatanie")) == []


@pytest.mark.django_db
def test_entity_search_of_nothing_or_a_nul_byte_changes_nothing():
    entity = EntityFactory()

    assert list(Entity.objects.search("   ")) == [entity]
    assert list(Entity.objects.search("\x00")) == [entity]
