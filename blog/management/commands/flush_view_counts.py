"""Move the view counters from the cache into ``PostViewCount`` rows.

Meant for cron, every minute, on one host only (several are harmless, just wasteful)::

    * * * * *  cd /srv/gegenverkehr && .venv/bin/python manage.py flush_view_counts

Posts with many views are also flushed early by the page views themselves
(``BLOG_VIEW_FLUSH_THRESHOLD``). Counters not flushed within ``BLOG_VIEW_PENDING_DAYS`` expire.
"""

from django.core.management.base import BaseCommand

from blog.view_counts import flush_pending


class Command(BaseCommand):
    help = "Schreibt die im Cache gezählten Beitragsaufrufe in die Datenbank (für cron, minütlich)."

    def handle(self, *args, **options):
        views, counters = flush_pending()
        if options["verbosity"] >= 1:
            self.stdout.write(f"{views} Aufrufe aus {counters} Zählern gespeichert.")
