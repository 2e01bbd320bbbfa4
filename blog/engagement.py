"""Reader engagement on the post page: star ratings, thesis votes, recommending a post by mail.

Readers stay anonymous. A rating or vote is tied to the visitor cookie (:mod:`core.visitors`);
the database keeps only a keyed hash of it. Per-IP limits in the cache (:mod:`core.ratelimit`,
IPs hashed there too) keep cookie-clearing scripts from flooding; per post and day only a few
readers of one network count (:mod:`blog.vote_limits`, in the database).

Every outcome is shown where the reader acted: the view redirects to the widget's anchor and
the message names that widget as its target (:mod:`core.notices`), so it appears inside it.
A reader who rated or voted on a post carries a marker cookie for that post's path
(``blog.post_page.VOTED_COOKIE``): their pages of that post are rendered for them, not taken
from the page cache, and show their own stars and votes (``blog.post_page.own_choices``);
everyone else gets the cached page with public tallies only.
"""

import logging

from django.conf import settings
from django.contrib import messages
from django.core.mail import send_mail
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from blog import vote_limits
from blog.conf import blog_settings
from blog.forms import RatingForm, ShareForm, ThesisVoteForm
from blog.models import Post, PostRating, ThesisVote
from blog.post_page import VOTED_COOKIE, published_post_or_404, thesis_vote_anchor
from blog.rendering import THESES_MARKER
from core import notices, page_cache
from core.addresses import mailbox_key
from core.client_ip import client_ip
from core.ratelimit import over_limit
from core.site import absolute_url
from core.visitors import VISITOR_COOKIE_AGE, remember_visitor, visitor_key

logger = logging.getLogger(__name__)

RATING_ANCHOR = "bewertung"
SHARE_ANCHOR = "empfehlen"


