from datetime import timedelta

from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from blog.conf import blog_settings
from blog.rendering import PAGE_BREAK, THESES_MARKER, render_body, render_markdown


class Author(models.Model):
    name = models.CharField(_("Name"), max_length=200)
    slug = models.SlugField(_("Kurzname"), max_length=200, unique=True)
    role = models.CharField(
        _("Titel/Funktion"),
        max_length=200,
        blank=True,
        help_text=_("z. B. „PR-Beraterin“ oder „Geschäftsführer, talkabout communications“"),
    )
    bio = models.TextField(_("Kurzbiografie"), blank=True)
    website = models.URLField(_("Website"), blank=True)
    contact = models.CharField(
        _("Öffentliche Kontaktzeile"),
        max_length=300,
        blank=True,
        help_text=_("Wird so veröffentlicht, z. B. „Tel. 02151 970785; kontakt(at)…“"),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("Autor/in")
        verbose_name_plural = _("Autor/innen")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("blog:author", kwargs={"slug": self.slug})


class PostQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Post.Status.PUBLISHED, published_at__lte=timezone.now())

    def for_listing(self):
        return self.select_related("author").prefetch_related("tags")

    def related_to(self, post, limit=3, tags=None):
        """Published posts sharing the most tags with ``post``, newest first among equals.

        ``tags``: the post's tags if the caller holds them already (saves a subquery). The
        rows carry what a link to a post needs, not the article texts.
        """
        tag_ids = [tag.pk for tag in tags] if tags is not None else post.tags.all()
        return (
            self.published()
            .filter(tags__in=tag_ids)
            .exclude(pk=post.pk)
            .annotate(shared_tags=models.Count("tags", distinct=True))
            .order_by("-shared_tags", "-published_at")
            .only("title", "slug", "published_at", "status")[:limit]
        )


