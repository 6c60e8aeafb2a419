import math

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Q, Value
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from taggit.managers import TaggableManager

from salaries.models import Role
from web.constraints import one_of
from web.fields import MarkdownField
from web.markdown import render
from web.slugs import fill_slug
from web.validators import no_control_characters

WORDS_PER_MINUTE = 200
RELATED_ARTICLES = 5
# /articles/feed/ is the Atom feed; an article with that slug could never be reached.
RESERVED_SLUGS = ("feed",)
# Ids templates/articles/article_detail.html gives its own elements: headings take other ids.
PAGE_IDS = frozenset(
    {"article-heading", "toc-heading", "insights-heading", "jobs-heading", "related-heading"}
)


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ArticleStatus.PUBLISHED, published_at__lte=timezone.now())

    def next_publication(self):
        """When the next scheduled article appears: pages that list articles change then."""
        return (
            self.filter(status=ArticleStatus.PUBLISHED, published_at__gt=timezone.now())
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )

    def readable_by(self, user):
        """Published articles; with drafts and scheduled ones for staff who may see them."""
        if user.is_active and user.is_staff and user.has_perm("articles.view_article"):
            return self
        return self.published()

    def newest_first(self):
        return self.order_by("-published_at", "-pk")

    def for_cards(self):
        """What a card shows; the bodies are the bulk of a row and a card never shows them."""
        return self.defer("body", "body_html", "contents")

    def related_to(self, article, *, role_ids, tag_ids):
        """Articles sharing roles or tags with `article`, the most shared first, then newest."""
        # An empty list in a lookup would empty the whole query, so each side joins only if used.
        sides = [("roles", role_ids), ("tags", tag_ids)]
        sides = [(relation, ids) for relation, ids in sides if ids]
        if not sides:
            return self.none()
        shares = Value(0)
        shares_any = Q()
        for relation, ids in sides:
            matches = Q(**{f"{relation}__in": ids})
            shares += Count(relation, filter=matches, distinct=True)
            shares_any |= matches
        return (
            self.exclude(pk=article.pk)
            .filter(shares_any)
            .alias(shared=shares)
            .order_by("-shared", "-published_at", "-pk")
        )


class Article(models.Model):
    title = models.CharField(max_length=200, validators=[no_control_characters])
    slug = models.SlugField(max_length=220, unique=True, blank=True)
    summary = models.CharField(
        max_length=300,
        help_text="One or two sentences for lists.",
        validators=[no_control_characters],
    )
    body = MarkdownField(
        help_text="Markdown. Headings (## and ###) make the table of contents.",
        max_length_setting="ARTICLE_BODY_MAX_LENGTH",
    )
    # Derived from the body on every save, so that a page view never renders Markdown.
    body_html = models.TextField(editable=False)
    contents = models.JSONField(
        default=list,
        editable=False,
        help_text="Table of contents: h2 headings, each with its h3 headings.",
    )
    word_count = models.PositiveIntegerField(default=0, editable=False)
    author_name = models.CharField(max_length=120, validators=[no_control_characters])
    status = models.CharField(
        max_length=9, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    published_at = models.DateTimeField(
        null=True, blank=True, help_text="A date in the future keeps the article hidden until then."
    )
    updated_at = models.DateTimeField(auto_now=True)
    roles = models.ManyToManyField(
        Role, blank=True, related_name="articles", help_text="Roles the article is about."
    )
    tags = TaggableManager(blank=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ArticleStatus.PUBLISHED) | Q(published_at__isnull=False),
                name="articles_article_published_has_date",
                violation_error_message="A published article needs a publication date.",
            ),
            one_of("articles_article", "status", ArticleStatus, "Unknown article status."),
            models.CheckConstraint(
                condition=~Q(slug__in=RESERVED_SLUGS),
                name="articles_article_slug_not_reserved",
                violation_error_message="This slug is taken by another page.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        reserved = slugify(self.title) in RESERVED_SLUGS
        fill_slug(self, f"{self.title} article" if reserved else self.title)
        for name, value in derived_from_body(self.body).items():
            setattr(self, name, value)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "body" in update_fields:
            kwargs["update_fields"] = {*update_fields, *DERIVED_FROM_BODY}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        errors = {}
        if self.status == ArticleStatus.PUBLISHED and self.published_at is None:
            errors["published_at"] = ValidationError(
                "Give a publication date to publish the article.", code="no_published_at"
            )
        if self.slug in RESERVED_SLUGS:
            errors["slug"] = ValidationError(
                "“%(slug)s” is the address of another page; pick another slug.",
                code="reserved_slug",
                params={"slug": self.slug},
            )
        if errors:
            raise ValidationError(errors)

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(self.word_count / WORDS_PER_MINUTE))

    @property
    def is_public(self) -> bool:
        return (
            self.status == ArticleStatus.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


DERIVED_FROM_BODY = ("body_html", "contents", "word_count")


def derived_from_body(body: str) -> dict:
    """The stored HTML, table of contents and word count of a Markdown body."""
    rendered = render(body, reserved_ids=PAGE_IDS)
    return {
        "body_html": rendered.html,
        "contents": nest_headings(rendered.headings),
        # Words a reader reads: no Markdown syntax, no link targets, no table rulers.
        "word_count": len(strip_tags(rendered.html).split()),
    }


def nest_headings(headings) -> list[dict]:
    """h2 headings, each with the h3 headings under it; h3s before any h2 stand alone."""
    entries = []
    for heading in headings:
        entry = {"anchor": heading.anchor, "title": heading.title}
        if heading.level == 2 or not entries:
            entries.append({**entry, "children": []})
        else:
            entries[-1]["children"].append(entry)
    return entries
