"""Helpers shared by the privacy and notification tests.

Form posts go through :func:`guest_data`, built on ``tests.factories.comment_form_data``: it adds
what the spam protection expects from a real browser (a signed form start time well in the
past), so the tests exercise the form exactly as readers use it.
"""

import itertools
from unittest import mock

from django.core.management import call_command
from django_tasks_db.management.commands import db_worker

from comments.moderation import review
from comments.moderation.base import Action, Decision
from tests.factories import comment_form_data

_bodies = itertools.count(1)


def guest_data(**overrides) -> dict:
    """POST data of a guest who ticked the consent box; every call gets a new text.

    An override of None leaves the field out (e.g. ``consent=None``: the box not ticked).
    """
    data = comment_form_data(
        body=f"Ein Gedanke zur B2B-Kommunikation, Nummer {next(_bodies)}.",
        author_name="Anna Beispiel",
        author_email="anna@gaeste.gegenverkehr.invalid",
    )
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def member_data(**overrides) -> dict:
    data = comment_form_data(body=f"Ein Gedanke aus der Redaktion, Nummer {next(_bodies)}.")
    data.update(overrides)
    return data


def submit_url(post) -> str:
    return f"{post.get_absolute_url()}kommentare/"


def publish_everything(monkeypatch, settings) -> None:
    """Moderation lets every comment through (the rules have their own tests)."""
    monkeypatch.setattr(review, "review", lambda draft, context: Decision(Action.PUBLISH))
    settings.COMMENTS_HOLD_FIRST_GUEST_COMMENT = False


def run_worker() -> None:
    """What the db_worker service does: run every task that is due, then stop.

    The worker recycles database connections between tasks; inside a test's transaction that
    would close the very connection the test runs in (PostgreSQL), so recycling is off here.
    """
    with mock.patch.object(db_worker, "close_old_connections"):
        call_command("db_worker", "--batch", "--no-startup-delay", "--interval", "0", verbosity=0)
