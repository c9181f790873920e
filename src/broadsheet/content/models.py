"""The newsroom's content: sections, authors, topics, articles, credits and corrections."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from broadsheet.core.models import TimeStampedModel
from broadsheet.core.slugs import unique_slug

from .querysets import ArticleQuerySet

# Top-level paths the site itself uses; a section may not take them.
RESERVED_SECTION_SLUGS = frozenset(
    {
        "admin", "static", "media", "topics", "authors", "search", "feeds", "feed", "sitemap",
        "sitemaps", "robots", "api", "most-read", "privacy", "preview", "beacon", "healthz",
    }
)

slug_validator = RegexValidator(
    r"^(?!\d+$)[a-z0-9]+(?:-[a-z0-9]+)*$",
    _("Use lowercase letters, digits and single hyphens, and not only digits."),
)


class Section(TimeStampedModel):
    """A part of the paper (Business), possibly inside another (Business > Markets)."""

    name = models.CharField(max_length=80)
    slug = models.SlugField(max_length=80, validators=[slug_validator])
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, help_text=_("Order among its siblings in navigation (lowest first).")
    )
    # The full slug path ("business/markets"), kept in step with slug and parent so a
    # URL resolves with one query.
    path = models.CharField(max_length=255, unique=True, editable=False)

    class Meta:
        ordering = ["position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["parent", "slug"],
                                    name="section_unique_slug_in_parent"),
        ]

    def __str__(self) -> str:
        return " › ".join(s.name for s in self.lineage())

    def clean(self) -> None:
        if self.parent_id is None and self.slug in RESERVED_SECTION_SLUGS:
            raise ValidationError({"slug": _("“%(slug)s” is used by the site itself.") % {
                "slug": self.slug}})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("A section cannot be inside itself.")})
            ancestor = ancestor.parent
        duplicate = Section.objects.filter(parent=self.parent, slug=self.slug).exclude(pk=self.pk)
        if self.parent_id is None and duplicate.exists():
            raise ValidationError({"slug": _("Another top-level section already uses this slug.")})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, max_length=80, scope={"parent": self.parent})
        self.path = f"{self.parent.path}/{self.slug}" if self.parent else self.slug
        super().save(*args, **kwargs)

    def lineage(self) -> list["Section"]:
        """The section and its ancestors, outermost first (uses cached parents)."""
        chain, node = [], self
        while node is not None:
            chain.append(node)
            node = node.parent
        return list(reversed(chain))

    @property
    def root(self) -> "Section":
        return self.lineage()[0]

    def get_absolute_url(self) -> str:
        return reverse("web:section", kwargs={"path": self.path})


class Author(TimeStampedModel):
    """A person who writes for the paper, with a public profile page."""

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=120, unique=True)
    role = models.CharField(max_length=120, blank=True, help_text=_("e.g. Economics correspondent"))
    organisation = models.CharField(max_length=120, blank=True)
    bio = models.TextField(blank=True, help_text=_("A few sentences, shown under their articles."))
    photo = models.ImageField(upload_to="authors/%Y/", blank=True,
                              width_field="photo_width", height_field="photo_height")
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    email = models.EmailField(blank=True, help_text=_("Public address shown to readers."))
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="author_profile",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, max_length=120)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("web:author", kwargs={"slug": self.slug})


class AuthorLink(models.Model):
    """A public profile of an author elsewhere (social network, personal site)."""

    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="links")
    url = models.URLField(max_length=500)
    label = models.CharField(max_length=60, blank=True,
                             help_text=_("Shown to readers; guessed from the address when empty."))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.display_label

    @property
    def display_label(self) -> str:
        if self.label:
            return self.label
        from urllib.parse import urlsplit

        host = urlsplit(self.url).hostname or self.url
        known = {
            "x.com": "X", "twitter.com": "X", "bsky.app": "Bluesky", "mastodon.social": "Mastodon",
            "linkedin.com": "LinkedIn", "instagram.com": "Instagram", "facebook.com": "Facebook",
            "threads.net": "Threads", "github.com": "GitHub", "youtube.com": "YouTube",
        }
        host = host.removeprefix("www.")
        return known.get(host, host)


class Topic(TimeStampedModel):
    """A subject that runs across sections (the article's "In:" list)."""

    name = models.CharField(max_length=80, unique=True)
    slug = models.SlugField(max_length=80, unique=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.name, max_length=80)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("web:topic", kwargs={"slug": self.slug})


class Article(TimeStampedModel):
    """A story. Readers see it once it is published and its publication time has come."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        UNPUBLISHED = "unpublished", _("Unpublished")

    class Kind(models.TextChoices):
        NEWS = "news", _("News")
        ANALYSIS = "analysis", _("Analysis")
        OPINION = "opinion", _("Opinion")
        EXPLAINER = "explainer", _("Explainer")
        INTERVIEW = "interview", _("Interview")
        FEATURE = "feature", _("Feature")

    headline = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True,
                            error_messages={"unique": _("Another article already uses this slug.")})
    standfirst = models.TextField(
        blank=True, max_length=600, help_text=_("One or two sentences under the headline.")
    )
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NEWS)
    body = models.TextField(blank=True, help_text=_("Markdown."))
    body_html = models.TextField(blank=True, editable=False)
    dateline = models.CharField(max_length=80, blank=True, help_text=_("Where it was reported."))
    section = models.ForeignKey(Section, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="articles")
    authors = models.ManyToManyField(Author, through="ArticleAuthor", related_name="articles",
                                     blank=True)
    staff_byline = models.CharField(
        max_length=120, blank=True,
        help_text=_("Byline when no author is named, e.g. “Staff reporter”."),
    )
    topics = models.ManyToManyField(Topic, related_name="articles", blank=True)
    featured = models.BooleanField(
        default=False, help_text=_("Candidate for the lead slot on the home page.")
    )

    hero_image = models.ImageField(upload_to="articles/%Y/%m/", blank=True,
                                   width_field="hero_width", height_field="hero_height")
    hero_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    hero_alt = models.CharField(max_length=300, blank=True,
                                help_text=_("Describes the image for readers who cannot see it."))
    hero_caption = models.CharField(max_length=300, blank=True)
    hero_credit = models.CharField(max_length=120, blank=True)
    # Smaller WebP copies made after upload: [{"width", "height", "name"}], narrowest first.
    hero_renditions = models.JSONField(default=list, blank=True, editable=False)

    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT,
                              db_index=True)
    published_at = models.DateTimeField(
        null=True, blank=True, db_index=True,
        help_text=_("A future time schedules the article: readers see it from then on."),
    )
    updated_at = models.DateTimeField(
        null=True, blank=True,
        help_text=_("Set when the story changed in substance; shown as “Updated”."),
    )

    source_name = models.CharField(max_length=120, blank=True,
                                   help_text=_("For syndicated stories: who published it first."))
    source_url = models.URLField(max_length=500, blank=True,
                                 help_text=_("The original; it becomes the canonical link."))
    source_published_at = models.DateTimeField(
        null=True, blank=True, help_text=_("When the original was published.")
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-id"]
        indexes = [
            models.Index(fields=["status", "-published_at"], name="article_live_idx"),
            models.Index(fields=["section", "status", "-published_at"],
                         name="article_section_live_idx"),
            # The home page's lead: the newest featured story, without a table scan.
            models.Index(fields=["-published_at"], condition=models.Q(featured=True),
                         name="article_featured_idx"),
        ]
        permissions = [("publish_article", "Can publish, schedule and unpublish articles")]

    def __str__(self) -> str:
        return self.headline

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(self, self.headline, max_length=200)
        super().save(*args, **kwargs)

    @property
    def is_live(self) -> bool:
        return (self.status == self.Status.PUBLISHED and self.published_at is not None
                and self.published_at <= timezone.now())

    @property
    def is_scheduled(self) -> bool:
        return (self.status == self.Status.PUBLISHED and self.published_at is not None
                and self.published_at > timezone.now())

    @property
    def is_syndicated(self) -> bool:
        return bool(self.source_name or self.source_url)

    @property
    def story_time(self):
        """When the story itself was first published (the original's time if republished)."""
        return self.source_published_at or self.published_at

    @property
    def hero_srcset(self) -> str:
        """``srcset`` for the hero image: the renditions, then the original."""
        if not self.hero_image:
            return ""
        storage = self.hero_image.storage
        sources = [f"{storage.url(r['name'])} {r['width']}w" for r in self.hero_renditions]
        if self.hero_width:
            sources.append(f"{self.hero_image.url} {self.hero_width}w")
        return ", ".join(sources)

    def get_absolute_url(self) -> str:
        when = timezone.localtime(self.published_at or self.created_at or timezone.now())
        return reverse("web:article", kwargs={
            "section_path": self.section.path if self.section_id else "news",
            "year": f"{when.year:04d}", "month": f"{when.month:02d}", "day": f"{when.day:02d}",
            "slug": self.slug,
        })

    def canonical_url(self, request=None) -> str:
        """The canonical link: the original for syndicated stories, else our own URL."""
        if self.source_url:
            return self.source_url
        path = self.get_absolute_url()
        return request.build_absolute_uri(path) if request is not None else path


class ArticleAuthor(models.Model):
    """An author on an article's byline, in byline order."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="credited_authors")
    author = models.ForeignKey(Author, on_delete=models.PROTECT, related_name="bylines")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["article", "author"], name="article_author_once"),
        ]
        verbose_name = _("byline author")

    def __str__(self) -> str:
        return f"{self.author} on {self.article}"


class Credit(models.Model):
    """A contribution named at the end of the story ("A and B contributed reporting.")."""

    class Contribution(models.TextChoices):
        REPORTING = "reporting", _("contributed reporting")
        ADDITIONAL_REPORTING = "additional", _("contributed additional reporting")
        RESEARCH = "research", _("contributed research")
        PHOTOGRAPHY = "photography", _("contributed photography")
        GRAPHICS = "graphics", _("produced the graphics")
        EDITING = "editing", _("edited this story")
        TRANSLATION = "translation", _("translated this story")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="credits")
    name = models.CharField(max_length=120)
    author = models.ForeignKey(Author, null=True, blank=True, on_delete=models.SET_NULL,
                               related_name="credits",
                               help_text=_("Optional: links the name to their author page."))
    contribution = models.CharField(max_length=20, choices=Contribution.choices,
                                    default=Contribution.REPORTING)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_contribution_display()})"


class Correction(TimeStampedModel):
    """A dated, public note about an error fixed in the article."""

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="corrections")
    published_at = models.DateTimeField(default=timezone.now)
    text = models.TextField(help_text=_("What was wrong and what is right now."))

    class Meta:
        ordering = ["published_at", "id"]

    def __str__(self) -> str:
        return f"Correction to {self.article} ({self.published_at:%Y-%m-%d})"


class ArticleRevision(models.Model):
    """A snapshot of an article's text at each save or status change: the audit trail."""

    class Action(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        PUBLISHED = "published", _("Published")
        SCHEDULED = "scheduled", _("Scheduled")
        UNPUBLISHED = "unpublished", _("Unpublished")
        CORRECTED = "corrected", _("Corrected")

    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="revisions")
    action = models.CharField(max_length=20, choices=Action.choices)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    headline = models.CharField(max_length=200)
    standfirst = models.TextField(blank=True)
    body = models.TextField(blank=True)
    status = models.CharField(max_length=20, choices=Article.Status.choices)
    published_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        get_latest_by = "created_at"

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.headline}"
