"""Benchmark of the public directory (not a test: it prints numbers, it never fails).

Grows the directory with generated entities (as ``load_demo --entities N`` does) to each
size in turn and prints the median server time of the list, a filtered list, a deep
page, two searches and an entity page, side by side. It writes to the database: run it
on a throwaway one, e.g.

    createdb kowes_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kowes_bench python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kowes_bench \\
        python manage.py benchmark_directory --sizes 1000 100000
"""

import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client, override_settings

from entities.demo import GENERATED_PREFIX, generate_entities
from entities.models import Entity

REQUESTS = [
    ("list", "/podmioty/"),
    ("list, page 40", "/podmioty/?page=40"),
    ("filtered list", "/podmioty/?county=powiat-koninski&legal_form=social_cooperative"),
    ("search, common word", "/podmioty/?q=sp%C3%B3%C5%82dzielnia"),
    ("search, rare words", "/podmioty/?q=zrodlo+w+kramsk"),
    ("entity page", None),
]


class Command(BaseCommand):
    help = "Print the directory's server times at growing numbers of entities (writes data)."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100_000])
        parser.add_argument("--repeat", type=int, default=15, help="Requests per measurement.")
        parser.add_argument("--seed", type=int, default=2013)
        parser.add_argument("--yes", action="store_true", help="Do not ask before adding entities.")

    def handle(self, *args, sizes, repeat, seed, yes, **options):
        database = connection.settings_dict["NAME"]
        if not yes:
            answer = input(f"This adds up to {max(sizes)} entities to {database!r}. Go on? [y/N] ")
            if answer.strip().lower() != "y":
                raise CommandError("Stopped: nothing was added.")
        results = {}
        for size in sorted(sizes):
            existing = Entity.objects.filter(slug__startswith=GENERATED_PREFIX).count()
            if existing < size:
                started = time.perf_counter()
                generate_entities(count=size, seed=seed, command=self)
                self.stdout.write(f"  ({time.perf_counter() - started:.0f} s)")
            if connection.vendor == "postgresql":
                # What autovacuum does on a live server: statistics for the planner (the
                # small reference tables too) and the visibility map that lets counts read
                # the narrow indexes only.
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
            results[size] = self.measure(size, repeat)
        self.report(results, sorted(sizes))

    def measure(self, size, repeat) -> dict[str, float]:
        client = Client()
        detail = Entity.objects.get(slug=f"{GENERATED_PREFIX}{size // 2:06d}").get_absolute_url()
        times = {}
        with override_settings(ALLOWED_HOSTS=["testserver"]):
            for label, url in REQUESTS:
                url = url or detail
                client.get(url)  # warm the caches and the connection
                samples = []
                for _ in range(repeat):
                    started = time.perf_counter()
                    response = client.get(url)
                    samples.append((time.perf_counter() - started) * 1000)
                    if response.status_code != 200:
                        raise CommandError(f"{url} answered {response.status_code}")
                times[label] = statistics.median(samples)
        return times

    def report(self, results, sizes):
        first, last = sizes[0], sizes[-1]
        header = "| request | " + " | ".join(f"{size:,} entities" for size in sizes)
        self.stdout.write(f"\nDatabase: {connection.vendor}; median of the server times (ms)\n")
        self.stdout.write(header + f" | {last:,} ÷ {first:,} |")
        self.stdout.write("|---" * (len(sizes) + 2) + "|")
        for label, _url in REQUESTS:
            cells = " | ".join(f"{results[size][label]:.1f}" for size in sizes)
            ratio = results[last][label] / results[first][label]
            self.stdout.write(f"| {label} | {cells} | {ratio:.2f}× |")
