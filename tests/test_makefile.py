"""The Makefile's install targets: production (`make serve`) gets the runtime dependencies only."""

import shutil
import subprocess
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def planned_commands(target):
    """What `make <target>` would run from nothing (-B: as if no stamp existed), not running it."""
    result = subprocess.run(
        ["make", "--dry-run", "--always-make", "PYTHON=python3", target],
        cwd=BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return [line for line in result.stdout.splitlines() if "pip install" in line]


def test_serve_installs_the_runtime_dependencies_without_the_dev_extras():
    assert planned_commands("serve") == [
        ".venv/bin/python -m pip install -q --upgrade pip",
        ".venv/bin/python -m pip install -q -e .",
    ]


def test_install_installs_the_dev_extras_for_development_and_tests():
    assert planned_commands("install") == [
        ".venv/bin/python -m pip install -q --upgrade pip",
        ".venv/bin/python -m pip install -q -e '.[dev]'",
    ]
