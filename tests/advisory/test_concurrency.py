"""Submissions at the same moment, in real parallel transactions (PostgreSQL only: SQLite
serialises every write, so it cannot show the race)."""

import threading

import pytest
from django.core import mail
from django.db import connection

from advisory import services
from advisory.models import OutboxEmail, ReferenceCounter, SupportRequest
from tests.advisory.test_services import submit

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs concurrent transactions (PostgreSQL)"
)


def _in_parallel(calls):
    barrier = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            barrier.wait(timeout=10)
            results.append(call())
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    return results


def test_parallel_submissions_get_distinct_consecutive_numbers(transactional_db):
    calls = [lambda n=n: submit(idempotency_key=f"rownolegle-{n}") for n in range(6)]

    _in_parallel(calls)

    numbers = sorted(SupportRequest.objects.values_list("number", flat=True))
    assert numbers == [1, 2, 3, 4, 5, 6]
    assert ReferenceCounter.objects.get().last_number == 6


def test_a_double_click_in_parallel_creates_one_request(transactional_db):
    calls = [lambda: submit(idempotency_key="podwojne-klikniecie") for _ in range(2)]

    results = _in_parallel(calls)

    assert SupportRequest.objects.count() == 1
    assert sorted(created for _request, created in results) == [False, True]
    assert results[0][0].pk == results[1][0].pk


def test_two_outbox_senders_at_once_send_each_email_once(transactional_db):
    OutboxEmail.objects.bulk_create(
        OutboxEmail(to=f"osoba{n}@example.org", subject=f"Temat {n}", body="Treść")
        for n in range(20)
    )

    results = _in_parallel([services.outbox_send, services.outbox_send])

    assert sum(result["sent"] for result in results) == 20
    assert sorted(m.subject for m in mail.outbox) == sorted(f"Temat {n}" for n in range(20))
    assert OutboxEmail.objects.filter(status="sent").count() == 20
