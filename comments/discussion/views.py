"""Reader pages of the discussion: posting a comment, a comment's permalink."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views import View

from blog.models import Post
from blog.post_page import published_post_or_404, render_post_page
from comments.discussion import own_comments, remember
from comments.discussion.forms import CommentForm
from comments.models import Comment
from comments.privacy.self_delete import self_delete_minutes, self_delete_url
from core import notices
from core.client_ip import client_ip


class CommentCreateView(View):
    """Takes a comment on a post; on errors shows the post page again with the bound form.

    The page is rendered by :func:`blog.post_page.render_post_page`, so it has exactly the
    context of a normal visit; the comment section shows the bound form (the reader's input
    and the errors, summarised at the top of the form) instead of a fresh one. The form posts to
    ``…/kommentare/#kommentar-formular-fehler``, so that page opens at the summary, focused.

    After a successful submission the reader lands on their own comment – published, or held
    and shown to them alone (:mod:`~comments.discussion.own_comments`) – with the notices
    about it inside the comment.
    """

    http_method_names = ["post"]

    def post(self, request, year, month, day, slug):
        post = published_post_or_404(year, month, day, slug)
        if not post.comments_open:
            # The section explains that comments are closed; nothing is stored.
            return render_post_page(request, post, status=403)
        form = CommentForm(
            request.POST, post=post, user=request.user, ip_address=client_ip(request)
        )
        if not form.is_valid():
            return render_post_page(request, post, comment_form=form)
        comment = form.save(request)
        after_posting(request, comment, form.subscription)
        response = redirect(f"{post.get_absolute_url()}#{comment.anchor}")
        own_comments.remember_held(request, response, comment)
        return remember.store_details(request, response, form)


def after_posting(request, comment, subscription=None) -> None:
    """The notices after a successful submission, shown in the reader's own comment."""

    def notice(text):
        notices.add(request, messages.INFO, text, target=comment.anchor)

    if not comment.is_published:
        notice(
            _(
                "Danke! Dein Kommentar wartet auf Freischaltung: Die Moderation prüft ihn, bevor "
                "er für alle erscheint. Bis dahin siehst nur du ihn hier."
            )
        )
    notice(
        format_html(
            _(
                "Du kannst deinen Kommentar in den nächsten {minutes} Minuten noch "
                '<a href="{url}">löschen</a>.'
            ),
            minutes=self_delete_minutes(),
            url=self_delete_url(comment, absolute=False),
        )
    )
    if subscription is not None and not subscription.is_confirmed:
        notice(
            _(
                "Wir haben dir eine E-Mail geschickt: Bitte bestätige darin, dass du über "
                "Antworten benachrichtigt werden möchtest."
            )
        )


def permalink(request, pk):
    """The stable address of a comment: redirects to its anchor on the post page."""
    comment = get_object_or_404(
        Comment.objects.published().select_related("post"),
        pk=pk,
        post__in=Post.objects.published(),
    )
    return redirect(comment.get_absolute_url())
