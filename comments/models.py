from datetime import timedelta
from functools import reduce
from operator import or_

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from blog.models import Post, Thesis
from comments import rows, tree
from comments.conf import comments_settings
from comments.dates import format_until
from comments.rendering import render_comment

USER_AGENT_MAX_LENGTH = 255


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Comment.Status.PUBLISHED)

    def for_post(self, post):
        """A post's published comments in display order: depth-first, oldest thread first."""
        return (
            self.published()
            .filter(post=post)
            .select_related("user", "thesis")
            # The page shows neither the raw text nor data kept for moderators.
            .defer("body", "author_email", "ip_address", "user_agent", "moderation")
            .order_by("path")
        )

    def page_rows(self, post) -> list[rows.CommentRow]:
        """``for_post()`` as light rows with only what the post page shows (see rows.py)."""
        values = self.for_post(post).values_list(*rows.columns())
        return [rows.CommentRow(row) for row in values]

    def visible(self):
        """The comments readers see in full: every published one.

        A published reply below a comment that is no longer published stays on the page; its
        ancestor is shown as a placeholder (see :meth:`placeholder_rows`), never in full.
        """
        return self.published()

    def placeholder_rows(self, post, paths) -> list[rows.PlaceholderRow]:
        """The comments at ``paths`` of ``post`` that are not published, as placeholder rows.

        The post page asks for the missing ancestors of its published comments only, so this
        query runs only when a discussion has placeholders, and once per page.
        """
        values = (
            self.filter(post=post, path__in=list(paths))
            .exclude(status=Comment.Status.PUBLISHED)
            .values_list(*rows.PLACEHOLDER_COLUMNS)
        )
        return [rows.PlaceholderRow(row) for row in values]

    def published_below(self, comments):
        """Published comments anywhere below ``comments`` in their threads."""
        below = [Q(post_id=c.post_id, path__startswith=c.path + tree.SEPARATOR) for c in comments]
        if not below:
            return self.none()
        return self.published().filter(reduce(or_, below))

    def refresh_post_count(self, post_or_id) -> None:
        """Store the number of published comments on the post: one UPDATE, run on writes only.

        Placeholders are not counted: the count is the number of comments a reader can read.
        Only :mod:`comments.moderation.decisions` calls this (and the fixture loader); it also
        makes the post's cached pages stale, after the commit.
        """
        post_id = getattr(post_or_id, "pk", post_or_id)
        counted = (
            Comment.objects.published()
            .filter(post=OuterRef("pk"))
            .order_by()
            .values("post")
            .annotate(n=Count("pk"))
            .values("n")
        )
        Post.objects.filter(pk=post_id).update(comment_count=Coalesce(Subquery(counted), 0))
        if isinstance(post_or_id, Post):
            post_or_id.refresh_from_db(fields=["comment_count"])


