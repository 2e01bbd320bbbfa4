"""The comment list as HTML, built in Python.

A discussion can hold thousands of comments; running Django's template engine once per comment
costs about 200 µs each. Everything that is the same for every comment (labels, URL patterns,
month names) is prepared once per page here, and each comment becomes one f-string, escaping
every reader-supplied value. ``body_html`` was sanitised by bleach when the comment was saved.
``templates/comments/section.html`` embeds the result.

A comment that is no longer published but has published replies is rendered as a placeholder
(:class:`comments.rows.PlaceholderRow`): the same ``id`` anchor, one sentence saying why it is
gone, none of its text, author or links.
"""

from html import escape

from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS
from django.utils.translation import gettext as _

from comments.models import Comment
from comments.moderation.clauses import clause_label
from comments.tree import Thread

_PK = 2147483647  # placeholder in reversed URLs, replaced per comment


class ThreadRenderer:
    """``author_user_id``: the account of the post's author (badge „Autor“; staff accounts get
    „Redaktion“). ``notes``: HTML of notices per comment id, shown inside that comment (the
    outcome of what its reader just did). ``staff``: the moderation links for logged-in staff
    (:class:`StaffLinks`); never on a page that may be cached."""

    def __init__(self, *, author_user_id=None, notes=None, staff=None):
        self.zone = timezone.get_current_timezone()
        self.months = {number: str(name) for number, name in MONTHS.items()}
        self.at = _("um")
        self.reply_label = escape(_("Antworten"))
        self.link_label = escape(_("Link zu diesem Kommentar"))
        self.about = escape(_("zu"))
        self.thesis_label = _("These %(position)s: %(title)s")
        self.report_label = escape(_("Melden"))
        self.pending_label = escape(_("Wartet auf Freischaltung"))
        self.author_badge = escape(_("Autor"))
        self.staff_badge = escape(_("Redaktion"))
        self.permalink = reverse("comments:permalink", args=[_PK]).replace(str(_PK), "{}")
        self.report = reverse("comments:report", args=[_PK]).replace(str(_PK), "{}")
        self.edited = escape(_("bearbeitet von der Moderation"))
        self.removed = escape(_("Dieser Kommentar wurde von der Moderation entfernt."))
        self.removed_for = _(
            "Dieser Kommentar wurde von der Moderation entfernt – Verstoß gegen unsere "
            "{guidelines}: {clause}."
        )
        self.guidelines = (
            f'<a href="{escape(reverse("comments:guidelines"))}">'
            f"{escape(_('Community-Richtlinien'))}</a>"
        )
        self.placeholders = {
            Comment.Status.DELETED: escape(_("Dieser Kommentar wurde vom Verfasser gelöscht.")),
            Comment.Status.PENDING: escape(
                _("Dieser Kommentar wird gerade von der Moderation geprüft.")
            ),
        }
        self.author_user_id = author_user_id
        self.notes = notes or {}
        self.staff = staff

    def date(self, value) -> tuple[str, str]:
        local = value.astimezone(self.zone)
        text = (
            f"{local.day}. {self.months[local.month]} {local.year} "
            f"{self.at} {local.hour:02d}:{local.minute:02d}"
        )
        return local.isoformat(), text

    @staticmethod
    def author(name: str, website: str) -> str:
        if website:
            return f'<a href="{escape(website)}" rel="nofollow ugc">{name}</a>'
        return name

    def thesis(self, comment) -> str:
        position = comment.thesis_position
        if position is None:
            return ""
        label = escape(self.thesis_label % {"position": position, "title": comment.thesis_title})
        return f'<p class="comment-thesis">{self.about} <a href="#these-{position}">{label}</a></p>'

    def placeholder_text(self, placeholder) -> str:
        """Why the comment is gone: held again, deleted by its author, or taken down."""
        text = self.placeholders.get(placeholder.status)
        if text is not None:
            return text
        clause = clause_label(placeholder.removal_clause)
        if not clause:
            return self.removed
        return self.removed_for.format(guidelines=self.guidelines, clause=escape(clause))

    def placeholder(self, placeholder) -> str:
        return (
            f'<article class="comment comment-placeholder" id="kommentar-{placeholder.pk}">'
            f'<p class="comment-placeholder-text">{self.placeholder_text(placeholder)}</p>'
            "</article>"
        )

    def badge(self, comment) -> str:
        if comment.user_id is None:
            return ""
        if comment.user_id == self.author_user_id:
            label = self.author_badge
        elif comment.is_staff:
            label = self.staff_badge
        else:
            return ""
        return f' <span class="comment-badge">{label}</span>'

    def actions(self, comment, name: str) -> str:
        pk = comment.pk
        if comment.pending:
            return ""  # shown to its author only: nobody can answer or report it yet
        return (
            f'<p class="comment-actions"><a class="comment-reply" '
            f'href="?antwort={pk}#kommentar-formular" data-reply-to="{pk}" data-author="{name}" '
            f'rel="nofollow">{self.reply_label}</a> <a class="comment-report" '
            f'href="{self.report.format(pk)}" rel="nofollow">{self.report_label}</a></p>'
        )

    def comment(self, comment) -> str:
        if comment.is_placeholder:
            return self.placeholder(comment)
        pk = comment.pk
        iso, text = self.date(comment.submitted_at)
        permalink = f"#kommentar-{pk}" if comment.pending else self.permalink.format(pk)
        name = escape(comment.display_name)
        author = self.author(name, comment.website)
        edited = (
            f' <span class="comment-edited">{self.edited}</span>'
            if comment.moderator_edited_at is not None
            else ""
        )
        pending, status = "", ""
        if comment.pending:
            pending = " comment-pending"
            status = f' <strong class="comment-status">{self.pending_label}</strong>'
        staff = self.staff.tools(pk) if self.staff is not None else ""
        return (
            f'<article class="comment{pending}" id="kommentar-{pk}">'
            f'<header class="comment-meta"><span class="comment-author">{author}'
            f"</span>{self.badge(comment)}{status} "
            f'<a class="comment-permalink" href="{permalink}">'
            f'<time datetime="{iso}">{text}</time></a>{edited} '
            f'<a class="comment-anchor" href="#kommentar-{pk}" aria-label="{self.link_label}">#</a>'
            f"</header>{self.thesis(comment)}"
            f'<div class="comment-body">{comment.body_html}</div>'
            f"{self.notes.get(pk, '')}{self.actions(comment, name)}{staff}</article>"
        )

    def thread(self, thread: Thread) -> str:
        parts = []
        append = parts.append
        for index, node in enumerate(thread):
            if node.opens:
                append('<ol class="comment-replies">')
            elif index:
                append("</li>")
            append("</ol></li>" * node.closes)
            append(f'<li class="comment-item comment-level-{node.level}">')
            append(self.comment(node.comment))
        if parts:
            append("</li>")
            append("</ol></li>" * thread.tail)
        return "".join(parts)


