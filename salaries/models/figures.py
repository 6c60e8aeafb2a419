"""The salary figures table (salaries/figures.py keeps it): percentiles per role and cell."""

from django.db import models
from django.db.models import Q

from salaries.models.roles import Role
from salaries.points import SortedPointsField

EVERY = "*"
EVERY_YEAR = 0


class SalaryFiguresManager(models.Manager):
    def get_queryset(self):
        # The steps are searched in SQL (salaries.points.PointsBelow), never read into Python:
        # a row read for its percentiles leaves them behind.
        return super().get_queryset().defer("steps", "member_steps")


class SalaryFigures(models.Model):
    """The percentiles of a role's accepted records, narrowed by some, none or all of the
    dimensions (EVERY: not narrowed): one row per combination that has records.

    Derived data, kept by salaries/figures.py in the transaction of every write that changes it,
    so that no page reads the records themselves; `manage.py rebuild_salary_figures` recomputes it.
    Percentiles are stored for any n; SALARY_MIN_POINTS applies when they are read.
    """

    role = models.ForeignKey(Role, on_delete=models.CASCADE, related_name="figures")
    experience_level = models.CharField(max_length=2)
    country = models.CharField(max_length=2)
    year = models.PositiveSmallIntegerField()
    employment_type = models.CharField(max_length=2)
    n = models.PositiveIntegerField()
    p10 = models.PositiveIntegerField()
    p25 = models.PositiveIntegerField()
    median = models.PositiveIntegerField()
    p75 = models.PositiveIntegerField()
    p90 = models.PositiveIntegerField()
    # The median's 95% confidence interval (salaries.stats.median_ci_ranks); null when n is too
    # small for one.
    median_ci_low = models.PositiveIntegerField(null=True)
    median_ci_high = models.PositiveIntegerField(null=True)
    # The first moment a point counted here lapses (a job's end): the figures are due then.
    changes_at = models.DateTimeField(null=True, blank=True, db_index=True)
    # In the cells a position is measured in (not narrowed by year or type: salaries.position),
    # the 100 percent steps of the set's points (salaries.points.percent_steps): for an amount
    # from outside the set, and for one of its own points (counted against n - 1: null when n is
    # 1); null in the other cells.
    steps = SortedPointsField(null=True)
    member_steps = SortedPointsField(null=True)

    objects = SalaryFiguresManager()

    class Meta:
        verbose_name_plural = "salary figures"
        constraints = [
            models.UniqueConstraint(
                fields=["role", "experience_level", "country", "year", "employment_type"],
                name="salaries_figures_one_per_cell",
            ),
            models.CheckConstraint(condition=Q(n__gt=0), name="salaries_figures_not_empty"),
        ]
        indexes = [
            # "Are any of this role's figures due?", asked with every position (a search page's
            # badges ask it per card): one index probe, not a walk over the role's thousands of
            # rows.
            models.Index(fields=["role", "changes_at"], name="salaries_figures_due"),
            # Each role's whole-role row (every role's median on the salary list, "compare
            # with...", the job pages): read without walking the hundreds of thousands of cells.
            models.Index(
                fields=["role"],
                condition=Q(
                    experience_level=EVERY, country=EVERY, year=EVERY_YEAR, employment_type=EVERY
                ),
                name="salaries_figures_whole_role",
            ),
        ]

    def __str__(self):
        return f"{self.role_id} {self.experience_level}/{self.country}/{self.year}: n={self.n}"
