"""Helpers for the moderators' admin tests: a moderator made the way operators make one."""

from django.contrib.auth import get_user_model
from django.core.management import call_command

PASSWORD = "Sehr-geheim-2026!"


def make_moderator(username="moderatorin", email="moderation@gegenverkehr.invalid"):
    call_command("createmoderator", username, "--email", email, "--password", PASSWORD, verbosity=0)
    return get_user_model().objects.get(username=username)


def changelist(client, query=""):
    return client.get(f"/admin/comments/comment/{query}")


def run_action(client, action, comments, **extra):
    data = {"action": action, "_selected_action": [c.pk for c in comments], **extra}
    return client.post("/admin/comments/comment/", data)


def change_status(client, comment, status, **extra):
    """Save the comment's change page with a new status (and ``extra`` fields), as a
    moderator does in the browser: every other field as the page shows it."""
    comment.refresh_from_db()
    data = {
        "status": status,
        "reason_clause": "",
        "reason_note": "",
        "author_name": comment.author_name,
        "author_email": comment.author_email,
        "author_website": comment.author_website,
        "body": comment.body,
        "thesis": comment.thesis_id or "",
        "reports-TOTAL_FORMS": "0",
        "reports-INITIAL_FORMS": "0",
        "reports-MIN_NUM_FORMS": "0",
        "reports-MAX_NUM_FORMS": "1000",
        **extra,
    }
    return client.post(f"/admin/comments/comment/{comment.pk}/change/", data)