class StaffLinks:
    """„Bearbeiten“ (the comment in the admin) and „Entfernen“ (the admin's removal action,
    posted with the moderator's CSRF token) under every comment, for logged-in staff."""

    def __init__(self, csrf_token: str):
        self.change = reverse("admin:comments_comment_change", args=[_PK]).replace(str(_PK), "{}")
        self.changelist = reverse("admin:comments_comment_changelist")
        self.csrf_token = escape(str(csrf_token))
        self.edit_label = escape(_("Bearbeiten"))
        self.remove_label = escape(_("Entfernen"))
        self.label = escape(_("Moderation"))

    def tools(self, pk: int) -> str:
        return (
            f'<form class="comment-moderation" method="post" action="{self.changelist}">'
            f'<span class="comment-moderation-label">{self.label}:</span> '
            f'<input type="hidden" name="csrfmiddlewaretoken" value="{self.csrf_token}">'
            '<input type="hidden" name="action" value="remove">'
            '<input type="hidden" name="index" value="0">'
            f'<input type="hidden" name="_selected_action" value="{pk}">'
            f'<a href="{self.change.format(pk)}">{self.edit_label}</a> '
            f'<button type="submit" class="link-button">{self.remove_label}</button></form>'
        )


def render_thread(thread: Thread, **options) -> str:
    """The thread as HTML; ``options`` as :class:`ThreadRenderer` takes them."""
    return ThreadRenderer(**options).thread(thread)
