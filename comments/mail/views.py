"""Reader pages behind the links in mails: confirming and cancelling reply notifications.

GET shows a page with a button, POST changes the state (:class:`core.signed_links.SignedLinkView`).
"""

from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from comments.mail import links, subscriptions
from core.signed_links import SignedLinkView


class SubscriptionConfirmView(SignedLinkView):
    """GET shows a button, POST switches the reply mails on (double opt-in)."""

    invalid_text = _("Dieser Bestätigungslink ist ungültig.")
    expired_text = _(
        "Dieser Bestätigungslink ist abgelaufen. Bitte bestelle die "
        "Benachrichtigung mit deinem nächsten Kommentar neu."
    )

    def load(self, token):
        self.subscription = links.subscription_for_confirmation(token)

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
class UnsubscribeView(SignedLinkView):
    """One-click unsubscribe (RFC 8058): the signed token is the only credential.

    CSRF protection is off here alone: a forged POST could at worst switch off mails the
    token's owner gets, and mail clients POST ``List-Unsubscribe=One-Click`` without a token.
    """

    invalid_text = _("Dieser Abmeldelink ist ungültig.")

    def load(self, token):
        self.subscription, self.everything = links.unsubscribe_request(token)

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
