"""The "Moderation" group: least privilege for the people who work the review queue.

Comments: view and change comments and reports; add, change and view suspensions; manage
watched words; read the audit log; read the refused drafts and mark false positives. Blog: view
posts, theses and authors. No users, no groups. Migration ``0004_moderation_group`` creates the
group and ``0006_moderation_group_refused_drafts`` widens it, each with a frozen copy of this
list; :func:`ensure_group` recreates it if it is missing (``manage.py createmoderator``).
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

GROUP_NAME = "Moderation"

PERMISSIONS = {
    "comments": [
        "view_comment",
        "change_comment",
        "view_report",
        "change_report",
        "add_suspension",
        "change_suspension",
        "view_suspension",
        "add_watchedword",
        "change_watchedword",
        "delete_watchedword",
        "view_watchedword",
        "view_moderationlogentry",
        "view_refuseddraft",
        "change_refuseddraft",
    ],
    "blog": ["view_post", "view_thesis", "view_author"],
}


def ensure_group() -> Group:
    """The group; created with :data:`PERMISSIONS` if it does not exist (never widened)."""
    group, created = Group.objects.get_or_create(name=GROUP_NAME)
    if created:
        wanted = Q()
        for label, codenames in PERMISSIONS.items():
            wanted |= Q(content_type__app_label=label, codename__in=codenames)
        group.permissions.set(Permission.objects.filter(wanted))
    return group
