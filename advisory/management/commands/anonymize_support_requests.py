"""Remove the personal data of support requests finished longer ago than the retention
period (ADVISORY_RETENTION_DAYS). Safe to run daily: a second run changes nothing."""

from django.conf import settings
from django.core.management.base import BaseCommand

from advisory import services


class Command(BaseCommand):
    help = "Anonymize support requests finished more than ADVISORY_RETENTION_DAYS ago."

    def handle(self, *args, **options):
        count = services.support_requests_anonymize_expired()
        self.stdout.write(
            f"Anonymized {count} support request(s) finished more than "
            f"{settings.ADVISORY_RETENTION_DAYS} days ago."
        )
