"""Helpers for tests that run the portal in another process: with its own environment
(settings that refuse to start, production values), or as gunicorn with a database that
is down."""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
# Variables of the suite's own environment (tests/environment.py) a child must not inherit.
SUITE_VARIABLES = {
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DEBUG",
    "HTTPS",
    "TWO_FACTOR_REQUIRED_FOR_SUPERUSERS",
    "TWO_FACTOR_REQUIRED_GROUPS",
    "DATABASE_URL",
    "REDIS_URL",
    "PYTEST_ADDOPTS",
    "PYTEST_XDIST_WORKER",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by the browser tests' fixture
}


def strong_secret_key() -> str:
    return secrets.token_urlsafe(50)


def production_environment(**overrides: str) -> dict[str, str]:
    """The variables of a production server (SMTP, Redis, behind a TLS proxy), plus overrides;
    an override of None removes the variable."""
    environment = {name: value for name, value in os.environ.items() if name not in SUITE_VARIABLES}
    environment.update(
        DJANGO_SETTINGS_MODULE="kowes.settings",
        SECRET_KEY=strong_secret_key(),
        ALLOWED_HOSTS="kowes.example.org",
        REDIS_URL="redis://127.0.0.1:6379/0",
        SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto: https",
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
    )
    for name, value in overrides.items():
        if value is None:
            environment.pop(name, None)
        else:
            environment[name] = value
    return environment


def run_python(code: str, environment: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str, timeout: float = 20) -> tuple[int, dict[str, str], str]:
    """GET url: (status, headers, body), for error statuses too."""
    request = urllib.request.Request(url, headers={"Accept-Language": "pl"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@contextmanager
def gunicorn(environment: dict[str, str]):
    """Run the portal with the repository's gunicorn.conf.py (one worker) on a free port;
    yields its base URL once /healthz answers."""
    port = free_port()
    environment = {
        **environment,
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_ACCESS_LOG": "",
    }
    log = tempfile.TemporaryFile(mode="w+")  # noqa: SIM115 (closed in the finally below)
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "kowes.wsgi"],
        cwd=BASE_DIR,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base_url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if fetch(f"{base_url}/healthz", timeout=2)[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise AssertionError(f"gunicorn did not start:\n{log.read()}")
            time.sleep(0.2)
        yield base_url
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