class Post(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        PUBLISHED = "published", _("Veröffentlicht")

    title = models.CharField(_("Titel"), max_length=300)
    slug = models.SlugField(_("Kurzname"), max_length=200, unique=True)
    kicker = models.CharField(_("Dachzeile"), max_length=100, blank=True)
    lead = models.TextField(_("Vorspann"), blank=True)
    body = models.TextField(
        _("Text"),
        help_text=_(
            "Markdown. Eine Zeile <!--nextpage--> beginnt eine neue Seite, "
            "<!--theses--> markiert die Stelle der Thesen."
        ),
    )
    body_html = models.TextField(editable=False, default="")
    author = models.ForeignKey(
        Author, verbose_name=_("Autor/in"), on_delete=models.PROTECT, related_name="posts"
    )
    published_at = models.DateTimeField(_("Veröffentlicht am"), default=timezone.now)
    status = models.CharField(
        _("Status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    tags = TaggableManager(_("Schlagwörter"), blank=True)
    image_credit = models.CharField(_("Bildnachweis"), max_length=300, blank=True)
    footnote = models.TextField(_("Fußnote"), blank=True)
    footnote_html = models.TextField(editable=False, default="")
    source = models.CharField(
        _("Erstveröffentlichung"),
        max_length=300,
        blank=True,
        help_text=_("Wo der Beitrag zuerst erschien."),
    )
    comments_enabled = models.BooleanField(_("Kommentare erlaubt"), default=True)
    # Maintained by the comments app whenever a comment's visibility changes.
    comment_count = models.PositiveIntegerField(
        _("Veröffentlichte Kommentare"), default=0, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        get_latest_by = "published_at"
        verbose_name = _("Beitrag")
        verbose_name_plural = _("Beiträge")
        indexes = [models.Index(fields=["status", "-published_at"], name="post_published_idx")]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.render_html()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        local = timezone.localtime(self.published_at)
        return reverse(
            "blog:post",
            kwargs={
                "year": local.year,
                "month": f"{local.month:02d}",
                "day": f"{local.day:02d}",
                "slug": self.slug,
            },
        )

    def render_html(self):
        self.body_html = render_body(self.body)
        self.footnote_html = render_markdown(self.footnote) if self.footnote else ""

    @property
    def pages(self) -> list[str]:
        return self.body_html.split(PAGE_BREAK)

    @property
    def page_count(self) -> int:
        return self.body_html.count(PAGE_BREAK) + 1

    def page_sections(self, number: int) -> list[str]:
        """The HTML of page ``number`` (1-based), split where the theses list goes."""
        return self.pages[number - 1].split(THESES_MARKER)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def comments_open(self) -> bool:
        """Open when enabled and, if a closing period is set, still within it."""
        if not self.comments_enabled:
            return False
        days = blog_settings.COMMENTS_CLOSE_AFTER_DAYS
        if not days:
            return True
        return timezone.now() - self.published_at <= timedelta(days=days)


class Thesis(models.Model):
    post = models.ForeignKey(
        Post, verbose_name=_("Beitrag"), on_delete=models.CASCADE, related_name="theses"
    )
    position = models.PositiveSmallIntegerField(_("Nummer"))
    title = models.CharField(_("Titel"), max_length=300)
    body = models.TextField(_("Text"))
    body_html = models.TextField(editable=False, default="")

    class Meta:
        ordering = ["post", "position"]
        verbose_name = _("These")
        verbose_name_plural = _("Thesen")
        constraints = [
            models.UniqueConstraint(fields=["post", "position"], name="thesis_unique_position"),
            models.CheckConstraint(
                condition=models.Q(position__gte=1), name="thesis_position_positive"
            ),
        ]

    def __str__(self):
        return f"{self.position}. {self.title}"

    def save(self, *args, **kwargs):
        self.render_html()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return f"{self.post.get_absolute_url()}#{self.anchor}"

    def render_html(self):
        self.body_html = render_markdown(self.body)

    @property
    def anchor(self) -> str:
        return f"these-{self.position}"


class PostViewCountQuerySet(models.QuerySet):
    def add(self, post_id: int, day, count: int) -> None:
        """Add ``count`` views to the row of ``post_id`` on ``day``, creating it if needed.

        Two statements and no exception handling: the insert ignores an existing row, the update
        increments atomically in the database. Callers wrap both in one transaction.
        """
        self.bulk_create([self.model(post_id=post_id, day=day, count=0)], ignore_conflicts=True)
        self.filter(post_id=post_id, day=day).update(count=models.F("count") + count)

    def totals_for(self, post: Post, today) -> dict:
        """Stored views of ``post`` in total and on ``today``, in one aggregate query."""
        return self.filter(post=post).aggregate(
            total=models.Sum("count", default=0),
            today=models.Sum("count", filter=models.Q(day=today), default=0),
        )


class PostViewCount(models.Model):
    """Views of a post per day; written in batches from the cache counters, never per request."""

    post = models.ForeignKey(
        Post, verbose_name=_("Beitrag"), on_delete=models.CASCADE, related_name="view_counts"
    )
    day = models.DateField(_("Tag"))
    count = models.PositiveIntegerField(_("Aufrufe"), default=0)

    objects = PostViewCountQuerySet.as_manager()

    class Meta:
        ordering = ["-day", "post"]
        verbose_name = _("Aufrufzahl")
        verbose_name_plural = _("Aufrufzahlen")
        constraints = [
            models.UniqueConstraint(fields=["post", "day"], name="postviewcount_unique_day"),
        ]
        indexes = [models.Index(fields=["day"], name="postviewcount_day_idx")]

    def __str__(self):
        return f"{self.post_id} – {self.day:%d.%m.%Y}: {self.count}"


class PostRatingQuerySet(models.QuerySet):
    def summary_for(self, post: Post) -> dict:
        """Average stars and number of ratings of ``post``, in one aggregate query."""
        return self.filter(post=post).aggregate(
            average=models.Avg("stars"), count=models.Count("id")
        )

    def cast(self, post: Post, visitor_hash: str, stars: int) -> tuple["PostRating", bool]:
        """Store a visitor's rating; a second rating replaces the first. Returns (rating, new)."""
        return self.update_or_create(
            post=post, visitor_hash=visitor_hash, defaults={"stars": stars}
        )


class PostRating(models.Model):
    """One reader's stars for a post. The reader is known only by a keyed hash of a cookie."""

    class Stars(models.IntegerChoices):
        ONE = 1, _("1 von 5 Sternen")
        TWO = 2, _("2 von 5 Sternen")
        THREE = 3, _("3 von 5 Sternen")
        FOUR = 4, _("4 von 5 Sternen")
        FIVE = 5, _("5 von 5 Sternen")

    post = models.ForeignKey(
        Post, verbose_name=_("Beitrag"), on_delete=models.CASCADE, related_name="ratings"
    )
    visitor_hash = models.CharField(_("Besucherkennung (Hash)"), max_length=64, editable=False)
    stars = models.PositiveSmallIntegerField(_("Sterne"), choices=Stars.choices)
    created = models.DateTimeField(_("Abgegeben am"), auto_now_add=True)

    objects = PostRatingQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("Bewertung")
        verbose_name_plural = _("Bewertungen")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "visitor_hash"], name="postrating_one_per_visitor"
            ),
            models.CheckConstraint(
                condition=models.Q(stars__gte=1, stars__lte=5), name="postrating_stars_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.post_id}: {self.stars}/5"


class ThesisVoteQuerySet(models.QuerySet):
    def tallies_for(self, theses) -> dict[int, dict]:
        """``{thesis id: {"agree": n, "disagree": m}}`` for all ``theses``, in one query."""
        rows = (
            self.filter(thesis__in=theses)
            .order_by()
            .values("thesis_id")
            .annotate(
                agree=models.Count("id", filter=models.Q(agrees=True)),
                disagree=models.Count("id", filter=models.Q(agrees=False)),
            )
        )
        return {
            row["thesis_id"]: {"agree": row["agree"], "disagree": row["disagree"]} for row in rows
        }

    def cast(self, thesis: Thesis, visitor_hash: str, agrees: bool) -> tuple["ThesisVote", bool]:
        """Store a visitor's vote on a thesis; voting again changes it. Returns (vote, new)."""
        return self.update_or_create(
            thesis=thesis, visitor_hash=visitor_hash, defaults={"agrees": agrees}
        )


class ThesisVote(models.Model):
    """A reader agrees or disagrees with a thesis; known only by a keyed hash of a cookie."""

    thesis = models.ForeignKey(
        Thesis, verbose_name=_("These"), on_delete=models.CASCADE, related_name="votes"
    )
    visitor_hash = models.CharField(_("Besucherkennung (Hash)"), max_length=64, editable=False)
    agrees = models.BooleanField(_("Stimmt zu"))
    created = models.DateTimeField(_("Abgegeben am"), auto_now_add=True)

    objects = ThesisVoteQuerySet.as_manager()

    class Meta:
        ordering = ["-created", "-id"]
        verbose_name = _("Thesen-Stimme")
        verbose_name_plural = _("Thesen-Stimmen")
        constraints = [
            models.UniqueConstraint(
                fields=["thesis", "visitor_hash"], name="thesisvote_one_per_visitor"
            ),
        ]

    def __str__(self):
        return f"{self.thesis_id}: {'+' if self.agrees else '–'}"


class NetworkVoter(models.Model):
    """One voter from one network on a post on one day: what the daily limit per network counts.

    Ratings and thesis votes each allow ``BLOG_VOTERS_PER_NETWORK_DAILY`` voters per network
    (IPv4 /24, IPv6 /64), post and day (:mod:`blog.vote_limits`). Only keyed hashes are kept:
    the network's with the day in it (so days cannot be linked), and the visitor's. Rows of
    earlier days are deleted when the next voter is recorded.
    """

    class Kind(models.TextChoices):
        RATING = "rating", _("Bewertung")
        THESES = "theses", _("Thesen-Stimme")

    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices)
    post = models.ForeignKey(
        Post, verbose_name=_("Beitrag"), on_delete=models.CASCADE, related_name="+"
    )
    day = models.DateField(_("Tag"))
    network_key = models.CharField(_("Netz (Hash)"), max_length=64)
    voter_key = models.CharField(_("Besucherkennung (Hash)"), max_length=64)

    class Meta:
        verbose_name = _("Abstimmende/r aus einem Netz")
        verbose_name_plural = _("Abstimmende aus einem Netz")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "post", "day", "network_key", "voter_key"],
                name="networkvoter_once_per_day",
            ),
        ]
        indexes = [models.Index(fields=["day"], name="networkvoter_day_idx")]

    def __str__(self):
        return f"{self.kind} {self.post_id} {self.day:%d.%m.%Y}"
