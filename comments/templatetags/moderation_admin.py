"""``{% moderation_queue_summary %}``: how many comments wait, and which rules moderators
overturn often, for the admin index page."""

from django import template
from django.urls import reverse

from comments.conf import comments_settings
from comments.models import Comment, Report
from comments.moderation import precision
from comments.moderation.admin import rule_label

register = template.Library()


@register.inclusion_tag("admin/comments/queue_summary.html", takes_context=True)
def moderation_queue_summary(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("comments.view_comment"):
        return {"show": False}
    changelist = reverse("admin:comments_comment_changelist")
    published = Comment.objects.published()
    return {
        "show": True,
        "pending": Comment.objects.filter(status=Comment.Status.PENDING).count(),
        "pending_url": f"{changelist}?status__exact={Comment.Status.PENDING}",
        # Open reports only: a decided or dismissed report leaves the queue.
        "reported": published.filter(pk__in=Report.objects.open().values("comment")).count(),
        "reported_url": f"{changelist}?gemeldet=ja&status__exact={Comment.Status.PUBLISHED}",
        # One query, however many decisions: the page itself has the details.
        "overturned": sorted(
            (
                (str(rule_label(code)), figures)
                for code, figures in precision.per_rule().items()
                if figures.often_overturned
            ),
            key=lambda row: row[0],
        ),
        "precision_url": reverse("admin:comments_comment_rule_precision"),
        "precision_days": comments_settings.COMMENTS_RULE_PRECISION_DAYS,
    }
