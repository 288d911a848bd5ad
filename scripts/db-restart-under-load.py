#!/usr/bin/env python3
"""PostgreSQL stops and starts again while clients send support requests (issue 5).

    .venv/bin/python scripts/db-restart-under-load.py

Starts gunicorn with production settings on a scratch database, lets a few concurrent
clients fill in (half a second each) and send the support-request form, each with its own
e-mail address and form (idempotency) token, and a prober fetch the home page and a
static file. A few seconds
in, PostgreSQL is stopped (fast shutdown: open transactions are rolled back, connections
cut), kept down a few seconds, and started again. A client whose request gets a 503 sends
the same filling again, as a person would (after at most 0.5 s instead of Retry-After's 30).
Afterwards `manage.py send_outbox` sends what the outage left in the outbox, and the script
checks:

- no answer was a 5xx other than 503, every 503 had Retry-After, none took longer than the
  connect timeout, static files were served throughout;
- the site answered 503 during the outage and recovered with no restart (the same gunicorn
  workers answer /readyz with 200 and confirm requests again);
- every request the site confirmed (a redirect and a confirmation page with its reference)
  is in the database exactly once, with that reference, and nothing else is;
- every e-mail of the outbox (two a request: applicant, coordinator) was sent exactly once
  (counted in the files the e-mail backend wrote).

Prints the results; exits 1 on any failure (the database and gunicorn's log kept), else 0.
It stops what it starts and always starts PostgreSQL again. Environment:
FAULTS_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/kowes_faults_db_restart),
FAULTS_REDIS_URL (default redis://127.0.0.1:6379/14: flushed), FAULTS_PORT (8183),
FAULTS_CLIENTS (6), FAULTS_OUTAGE_SECONDS (2), FAULTS_PG_CTL (the command that takes
`stop` and `start`; default `pg_ctlcluster --skip-systemctl-redirect <version> <cluster>` of
the cluster on the database's port). PostgreSQL is the whole machine's: every other
database on it is down for those seconds too. Bounded: about 15 s of load, each client
starting at most one request a second, each request retried for at most 30 s after that.
"""

import http.client
import os
import shlex
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import live_portal
from live_portal import FORM_PATH, Browser, Gunicorn, fail

DATABASE_URL = os.environ.get(
    "FAULTS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/kowes_faults_db_restart"
)
REDIS_URL = os.environ.get("FAULTS_REDIS_URL", "redis://127.0.0.1:6379/14")
PORT = int(os.environ.get("FAULTS_PORT", "8183"))
CLIENTS = int(os.environ.get("FAULTS_CLIENTS", "6"))
OUTAGE_SECONDS = float(os.environ.get("FAULTS_OUTAGE_SECONDS", "2"))
CONNECT_TIMEOUT = 5  # DB_CONNECT_TIMEOUT, the production default
WARM_UP_SECONDS = 4  # load before PostgreSQL stops
RECOVERY_SECONDS = 6  # load after it is back
FINISH_SECONDS = 30  # for requests under way to be confirmed, after the load ends
PACE_SECONDS = 1.0  # each client starts at most one request a second
FILL_SECONDS = 0.5  # between getting the form and sending it: someone is filling it in
RETRY_PAUSE = 0.5
STATIC_PATH = "/static/css/site.css"


@dataclass
class Answer:
    at: float
    what: str  # form, send, confirmation, home, static
    status: int | None  # None: no answer (connection refused, cut, timed out)
    seconds: float
    retry_after: str | None = None
    error: str = ""


@dataclass
class Submission:
    email: str
    reference: str | None = None
    attempts: int = 0  # how many times the filling was sent


@dataclass
class Record:
    answers: list[Answer] = field(default_factory=list)
    submissions: list[Submission] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add(self, answer: Answer) -> None:
        with self.lock:
            self.answers.append(answer)


def timed(record: Record, what: str, browser: Browser, url: str, data=None):
    """One request (a POST with ``data``), recorded; its response, or None for no answer."""
    started = time.monotonic()
    try:
        response = browser.request("GET" if data is None else "POST", url, data=data)
    except (OSError, http.client.HTTPException) as error:
        record.add(Answer(started, what, None, time.monotonic() - started, error=repr(error)))
        return None
    record.add(
        Answer(
            started,
            what,
            response.status,
            time.monotonic() - started,
            response.headers.get("Retry-After"),
        )
    )
    return response


