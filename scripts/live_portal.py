"""The portal under gunicorn for the fault scripts, and a client that uses it like a browser.

scripts/two-servers.py and scripts/db-restart-under-load.py build on this: a scratch
PostgreSQL database and Redis database, gunicorn instances with production settings over
plain HTTP (the script stands in for the TLS proxy), a cookie-keeping HTTP client that
fills in the support-request form, and the e-mails the servers wrote to files. Everything
talks to 127.0.0.1 only. The scripts import Django themselves, with the servers'
environment, to set up users and to check the database afterwards.
"""

import email
import email.policy
import html.parser
import http.client
import http.cookies
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
FORM_PATH = "/zglos-potrzebe-wsparcia/"
COORDINATOR_EMAIL = "koordynator@kowes.example.org"
# What the servers take from the caller's environment: nothing of the portal's own settings.
KEPT_VARIABLES = {"PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "PGPASSWORD", "VIRTUAL_ENV"}


def fail(message: str) -> None:
    raise SystemExit(f"FAILED: {message}")


def require_local(url: str) -> None:
    host = urllib.parse.urlsplit(url).hostname
    if host not in {"127.0.0.1", "localhost", "::1"}:
        fail(f"{url} is not on this machine: the fault scripts touch only local services.")


def production_environment(
    *, database_url: str, redis_url: str, mail_dir: Path, **extra: str
) -> dict[str, str]:
    """A production server's variables (docs/deploy.md), over plain HTTP, behind one proxy
    (the script: it sends X-Forwarded-For as nginx would), writing e-mails to files."""
    environment = {k: v for k, v in os.environ.items() if k in KEPT_VARIABLES}
    environment.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": HOST,
            "HTTPS": "false",
            "SITE_URL": f"http://{HOST}",
            "DATABASE_URL": database_url,
            "REDIS_URL": redis_url,
            "TRUSTED_PROXY_COUNT": "1",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(mail_dir),
            "ADVISORY_COORDINATOR_EMAILS": COORDINATOR_EMAIL,
            "ADVISORY_MIN_FILL_SECONDS": "0",  # scripts fill the form in at once
            "LOG_LEVEL": "WARNING",
            "GUNICORN_ACCESS_LOG": "",
            # Nothing collected: whitenoise serves from the finders, and says so per worker.
            "PYTHONWARNINGS": "ignore:No directory at:UserWarning",
            **extra,
        }
    )
    return environment


def setup_django(environment: dict[str, str]) -> None:
    """Django in this process, with the servers' settings (for set-up and checks)."""
    os.environ.update(environment)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kowes.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def _psql_maintenance(database_url: str, sql: str) -> None:
    address, _name = database_url.rsplit("/", 1)
    quiet = {**os.environ, "PGOPTIONS": "-c client_min_messages=warning"}
    subprocess.run(["psql", "-q", f"{address}/postgres", "-c", sql], check=True, env=quiet)


def fresh_database(database_url: str) -> str:
    """Drop and create the scratch database (the caller applies the migrations)."""
    require_local(database_url)
    name = database_url.rsplit("/", 1)[1]
    if not re.fullmatch(r"kowes_[a-z0-9_]+", name):
        fail(f"{name!r} does not look like a scratch database of the portal (kowes_…).")
    _psql_maintenance(database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    _psql_maintenance(database_url, f'CREATE DATABASE "{name}"')
    return name


def drop_database(database_url: str) -> None:
    name = database_url.rsplit("/", 1)[1]
    _psql_maintenance(database_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*args: str, environment: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        fail(f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}")
    return result.stdout


def flush_redis(redis_url: str) -> None:
    """Empty the one Redis database the scripts use (never the others)."""
    require_local(redis_url)
    import redis

    client = redis.Redis.from_url(redis_url)
    if client.connection_pool.connection_kwargs.get("db", 0) == 0:
        fail(f"{redis_url}: give the scripts a Redis database of their own (e.g. /14), not 0.")
    client.flushdb()
    client.close()


class Gunicorn:
    """One app server: `gunicorn -c gunicorn.conf.py` on its own port, in its own process
    group, its output in a log file. Use as a context manager: stopped (SIGTERM, then
    SIGKILL) on the way out, whatever happened."""

    def __init__(self, name: str, port: int, environment: dict[str, str], log_dir: Path):
        self.name = name
        self.port = port
        self.base = f"http://{HOST}:{port}"
        self.environment = {**environment, "GUNICORN_BIND": f"{HOST}:{port}"}
        self.log_path = log_dir / f"gunicorn-{name}.log"
        self.process = None

    def __enter__(self):
        refuse_busy_port(self.port)
        self.log = self.log_path.open("w")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "kowes.wsgi"],
            cwd=ROOT,
            env=self.environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                fail(f"gunicorn {self.name} exited at start:\n{self.log_tail()}")
            try:
                if get(f"{self.base}/readyz", timeout=2).status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.stop()
        fail(f"gunicorn {self.name} was not ready within 60 s:\n{self.log_tail()}")

    def __exit__(self, *exc_info):
        self.stop()

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=35)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        if self.process is not None:
            self.log.close()

    def worker_pids(self) -> set[int]:
        result = subprocess.run(
            ["pgrep", "-P", str(self.process.pid)], capture_output=True, text=True, check=False
        )
        return {int(pid) for pid in result.stdout.split()}

    def log_tail(self, lines: int = 40) -> str:
        if not self.log.closed:
            self.log.flush()
        return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])


