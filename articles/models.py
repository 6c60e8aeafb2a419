import math

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import slugify
from taggit.managers import TaggableManager
from taggit.models import TaggedItem

from salaries.models import Role
from web.constraints import one_of
from web.fields import MarkdownField
from web.markdown import render
from web.slugs import fill_slug
from web.validators import no_control_characters

WORDS_PER_MINUTE = 200
# The bulk of an article's row, which a card never shows (ArticleQuerySet.for_cards).
NOT_ON_CARDS = ("body", "body_html", "contents")
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
        return self.defer(*NOT_ON_CARDS)


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


def related_articles(article, *, role_ids, tag_ids, limit=RELATED_ARTICLES) -> list["Article"]:
    """The published articles sharing the most roles or tags with `article`, newest first
    among equals; never itself.

    One statement that counts each article's shares on the two link tables (both hold a
    pair once, so an article's rows there are its shares) and joins the articles to the
    counts. Written out because the ORM cannot group a union: its own form joined every
    article to both link tables, a row per role times tag, before grouping (8 ms of an
    article page at 2,000 articles, against 3.6 ms; the same five articles). Another
    form, the ids counted in Python and ordered by CASE, took as long: PostgreSQL plans a
    list of 1,200 ids for 3.6 ms."""
    linked, params = [], []
    if role_ids:
        links = Article.roles.through._meta.db_table
        marks = ", ".join(["%s"] * len(role_ids))
        linked.append(f"SELECT article_id AS id FROM {links} WHERE role_id IN ({marks})")
        params += role_ids
    if tag_ids:
        links = TaggedItem._meta.db_table
        marks = ", ".join(["%s"] * len(tag_ids))
        linked.append(
            f"SELECT CAST(object_id AS bigint) AS id FROM {links} "
            f"WHERE content_type_id = %s AND tag_id IN ({marks})"
        )
        params += [ContentType.objects.get_for_model(Article).pk, *tag_ids]
    if not linked:
        return []
    table = Article._meta.db_table
    shown = (field for field in Article._meta.concrete_fields if field.name not in NOT_ON_CARDS)
    columns = ", ".join(f"{table}.{field.column}" for field in shown)
    return list(
        Article.objects.raw(
            # Table and column names come from the models; every value is a parameter.
            f"SELECT {columns} FROM ("
            "SELECT linked.id AS id, COUNT(*) AS shared FROM ("
            + " UNION ALL ".join(linked)
            + f") linked GROUP BY linked.id) shares JOIN {table} ON {table}.id = shares.id "
            f"WHERE {table}.status = %s AND {table}.published_at <= %s AND {table}.id <> %s "
            f"ORDER BY shares.shared DESC, {table}.published_at DESC, {table}.id DESC "
            "LIMIT %s",
            [*params, ArticleStatus.PUBLISHED, timezone.now(), article.pk, limit],
        )
    )
