"""Companies, the employers' memberships in them, and their email settings."""

from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef

from jobs.staff import managed_by
from web.slugs import fill_slug, slug_url
from web.subqueries import count_of
from web.validators import no_control_characters, no_control_characters_but_line_breaks


def is_web_address(url: str) -> bool:
    return bool(url) and urlsplit(url).scheme.lower() in ("http", "https")


def jobs_model(company_model):
    """Job, reached through its relation to Company: jobs/models/job.py imports this module, so
    this one names Job without importing it back."""
    return company_model._meta.get_field("jobs").related_model


class CompanyQuerySet(models.QuerySet):
    def manageable_by(self, user):
        return self.filter(managed_by(user))

    def on_board(self):
        """Companies with a job on the board now: asked per company, it stops at the first one
        (where `hiring()` counts them all: thousands for the largest company)."""
        jobs = jobs_model(self.model)
        return self.filter(Exists(jobs.objects.visible().filter(company=OuterRef("pk"))))

    def hiring(self):
        """Companies with jobs on the board now, each with how many (`open_jobs`)."""
        on_board = count_of(jobs_model(self.model).objects.visible(), per="company")
        return self.annotate(open_jobs=on_board).filter(open_jobs__gt=0)

    def ever_listed(self):
        """Companies the public has seen: with a job that was once published. Any other company
        is answered like one that does not exist (its name and description were never public)."""
        jobs = jobs_model(self.model)
        return self.filter(
            Exists(jobs.objects.filter(company=OuterRef("pk"), published_at__isnull=False))
        )


class Company(models.Model):
    name = models.CharField(max_length=200, validators=[no_control_characters])
    slug = models.SlugField(max_length=200, unique=True, blank=True)
    website = models.URLField(blank=True, validators=[no_control_characters])
    description = models.TextField(blank=True, validators=[no_control_characters_but_line_breaks])
    # One more with every saved edit, waiting or applied: a decision names the version it saw.
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CompanyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        fill_slug(self, self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("companies:detail", self.slug)

    @property
    def website_href(self) -> str:
        """The website as a link only when it is a web address, whatever reached the database."""
        return self.website if is_web_address(self.website) else ""


class CompanyMembership(models.Model):
    """An employer's account belongs to a company and manages that company's jobs only."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="company_memberships"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["company", "user"],
                name="jobs_membership_unique",
                violation_error_message="This user is already a member of this company.",
            )
        ]

    def __str__(self):
        return f"{self.user} @ {self.company}"


class EmployerEmailSettings(models.Model):
    """Which emails about their company's jobs an employer gets; both on until switched off on
    their account page. Kept here with the memberships and the jobs the emails are about."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="job_email_settings"
    )
    job_reviews = models.BooleanField("a moderator approved or rejected a job", default=True)
    job_ending = models.BooleanField(
        "a job ends in a few days, with a link to renew it", default=True
    )

    class Meta:
        verbose_name = verbose_name_plural = "employer email settings"

    def __str__(self):
        return f"Email settings of {self.user}"
