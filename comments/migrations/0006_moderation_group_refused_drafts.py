"""The "Moderation" group reads the refused drafts and marks false positives.

Adds ``view_refuseddraft`` and ``change_refuseddraft`` (the „zu Unrecht abgewiesen“ action) to
the group of ``0004_moderation_group``; ``PERMISSIONS`` is the group's whole list from now on
(:mod:`comments.moderation.moderators` keeps the live copy).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUP_NAME = "Moderation"
ADDED = {"comments": ["view_refuseddraft", "change_refuseddraft"]}

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


def _permissions(apps, wanted):
    # On a fresh database, permissions are created after all migrations (post_migrate).
    for label in wanted:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Permission = apps.get_model("auth", "Permission")
    return [
        Permission.objects.get(content_type__app_label=label, codename=codename)
        for label, codenames in wanted.items()
        for codename in codenames
    ]


def add_permissions(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.add(*_permissions(apps, ADDED))


def remove_permissions(apps, schema_editor):
    group = apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).first()
    if group is not None:
        group.permissions.remove(*_permissions(apps, ADDED))


class Migration(migrations.Migration):
    dependencies = [("comments", "0005_decisions_reports_refusals")]

    operations = [migrations.RunPython(add_permissions, remove_permissions)]
