"""``python manage.py send_queued_mail``: send every due outbox mail now (cron safety net).

The ``db_worker`` service normally sends each mail right after it is queued and retries it with
growing delays. This sweep covers what the worker cannot: a task lost with a crashed worker, or
mails queued while enqueueing failed. Run it every few minutes; it is idempotent.
"""

from django.core.management.base import BaseCommand

from comments.mail.tasks import deliver_due_mail


class Command(BaseCommand):
    help = "Sends every due mail of the comment outbox (retries included)."

    def handle(self, *args, **options):
        outcome = deliver_due_mail()
        summary = ", ".join(f"{count} {result}" for result, count in sorted(outcome.items()))
        self.stdout.write(summary or "No mail due.")
