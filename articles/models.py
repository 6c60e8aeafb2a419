import math

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from taggit.managers import TaggableManager

from jobs.markdown import render_markdown, table_of_contents
from salaries.models import Role, unique_slug

WORDS_PER_MINUTE = 220


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class ArticleQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=ArticleStatus.PUBLISHED, published_at__lte=timezone.now())

    def newest_first(self):
        return self.order_by("-published_at", "-pk")


class Article(models.Model):
    title = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True, blank=True)
    summary = models.CharField(max_length=300, help_text="One or two sentences for lists.")
    body = models.TextField(help_text="Markdown. Second-level headings (##) make the contents.")
    body_html = models.TextField(editable=False)
    author_name = models.CharField(max_length=120)
    status = models.CharField(
        max_length=9, choices=ArticleStatus.choices, default=ArticleStatus.DRAFT
    )
    published_at = models.DateTimeField(null=True, blank=True)
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
            models.CheckConstraint(
                condition=Q(status__in=ArticleStatus.values),
                name="articles_article_status_valid",
                violation_error_message="Unknown article status.",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_slug(Article, self.title, max_length=220, exclude_pk=self.pk)
        self.body_html = render_markdown(self.body)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.status == ArticleStatus.PUBLISHED and self.published_at is None:
            raise ValidationError(
                {
                    "published_at": ValidationError(
                        "Give a publication date to publish the article.", code="no_published_at"
                    )
                }
            )

    @property
    def reading_minutes(self) -> int:
        return max(1, math.ceil(len(self.body.split()) / WORDS_PER_MINUTE))

    @property
    def table_of_contents(self):
        return table_of_contents(self.body)