def _mark_voted(request, response, post: Post):
    """The marker that this reader's pages of ``post`` show their own votes (see above)."""
    response.set_cookie(
        VOTED_COOKIE,
        "1",
        max_age=VISITOR_COOKIE_AGE,
        path=post.get_absolute_url(),
        httponly=True,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def _theses_url(post: Post, anchor: str) -> str:
    """The post URL of the page that shows the theses, with ``anchor``."""
    url = post.get_absolute_url()
    page = next((number for number, html in enumerate(post.pages, 1) if THESES_MARKER in html), 1)
    return f"{url}?seite={page}#{anchor}" if page > 1 else f"{url}#{anchor}"


# Rate limits and refusals ---------------------------------------------------------------


def _vote_over_limit(request, scope: str, rate: tuple[int, int]) -> bool:
    try:
        return over_limit(scope, client_ip(request) or "unknown", rate)
    except Exception:
        # Votes are cheap and unique per cookie: better to accept them while the cache is down.
        logger.warning("Rate limit %s not checked: cache unavailable.", scope, exc_info=True)
        return False


def _invalid(request, post: Post | None, message: str, status: int = 400):
    return render(
        request, "blog/widgets/invalid_vote.html", {"post": post, "message": message}, status=status
    )


def _first_error(form) -> str:
    return next(iter(form.errors.values()))[0]


# Views ------------------------------------------------------------------------------------


@require_POST
def rate_post(request, year, month, day, slug):
    post = published_post_or_404(year, month, day, slug)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return _invalid(request, post, _first_error(form))
    target = f"{post.get_absolute_url()}#{RATING_ANCHOR}"
    if _vote_over_limit(request, "rating", blog_settings.BLOG_RATING_RATE):
        text = _(
            "Von deinem Anschluss kamen gerade sehr viele Bewertungen. Bitte versuche es "
            "später noch einmal."
        )
        notices.add(request, messages.ERROR, text, target=RATING_ANCHOR)
        return redirect(target)
    visitor_hash, new_id = visitor_key(request)
    if not vote_limits.admit_rating(request, post, visitor_hash):
        text = _(
            "Aus deinem Netzwerk wurden heute schon mehrere Bewertungen dieses Beitrags "
            "gezählt. Weitere zählen wir erst morgen wieder."
        )
        notices.add(request, messages.ERROR, text, target=RATING_ANCHOR)
        return redirect(target)
    _rating, created = PostRating.objects.cast(post, visitor_hash, form.cleaned_data["stars"])
    page_cache.bump_post_version(post.pk)
    stars = form.cleaned_data["stars"]
    if created:
        text = _("Danke! Deine Bewertung mit %(stars)s von 5 Sternen ist gezählt.")
    else:
        text = _("Deine Bewertung ist jetzt %(stars)s von 5 Sternen; die frühere gilt nicht mehr.")
    notices.add(request, messages.SUCCESS, text % {"stars": stars}, target=RATING_ANCHOR)
    response = _mark_voted(request, redirect(target), post)
    return remember_visitor(request, response, new_id)


@require_POST
def vote_thesis(request, year, month, day, slug, position):
    post = published_post_or_404(year, month, day, slug)
    thesis = get_object_or_404(post.theses, position=position)
    form = ThesisVoteForm(request.POST)
    if not form.is_valid():
        return _invalid(request, post, _first_error(form))
    anchor = thesis_vote_anchor(thesis)
    target = _theses_url(post, anchor)
    if _vote_over_limit(request, "thesis", blog_settings.BLOG_THESIS_VOTE_RATE):
        text = _(
            "Von deinem Anschluss kamen gerade sehr viele Stimmen. Bitte versuche es "
            "später noch einmal."
        )
        notices.add(request, messages.ERROR, text, target=anchor)
        return redirect(target)
    visitor_hash, new_id = visitor_key(request)
    if not vote_limits.admit_thesis_vote(request, post, visitor_hash):
        text = _(
            "Aus deinem Netzwerk wurden heute schon mehrere Stimmen zu den Thesen dieses "
            "Beitrags gezählt. Weitere zählen wir erst morgen wieder."
        )
        notices.add(request, messages.ERROR, text, target=anchor)
        return redirect(target)
    _vote, created = ThesisVote.objects.cast(thesis, visitor_hash, form.agrees)
    page_cache.bump_post_version(post.pk)
    choice = _("Du stimmst zu") if form.agrees else _("Du siehst es anders")
    if created:
        text = _("Danke! Deine Stimme zu These %(number)s ist gezählt: %(choice)s.")
    else:
        text = _("Deine Stimme zu These %(number)s ist geändert: %(choice)s.")
    text %= {"number": thesis.position, "choice": choice}
    notices.add(request, messages.SUCCESS, text, target=anchor)
    response = _mark_voted(request, redirect(target), post)
    return remember_visitor(request, response, new_id)


def _share_refusal(request, recipient: str) -> tuple[str, int] | None:
    """Why this mail may not go out now, with a status; None if it may. Fails closed."""
    try:
        if over_limit(
            "share-ip",
            client_ip(request) or "unknown",
            blog_settings.BLOG_SHARE_RATE_PER_IP,
        ):
            return _(
                "Du hast gerade schon mehrere Empfehlungen verschickt. Bitte versuche es "
                "später noch einmal."
            ), 429
        if over_limit(
            "share-recipient",
            mailbox_key(recipient),
            blog_settings.BLOG_SHARE_RATE_PER_RECIPIENT,
        ):
            return _(
                "An diese Adresse gingen heute schon mehrere Empfehlungen. Bitte versuche es "
                "morgen noch einmal."
            ), 429
    except Exception:
        logger.warning("Share limits unavailable, mail refused.", exc_info=True)
        return _("Der Versand ist gerade nicht möglich. Bitte versuche es später noch einmal."), 503
    return None


def recommendation_mail(post: Post, post_url: str, sender_name: str, note: str):
    """Subject and plain-text body; the sender's words are marked as theirs."""
    subject = _("Leseempfehlung: %(title)s") % {"title": post.title}
    lines = [
        _("Hallo,"),
        "",
        _("%(name)s empfiehlt dir diesen Beitrag aus dem Blog Gegenverkehr:")
        % {"name": sender_name},
        "",
        f"„{post.title}“",
        post_url,
    ]
    if note:
        lines += [
            "",
            _("Notiz von %(name)s (nicht von der Redaktion):") % {"name": sender_name},
            "-----",
            note,
            "-----",
        ]
    lines += [
        "",
        "-- ",
        _(
            "Diese E-Mail wurde über das Empfehlungsformular auf Gegenverkehr verschickt. "
            "Deine Adresse wurde nur für diesen Versand verwendet. Wenn du die Nachricht "
            "nicht erwartet hast, kannst du sie ignorieren."
        ),
    ]
    return subject, "\n".join(lines)


@require_http_methods(["GET", "HEAD", "POST"])
def share_post(request, year, month, day, slug):
    post = published_post_or_404(year, month, day, slug)
    form = ShareForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        shared = f"{post.get_absolute_url()}#{SHARE_ANCHOR}"
        if form.is_bot:
            text = _("Danke! Deine Empfehlung ist unterwegs.")
            notices.add(request, messages.SUCCESS, text, target=SHARE_ANCHOR)
            return redirect(shared)
        data = form.cleaned_data
        refusal = _share_refusal(request, data["recipient"])
        if refusal is None:
            post_url = absolute_url(post.get_absolute_url())  # SITE_URL, not the Host header
            subject, body = recommendation_mail(post, post_url, data["sender_name"], data["note"])
            try:
                send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [data["recipient"]])
            except OSError:  # SMTP errors, refused connections, timeouts
                logger.exception("Recommendation mail for post %s failed.", post.pk)
                refusal = (
                    _(
                        "Die E-Mail konnte gerade nicht verschickt werden. Bitte versuche es "
                        "später noch einmal."
                    ),
                    503,
                )
            else:
                text = _("Danke! Deine Empfehlung ist unterwegs.")
                notices.add(request, messages.SUCCESS, text, target=SHARE_ANCHOR)
                return redirect(shared)
        message, status = refusal
        form.add_error(None, message)
    return render(request, "blog/share.html", {"post": post, "form": form}, status=status)