def refuse_busy_port(port: int) -> None:
    """Refuse to start on a port something else already listens on."""
    with socket.socket() as probe:
        if probe.connect_ex((HOST, port)) == 0:
            fail(f"port {port} is in use: choose others (see the script's help).")


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")


def get(url: str, *, timeout: float = 20) -> Response:
    return Browser().request("GET", url, timeout=timeout)


@dataclass
class Browser:
    """Cookies and requests, nothing more: each request on a new connection, no redirects
    followed. ``client_address`` is what the proxy (here: this script) appends to
    X-Forwarded-For, so the portal sees a client other than 127.0.0.1;
    ``forwarded_for`` is what the client itself claimed in that header, if anything."""

    client_address: str = "198.51.100.1"
    forwarded_for: str = ""
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method, url, *, data=None, timeout: float = 20) -> Response:
        parts = urllib.parse.urlsplit(url)
        headers = {
            "Host": parts.netloc,
            "Accept-Language": "pl",
            "X-Forwarded-For": ", ".join(filter(None, [self.forwarded_for, self.client_address])),
        }
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"{parts.scheme}://{parts.netloc}"
            headers["Referer"] = url
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=timeout)
        try:
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            connection.request(method, path, body=body, headers=headers)
            raw = connection.getresponse()
            response = Response(raw.status, raw.headers, raw.read())
        finally:
            connection.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            cookie = http.cookies.SimpleCookie(value)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return response

    def get(self, url, **kwargs) -> Response:
        return self.request("GET", url, **kwargs)

    def post(self, url, data, **kwargs) -> Response:
        return self.request("POST", url, data=data, **kwargs)


class _FormReader(html.parser.HTMLParser):
    """The inputs' values and the first real option of each select of a page."""

    def __init__(self):
        super().__init__()
        self.values: dict[str, str] = {}
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("name") and attrs.get("type") in {"hidden", "text"}:
            self.values.setdefault(attrs["name"], attrs.get("value") or "")
        elif tag == "select":
            self._select = attrs.get("name")
        elif tag == "option" and self._select and attrs.get("value"):
            self.values.setdefault(self._select, attrs["value"])

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None


def form_values(page: str) -> dict[str, str]:
    reader = _FormReader()
    reader.feed(page)
    return reader.values


def support_request_data(form_page: str, *, email_address: str) -> dict:
    """A complete filling of the support-request form shown on ``form_page``: its CSRF
    token and signed form token, the first municipality, the honeypot left empty."""
    shown = form_values(form_page)
    for name in ("csrfmiddlewaretoken", "form_token", "municipality"):
        if not shown.get(name):
            fail(f"the support-request form has no {name}: is this the portal's form?")
    return {
        "csrfmiddlewaretoken": shown["csrfmiddlewaretoken"],
        "form_token": shown["form_token"],
        "hp_b7k": "",
        "applicant_name": "Test obciążeniowy",
        "email": email_address,
        "phone": "",
        "applicant_kind": "person",
        "entity": "",
        "entity_name": "",
        "cooperative_type": "natural_persons",
        "founders_count": "5",
        "municipality": shown["municipality"],
        "support_kinds": ["legal", "grant"],
        "description": "Zgłoszenie skryptu testów awarii: spółdzielnia socjalna usług.",
        "preferred_contact_time": "",
    }


REFERENCE = re.compile(r'id="reference">(KOWES/\d{4}/\d{4,})<')


def reference_on(page: str) -> str | None:
    match = REFERENCE.search(page)
    return match[1] if match else None


def sent_emails(mail_dir: Path) -> Counter:
    """How many times each e-mail (recipient, subject) was written by the file backend."""
    separator = b"\n" + b"-" * 79 + b"\n"
    counts = Counter()
    for path in sorted(mail_dir.glob("*.log")):
        for raw in path.read_bytes().split(separator):
            if not raw.strip():
                continue
            message = email.message_from_bytes(raw, policy=email.policy.default)
            counts[(str(message["To"]), str(message["Subject"]))] += 1
    return counts
