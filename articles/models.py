import math

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connections, models
from django.db.models import F, Q
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
# The bulk of an article's row, which a card never shows (ArticleQuerySet.for_cards).
NOT_ON_CARDS = ("body", "body_html", "contents")
RELATED_ARTICLES = 5
# How many of a role's articles its job and salary pages list.
ROLE_ARTICLES = 3
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

    def beside_role(self):
        """The newest published of these articles (a role's, through role.articles) as its job
        and salary pages list them: titles and links, no bodies."""
        return self.published().for_cards().newest_first()[:ROLE_ARTICLES]


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

    One statement: each article's shares counted on the two link tables (each holds a pair
    once, so an article's rows there are its shares), joined to the published articles' cards.
    Both parts are the ORM's own SQL; only the join around them is written here, because the
    ORM cannot group a union. The ORM's form of the whole joined every article to both link
    tables, a row per role times tag, before grouping; the shares counted in Python and
    ordered by a CASE made PostgreSQL plan a list of every related id (bench/HISTORY.md, the
    fourth round)."""
    links = []
    if role_ids:
        roles = Article.roles.through.objects.filter(role_id__in=role_ids)
        links.append(roles.annotate(linked=F("article_id")).values("linked"))
    if tag_ids:
        tags = Article.tags.through.objects.filter(
            content_type=ContentType.objects.get_for_model(Article), tag_id__in=tag_ids
        )
        links.append(tags.annotate(linked=F("object_id")).values("linked"))
    if not links:
        return []
    cards = Article.objects.published().for_cards().exclude(pk=article.pk).order_by()
    linked = links[0].union(*links[1:], all=True)
    cards_sql, cards_params = cards.query.get_compiler(using=cards.db).as_sql()
    linked_sql, linked_params = linked.query.get_compiler(using=cards.db).as_sql()
    quote = connections[cards.db].ops.quote_name
    pk, published = (quote(Article._meta.get_field(name).column) for name in ("id", "published_at"))
    return list(
        Article.objects.raw(
            f"SELECT cards.* FROM ({cards_sql}) cards JOIN ("
            f"SELECT linked, COUNT(*) AS shared FROM ({linked_sql}) links GROUP BY linked"
            f") shares ON shares.linked = cards.{pk} "
            f"ORDER BY shares.shared DESC, cards.{published} DESC, cards.{pk} DESC LIMIT %s",
            [*cards_params, *linked_params, limit],
        )
    )