def send_one(browser: Browser, base: str, submission: Submission, record: Record, until):
    """Fill in the form and send it until the site confirms it (or ``until()`` says stop):
    a 503 means try again, with the same filling once it was sent."""
    data = None
    location = None
    while until():
        if data is None:
            response = timed(record, "form", browser, base + FORM_PATH)
            if response is not None and response.status == 200:
                data = live_portal.support_request_data(
                    response.text, email_address=submission.email
                )
                time.sleep(FILL_SECONDS)
                continue
        elif location is None:
            submission.attempts += 1
            response = timed(record, "send", browser, base + FORM_PATH, data)
            if response is not None and response.status == 302:
                location = response.location
                continue
        else:
            response = timed(record, "confirmation", browser, base + location)
            if response is not None and response.status == 200:
                submission.reference = live_portal.reference_on(response.text)
                return
        if response is not None and response.status != 503:
            return  # unexpected: reported from the record
        time.sleep(RETRY_PAUSE)


def client(number: int, base: str, record: Record, stop_sending, until) -> None:
    browser = Browser(client_address=f"203.0.113.{number + 1}")
    sent = 0
    while not stop_sending.is_set():
        began = time.monotonic()
        sent += 1
        submission = Submission(email=f"load-{number}-{sent}@example.org")
        with record.lock:
            record.submissions.append(submission)
        send_one(browser, base, submission, record, until)
        stop_sending.wait(max(0.0, PACE_SECONDS - (time.monotonic() - began)))


def prober(base: str, record: Record, stop) -> None:
    browser = Browser(client_address="203.0.113.200")
    while not stop.is_set():
        timed(record, "home", browser, base + "/")
        timed(record, "static", browser, base + STATIC_PATH)
        stop.wait(0.25)


