"""Diacritic- and case-insensitive search that works the same on SQLite and PostgreSQL.

Each entity keeps a *folded* copy of its searchable text (``Entity.search_text``):
lower case, Polish letters reduced to their base letters ("Spółdzielnia" →
"spoldzielnia"). A query is folded the same way and matched with a plain
``LIKE '%word%'``, which PostgreSQL answers from a trigram index when ``pg_trgm``
is available (migration 0005) and SQLite answers by scanning.
"""

import unicodedata

# Letters that Unicode does not decompose into a base letter and a combining mark.
_UNDECOMPOSABLE = str.maketrans({"ł": "l", "Ł": "L", "đ": "d", "Đ": "D", "ø": "o", "Ø": "O"})

# Longest query word kept; longer ones are cut (a word cannot be longer than the text).
MAX_WORD_LENGTH = 100
# At most this many words of a query are matched (each one is a condition).
MAX_WORDS = 8


def fold(text: str) -> str:
    """``text`` in lower case without diacritics and with single spaces."""
    # NUL never reaches a query: PostgreSQL refuses it in a string.
    text = (text or "").replace("\x00", " ").translate(_UNDECOMPOSABLE)
    decomposed = unicodedata.normalize("NFKD", text)
    base = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(base.casefold().split())


_POLISH_ALPHABET = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_POLISH_ORDER = {letter: position for position, letter in enumerate(_POLISH_ALPHABET)}


def polish_sort_key(text: str) -> tuple:
    """A key that sorts names in Polish alphabetical order ("Kłodawa" before "Koło"),
    whatever the database's collation; spaces and other characters sort before letters."""
    return tuple(
        (1, _POLISH_ORDER[char]) if char in _POLISH_ORDER else (0, ord(char))
        for char in text.casefold()
    )


def query_words(query: str) -> list[str]:
    """The folded words of a search query, without repeats, in their order."""
    words = []
    for word in fold(query).split():
        word = word[:MAX_WORD_LENGTH]
        if word not in words:
            words.append(word)
    return words[:MAX_WORDS]