class Comment(models.Model):
    """A reader's comment on a post, possibly about one of its theses, possibly a reply.

    The tree is a materialised path (see :mod:`comments.tree`): ordering by ``path`` gives the
    display order in one query, which adjacency lists (recursive CTEs or one query per level)
    and nested sets (renumbering on every insert) do not give as cheaply. Paths are assigned
    under a lock on the post row, and the unique (post, path) constraint guarantees that a race
    can never produce two comments in the same place.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Wartet auf Freischaltung")
        PUBLISHED = "published", _("Veröffentlicht")
        REJECTED = "rejected", _("Abgelehnt")
        SPAM = "spam", _("Spam")
        REMOVED = "removed", _("Entfernt")
        # By its author (the signed delete link) or on their request (erasure): final, and set
        # only by the privacy room, never by a moderator.
        DELETED = "deleted", _("Vom Verfasser gelöscht")

    post = models.ForeignKey(
        Post, verbose_name=_("Beitrag"), on_delete=models.CASCADE, related_name="comments"
    )
    thesis = models.ForeignKey(
        Thesis,
        verbose_name=_("These"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("Antwort auf"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="replies",
    )
    # Deleting an account must neither take other readers' replies down with it nor leave
    # nameless comments behind: accounts that have commented are deactivated, not deleted.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="comments",
    )
    author_name = models.CharField(_("Name"), max_length=100, blank=True)
    author_email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    author_website = models.URLField(_("Website"), blank=True)
    body = models.TextField(_("Kommentar"))
    body_html = models.TextField(editable=False, default="")
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    submitted_at = models.DateTimeField(_("Eingereicht am"), default=timezone.now)
    # Kept for abuse handling only; never shown publicly.
    ip_address = models.GenericIPAddressField(_("IP-Adresse"), null=True, blank=True)
    user_agent = models.CharField(_("Browser"), max_length=USER_AGENT_MAX_LENGTH, blank=True)
    # When a guest ticked the consent box (Art. 6 Abs. 1 lit. a DSGVO); empty for accounts.
    consent_at = models.DateTimeField(_("Einwilligung am"), null=True, blank=True, editable=False)
    path = models.CharField(_("Pfad im Baum"), max_length=tree.PATH_MAX_LENGTH, editable=False)
    depth = models.PositiveSmallIntegerField(_("Ebene"), editable=False)
    moderation = models.JSONField(_("Moderationsentscheidung"), default=dict, blank=True)
    flagged_rules = models.CharField(
        _("Gemeldete Regeln"),
        max_length=200,
        blank=True,
        help_text=_("Kommagetrennte Codes der Regeln, die angeschlagen haben."),
    )
    # The guideline clause a moderator named when taking the comment down (see
    # moderation.clauses); its placeholder names it. Empty while the comment is online.
    removal_clause = models.CharField(_("Verstoß gegen"), max_length=30, blank=True, editable=False)
    # Set when a moderator changed what readers see (text, name, website): the page says so,
    # and the text before the edit is kept in a CommentRevision.
    moderator_edited_at = models.DateTimeField(
        _("Von der Moderation bearbeitet am"), null=True, blank=True, editable=False
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["post_id", "path"]
        verbose_name = _("Kommentar")
        verbose_name_plural = _("Kommentare")
        indexes = [
            # The post page: one post's published comments in path order.
            models.Index(fields=["post", "status", "path"], name="comment_post_page_idx"),
            # The moderation queue: newest first per status.
            models.Index(fields=["status", "-submitted_at"], name="comment_queue_idx"),
            models.Index(fields=["flagged_rules"], name="comment_flagged_rules_idx"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["post", "path"], name="comment_unique_path"),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | (~Q(author_name="") & ~Q(author_email="")),
                name="comment_guest_has_name_and_email",
            ),
            models.CheckConstraint(condition=Q(depth__gte=1), name="comment_depth_positive"),
            models.CheckConstraint(condition=~Q(body=""), name="comment_body_not_empty"),
        ]

    def __str__(self):
        return f"{self.display_name}: {Truncator(self.body).chars(60)}"

    def save(self, *args, **kwargs):
        """Store the row (placing a new comment in the tree).

        Counts, the audit log, the page cache and mails are not this method's business: every
        change readers can see goes through :mod:`comments.moderation.decisions`.
        """
        self.render_html()
        self.user_agent = self.user_agent[:USER_AGENT_MAX_LENGTH]
        if self._state.adding and not self.path:
            self._insert_into_tree(*args, **kwargs)
        else:
            super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#{self.anchor}"

    def get_permalink(self):
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    @property
    def anchor(self) -> str:
        return f"kommentar-{self.pk}"

    @property
    def display_name(self) -> str:
        if self.author_name or not self.user_id:
            return self.author_name
        user = self.user
        return rows.display_name("", user.first_name, user.last_name, user.get_username())

    @property
    def website(self) -> str:
        """The author's website, only if it is a plain web address."""
        return rows.plain_web_address(self.author_website)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def clean(self):
        errors = {}
        if self.thesis_id and self.thesis.post_id != self.post_id:
            errors["thesis"] = _("Diese These gehört zu einem anderen Beitrag.")
        if self.parent_id and self.parent.post_id != self.post_id:
            errors["parent"] = _("Dieser Kommentar gehört zu einem anderen Beitrag.")
        if errors:
            raise ValidationError(errors)

    def render_html(self):
        self.body_html = render_comment(self.body)

    def _insert_into_tree(self, *args, **kwargs):
        """Attach below the deepest allowed ancestor and take the next free place there."""
        self.parent = self._attachable_parent()
        if self.parent is not None and self.parent.post_id != self.post_id:
            raise ValueError("A reply must belong to the same post as its parent.")
        with transaction.atomic():
            # Serialises inserts per post (SQLite's IMMEDIATE transactions do the same); the
            # unique (post, path) constraint turns any race that slips through into an error
            # instead of a corrupt tree.
            list(Post.objects.select_for_update().filter(pk=self.post_id).values_list("pk"))
            self.path = self._next_path()
            self.depth = tree.depth_of(self.path)
            super().save(*args, **kwargs)

    def _attachable_parent(self):
        parent = self.parent
        while parent is not None and parent.depth >= comments_settings.COMMENTS_MAX_DEPTH:
            parent = parent.parent
        return parent

    def _next_path(self) -> str:
        siblings = Comment.objects.filter(post_id=self.post_id)
        if self.parent is None:
            siblings = siblings.filter(depth=1)
            prefix = None
        else:
            prefix = self.parent.path
            siblings = siblings.filter(
                depth=self.parent.depth + 1, path__startswith=prefix + tree.SEPARATOR
            )
        last = siblings.order_by("-path").values_list("path", flat=True).first()
        return tree.child_path(prefix, tree.last_segment(last) + 1 if last else 1)


