"""The "Moderation" group: what moderators may do in the admin, and nothing more.

Comments: view and change comments and reports; add, change and view suspensions; manage
watched words; read the audit log. Blog: view posts, theses and authors. No users, no groups.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

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
    ],
    "blog": ["view_post", "view_thesis", "view_author"],
}


def create_group(apps, schema_editor):
    # On a fresh database, permissions are created after all migrations (post_migrate): make
    # them now for the apps involved.
    for label in PERMISSIONS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    wanted = [
        Permission.objects.get(content_type__app_label=label, codename=codename)
        for label, codenames in PERMISSIONS.items()
        for codename in codenames
    ]
    group.permissions.set(wanted)


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=GROUP_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("blog", "0002_postrating_postviewcount_thesisvote"),
        ("comments", "0003_moderation_tools"),
    ]

    operations = [migrations.RunPython(create_group, remove_group)]
