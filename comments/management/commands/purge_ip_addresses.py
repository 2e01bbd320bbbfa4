"""``python manage.py purge_ip_addresses``: erase IP addresses past their retention (daily cron)."""

from django.core.management.base import BaseCommand

from comments.conf import comments_settings
from comments.privacy.personal_data import purge_ip_addresses


class Command(BaseCommand):
    help = (
        "Erases IP addresses and browser strings of comments older than "
        "COMMENTS_IP_RETENTION_DAYS, expired unconfirmed subscription requests and old "
        "finished outbox mails. Safe to run any number of times."
    )

    def handle(self, *args, **options):
        changed = purge_ip_addresses()
        days = comments_settings.COMMENTS_IP_RETENTION_DAYS
        self.stdout.write(
            f"{changed['comments']} comment(s) older than {days} day(s): IP address and "
            "browser erased."
        )
        self.stdout.write(
            f"{changed['subscriptions']} expired unconfirmed subscription(s) deleted."
        )
        self.stdout.write(f"{changed['mails']} finished outbox mail(s) deleted.")
