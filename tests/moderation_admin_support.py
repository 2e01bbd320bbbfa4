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
