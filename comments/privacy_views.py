"""Reader pages around privacy: the privacy notice, confirming and cancelling reply mails,
deleting one's own comment. Every state change is a POST behind a page with a button, so link
scanners and prefetchers that follow links in mails change nothing.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.decorators import method_decorator
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.csrf import csrf_exempt
from django.views.generic import TemplateView

from comments import privacy, subscriptions

INVALID_LINK = 400
EXPIRED_LINK = 410


class PrivacyView(TemplateView):
    template_name = "comments/privacy.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            ip_retention_days=privacy.ip_retention_days(),
            self_delete_minutes=privacy.self_delete_minutes(),
            confirm_days=subscriptions.confirm_max_age() // (24 * 60 * 60),
            outbox_retention_days=privacy.OUTBOX_RETENTION_DAYS,
            **kwargs,
        )


def _link_error(request, exc, *, expired_text, invalid_text):
    expired = isinstance(exc, subscriptions.ExpiredLink | privacy.DeleteLinkExpired)
    return render(
        request,
        "comments/link_invalid.html",
        {"message": expired_text if expired else invalid_text},
        status=EXPIRED_LINK if expired else INVALID_LINK,
    )


class SubscriptionConfirmView(View):
    """GET shows a button, POST switches the reply mails on (double opt-in)."""

    def dispatch(self, request, token):
        try:
            self.subscription = subscriptions.subscription_for_confirmation(token)
        except subscriptions.InvalidLink as exc:
            return _link_error(
                request,
                exc,
                expired_text=_(
                    "Dieser Bestätigungslink ist abgelaufen. Bitte bestelle die "
                    "Benachrichtigung mit deinem nächsten Kommentar neu."
                ),
                invalid_text=_("Dieser Bestätigungslink ist ungültig."),
            )
        return super().dispatch(request, token)

    def get(self, request, token):
        return render(
            request, "comments/subscription_confirm.html", {"subscription": self.subscription}
        )

    def post(self, request, token):
        subscriptions.confirm(self.subscription)
        return render(
            request, "comments/subscription_confirmed.html", {"subscription": self.subscription}
        )


@method_decorator(csrf_exempt, name="dispatch")
class UnsubscribeView(View):
    """One-click unsubscribe (RFC 8058): the signed token is the only credential.

    CSRF protection is off here alone: a forged POST could at worst switch off mails the
    token's owner gets, and mail clients POST ``List-Unsubscribe=One-Click`` without a token.
    """

    def dispatch(self, request, token):
        try:
            self.subscription, self.everything = subscriptions.unsubscribe_request(token)
        except subscriptions.InvalidLink as exc:
            return _link_error(
                request,
                exc,
                expired_text=_("Dieser Abmeldelink ist ungültig."),
                invalid_text=_("Dieser Abmeldelink ist ungültig."),
            )
        return super().dispatch(request, token)

    def get(self, request, token):
        return render(
            request,
            "comments/subscription_unsubscribe.html",
            {"subscription": self.subscription, "everything": self.everything},
        )

    def post(self, request, token):
        subscriptions.unsubscribe(self.subscription, everything=self.everything)
        return render(
            request, "comments/subscription_unsubscribed.html", {"everything": self.everything}
        )


class SelfDeleteView(View):
    """GET asks, POST deletes the comment the signed link names (within the time window)."""

    def dispatch(self, request, token):
        try:
            self.comment = privacy.comment_for_self_delete(token)
        except privacy.DeleteLinkInvalid as exc:
            return _link_error(
                request,
                exc,
                expired_text=_(
                    "Die Zeit zum Löschen ist abgelaufen. Schreib uns, wenn dein Kommentar "
                    "trotzdem verschwinden soll – wir kümmern uns darum."
                ),
                invalid_text=_(
                    "Dieser Löschlink ist ungültig, oder der Kommentar ist schon gelöscht."
                ),
            )
        return super().dispatch(request, token)

    def get(self, request, token):
        return render(request, "comments/delete_confirm.html", {"comment": self.comment})

    def post(self, request, token):
        post = self.comment.post
        privacy.delete_own_comment(self.comment)
        messages.success(request, _("Dein Kommentar wurde gelöscht."))
        return redirect(f"{post.get_absolute_url()}#kommentare")


def after_posting(request, comment, subscription=None) -> None:
    """The notices after a successful submission: the delete link, the opt-in mail."""
    url = privacy.self_delete_url(comment, absolute=False)
    messages.info(
        request,
        format_html(
            _(
                "Du kannst deinen Kommentar in den nächsten {minutes} Minuten noch "
                '<a href="{url}">löschen</a>.'
            ),
            minutes=privacy.self_delete_minutes(),
            url=url,
        ),
    )
    if subscription is not None and not subscription.is_confirmed:
        messages.info(
            request,
            _(
                "Wir haben dir eine E-Mail geschickt: Bitte bestätige darin, dass du über "
                "Antworten benachrichtigt werden möchtest."
            ),
        )
