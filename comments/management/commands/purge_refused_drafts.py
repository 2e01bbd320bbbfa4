"""``python manage.py purge_refused_drafts``: delete refused comments past their retention."""

from django.core.management.base import BaseCommand

from comments.conf import comments_settings
from comments.moderation.refusals import purge


class Command(BaseCommand):
    help = (
        "Deletes the comments the form refused once they are older than "
        "COMMENTS_REFUSED_DRAFT_DAYS. One DELETE by age: safe to run any number of times and "
        "on several servers at once."
    )

    def handle(self, *args, **options):
        deleted = purge()
        days = comments_settings.COMMENTS_REFUSED_DRAFT_DAYS
        self.stdout.write(f"{deleted} refused comment(s) older than {days} day(s) deleted.")