# Reply notifications and the mail outbox ---------------------------------------------------


def new_token() -> str:
    """A random secret that signed links carry; replacing it revokes every link issued."""
    import secrets

    return secrets.token_urlsafe(24)


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def for_address(self, email: str):
        return self.filter(email__iexact=email.strip())

    def interested_in(self, comment):
        """Confirmed subscriptions that want to hear about ``comment``.

        Thread subscriptions follow every reply below the subscriber's comment (at any depth);
        post subscriptions follow every comment on the post.
        """
        parts = comment.path.split(tree.SEPARATOR)
        ancestors = [tree.SEPARATOR.join(parts[:n]) for n in range(1, len(parts))]
        return (
            self.confirmed()
            .filter(post_id=comment.post_id)
            .filter(
                Q(scope=Subscription.Scope.POST)
                | Q(scope=Subscription.Scope.THREAD, comment__path__in=ancestors)
            )
        )


class Subscription(models.Model):
    """A reader's wish to be told by mail about replies (double opt-in for guests)."""

    class Scope(models.TextChoices):
        THREAD = "thread", _("Antworten auf meinen Kommentar")
        POST = "post", _("Alle Kommentare zum Beitrag")

    email = models.EmailField(_("E-Mail-Adresse"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comment_subscriptions",
    )
    post = models.ForeignKey(
        Post, verbose_name=_("Beitrag"), on_delete=models.CASCADE, related_name="subscriptions"
    )
    comment = models.ForeignKey(
        Comment,
        verbose_name=_("Kommentar"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="subscriptions",
        help_text=_("Der eigene Kommentar, über dessen Antworten benachrichtigt wird."),
    )
    scope = models.CharField(
        _("Umfang"), max_length=10, choices=Scope.choices, default=Scope.THREAD
    )
    token = models.CharField(_("Schlüssel"), max_length=64, default=new_token, editable=False)
    created_at = models.DateTimeField(_("Angelegt am"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("Bestätigt am"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        indexes = [
            models.Index(fields=["email"], name="subscription_email_idx"),
            models.Index(fields=["post", "confirmed_at"], name="subscription_post_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "comment"],
                condition=Q(scope="thread"),
                name="subscription_unique_thread",
            ),
            models.UniqueConstraint(
                fields=["email", "post"],
                condition=Q(scope="post"),
                name="subscription_unique_post",
            ),
            models.CheckConstraint(
                condition=~Q(scope="thread") | Q(comment__isnull=False),
                name="subscription_thread_has_comment",
            ),
        ]

    def __str__(self):
        return f"{self.email}: {self.post} ({self.get_scope_display()})"

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class OutgoingMailQuerySet(models.QuerySet):
    def due(self):
        return self.filter(status=OutgoingMail.Status.PENDING, next_try_at__lte=timezone.now())


class OutgoingMail(models.Model):
    """The durable outbox: a mail is a row first and is sent by the background worker.

    The row is written in the same transaction as the change that causes it, so a mail is
    never lost once that change is stored, and an unreachable mail server only delays it.
    """

    class Kind(models.TextChoices):
        CONFIRMATION = "confirm", _("Bestätigung einer Benachrichtigung")
        REPLY = "reply", _("Neue Antwort")
        EDITORIAL = "editorial", _("Neuer Kommentar (Redaktion)")

    class Status(models.TextChoices):
        PENDING = "pending", _("Wartet auf Versand")
        SENT = "sent", _("Versendet")
        FAILED = "failed", _("Endgültig fehlgeschlagen")
        CANCELLED = "cancelled", _("Verworfen")

    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    to = models.EmailField(_("Empfänger"))
    subject = models.CharField(_("Betreff"), max_length=200)
    body_text = models.TextField(_("Text"))
    body_html = models.TextField(_("HTML"), blank=True)
    headers = models.JSONField(_("Kopfzeilen"), default=dict, blank=True)
    comment = models.ForeignKey(
        Comment,
        verbose_name=_("Kommentar"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="outgoing_mails",
    )
    # One mail per reason (e.g. reply 12 to address x): publishing twice never mails twice.
    dedupe_key = models.CharField(_("Anlass"), max_length=255, unique=True, null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("Versuche"), default=0)
    next_try_at = models.DateTimeField(_("Nächster Versuch"), default=timezone.now)
    last_error = models.TextField(_("Letzter Fehler"), blank=True)
    created_at = models.DateTimeField(_("Angelegt am"), default=timezone.now)
    sent_at = models.DateTimeField(_("Versendet am"), null=True, blank=True)

    objects = OutgoingMailQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Ausgehende E-Mail")
        verbose_name_plural = _("Ausgehende E-Mails")
        indexes = [
            models.Index(fields=["status", "next_try_at"], name="outgoing_mail_due_idx"),
            models.Index(fields=["to"], name="outgoing_mail_to_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} an {self.to}: {self.subject}"


# Moderation: watched words, suspensions, reader reports, audit log --------------------------


def normalize_watched_word(word: str) -> str:
    """Watched words are stored lower case with single spaces: "Wort" and "wort" are one entry."""
    return " ".join(str(word).split()).lower()


class WatchedWord(models.Model):
    """A term moderators want to look at (hold) or never see (reject); see moderation.watched."""

    class Action(models.TextChoices):
        HOLD = "hold", _("Zurückhalten zur Prüfung")
        REJECT = "reject", _("Ablehnen")

    word = models.CharField(
        _("Begriff"),
        max_length=100,
        unique=True,
        help_text=_(
            "Groß- und Kleinschreibung egal. „*“ am Anfang oder Ende erfasst auch "
            "Zusammensetzungen, z. B. „*wort“ oder „wort*“."
        ),
        error_messages={"unique": _("Dieser Begriff steht schon auf der Liste.")},
    )
    action = models.CharField(
        _("Aktion"), max_length=10, choices=Action.choices, default=Action.HOLD
    )
    note = models.CharField(_("Notiz"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Angelegt von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Angelegt am"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["word"]
        verbose_name = _("Beobachteter Begriff")
        verbose_name_plural = _("Beobachtete Begriffe")
        constraints = [
            # The model lower-cases on save; this keeps raw SQL and bulk writes honest too.
            models.UniqueConstraint(Lower("word"), name="watchedword_unique_lower_word"),
            models.CheckConstraint(condition=~Q(word=""), name="watchedword_word_not_empty"),
        ]

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.word = normalize_watched_word(self.word)
        super().save(*args, **kwargs)

    def clean(self):
        # Before the uniqueness check, so "Wort" is reported as a duplicate of "wort".
        self.word = normalize_watched_word(self.word)
        if not self.word.strip("*="):
            raise ValidationError({"word": _("Bitte gib einen Begriff an.")})


class SuspensionQuerySet(models.QuerySet):
    def active(self, at=None):
        """Not lifted and not yet expired: expiry needs no job, it is part of the query."""
        at = at or timezone.now()
        return self.filter(lifted_at__isnull=True).filter(Q(until__isnull=True) | Q(until__gt=at))

    def expired(self, at=None):
        at = at or timezone.now()
        return self.filter(Q(lifted_at__isnull=False) | Q(until__lte=at))

    def active_for(self, *, user=None, email="", ip=None):
        """Active suspensions hitting this account, e-mail address or IP; permanent ones first."""
        targets = Q()
        if user is not None and getattr(user, "pk", None) is not None:
            targets |= Q(user=user)
        if email and email.strip():
            targets |= Q(email__iexact=email.strip())
        if ip:
            targets |= Q(ip_address=ip)
        if not targets:
            return self.none()
        return (
            self.active().filter(targets).order_by(F("until").desc(nulls_first=True), "-created_at")
        )


class Suspension(models.Model):
    """A commenter may not comment until ``until`` (empty: permanently) unless lifted earlier."""

    class Duration(models.TextChoices):
        DAY = "24h", _("24 Stunden")
        THREE_DAYS = "3d", _("3 Tage")
        WEEK = "7d", _("7 Tage")
        MONTH = "30d", _("30 Tage")
        PERMANENT = "permanent", _("Dauerhaft")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="comment_suspensions",
    )
    email = models.EmailField(_("E-Mail-Adresse"), blank=True)
    ip_address = models.GenericIPAddressField(_("IP-Adresse"), null=True, blank=True)
    until = models.DateTimeField(
        _("Gesperrt bis"), null=True, blank=True, help_text=_("Leer: dauerhaft gesperrt.")
    )
    reason = models.CharField(_("Grund"), max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Gesperrt von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    created_at = models.DateTimeField(_("Gesperrt am"), default=timezone.now, editable=False)
    lifted_at = models.DateTimeField(_("Aufgehoben am"), null=True, blank=True, editable=False)

    objects = SuspensionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Sperre")
        verbose_name_plural = _("Sperren")
        indexes = [
            models.Index(fields=["email"], name="suspension_email_idx"),
            models.Index(fields=["ip_address"], name="suspension_ip_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(email="") | Q(ip_address__isnull=False),
                name="suspension_has_target",
                violation_error_message=_(
                    "Bitte gib ein Konto, eine E-Mail-Adresse oder eine IP-Adresse an."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.target_label} ({self.expiry_label})"

    def save(self, *args, **kwargs):
        self.email = self.email.strip().lower()
        super().save(*args, **kwargs)

    def clean(self):
        # The check constraint says the same; this gives forms a message instead of an error.
        if not (self.user_id or self.email.strip() or self.ip_address):
            raise ValidationError(
                _("Bitte gib ein Konto, eine E-Mail-Adresse oder eine IP-Adresse an.")
            )

    @property
    def target_label(self) -> str:
        parts = []
        if self.user_id:
            parts.append(self.user.get_username())
        if self.email:
            parts.append(self.email)
        if self.ip_address:
            parts.append(self.ip_address)
        return " / ".join(parts)

    @property
    def is_permanent(self) -> bool:
        return self.until is None

    @property
    def is_active(self) -> bool:
        if self.lifted_at is not None:
            return False
        return self.until is None or self.until > timezone.now()

    @property
    def expiry_label(self) -> str:
        if self.lifted_at is not None:
            return str(_("aufgehoben"))
        if self.until is None:
            return str(_("dauerhaft"))
        if self.until <= timezone.now():
            return str(_("abgelaufen"))
        return str(_("läuft ab am %(until)s")) % {"until": format_until(self.until)}


class ReportQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status=Report.Status.OPEN)


class Report(models.Model):
    """A reader's report of a comment; one per reader and comment.

    A report is open until a moderator decides on its comment (it is then resolved, whichever
    way the decision went) or dismisses it; either way it names who closed it and when.
    """

    class Reason(models.TextChoices):
        INSULT = "beleidigend", _("Beleidigend")
        RACISM = "rassistisch", _("Rassistisch")
        CRIMINAL = "strafbar", _("Strafbar")
        COPYRIGHT = "urheberrecht", _("Verletzt Urheberrecht")
        ADVERTISING = "werbung", _("Werbung/Spam")
        OTHER = "sonstiges", _("Sonstiges")

    class Status(models.TextChoices):
        OPEN = "open", _("Offen")
        RESOLVED = "resolved", _("Erledigt (entschieden)")
        DISMISSED = "dismissed", _("Verworfen")

    comment = models.ForeignKey(
        Comment, verbose_name=_("Kommentar"), on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(_("Grund"), max_length=20, choices=Reason.choices)
    text = models.CharField(_("Erläuterung"), max_length=500, blank=True)
    # Keyed hashes only: the reader's visitor cookie (one report per reader) and network.
    reporter_key = models.CharField(_("Kennung (Hash)"), max_length=64, editable=False)
    network_key = models.CharField(_("Netz (Hash)"), max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("Gemeldet am"), default=timezone.now, editable=False)
    status = models.CharField(
        _("Zustand"),
        max_length=10,
        choices=Status.choices,
        default=Status.OPEN,
        db_default=Status.OPEN,  # reports written by the previous release during a rollout
        editable=False,
    )
    closed_at = models.DateTimeField(_("Geschlossen am"), null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Geschlossen von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        help_text=_("Leer: automatisch (z. B. Kommentar vom Verfasser gelöscht)."),
    )

    objects = ReportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Meldung")
        verbose_name_plural = _("Meldungen")
        indexes = [
            # The queue's report counts and the open list.
            models.Index(fields=["status", "comment"], name="report_status_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter_key"], name="report_one_per_reader"
            ),
            models.CheckConstraint(
                condition=Q(status="open", closed_at__isnull=True)
                | (~Q(status="open") & Q(closed_at__isnull=False)),
                name="report_closed_when_not_open",
            ),
        ]

    def __str__(self):
        return f"{self.get_reason_display()}: {self.comment_id}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class ModerationLogEntry(models.Model):
    """Who decided what about which comment, suspension or watched word – never edited."""

    class Action(models.TextChoices):
        APPROVE = "approve", _("Freigeschaltet")
        REJECT = "reject", _("Abgelehnt")
        SPAM = "spam", _("Als Spam markiert")
        REMOVE = "remove", _("Entfernt")
        PEND = "pend", _("Zurückgestellt")
        EDIT = "edit", _("Bearbeitet")
        HIDE_REPORTED = "hide_reported", _("Nach Meldungen ausgeblendet")
        AUTHOR_DELETE = "author_delete", _("Vom Verfasser gelöscht")
        ERASE = "erase", _("Personenbezogene Daten gelöscht")
        DISMISS_REPORTS = "dismiss_reports", _("Meldungen verworfen")
        WRONGLY_REFUSED = "wrongly_refused", _("Als zu Unrecht abgewiesen markiert")
        SUSPEND = "suspend", _("Gesperrt")
        SUSPENSION_CHANGE = "suspension_change", _("Sperre geändert")
        LIFT = "lift", _("Sperre aufgehoben")
        WATCH_ADD = "watch_add", _("Begriff hinzugefügt")
        WATCH_CHANGE = "watch_change", _("Begriff geändert")
        WATCH_DELETE = "watch_delete", _("Begriff gelöscht")

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Wer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Leer: automatisch (z. B. nach Meldungen)."),
    )
    action = models.CharField(_("Aktion"), max_length=20, choices=Action.choices)
    target_type = models.CharField(_("Art"), max_length=50)
    target_id = models.CharField(_("ID"), max_length=50)
    target_repr = models.CharField(_("Betroffen"), max_length=200)
    reason = models.TextField(_("Grund"), blank=True)
    created_at = models.DateTimeField(_("Zeitpunkt"), default=timezone.now)
    details = models.JSONField(_("Einzelheiten"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("Moderationsprotokoll-Eintrag")
        verbose_name_plural = _("Moderationsprotokoll")
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="modlog_target_idx"),
            models.Index(fields=["-created_at"], name="modlog_created_idx"),
        ]

    def __str__(self):
        return f"{self.get_action_display()}: {self.target_repr}"


class CommentRevision(models.Model):
    """What a comment said before a moderator edited it: the original is never lost.

    ``changes`` maps each edited field readers see (``body``, ``author_name``,
    ``author_website``) to ``{"before": …, "after": …}``. Erasing the author's personal data
    deletes these rows with the rest.
    """

    comment = models.ForeignKey(
        Comment, verbose_name=_("Kommentar"), on_delete=models.CASCADE, related_name="revisions"
    )
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Bearbeitet von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    edited_at = models.DateTimeField(_("Bearbeitet am"), default=timezone.now)
    changes = models.JSONField(_("Änderungen"), default=dict)

    class Meta:
        ordering = ["comment", "edited_at", "id"]
        verbose_name = _("Bearbeitung eines Kommentars")
        verbose_name_plural = _("Bearbeitungen von Kommentaren")

    def __str__(self):
        return f"{self.comment_id} ({self.edited_at:%Y-%m-%d %H:%M})"


class RefusedDraftQuerySet(models.QuerySet):
    def expired(self, now=None):
        days = comments_settings.COMMENTS_REFUSED_DRAFT_DAYS
        return self.filter(refused_at__lt=(now or timezone.now()) - timedelta(days=days))

    def wrongly_refused(self):
        return self.filter(wrongly_refused_at__isnull=False)


class RefusedDraft(models.Model):
    """A comment the form refused (a rule rejected it), kept for moderators for a while.

    Moderators look through them for false positives and mark those „zu Unrecht abgewiesen“:
    the labelled examples the moderation learns from (``docs/architecture.md``). Nothing here
    names the writer: no name, e-mail or IP address, no account; rows older than
    ``COMMENTS_REFUSED_DRAFT_DAYS`` are deleted (``manage.py purge_refused_drafts``).
    """

    post = models.ForeignKey(
        Post, verbose_name=_("Beitrag"), on_delete=models.CASCADE, related_name="+"
    )
    # Where it would have stood: the thread it answered, the thesis it was about.
    parent = models.ForeignKey(
        Comment,
        verbose_name=_("Antwort auf"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    thesis = models.ForeignKey(
        Thesis,
        verbose_name=_("These"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.TextField(_("Text"))
    rules = models.CharField(
        _("Regeln"), max_length=200, help_text=_("Kommagetrennte Codes der Regeln.")
    )
    # [{"rule": code, "excerpt": …}, …] as the commenter was shown them.
    findings = models.JSONField(_("Befunde"), default=list)
    refused_at = models.DateTimeField(_("Abgewiesen am"), default=timezone.now)
    wrongly_refused_at = models.DateTimeField(
        _("Als zu Unrecht abgewiesen markiert am"), null=True, blank=True
    )
    wrongly_refused_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Markiert von"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RefusedDraftQuerySet.as_manager()

    class Meta:
        ordering = ["-refused_at", "-id"]
        verbose_name = _("Abgewiesener Kommentar")
        verbose_name_plural = _("Abgewiesene Kommentare")
        indexes = [models.Index(fields=["refused_at"], name="refused_draft_age_idx")]

    def __str__(self):
        return Truncator(self.body).chars(60)

    @property
    def is_wrongly_refused(self) -> bool:
        return self.wrongly_refused_at is not None
