import logging
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager

from blog import images, search
from blog.conf import blog_settings
from blog.rendering import PAGE_BREAK, THESES_MARKER, render_body, render_markdown
from blog.text import excerpt

logger = logging.getLogger(__name__)


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
    # The author's account, if they have one: their comments under their posts carry the
    # badge „Autor“. Deleting the account keeps the author (and the posts).
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("Konto"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author_profile",
        help_text=_("Kommentare dieses Kontos unter eigenen Beiträgen tragen „Autor“."),
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
        """What a teaser shows: the article texts themselves stay in the database."""
        return (
            self.select_related("author")
            .prefetch_related("tags")
            .defer("body", "body_html", "footnote", "footnote_html")
        )

    def search(self, query: str):
        """Posts whose search entry holds every term of ``query``; see :mod:`blog.search`.

        Posts that have all terms in a heading field (title, kicker, author, tags, thesis
        titles, captions) come first, then newest first. No terms: no posts.
        """
        terms = search.query_terms(query)
        if not terms:
            return self.none()
        posts = self
        for term in terms:
            posts = posts.filter(search_entry__terms__contains=term.pattern)
        heading_hits = sum(
            models.Case(
                models.When(search_entry__heading_terms__contains=term.pattern, then=1),
                default=0,
            )
            for term in terms
        )
        return posts.annotate(heading_hits=heading_hits).order_by(
            "-heading_hits", "-published_at", "-id"
        )

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
    # The teaser text: the lead, else the body's first paragraph (rendered in save()).
    excerpt = models.TextField(_("Anriss"), editable=False, default="")
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
        return reverse("blog:post", kwargs=self.url_kwargs)

    @property
    def url_kwargs(self) -> dict:
        """The date and slug parts of the post's URLs (its page, feeds, forms)."""
        local = timezone.localtime(self.published_at)
        return {
            "year": local.year,
            "month": f"{local.month:02d}",
            "day": f"{local.day:02d}",
            "slug": self.slug,
        }

    def render_html(self):
        self.body_html = render_body(self.body)
        self.footnote_html = render_markdown(self.footnote) if self.footnote else ""
        self.excerpt = excerpt(self.lead, self.body_html)

    @property
    def pages(self) -> list[str]:
        return self.body_html.split(PAGE_BREAK)

    @property
    def page_count(self) -> int:
        return self.body_html.count(PAGE_BREAK) + 1

    def page_sections(self, number: int) -> list[str]:
        """The HTML of page ``number`` (1-based), split where the theses list goes."""
        return self.pages[number - 1].split(THESES_MARKER)

    def review_text(self) -> str:
        """Everything the post shows in words, as plain text in reading order: kicker, title,
        lead, the body of every page with the theses where the marker puts them, footnote,
        image credit and first publication.

        The comment moderation compares comments with it (copies of the post, the post's own
        words quoted by a reader), so whatever a reader sees of a post belongs in here.
        """
        theses = "\n\n".join(f"{t.position}. {t.title}\n\n{t.body}" for t in self.theses.all())
        body = self.body.replace(PAGE_BREAK, "\n\n")
        body = body.replace(THESES_MARKER, f"\n\n{theses}\n\n") if theses else body
        if theses and THESES_MARKER not in self.body:
            body = f"{body}\n\n{theses}"
        parts = (self.kicker, self.title, self.lead, body, self.footnote, self.image_credit)
        return "\n\n".join(part.strip() for part in (*parts, self.source) if part.strip())

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


class PostImage(models.Model):
    """A picture in a post, with the alternative text, caption and credit it is shown with.

    A line ``<!--bild N-->`` in the body places image number N there; images no line places
    are shown below the lead. A row without a file keeps a caption and credit whose picture
    cannot be shipped (the seed articles' photos): readers see the text.
    """

    post = models.ForeignKey(
        Post, verbose_name=_("Beitrag"), on_delete=models.CASCADE, related_name="images"
    )
    position = models.PositiveSmallIntegerField(
        _("Nummer"),
        blank=True,
        help_text=_(
            "Eine Zeile <!--bild N--> im Text zeigt Bild Nummer N an dieser Stelle; ohne sie "
            "steht es unter dem Vorspann. Leer: die nächste freie Nummer."
        ),
    )
    image = images.PostImageFileField(
        _("Bilddatei"),
        upload_to=images.upload_to,
        blank=True,
        width_field="width",
        height_field="height",
        validators=[images.validate_image],
        help_text=_("JPEG, PNG, WebP oder GIF."),
    )
    width = models.PositiveIntegerField(_("Breite (Original)"), null=True, editable=False)
    height = models.PositiveIntegerField(_("Höhe (Original)"), null=True, editable=False)
    alt_text = models.CharField(
        _("Alternativtext"),
        max_length=300,
        blank=True,
        help_text=_(
            "Was auf dem Bild zu sehen ist, für alle, die es nicht sehen können. Pflicht, "
            "sobald eine Bilddatei hochgeladen ist."
        ),
    )
    caption = models.CharField(_("Bildunterschrift"), max_length=300, blank=True)
    credit = models.CharField(
        _("Bildnachweis"),
        max_length=300,
        blank=True,
        help_text=_(
            "Urheber/in und Lizenz, ohne „Foto:“, z. B. „Anderson Mancini/flickr.com "
            "(CC BY-SA 2.0)“."
        ),
    )
    # [{"name": storage name, "width": px, "height": px}, …], narrowest first; made in save().
    renditions = models.JSONField(default=list, editable=False)

    class Meta:
        ordering = ["post", "position"]
        verbose_name = _("Bild")
        verbose_name_plural = _("Bilder")
        constraints = [
            models.UniqueConstraint(fields=["post", "position"], name="postimage_unique_position"),
        ]

    def __str__(self):
        return self.caption or self.alt_text or _("Bild %(number)s") % {"number": self.position}

    def save(self, *args, **kwargs):
        if self.position is None:
            last = PostImage.objects.filter(post_id=self.post_id).aggregate(
                last=models.Max("position")
            )["last"]
            self.position = (last or 0) + 1
        storage = self.image.storage
        stale = []
        new_upload = bool(self.image) and not self.image._committed
        if new_upload or (not self.image and self.renditions):
            stale = [rendition["name"] for rendition in self.renditions]
            self.renditions = images.make_renditions(self.image.file, storage) if new_upload else []
        previous = getattr(self, "_stored_image", "")
        super().save(*args, **kwargs)
        if previous and str(previous) != self.image.name:
            stale.append(str(previous))
        self._stored_image = self.image.name or ""
        if stale:
            transaction.on_commit(lambda: images.delete_files(storage, stale))

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_image = instance.__dict__.get("image") or ""
        return instance

    def clean(self):
        if self.image and not self.alt_text.strip():
            raise ValidationError(
                {
                    "alt_text": _(
                        "Bitte beschreibe das Bild in einem Alternativtext – für alle, die es "
                        "nicht sehen können."
                    )
                }
            )

    def stored_files(self) -> list[str]:
        """Names of every file this row keeps in storage (original and renditions)."""
        names = [rendition["name"] for rendition in self.renditions]
        return [*names, self.image.name] if self.image else names

    @property
    def default_rendition(self) -> dict | None:
        return images.default_rendition(self.renditions)


class SearchEntry(models.Model):
    """A post's searchable text as Snowball stems, and as plain text for result snippets.

    Rebuilt by ``blog.search_index`` whenever the post or anything searched with it changes.
    """

    post = models.OneToOneField(
        Post,
        verbose_name=_("Beitrag"),
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_entry",
    )
    # Stems of title, kicker, author, tags, thesis titles and captions: ranked first.
    heading_terms = models.TextField(editable=False, default=" ")
    # Stems of all searchable text, the above included.
    terms = models.TextField(editable=False, default=" ")
    text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("Sucheintrag")
        verbose_name_plural = _("Sucheinträge")

    def __str__(self):
        return str(self.post_id)


class SiteSettings(models.Model):
    """The publisher's details for Impressum and Datenschutzerklärung: one row, edited in the
    admin, read through a cache (``SiteSettings.load()``)."""

    SINGLETON_ID = 1
    CACHE_KEY = "blog:site-settings"
    # What § 5 DDG and § 18 Abs. 2 MStV need at the least; the deploy check names what is missing.
    REQUIRED_FIELDS = (
        "publisher_name",
        "street",
        "postal_code",
        "city",
        "email",
        "phone",
        "editor_name",
    )

    publisher_name = models.CharField(
        _("Anbieter"),
        max_length=200,
        blank=True,
        help_text=_("Name bzw. Firma mit Rechtsform, z. B. „Muster Medien GmbH“."),
    )
    represented_by = models.CharField(
        _("Vertreten durch"),
        max_length=300,
        blank=True,
        help_text=_("Bei Gesellschaften: die vertretungsberechtigten Personen."),
    )
    street = models.CharField(_("Straße und Hausnummer"), max_length=200, blank=True)
    postal_code = models.CharField(_("Postleitzahl"), max_length=20, blank=True)
    city = models.CharField(_("Ort"), max_length=100, blank=True)
    country = models.CharField(_("Land"), max_length=100, blank=True)
    email = models.EmailField(_("E-Mail"), blank=True)
    phone = models.CharField(_("Telefon"), max_length=50, blank=True)
    register_court = models.CharField(
        _("Registergericht"), max_length=200, blank=True, help_text=_("z. B. „Amtsgericht Köln“")
    )
    register_number = models.CharField(
        _("Registernummer"), max_length=100, blank=True, help_text=_("z. B. „HRB 12345“")
    )
    vat_id = models.CharField(
        _("Umsatzsteuer-Identifikationsnummer"),
        max_length=50,
        blank=True,
        help_text=_("nach § 27a UStG, falls vorhanden"),
    )
    editor_name = models.CharField(
        _("Verantwortlich nach § 18 Abs. 2 MStV"),
        max_length=200,
        blank=True,
        help_text=_("Die für journalistisch-redaktionelle Inhalte verantwortliche Person."),
    )
    editor_address = models.TextField(
        _("Anschrift der/des Verantwortlichen"),
        blank=True,
        help_text=_("Leer lassen, wenn es die Anschrift des Anbieters ist."),
    )
    privacy_officer = models.TextField(
        _("Datenschutzbeauftragte/r"),
        blank=True,
        help_text=_("Name und Kontakt, falls benannt."),
    )
    supervisory_authority = models.TextField(
        _("Zuständige Datenschutz-Aufsichtsbehörde"),
        blank=True,
        help_text=_("Name und Anschrift der Behörde am Sitz des Anbieters."),
    )
    hosting_provider = models.TextField(
        _("Hosting-Dienstleister"),
        blank=True,
        help_text=_(
            "Name und Sitz des Dienstleisters, der die Server betreibt (Auftragsverarbeitung). "
            "Leer lassen bei eigenen Servern."
        ),
    )
    declines_consumer_arbitration = models.BooleanField(
        _("Hinweis nach § 36 VSBG zeigen"),
        default=False,
        help_text=_(
            "„Wir sind nicht bereit oder verpflichtet, an Streitbeilegungsverfahren vor einer "
            "Verbraucherschlichtungsstelle teilzunehmen.“"
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Anbieterangaben")
        verbose_name_plural = _("Anbieterangaben")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="sitesettings_singleton"),
        ]

    def __str__(self):
        return self.publisher_name or str(_("Anbieterangaben"))

    def save(self, *args, **kwargs):
        self.pk = self.SINGLETON_ID
        super().save(*args, **kwargs)

    @classmethod
    def load(cls) -> "SiteSettings":
        """The settings row, from the cache when it holds it (the cache may be down)."""
        try:
            cached = cache.get(cls.CACHE_KEY)
        except Exception:
            logger.warning("Site settings read from the database: cache unavailable.")
            cached = None
        if cached is not None:
            return cached
        instance, _created = cls.objects.get_or_create(pk=cls.SINGLETON_ID)
        try:
            cache.set(cls.CACHE_KEY, instance, timeout=None)
        except Exception:
            logger.warning("Site settings not cached: cache unavailable.")
        return instance

    def missing_fields(self) -> list[str]:
        """Labels of the required details that are still empty."""
        return [
            str(self._meta.get_field(name).verbose_name)
            for name in self.REQUIRED_FIELDS
            if not getattr(self, name).strip()
        ]

    @property
    def address_lines(self) -> list[str]:
        locality = " ".join(part for part in (self.postal_code, self.city) if part.strip())
        return [line for line in (self.street, locality, self.country) if line.strip()]

    @property
    def editor_address_lines(self) -> list[str]:
        if self.editor_address.strip():
            return [line.strip() for line in self.editor_address.splitlines() if line.strip()]
        return self.address_lines


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
