"""Reader pages about personal data: the privacy notice, deleting one's own comment."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from comments.conf import comments_settings
from comments.privacy import personal_data, self_delete
from core.signed_links import SignedLinkView


class PrivacyView(TemplateView):
    template_name = "comments/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            ip_retention_days=comments_settings.COMMENTS_IP_RETENTION_DAYS,
            refused_draft_days=comments_settings.COMMENTS_REFUSED_DRAFT_DAYS,
            self_delete_minutes=comments_settings.COMMENTS_SELF_DELETE_MINUTES,
            confirm_days=comments_settings.COMMENTS_SUBSCRIPTION_CONFIRM_DAYS,
            outbox_retention_days=personal_data.OUTBOX_RETENTION_DAYS,
            **kwargs,
        )


class SelfDeleteView(SignedLinkView):
    """GET asks, POST deletes the comment the signed link names (within the time window)."""

    invalid_text = gettext_lazy(
        "Dieser Löschlink ist ungültig, oder der Kommentar ist schon gelöscht."
    )
    expired_text = gettext_lazy(
        "Die Zeit zum Löschen ist abgelaufen. Schreib uns, wenn dein Kommentar "
        "trotzdem verschwinden soll – wir kümmern uns darum."
    )

    def load(self, token):
        self.comment = self_delete.comment_for_self_delete(token)

    def get(self, request, token):
        return render(request, "comments/delete_confirm.html", {"comment": self.comment})

    def post(self, request, token):
        post = self.comment.post
        self_delete.delete_own_comment(self.comment)
        messages.success(request, _("Dein Kommentar wurde gelöscht."))
        return redirect(f"{post.get_absolute_url()}#kommentare")
