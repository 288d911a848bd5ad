"""Load the demo portal: idempotent (a second run changes nothing) and seeded.

Each app that has demo data exposes ``<app>.demo.load(command=..., options=...)``;
this command calls them in dependency order, inside one transaction.
"""

import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from kowes.page_cache import bump_content_generation

# Apps in the order their demo data depends on each other.
DEMO_APPS = ["accounts", "news", "entities", "projects", "advisory"]


class Command(BaseCommand):
    help = "Load the demo data of the KOWES portal (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--posts", type=int, default=0, help="Also add N generated news posts (load tests)."
        )
        parser.add_argument(
            "--entities",
            type=int,
            default=0,
            help="Also add N generated entities to the directory (load tests).",
        )
        parser.add_argument(
            "--sessions",
            type=int,
            default=0,
            help="Also add N generated advisory sessions (load tests).",
        )
        parser.add_argument("--seed", type=int, default=2013, help="Seed of the generated data.")

    def handle(self, *args, **options):
        with transaction.atomic():
            for app in DEMO_APPS:
                importlib.import_module(f"{app}.demo").load(command=self, options=options)
            # Bulk inserts send no signals: cached public pages must go all the same.
            bump_content_generation()
