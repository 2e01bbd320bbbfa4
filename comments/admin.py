"""The discussion's admin lives in its rooms; Django's admin autodiscovery imports this module.

``moderation/admin.py``: the review queue (comments, reader reports) with the privacy actions;
``moderation/admin_records.py``: suspensions, watched words and the read-only audit log.
"""

from comments.moderation import admin, admin_records  # noqa: F401 (they register on import)
