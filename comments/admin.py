"""The discussion's admin lives in its rooms; Django's admin autodiscovery imports this module.

``moderation/admin.py``: the review queue (comments, reader reports, refused drafts);
``moderation/admin_records.py``: suspensions, watched words and the read-only audit log;
``privacy/admin.py``: the data-subject actions (export, erasure), offered on the review queue
to superusers. The queue is registered here, where the two rooms meet: the privacy room uses
the moderation's decision service, so the moderation room does not import the privacy room.
"""

from django.contrib import admin

from comments.models import Comment
from comments.moderation import admin_records  # noqa: F401 (registers on import)
from comments.moderation.admin import CommentAdmin
from comments.privacy import admin as privacy_admin


@admin.register(Comment)
class DiscussionCommentAdmin(CommentAdmin):
    superuser_actions = tuple(privacy_admin.ACTIONS)
