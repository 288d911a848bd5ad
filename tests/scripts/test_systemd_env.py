"""scripts/systemd-env reads an environment file as systemd's EnvironmentFile= does, and the
file docs/deploy.md gives reads the same under systemd and under `sh` (`set -a; . file`)."""

import importlib.machinery
import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
loader = importlib.machinery.SourceFileLoader("systemd_env", str(ROOT / "scripts" / "systemd-env"))
spec = importlib.util.spec_from_loader("systemd_env", loader)
systemd_env = importlib.util.module_from_spec(spec)
loader.exec_module(systemd_env)


def test_a_comment_after_a_value_is_part_of_the_value():
    assert systemd_env.parse("TRUSTED_PROXY_COUNT=1   # nginx in front\n") == {
        "TRUSTED_PROXY_COUNT": "1   # nginx in front"
    }


def test_comment_lines_and_lines_without_equals_sign_are_ignored():
    assert systemd_env.parse("# a note\n  ; another\nJUNK\nA=1\n") == {"A": "1"}


def test_spaces_and_angle_brackets_unquoted_are_kept_and_trailing_blanks_dropped():
    assert systemd_env.parse("DEFAULT_FROM_EMAIL = KOWES <kowes@example.org>  \n") == {
        "DEFAULT_FROM_EMAIL": "KOWES <kowes@example.org>"
    }


def test_quotes_are_removed_single_quotes_keep_backslashes_and_dollars():
    text = 'A="X-Forwarded-Proto: https"\nB=\'p\\a$s "w\'\nC="a\\"b\\q"\nD=x\\ \n'
    assert systemd_env.parse(text) == {
        "A": "X-Forwarded-Proto: https",
        "B": 'p\\a$s "w',
        "C": 'a"b\\q',
        "D": "x ",
    }


def test_a_later_assignment_replaces_an_earlier_one_and_the_last_line_needs_no_newline():
    assert systemd_env.parse("A=1\nB=2\nA=3") == {"B": "2", "A": "3"}


def documented_environment_file() -> str:
    """The /etc/kowes/kowes.env of docs/deploy.md, its placeholders filled in."""
    doc = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- fresh-deploy: kowes.env -->\n```sh\n(.*?)```", doc, re.DOTALL)
    assert block, "docs/deploy.md has no marked kowes.env block"
    return block[1].replace("SECRET_KEY=...", "SECRET_KEY=" + "k3y-" * 13).replace("=...", "=x")


@pytest.mark.skipif(shutil.which("sh") is None, reason="no sh")
def test_the_documented_environment_file_reads_the_same_under_systemd_and_sh(tmp_path):
    env_file = tmp_path / "kowes.env"
    env_file.write_text(documented_environment_file(), encoding="utf-8")
    by_systemd = systemd_env.parse(env_file.read_text(encoding="utf-8"))
    shell = subprocess.run(
        ["sh", "-c", 'set -a; . "$0" && env -0', str(env_file)],
        env={"PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert (shell.returncode, shell.stderr) == (0, "")
    entries = (entry.split("=", 1) for entry in shell.stdout.split("\0") if entry)
    by_sh = {name: value for name, value in entries if name in by_systemd}

    assert by_sh == by_systemd
    assert by_systemd["DEFAULT_FROM_EMAIL"] == "KOWES <kowes@example.org>"
    assert by_systemd["SECURE_PROXY_SSL_HEADER"] == "X-Forwarded-Proto: https"
    assert by_systemd["TRUSTED_PROXY_COUNT"] == "1"
