"""scripts/audit.py's verdicts on PyPI's project JSON (the shapes PyPI answers with)."""

import importlib.util
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "audit.py"
spec = importlib.util.spec_from_file_location("audit", SCRIPT)
audit = importlib.util.module_from_spec(spec)
spec.loader.exec_module(audit)

# As PyPI lists it for ecdsa 0.19.2 (its newest release), trimmed to the fields read.
MINERVA = {
    "aliases": ["CVE-2024-23342", "GHSA-wj6h-64fc-37mp"],
    "fixed_in": [],
    "id": "PYSEC-2026-1325",
    "withdrawn": None,
}


def project(version, vulnerabilities):
    return {"info": {"version": version}, "vulnerabilities": vulnerabilities}


def test_newest_release_without_advisories_passes():
    assert audit.assess("django", "6.1.3", project("6.1.3", [])) == (
        "ok",
        "django 6.1.3: no known vulnerabilities",
    )


def test_newest_release_with_an_advisory_fails_and_names_it():
    verdict, text = audit.assess("ecdsa", "0.19.2", project("0.19.2", [MINERVA]))
    assert verdict == "vulnerable"
    assert text == (
        "ecdsa 0.19.2: PYSEC-2026-1325 (CVE-2024-23342, GHSA-wj6h-64fc-37mp), "
        "fixed in: no release yet"
    )


def test_withdrawn_advisory_does_not_count():
    withdrawn = {**MINERVA, "withdrawn": "2026-01-02T00:00:00Z"}
    assert audit.assess("ecdsa", "0.19.2", project("0.19.2", [withdrawn]))[0] == "ok"


@pytest.mark.parametrize(
    ("installed", "newest"),
    [("6.1.2", "6.1.3"), ("6.2a1", "6.1.3")],
)
def test_a_release_other_than_the_newest_cannot_be_checked(installed, newest):
    # The project JSON's advisories are the newest release's: an empty list says nothing
    # about the installed one.
    verdict, text = audit.assess("django", installed, project(newest, []))
    assert verdict == "unchecked"
    assert text.startswith(f"django {installed}: not the newest release ({newest})")


def test_equal_versions_are_compared_as_versions():
    assert audit.assess("pillow", "13.0", project("13.0.0", []))[0] == "ok"


def test_package_unknown_to_pypi_cannot_be_checked():
    assert audit.assess("private-lib", "1.0", None) == (
        "unchecked",
        "private-lib 1.0: not on PyPI",
    )


def test_audit_fails_unless_every_package_passes(capsys, monkeypatch):
    answers = {
        "https://pypi.org/pypi/django/json": project("6.1.3", []),
        "https://pypi.org/pypi/ecdsa/json": project("0.19.2", [MINERVA]),
    }
    monkeypatch.setattr(audit, "fetch", answers.get)

    assert audit.audit_from_projects({"django": "6.1.3"}) == 0
    assert audit.audit_from_projects({"django": "6.1.3", "ecdsa": "0.19.2"}) == 1
    assert capsys.readouterr().out.splitlines()[-1] == (
        "2 packages: 1 without known vulnerabilities, 1 vulnerable, 0 not checked."
    )
