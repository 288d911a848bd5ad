"""Send the queued e-mails that are due (run it every few minutes from cron or a timer).

E-mails normally go right after the transaction that queued them; this command retries
the ones a mail-server failure left behind. Two runs at once never send one e-mail twice.
"""

from django.core.management.base import BaseCommand

from advisory import services


class Command(BaseCommand):
    help = "Send the e-mails waiting in the outbox (with retries)."

    def handle(self, *args, **options):
        counts = services.outbox_send()
        self.stdout.write(f"Sent: {counts['sent']}, failed (will retry): {counts['failed']}.")
