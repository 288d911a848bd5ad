"""Known vulnerabilities in the installed packages (`make audit`).

pip-audit is the tool: it asks PyPI's JSON API for the advisories of each installed release
(`/pypi/<name>/<version>/json`, PyPI's copy of the OSV data) and fails on any. Where that
address cannot be reached but the project's own (`/pypi/<name>/json`) can, as behind a
registry proxy that only serves the latter, this script reads the same advisories from the
project address. PyPI lists there the advisories of the project's newest release, so they
answer for an installed package only when it *is* the newest release, which is what
`make install` and `make upgrade` install. A package installed at an older release cannot
be checked that way and fails the audit, as an unreachable package fails `pip-audit --strict`.

Prints one line a package and exits 0 when no installed package has a known vulnerability,
1 when one has or could not be checked. Run with the project's virtualenv Python.
"""

import json
import subprocess
import sys
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from importlib import metadata

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

PYPI = "https://pypi.org/pypi"
TIMEOUT = 30
# The project itself, installed editable from this repository, is not on PyPI.
SKIP = {"kowes"}


def fetch(url):
    """The JSON at url, or None when PyPI answers 404."""
    request = urllib.request.Request(url, headers={"Accept": "application/json"})
    for attempt in range(3):
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
                return json.load(response)
        except urllib.error.HTTPError as error:
            if error.code == 404:
                return None
            if attempt == 2:
                raise
        except urllib.error.URLError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def release_api_reachable():
    """Whether PyPI answers for one release, as pip-audit needs: the installed pip's."""
    try:
        return fetch(f"{PYPI}/pip/{metadata.version('pip')}/json") is not None
    except urllib.error.URLError:
        return False


def installed_packages():
    """{canonical name: version} of every distribution in this environment but the project."""
    packages = {}
    for distribution in metadata.distributions():
        name = canonicalize_name(distribution.metadata["Name"])
        if name not in SKIP:
            packages[name] = distribution.version
    return dict(sorted(packages.items()))


def same_version(a, b):
    try:
        return Version(a) == Version(b)
    except InvalidVersion:
        return a == b


def assess(name, version, project):
    """(verdict, text) for one installed package, from PyPI's project JSON (or None: no project).

    verdict is "ok", "vulnerable" or "unchecked".
    """
    if project is None:
        return "unchecked", f"{name} {version}: not on PyPI"
    latest = project["info"]["version"]
    if not same_version(version, latest):
        return "unchecked", (
            f"{name} {version}: not the newest release ({latest}), whose advisories are "
            "the only ones PyPI's project address lists; `make upgrade`, or check it by hand"
        )
    advisories = [v for v in project.get("vulnerabilities") or [] if not v.get("withdrawn")]
    if not advisories:
        return "ok", f"{name} {version}: no known vulnerabilities"
    described = "; ".join(
        "{} ({}), fixed in: {}".format(
            advisory["id"],
            ", ".join(advisory.get("aliases") or []) or "no aliases",
            ", ".join(advisory.get("fixed_in") or []) or "no release yet",
        )
        for advisory in advisories
    )
    return "vulnerable", f"{name} {version}: {described}"


def audit_from_projects(packages):
    def look_up(item):
        name, version = item
        return assess(name, version, fetch(f"{PYPI}/{name}/json"))

    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(look_up, packages.items()))
    for verdict, text in results:
        print(f"  {verdict:<10}  {text}")
    counts = {
        verdict: sum(1 for v, _ in results if v == verdict)
        for verdict in ("ok", "vulnerable", "unchecked")
    }
    print(
        f"{len(results)} packages: {counts['ok']} without known vulnerabilities, "
        f"{counts['vulnerable']} vulnerable, {counts['unchecked']} not checked."
    )
    return 0 if counts["ok"] == len(results) else 1


def main():
    if release_api_reachable():
        print("PyPI's release JSON API answers: pip-audit.", flush=True)
        return subprocess.call([sys.executable, "-m", "pip_audit", "--skip-editable", "--strict"])
    print(
        "PyPI's release JSON API (pip-audit's source) cannot be reached from here; reading "
        "the advisories of each project's newest release from its project JSON instead.",
        flush=True,
    )
    return audit_from_projects(installed_packages())


if __name__ == "__main__":
    sys.exit(main())
