"""Deploy check: the publisher's details that Impressum and privacy page need are filled in.

Registered for ``manage.py check --deploy`` (tag ``publisher``). It reads the database, so it
says nothing when it cannot: a database that is unreachable or not yet migrated (as in a build
step that checks the settings before any database exists) is no finding of this check. Once
the tables exist, an incomplete record is a warning naming the missing fields.
"""

from django.core import checks
from django.db import DatabaseError, connection

from blog.models import SiteSettings

TAG = "publisher"


@checks.register(TAG, deploy=True)
def check_publisher_details(app_configs=None, **kwargs):
    try:
        if SiteSettings._meta.db_table not in connection.introspection.table_names():
            return []
        record = SiteSettings.objects.filter(pk=SiteSettings.SINGLETON_ID).first()
    except DatabaseError:
        return []
    missing = record.missing_fields() if record else SiteSettings().missing_fields()
    if not missing:
        return []
    return [
        checks.Warning(
            "The publisher's details for Impressum and privacy page are incomplete; "
            "missing: " + ", ".join(missing) + ".",
            hint="Fill them in in the admin under Inhalte › Anbieterangaben. Until then the "
            "pages leave the missing details out.",
            obj="blog.SiteSettings",
            id="blog.W001",
        )
    ]
