"""Moderation as readers meet it: reporting a comment, the community guidelines."""

from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods
from django.views.generic import TemplateView

from blog.models import Post
from comments.models import Comment
from comments.moderation import reports
from core import notices
from core.visitors import remember_visitor


@require_http_methods(["GET", "HEAD", "POST"])
def report_comment(request, pk):
    """A small form to report a published comment to the moderators (works without JS)."""
    comment = get_object_or_404(
        Comment.objects.published().select_related("post", "user"),
        pk=pk,
        post__in=Post.objects.published(),
    )
    form = reports.ReportForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        outcome, new_id = reports.submit(request, comment, form.cleaned_data)
        # Back at the comment, with the outcome inside it; at the discussion's heading if the
        # report hid the comment.
        anchor = "kommentare" if outcome.hidden else comment.anchor
        notices.add(request, outcome.level, outcome.message, target=anchor)
        target = f"{comment.post.get_absolute_url()}#{anchor}"
        return remember_visitor(request, redirect(target), new_id)
    return render(request, "comments/report.html", {"comment": comment, "form": form})


class GuidelinesView(TemplateView):
    template_name = "comments/guidelines.html"
