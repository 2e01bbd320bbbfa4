from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from blog.models import Post
from blog.views import PostDateDetailView
from comments.forms import CommentForm
from comments.models import Comment


class CommentCreateView(PostDateDetailView):
    """Takes a comment on a post; on errors re-renders the post page with the bound form.

    Subclassing the blog's post view gives the re-rendered page exactly the context of a
    normal visit, while ``blog`` stays free of imports from ``comments``.
    """

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        self.object = post = self.get_object()
        if not post.comments_open:
            # The section explains that comments are closed; nothing is stored.
            return self.render_to_response(self.get_context_data(), status=403)
        form = CommentForm(request.POST, post=post, user=request.user)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(comment_form=form))
        comment = form.save(request)
        if comment.is_published:
            return redirect(comment.get_absolute_url())
        messages.info(request, _("Dein Kommentar wartet auf Freischaltung."))
        return redirect(f"{post.get_absolute_url()}#kommentare")


def permalink(request, pk):
    """The stable address of a comment: redirects to its anchor on the post page."""
    comment = get_object_or_404(
        Comment.objects.published().select_related("post"),
        pk=pk,
        post__in=Post.objects.published(),
    )
    return redirect(comment.get_absolute_url())
