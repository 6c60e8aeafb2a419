"""The job search: every public query parameter of /jobs/ and its feeds.

Five of the filters are facets (employment type, experience level, remote, role, country): beside
each of their choices the page shows how many jobs it would give with the other filters kept. Their
conditions are kept as Q objects so two queries can count every choice of every facet.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

import django_filters
from django.contrib.postgres.search import SearchQuery, SearchVector
from django.db import connection, models
from django.db.models import Case, Count, Exists, F, OuterRef, Q, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django_countries import countries
from taggit.models import Tag, TaggedItem

from jobs.models import SEARCH_CONFIG, Company, Job, RemotePolicy
from salaries.choices import EmploymentType, ExperienceLevel, ReviewState
from salaries.models import Role

MAX_QUERY_LENGTH = 200


class JobOrdering(models.TextChoices):
    NEWEST = "newest", "Newest first"
    SALARY_DESC = "salary_desc", "Highest salary first"
    SALARY_ASC = "salary_asc", "Lowest salary first"


POSTED_WITHIN = [
    ("1", "Last 24 hours"),
    ("3", "Last 3 days"),
    ("7", "Last 7 days"),
    ("14", "Last 14 days"),
    ("30", "Last 30 days"),
]

# Facet parameter -> model field.
CHECKBOX_FACETS = {
    "employment_type": "employment_type",
    "experience_level": "experience_level",
    "remote": "remote_policy",
}
SELECT_FACETS = {"role": "role", "country": "country"}
FACETS = {**CHECKBOX_FACETS, **SELECT_FACETS}

# Only a salary a moderator has not held back is shown, so only it may sort or filter.
PUBLIC_SALARY_MIN = Case(When(salary_review=ReviewState.ACCEPTED, then=F("salary_annual_usd_min")))
PUBLIC_SALARY_MAX = Case(When(salary_review=ReviewState.ACCEPTED, then=F("salary_annual_usd_max")))


def has_tag(**tag_lookups) -> Exists:
    """The job carries a tag matching `tag_lookups` (taggit's table holds articles' tags too)."""
    return Exists(
        TaggedItem.objects.filter(
            content_type__app_label="jobs",
            content_type__model="job",
            object_id=OuterRef("pk"),
            **tag_lookups,
        )
    )


@dataclass
class Facets:
    """How many jobs each facet choice would give, and the total for the filters as they are."""

    total: int
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    roles: list[tuple[str, str, int]] = field(default_factory=list)  # slug, name, count
    countries: list[tuple[str, str, int]] = field(default_factory=list)  # code, name, count


class JobFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label="Search", max_length=MAX_QUERY_LENGTH, strip=True
    )
    role = django_filters.ModelChoiceFilter(
        queryset=Role.objects.all(), to_field_name="slug", method="no_op"
    )
    employment_type = django_filters.MultipleChoiceFilter(
        choices=EmploymentType.choices, label="Employment type", method="no_op"
    )
    experience_level = django_filters.MultipleChoiceFilter(
        choices=ExperienceLevel.choices, label="Experience level", method="no_op"
    )
    remote = django_filters.MultipleChoiceFilter(
        choices=RemotePolicy.choices, label="Workplace", method="no_op"
    )
    country = django_filters.ChoiceFilter(choices=countries, label="Country", method="no_op")
    location = django_filters.CharFilter(
        field_name="location", lookup_expr="icontains", label="Location", max_length=100
    )
    salary_min = django_filters.NumberFilter(
        method="salary_at_least",
        label="Salary at least (USD a year)",
        min_value=0,
        max_value=5_000_000,
    )
    has_salary = django_filters.ChoiceFilter(
        choices=[("1", "Only jobs that show a salary")], method="with_salary", label="Salary"
    )
    company = django_filters.ModelChoiceFilter(
        # Only companies with a job on the board: a hidden company's slug is refused like an
        # unknown one, so no answer tells that it exists. Called per search: `hiring()` reads
        # the clock.
        queryset=lambda request: Company.objects.hiring(),
        to_field_name="slug",
        label="Company",
    )
    tag = django_filters.CharFilter(method="tagged", label="Tag", max_length=100)
    posted_within = django_filters.ChoiceFilter(
        choices=POSTED_WITHIN, method="posted_since", label="Posted", empty_label="Any time"
    )
    featured = django_filters.ChoiceFilter(
        choices=[("1", "Featured jobs only")], method="only_featured", label="Featured"
    )
    ordering = django_filters.ChoiceFilter(
        choices=JobOrdering.choices, method="no_op", label="Sort by", empty_label=None
    )

    class Meta:
        model = Job
        fields = []

    def no_op(self, queryset, name, value):
        # Facets and ordering are applied together in filter_queryset.
        return queryset

    # --- the filters that are not facets ---

    def search(self, queryset, name, value):
        if not value:
            return queryset
        if connection.vendor == "postgresql":
            return self._full_text_search(queryset, value)
        for word in value.split():
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(company__name__icontains=word)
                | Q(description__icontains=word)
                | Q(has_tag(tag__name__iexact=word))
            )
        return queryset

    def _full_text_search(self, queryset, value):
        """Title and description through the GIN index, or the company's name, or a tag."""
        query = SearchQuery(value, config=SEARCH_CONFIG, search_type="websearch")
        companies = Company.objects.alias(
            document=SearchVector("name", config=SEARCH_CONFIG)
        ).filter(document=query)
        # Three sets of ids, each found by its own index, then one membership test per job. The
        # words come from the stored column of migration 0004, whose GIN index never re-parses a
        # description.
        matching = Job.objects.alias(
            found=RawSQL(
                # Unqualified: inside the subquery the table has an alias of its own, and a
                # qualified name would reach out to the outer query's row (a subplan per job).
                "search_document @@ websearch_to_tsquery(%s::regconfig, %s)",
                (SEARCH_CONFIG, value),
                output_field=models.BooleanField(),
            )
        ).filter(found=True)
        return queryset.filter(
            Q(pk__in=matching.values("pk"))
            | Q(company__in=companies)
            | Q(has_tag(tag__name__iexact=value))
        )

    def salary_at_least(self, queryset, name, value):
        """Jobs whose shown yearly maximum reaches the floor; a hidden salary promises nothing."""
        return queryset.filter(salary_review=ReviewState.ACCEPTED, salary_annual_usd_max__gte=value)

    def with_salary(self, queryset, name, value):
        return queryset.filter(
            salary_review=ReviewState.ACCEPTED, salary_annual_usd_max__isnull=False
        )

    def tagged(self, queryset, name, value):
        tags = Tag.objects.filter(Q(slug=value) | Q(name__iexact=value))
        return queryset.filter(has_tag(tag__in=tags))

    def posted_since(self, queryset, name, value):
        return queryset.filter(published_at__gte=timezone.now() - timedelta(days=int(value)))

    def only_featured(self, queryset, name, value):
        return queryset.featured()

    # --- facets ---

    def facet_conditions(self) -> dict[str, Q]:
        if not self.is_bound:
            return {}
        self.form.is_valid()  # cleans: cleaned_data keeps the valid values, errors the others
        data = self.form.cleaned_data
        conditions = {}
        for name, field_name in CHECKBOX_FACETS.items():
            if data.get(name):
                conditions[name] = Q(**{f"{field_name}__in": data[name]})
        for name, field_name in SELECT_FACETS.items():
            if data.get(name):
                conditions[name] = Q(**{field_name: data[name]})
        return conditions

    @property
    def base_qs(self):
        """The queryset narrowed by every filter except the facets."""
        if not hasattr(self, "_base_qs"):
            queryset = self.queryset.all()
            if self.is_bound:
                self.errors  # noqa: B018 - validates, so cleaned_data holds the valid values
                for name, value in self.form.cleaned_data.items():
                    if name not in FACETS and name != "ordering" and value not in (None, ""):
                        queryset = self.filters[name].filter(queryset, value)
            self._base_qs = queryset
        return self._base_qs

    def filter_queryset(self, queryset):
        narrowed = self.base_qs.filter(*self.facet_conditions().values())
        return self.order(narrowed)

    def order(self, queryset):
        ordering = self.form.cleaned_data.get("ordering") if self.is_bound else ""
        if ordering == JobOrdering.SALARY_DESC:
            return queryset.order_by(
                PUBLIC_SALARY_MAX.desc(nulls_last=True), "-published_at", "-pk"
            )
        if ordering == JobOrdering.SALARY_ASC:
            return queryset.order_by(PUBLIC_SALARY_MIN.asc(nulls_last=True), "-published_at", "-pk")
        return queryset.newest_first()

    def facets(self) -> Facets:
        """Counts for every facet choice, in two queries however many choices there are."""
        conditions = self.facet_conditions()
        base = self.base_qs.order_by()

        def all_but(name):
            kept = [q for key, q in conditions.items() if key != name]
            return Q(*kept) if kept else None

        def count(condition):
            return Count("pk", filter=condition) if condition is not None else Count("pk")

        aggregates = {"total": count(all_but(None))}
        slots = {}
        for name, field_name in CHECKBOX_FACETS.items():
            others = all_but(name)
            for index, value in enumerate(self.filters[name].extra["choices"]):
                alias = f"{name}_{index}"
                slots[alias] = (name, value[0])
                own = Q(**{field_name: value[0]})
                aggregates[alias] = count(own & others if others is not None else own)
        row = base.aggregate(**aggregates)
        facets = Facets(total=row.pop("total"))
        for alias, n in row.items():
            name, value = slots[alias]
            facets.counts.setdefault(name, {})[value] = n

        # Roles and countries from one grouped query: each pair of (role, country) counted twice,
        # once as the role facet sees it (the country choice kept) and once as the country one does.
        shared = [q for key, q in conditions.items() if key not in SELECT_FACETS]
        pairs = base.filter(*shared) if shared else base
        pairs = pairs.values_list("role__slug", "role__name", "country").annotate(
            for_role=count(conditions.get("country")), for_country=count(conditions.get("role"))
        )
        roles, places = Counter(), Counter()
        names = {}
        for slug, role_name, code, for_role, for_country in pairs:
            if slug is not None and for_role:
                roles[slug] += for_role
                names[slug] = role_name
            if code and for_country:
                places[code] += for_country
        facets.roles = sorted(
            ((slug, names[slug], n) for slug, n in roles.items()),
            key=lambda item: (-item[2], item[1]),
        )
        facets.countries = sorted(
            ((code, countries.name(code), n) for code, n in places.items()),
            key=lambda item: (-item[2], item[1]),
        )
        return facets

    def active_filters(self) -> list[tuple[str, str, str]]:
        """(parameter, value, label) for each valid filter in use: the removable chips."""
        if not self.is_bound:
            return []
        self.errors  # noqa: B018
        chips = []
        for name, value in self.form.cleaned_data.items():
            if name == "ordering" or value in (None, "", []):
                continue
            label = self.filters[name].label or name
            values = value if isinstance(value, list) else [value]
            for item in values:
                shown = self.value_label(name, item)
                chips.append((name, self._raw(name, item), f"{label}: {shown}"))
        return chips

    def _raw(self, name, item):
        """The value as the query string has it, so the chip's link can take it out again."""
        if isinstance(self.filters[name], django_filters.MultipleChoiceFilter):
            return str(item)
        return self.form.data.get(name, "")

    def value_label(self, name, item):
        choices = self.filters[name].extra.get("choices")
        if isinstance(item, models.Model):
            return str(item)
        if callable(choices):  # lazy, as django-countries' are: "Country: Germany", not "DE"
            choices = choices()
        if choices:
            return dict((str(k), v) for k, v in choices).get(str(item), item)
        if name == "salary_min":
            return f"{int(item):,}"
        return item
