#!/usr/bin/env python3
"""Two app servers, one PostgreSQL, one Redis: the rate limit and a staff session hold
across both (issue 5, scale-out).

    .venv/bin/python scripts/two-servers.py

Starts two gunicorn instances with production settings (plain HTTP; this script plays the
proxy in front, TRUSTED_PROXY_COUNT=1) on two ports, sharing a scratch database and one
Redis database, then checks:

1. The support-request form's limit (ADVISORY_RATE_LIMIT, 5 an hour per client) is one
   count for both servers: five requests sent to A and B in turn are accepted, the sixth is
   refused on either server, also when the client forges X-Forwarded-For; another client is
   still accepted. Forms are fetched from one server and sent to the other.
2. A staff login is one session for both servers: password on A, B already knows the login
   and asks for the second factor; the TOTP code on A, B shows the admin; logging out on B
   ends the session on A.

Prints one line a check; exits 1 at the first failure (its gunicorn logs kept), else 0.
Everything it starts it stops, and it drops its database at the end. Environment:
FAULTS_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/kowes_faults_two_servers),
FAULTS_REDIS_URL (default redis://127.0.0.1:6379/14: flushed), FAULTS_PORTS (default
8181,8182). About 40 requests; about a minute, most of it the migrations.
"""

import os
import re
import sys
import tempfile
import time
from pathlib import Path

import live_portal
from live_portal import FORM_PATH, Browser, Gunicorn, fail

DATABASE_URL = os.environ.get(
    "FAULTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kowes_faults_two_servers"
)
REDIS_URL = os.environ.get("FAULTS_REDIS_URL", "redis://127.0.0.1:6379/14")
PORTS = [int(port) for port in os.environ.get("FAULTS_PORTS", "8181,8182").split(",")]
STAFF_USERNAME = "faults-admin"
STAFF_PASSWORD = "two-servers-" + os.urandom(8).hex()


def check(condition: bool, message: str, detail: str = "") -> None:
    if not condition:
        fail(f"{message}\n{detail}".rstrip())
    print(f"  ok  {message}")


def create_staff_member_with_totp():
    """A superuser (two-factor required in production) with a confirmed TOTP device."""
    from django.contrib.auth import get_user_model
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_user_model().objects.create_superuser(
        STAFF_USERNAME, "faults-admin@kowes.example.org", STAFF_PASSWORD
    )
    return TOTPDevice.objects.create(user=user, name="TOTP", confirmed=True)


def totp_code(device) -> str:
    from django_otp.oath import totp

    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits)
    return f"{code:0{device.digits}d}"


def submit_support_request(browser: Browser, *, shown_by: Gunicorn, sent_to: Gunicorn, number):
    """Fetch the form from one server, send it to the other: (status, reference or None)."""
    form_page = browser.get(shown_by.base + FORM_PATH)
    if form_page.status != 200:
        fail(f"the form on {shown_by.name} answered {form_page.status}")
    data = live_portal.support_request_data(
        form_page.text, email_address=f"two-servers-{number}@example.org"
    )
    response = browser.post(sent_to.base + FORM_PATH, data)
    if response.status != 302:
        return response.status, None
    confirmation = browser.get(sent_to.base + response.location)
    return response.status, live_portal.reference_on(confirmation.text)


def check_rate_limit(a: Gunicorn, b: Gunicorn) -> None:
    from advisory.models import SupportRequest

    print(f"Rate limit ({a.name} and {b.name}, one Redis):")
    client = Browser(client_address="203.0.113.10")
    servers = [(b, a), (a, b), (b, a), (a, b), (b, a)]  # (shown by, sent to)
    outcomes = [
        submit_support_request(client, shown_by=shown, sent_to=sent, number=number)
        for number, (shown, sent) in enumerate(servers, start=1)
    ]
    references = [reference for _status, reference in outcomes]
    check(
        [status for status, _ in outcomes] == [302] * 5 and all(references),
        f"5 requests from one client, sent to A, B, A, B, A in turn: all confirmed "
        f"({', '.join(filter(None, references))})",
        str(outcomes),
    )
    sixth = submit_support_request(client, shown_by=a, sent_to=b, number=6)
    check(sixth == (429, None), f"the 6th, sent to {b.name}: refused (429)", str(sixth))
    seventh = submit_support_request(client, shown_by=b, sent_to=a, number=7)
    check(seventh == (429, None), f"the 7th, sent to {a.name}: refused (429)", str(seventh))
    forger = Browser(client_address="203.0.113.10", forwarded_for="192.0.2.77")
    forged = submit_support_request(forger, shown_by=a, sent_to=b, number=8)
    check(
        forged == (429, None),
        "the same client with a forged X-Forwarded-For entry: refused (429)",
        str(forged),
    )
    other = submit_support_request(
        Browser(client_address="203.0.113.11"), shown_by=a, sent_to=b, number=9
    )
    check(other[0] == 302 and other[1], f"another client: accepted ({other[1]})", str(other))
    stored = sorted(SupportRequest.objects.values_list("reference", flat=True))
    check(
        stored == sorted([*references, other[1]]),
        f"the database holds exactly those 6 requests ({len(stored)})",
        str(stored),
    )


