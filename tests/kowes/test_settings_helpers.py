import pytest
from django.core.exceptions import ImproperlyConfigured

from kowes.settings import env_bool, env_int, env_list, env_str


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("TRUE", True), (" yes ", True), ("1", True), ("on", True),
     ("false", False), ("0", False), ("no", False), ("off", False), ("", False)],
)  # fmt: skip
def test_env_bool_reads_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("KOWES_TEST_FLAG", raw)

    assert env_bool("KOWES_TEST_FLAG", default=not expected) is expected


@pytest.mark.parametrize("default", [True, False])
def test_env_bool_unset_gives_the_default(monkeypatch, default):
    monkeypatch.delenv("KOWES_TEST_FLAG", raising=False)

    assert env_bool("KOWES_TEST_FLAG", default) is default


@pytest.mark.parametrize("raw", ["ture", "y", "2", "enabled"])
def test_env_bool_refuses_a_value_it_cannot_understand(monkeypatch, raw):
    monkeypatch.setenv("DEBUG", raw)

    with pytest.raises(ImproperlyConfigured) as error:
        env_bool("DEBUG", False)

    assert str(error.value) == f"DEBUG={raw!r} is not a boolean (use true or false)."


def test_env_int_reads_a_whole_number_and_defaults_when_unset_or_empty(monkeypatch):
    monkeypatch.setenv("KOWES_TEST_INT", " 42 ")
    assert env_int("KOWES_TEST_INT", 7) == 42
    monkeypatch.setenv("KOWES_TEST_INT", "")
    assert env_int("KOWES_TEST_INT", 7) == 7
    monkeypatch.delenv("KOWES_TEST_INT")
    assert env_int("KOWES_TEST_INT", 7) == 7


@pytest.mark.parametrize("raw", ["ten", "1.5", "12abc"])
def test_env_int_refuses_what_is_not_a_whole_number(monkeypatch, raw):
    monkeypatch.setenv("EMAIL_PORT", raw)

    with pytest.raises(ImproperlyConfigured) as error:
        env_int("EMAIL_PORT", 25)

    assert str(error.value) == f"EMAIL_PORT={raw!r} is not a whole number."


def test_env_list_splits_on_commas_and_drops_blanks(monkeypatch):
    monkeypatch.setenv("ALLOWED_HOSTS", " kowes.example.org, ,www.kowes.example.org ,")

    assert env_list("ALLOWED_HOSTS", ["localhost"]) == [
        "kowes.example.org",
        "www.kowes.example.org",
    ]


def test_env_list_and_env_str_unset_give_their_defaults(monkeypatch):
    monkeypatch.delenv("ALLOWED_HOSTS", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)

    assert (env_list("ALLOWED_HOSTS", ["localhost"]), env_str("SECRET_KEY", "dev")) == (
        ["localhost"],
        "dev",
    )
