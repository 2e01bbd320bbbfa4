from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce, Left, Length
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from blog.models import Post, Thesis
from comments import tree
from comments.rendering import render_comment

USER_AGENT_MAX_LENGTH = 255


def max_depth() -> int:
    return getattr(settings, "COMMENTS_MAX_DEPTH", 5)


class CommentQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Comment.Status.PUBLISHED)

    def for_post(self, post):
        """A post's published comments in display order: depth-first, oldest thread first."""
        return self.published().filter(post=post).select_related("user", "thesis").order_by("path")

    def visible(self):
        """Published comments none of whose ancestors was unpublished later."""
        hidden_ancestor = (
            Comment.objects.filter(post=OuterRef("post"), depth__lt=OuterRef("depth"))
            .exclude(status=Comment.Status.PUBLISHED)
            .annotate(prefix=Left(OuterRef("path"), Length("path")))
            .filter(prefix=F("path"))
        )
        return self.published().filter(~Exists(hidden_ancestor))

    def refresh_post_count(self, post_or_id) -> None:
        """Store the number of visible comments on the post: one UPDATE, run on writes only."""
        post_id = getattr(post_or_id, "pk", post_or_id)
        counted = (
            Comment.objects.visible()
            .filter(post=OuterRef("pk"))
            .order_by()
            .values("post")
            .annotate(n=Count("pk"))
            .values("n")
        )
        Post.objects.filter(pk=post_id).update(comment_count=Coalesce(Subquery(counted), 0))
        if isinstance(post_or_id, Post):
            post_or_id.refresh_from_db(fields=["comment_count"])

    def set_status(self, status) -> int:
        """Change the status of many comments and keep their posts' counts right."""
        post_ids = set(self.values_list("post_id", flat=True))
        changed = self.update(status=status)
        for post_id in post_ids:
            Comment.objects.refresh_post_count(post_id)
        return changed


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
    path = models.CharField(_("Pfad im Baum"), max_length=tree.PATH_MAX_LENGTH, editable=False)
    depth = models.PositiveSmallIntegerField(_("Ebene"), editable=False)
    moderation = models.JSONField(_("Moderationsentscheidung"), default=dict, blank=True)
    flagged_rules = models.CharField(
        _("Gemeldete Regeln"),
        max_length=200,
        blank=True,
        help_text=_("Kommagetrennte Codes der Regeln, die angeschlagen haben."),
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
        self.render_html()
        self.user_agent = self.user_agent[:USER_AGENT_MAX_LENGTH]
        if self._state.adding and not self.path:
            self._insert_into_tree(*args, **kwargs)
        else:
            super().save(*args, **kwargs)
        # Cheap (one UPDATE) and only on writes; keeps the count right for every status change.
        Comment.objects.refresh_post_count(self.post_id)

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#{self.anchor}"

    def get_permalink(self):
        return reverse("comments:permalink", kwargs={"pk": self.pk})

    @property
    def anchor(self) -> str:
        return f"kommentar-{self.pk}"

    @property
    def display_name(self) -> str:
        if self.author_name:
            return self.author_name
        if self.user_id:
            return self.user.get_full_name() or self.user.get_username()
        return ""

    @property
    def website(self) -> str:
        """The author's website, only if it is a plain web address."""
        url = self.author_website
        return url if url.lower().startswith(("http://", "https://")) else ""

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
        while parent is not None and parent.depth >= max_depth():
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