def admin_page(browser: Browser, server: Gunicorn):
    return browser.get(server.base + "/admin/")


def check_staff_session(a: Gunicorn, b: Gunicorn) -> None:
    print(f"Staff session ({a.name} and {b.name}, sessions in PostgreSQL read through Redis):")
    device = create_staff_member_with_totp()
    stranger = Browser()
    denied = admin_page(stranger, b)
    check(
        denied.status == 302 and denied.location.startswith("/admin/login/"),
        f"without a login, {b.name} sends /admin/ to the login page",
        f"{denied.status} {denied.location}",
    )

    staff = Browser(client_address="203.0.113.20")
    login_page = staff.get(a.base + "/admin/login/?next=/admin/")
    token = live_portal.form_values(login_page.text).get("csrfmiddlewaretoken", "")
    logged_in = staff.post(
        a.base + "/admin/login/?next=/admin/",
        {
            "csrfmiddlewaretoken": token,
            "username": STAFF_USERNAME,
            "password": STAFF_PASSWORD,
            "next": "/admin/",
        },
    )
    check(
        logged_in.status == 302 and "sessionid" in staff.cookies,
        f"password accepted on {a.name}",
        f"{logged_in.status} {logged_in.location}\n{logged_in.text[:2000]}",
    )
    pending = admin_page(staff, b)
    check(
        pending.status == 302 and pending.location.startswith("/admin/two-factor/"),
        f"{b.name} knows the login and asks for the second factor",
        f"{pending.status} {pending.location}",
    )

    two_factor_page = staff.get(a.base + "/admin/two-factor/?next=/admin/")
    token = live_portal.form_values(two_factor_page.text).get("csrfmiddlewaretoken", "")
    session_before = staff.cookies["sessionid"]
    verified = staff.post(
        a.base + "/admin/two-factor/?next=/admin/",
        {"csrfmiddlewaretoken": token, "token": totp_code(device), "next": "/admin/"},
    )
    check(
        verified.status == 302
        and verified.location == "/admin/"
        and staff.cookies["sessionid"] != session_before,
        f"TOTP code accepted on {a.name} (a new session key)",
        f"{verified.status} {verified.location}\n{verified.text[:2000]}",
    )
    index = admin_page(staff, b)
    greeting = re.search(r'id="user-tools">[^<]*<strong>\s*([^<]+?)\s*</strong>', index.text)
    check(
        index.status == 200 and greeting is not None and greeting[1] == STAFF_USERNAME,
        f"{b.name} shows the admin to {STAFF_USERNAME}: the session holds there",
        f"{index.status} {index.location}",
    )

    token = live_portal.form_values(index.text).get("csrfmiddlewaretoken", "")
    logged_out = staff.post(b.base + "/admin/logout/", {"csrfmiddlewaretoken": token})
    check(logged_out.status == 200, f"logged out on {b.name}", str(logged_out.status))
    after = admin_page(staff, a)
    check(
        after.status == 302 and after.location.startswith("/admin/login/"),
        f"{a.name} no longer knows the session",
        f"{after.status} {after.location}",
    )


def main() -> int:
    started = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="kowes-two-servers-") as work:
        work = Path(work)
        environment = live_portal.production_environment(
            database_url=DATABASE_URL,
            redis_url=REDIS_URL,
            mail_dir=work / "mail",
            GUNICORN_WORKERS="2",
        )
        name = live_portal.fresh_database(DATABASE_URL)
        live_portal.flush_redis(REDIS_URL)
        print(f"Database {name}: migrating…")
        live_portal.manage("migrate", "--noinput", environment=environment)
        live_portal.setup_django(environment)
        servers = [
            Gunicorn(f"server {letter}", port, environment, work)
            for letter, port in zip("AB", PORTS, strict=True)
        ]
        try:
            with servers[0] as a, servers[1] as b:
                print(f"{a.name}: {a.base}, {b.name}: {b.base}, Redis {REDIS_URL}")
                check_rate_limit(a, b)
                check_staff_session(a, b)
        except SystemExit:
            for server in servers:
                print(f"\n--- {server.name} log:\n{server.log_tail()}", file=sys.stderr)
            raise
        finally:
            from django.db import connections

            connections.close_all()
        live_portal.flush_redis(REDIS_URL)
        live_portal.drop_database(DATABASE_URL)
    print(f"PASSED: rate limit and staff session hold across two servers "
          f"({time.monotonic() - started:.0f} s).")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