def postgresql_control() -> list[str]:
    if os.environ.get("FAULTS_PG_CTL"):
        return shlex.split(os.environ["FAULTS_PG_CTL"])
    port = str(urllib.parse.urlsplit(DATABASE_URL).port or 5432)
    clusters = subprocess.run(
        ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    for line in clusters:
        version, name, cluster_port, *_rest = line.split()
        if cluster_port == port:
            return ["pg_ctlcluster", "--skip-systemctl-redirect", version, name]
    fail(f"no PostgreSQL cluster of this machine listens on port {port} (pg_lsclusters)")


def restart_postgresql(control: list[str], outage: dict) -> None:
    """Stop, wait, start. Once stopped, PostgreSQL is started again whatever happens."""
    outage["stopping"] = time.monotonic()
    stopped = subprocess.run([*control, "stop"], capture_output=True, text=True)
    outage["stopped"] = time.monotonic()
    if stopped.returncode != 0:
        fail(
            f"could not stop PostgreSQL ({stopped.stderr.strip()}): run as root or postgres, "
            "or set FAULTS_PG_CTL"
        )
    try:
        time.sleep(OUTAGE_SECONDS)
    finally:
        outage["starting"] = time.monotonic()
        started = subprocess.run([*control, "start"], capture_output=True, text=True)
        outage["started"] = time.monotonic()
    if started.returncode != 0:
        fail(
            f"PostgreSQL did not start again ({started.stderr.strip()}): "
            f"start it by hand: {shlex.join([*control, 'start'])}"
        )


def run_load(server: Gunicorn, control: list[str]) -> tuple[Record, dict]:
    record = Record()
    outage: dict[str, float] = {}
    stop_sending = threading.Event()
    stop_probing = threading.Event()
    # Generous: stopping and starting PostgreSQL takes a few seconds of its own.
    deadline = time.monotonic() + WARM_UP_SECONDS + OUTAGE_SECONDS + 10 + RECOVERY_SECONDS
    deadline += FINISH_SECONDS
    aborted = threading.Event()

    def until():
        return time.monotonic() < deadline and not aborted.is_set()

    threads = [
        threading.Thread(target=client, args=(n, server.base, record, stop_sending, until))
        for n in range(CLIENTS)
    ]
    threads.append(threading.Thread(target=prober, args=(server.base, record, stop_probing)))
    for thread in threads:
        thread.start()
    try:
        time.sleep(WARM_UP_SECONDS)
        print(f"  {' '.join(control)} stop; {OUTAGE_SECONDS:g} s; … start")
        restart_postgresql(control, outage)
        print(
            f"  `stop` took {outage['stopped'] - outage['stopping']:.1f} s, "
            f"`start` {outage['started'] - outage['starting']:.1f} s"
        )
        time.sleep(RECOVERY_SECONDS)
    except BaseException:  # Ctrl-C or a failed pg_ctl: no more retries, just stop
        aborted.set()
        raise
    finally:
        stop_sending.set()
        for thread in threads[:-1]:
            thread.join()
        stop_probing.set()
        threads[-1].join()
    return record, outage


def summarize(record: Record, outage: dict) -> list[str]:
    """Print what the site answered, before, during and after the outage; return failures."""
    failures = []

    phases = ["before", "stopping", "down", "starting", "after"]
    ends = [outage["stopping"], outage["stopped"], outage["starting"], outage["started"]]

    def phase(answer: Answer) -> str:
        """When the answer came: before `stop`, while it ran, between `stop` and `start`,
        while `start` ran (PostgreSQL takes connections before it returns), after."""
        answered = answer.at + answer.seconds
        return phases[sum(answered >= end for end in ends)]

    table = Counter((phase(a), a.what, a.status) for a in record.answers)
    print("  Answers (when, request, status: count):")
    for (when, what, status), count in sorted(
        table.items(), key=lambda item: (phases.index(item[0][0]), item[0][1], str(item[0][2]))
    ):
        print(f"    {when:8} {what:13} {status if status is not None else 'no answer'}: {count}")

    no_answer = [a for a in record.answers if a.status is None]
    if no_answer:
        failures.append(f"{len(no_answer)} requests got no answer, e.g. {no_answer[0].error}")
    server_errors = [a for a in record.answers if a.status and a.status >= 500 and a.status != 503]
    if server_errors:
        failures.append(f"{len(server_errors)} answers were a 5xx other than 503")
    unexpected = [
        a for a in record.answers if a.status not in {200, 302, 503, None} and a.status < 500
    ]
    if unexpected:
        failures.append(f"unexpected answers: {Counter((a.what, a.status) for a in unexpected)}")
    unavailable = [a for a in record.answers if a.status == 503]
    if not [a for a in unavailable if phase(a) != "before"]:
        failures.append("no 503 at all: the outage did not reach the site")
    if any(not a.retry_after for a in unavailable):
        failures.append("a 503 came without Retry-After")
    slowest = max((a.seconds for a in unavailable), default=0)
    if slowest > CONNECT_TIMEOUT + 1:
        failures.append(f"a 503 took {slowest:.1f} s, longer than the connect timeout")
    static = [a for a in record.answers if a.what == "static"]
    if any(a.status != 200 for a in static):
        failures.append(f"static files failed: {Counter(a.status for a in static)}")
    print(
        f"  503 answers: {len(unavailable)}, all with Retry-After: "
        f"{all(a.retry_after for a in unavailable)}, slowest {slowest:.2f} s; "
        f"static file: {sum(a.status == 200 for a in static)} of {len(static)} answered 200"
    )
    if unavailable:
        first, last = (
            min(a.at + a.seconds for a in unavailable),
            max(a.at + a.seconds for a in unavailable),
        )
        print(
            f"  503s from {first - outage['stopping']:.1f} s to {last - outage['stopping']:.1f} s "
            f"after `stop` began; `start` began at {outage['starting'] - outage['stopping']:.1f} s"
        )
    recovered = [
        a
        for a in record.answers
        if a.what in {"home", "form"} and a.status == 200 and a.at > outage["started"]
    ]
    if not recovered:
        failures.append("no page was served from the database after PostgreSQL came back")
    return failures


def check_database(record: Record, sent_emails: Counter) -> list[str]:
    from advisory.models import OutboxEmail, SupportRequest

    failures = []
    submissions = record.submissions
    confirmed = {s.email: s.reference for s in submissions if s.reference}
    unconfirmed = [s.email for s in submissions if not s.reference]
    stored = list(SupportRequest.objects.values_list("email", "reference"))
    stored_by_email = Counter(email for email, _reference in stored)
    retried = sum(1 for s in submissions if s.attempts > 1)
    print(
        f"  Requests: {len(submissions)} started, {len(confirmed)} confirmed "
        f"({retried} of them sent more than once), {len(stored)} in the database"
    )
    if not retried:
        print("  (no request was sent during the outage: this run did not test sending again)")
    duplicates = {email: n for email, n in stored_by_email.items() if n > 1}
    if duplicates:
        failures.append(f"requests stored more than once: {duplicates}")
    if len({reference for _email, reference in stored}) != len(stored):
        failures.append("two stored requests share a reference number")
    missing = {e: r for e, r in confirmed.items() if (e, r) not in set(stored)}
    if missing:
        failures.append(f"confirmed but not stored (or under another reference): {missing}")
    not_confirmed = sorted(set(stored_by_email) - set(confirmed))
    if not_confirmed:
        failures.append(f"stored but never confirmed to its client: {not_confirmed}")
    if unconfirmed:
        failures.append(f"never confirmed, though retried until the deadline: {unconfirmed}")

    emails = list(OutboxEmail.objects.values_list("to", "subject", "status"))
    by_status = Counter(status for _to, _subject, status in emails)
    print(
        f"  Outbox: {len(emails)} e-mails ({dict(by_status)}); "
        f"messages written: {sum(sent_emails.values())}"
    )
    if by_status.get(OutboxEmail.Status.SENDING):
        print(
            f"  {by_status[OutboxEmail.Status.SENDING]} still marked 'being sent': the database "
            "went away between sending and marking them sent, so send_outbox leaves them alone"
        )
    if len(emails) != 2 * len(stored):
        failures.append(f"{len(emails)} e-mails queued for {len(stored)} requests, not 2 each")
    finished = {OutboxEmail.Status.SENT, OutboxEmail.Status.SENDING}
    if set(by_status) - finished:
        failures.append(f"e-mails left unsent: {dict(by_status)}")
    queued = Counter((to, subject) for to, subject, _status in emails)
    wrong = {key: sent_emails.get(key, 0) for key in queued if sent_emails.get(key, 0) != 1}
    if wrong:
        failures.append(f"e-mails not sent exactly once (times sent): {wrong}")
    if set(sent_emails) - set(queued):
        failures.append(f"e-mails sent that no outbox row holds: {set(sent_emails) - set(queued)}")
    return failures


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)
    started = time.monotonic()
    control = postgresql_control()
    with tempfile.TemporaryDirectory(prefix="kowes-db-restart-") as work:
        work = Path(work)
        mail_dir = work / "mail"
        environment = live_portal.production_environment(
            database_url=DATABASE_URL,
            redis_url=REDIS_URL,
            mail_dir=mail_dir,
            GUNICORN_WORKERS="3",
            DB_CONNECT_TIMEOUT=str(CONNECT_TIMEOUT),
            ADVISORY_RATE_LIMIT="100000",  # the load comes from a few addresses
        )
        name = live_portal.fresh_database(DATABASE_URL)
        live_portal.flush_redis(REDIS_URL)
        print(f"Database {name}: migrating…")
        live_portal.manage("migrate", "--noinput", environment=environment)
        failures = []
        with Gunicorn("server", PORT, environment, work) as server:
            workers = server.worker_pids()
            print(f"Load: {CLIENTS} clients and a prober against {server.base}")
            record, outage = run_load(server, control)
            failures += summarize(record, outage)
            ready = live_portal.get(server.base + "/readyz")
            same_workers = server.worker_pids() == workers and server.process.poll() is None
            print(f"  /readyz: {ready.status}; the same gunicorn workers: {same_workers}")
            if ready.status != 200 or not same_workers:
                failures.append("the server did not recover by itself (or a worker was replaced)")
            log = server.log_tail(60)
        print("After recovery: manage.py send_outbox")
        print("  " + live_portal.manage("send_outbox", environment=environment).strip())
        live_portal.setup_django(environment)
        failures += check_database(record, live_portal.sent_emails(mail_dir))
        from django.db import connections

        connections.close_all()
        if failures:
            print(f"\n--- gunicorn log (last lines):\n{log}", file=sys.stderr)
            print(f"Database {name} kept for a look.", file=sys.stderr)
            fail("\n  ".join(["the site lost or doubled work during the outage:", *failures]))
        live_portal.flush_redis(REDIS_URL)
        live_portal.drop_database(DATABASE_URL)
    print(
        f"PASSED: PostgreSQL restarted under load; every confirmed request stored once, every "
        f"e-mail sent once ({time.monotonic() - started:.0f} s)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
