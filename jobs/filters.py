"""The job search: every public query parameter of /jobs/ and its feeds.

The search runs on the narrow table of published jobs (jobs.models.Listing), or for a tag on its
own rows of them (jobs.models.ListingTag, JobFilter.table): each filter is a plain django-filter
filter on their columns. Handed a Job queryset (the API, the feeds, the alerts),
JobFilter gives back those jobs that the search finds, in its order. How many jobs each facet
choice would give is jobs/facets.py.
"""

import copy
from datetime import timedelta
from typing import NamedTuple

import django_filters
from django import forms
from django.conf import settings
from django.contrib.postgres.search import SearchQuery
from django.db import connection, models
from django.db.models import Exists, F, OrderBy, OuterRef, Q
from django.utils import timezone
from django_filters.fields import ChoiceField
from taggit.models import Tag, TaggedItem

from jobs.models import (
    SEARCH_CONFIG,
    Company,
    Job,
    ListedPlace,
    Listing,
    ListingTag,
    Mark,
    RemotePolicy,
)
from salaries.choices import EmploymentType, ExperienceLevel
from salaries.models import Role
from web.countries import country_names

MAX_QUERY_LENGTH = 200
# A location filter naming more places than this ("a") tests each listing's location instead:
# it keeps most of the board, which a walk in the board's order finds at once.
MAX_PLACES = 200


class JobOrdering(models.TextChoices):
    NEWEST = "newest", "Newest first"
    OLDEST = "oldest", "Oldest first"
    SALARY_DESC = "salary_desc", "Highest salary first"
    SALARY_ASC = "salary_asc", "Lowest salary first"


# Each order over the listing's columns, the job id last so that pages never overlap. Jobs without
# a shown salary come last in both salary orders; migration 0008 indexes each order.
ORDERINGS = {
    JobOrdering.NEWEST: ("-published_at", "-job_id"),
    JobOrdering.OLDEST: ("published_at", "job_id"),
    JobOrdering.SALARY_DESC: (
        F("salary_max_usd").desc(nulls_last=True),
        "-published_at",
        "-job_id",
    ),
    JobOrdering.SALARY_ASC: (F("salary_min_usd").asc(nulls_last=True), "-published_at", "-job_id"),
}


class Match(NamedTuple):
    """A listing the search found, with what ordering and pinning it takes (times in seconds
    since 1970, NULL salaries None): a search within the bound pages these in Python."""

    job_id: int
    published: float
    salary_min_usd: int | None
    salary_max_usd: int | None
    featured: float | None  # featured_until


# ORDERINGS over Matches: the same order, tie for tie (tests/jobs/test_filters.py checks them
# against the database's on the same rows).
MATCH_ORDERS = {
    JobOrdering.NEWEST: lambda m: (-m.published, -m.job_id),
    JobOrdering.OLDEST: lambda m: (m.published, m.job_id),
    JobOrdering.SALARY_DESC: lambda m: (
        m.salary_max_usd is None,
        -(m.salary_max_usd or 0),
        -m.published,
        -m.job_id,
    ),
    JobOrdering.SALARY_ASC: lambda m: (
        m.salary_min_usd is None,
        m.salary_min_usd or 0,
        -m.published,
        -m.job_id,
    ),
}

POSTED_WITHIN = [
    ("1", "Last 24 hours"),
    ("3", "Last 3 days"),
    ("7", "Last 7 days"),
    ("14", "Last 14 days"),
    ("30", "Last 30 days"),
]

# The facets: beside each of their choices the page shows how many jobs it would give.
CHECKBOX_FACETS = ("employment_type", "experience_level", "remote")
SELECT_FACETS = ("role", "country")
FACETS = (*CHECKBOX_FACETS, *SELECT_FACETS)
# Parameters that choose how the list is shown, not which jobs are in it.
NOT_FILTERS = ("ordering",)


def country_choices() -> list[tuple[str, str]]:
    """The country filter's choices: a callable, so that they are read when a select shows them
    and the API's schema lists them as its enum (CountryField checks a value without them)."""
    return list(country_names().items())


class CountryField(ChoiceField):
    """The country filter's field: a code is checked in the names' dict (web/countries.py). A
    ChoiceField walks its 250 choices for each value it checks, normalizing each one again: 0.4
    ms of a search that names a country. An empty value is never checked (ChoiceField.validate),
    and the filter offers no null choice."""

    def valid_value(self, value):
        return str(value) in country_names()


class CountryFilter(django_filters.ChoiceFilter):
    field_class = CountryField


def has_tag(**tag_lookups) -> Exists:
    """The listed job carries a tag matching `tag_lookups` (taggit's table holds articles' too)."""
    return Exists(
        TaggedItem.objects.filter(
            content_type__app_label="jobs",
            content_type__model="job",
            object_id=OuterRef("job_id"),
            **tag_lookups,
        )
    )


def open_to_country(code: str, *, workplaces=()) -> Q:
    """Jobs a person in this country can take: based there, or remote with no country given.

    Said as "country in (code, '') and not (no country and not remote)": the first part is one
    index range (the country index, or the text search's GIN index with btree_gin), the second a
    check on the rows it gives. Said as "... and (country = code or remote)", PostgreSQL turns
    the OR into two scans of the GIN index, each intersecting the words' long posting lists
    again: twice the work of a text search with a country (38 + 19 ms at 1,000,000 jobs).

    `workplaces`: the workplace filter applied with it. When it leaves remote jobs out, no job
    without a country can be in the answer, so the country's own range is all there is to read:
    at 1,000,000 jobs "country=IN&remote=hybrid" read the 106,000 jobs open anywhere only to
    drop every one of them (a 54 ms statement)."""
    if workplaces and RemotePolicy.REMOTE not in workplaces:
        return Q(country=code)
    return Q(country__in=[code, ""]) & ~(Q(country="") & ~Q(remote_policy=RemotePolicy.REMOTE))


def job_order(term):
    """A listing's ordering term as the same order over its job's rows."""
    if isinstance(term, str):
        name = term.removeprefix("-")
        name = "pk" if name == "job_id" else name  # a job's own published_at is the listing's
        return term[: len(term) - len(term.lstrip("-"))] + name
    return OrderBy(
        F(f"listing__{term.expression.name}"), descending=term.descending, nulls_last=True
    )


class Filters(dict):
    """A FilterSet's filters, copied for each search one filter at a time: django-filter deep-
    copies them, 0.4 ms of every search, most of it copying choices no search changes. A search
    sets a filter's parent and model, makes its form field and may write its `extra` (django-
    filter puts a queryset asked per request there): each on its own copy."""

    def __deepcopy__(self, memo):
        return {name: self._copy(filter_) for name, filter_ in self.items()}

    @staticmethod
    def _copy(filter_):
        copied = copy.copy(filter_)
        copied.extra = dict(filter_.extra)
        if copied.method is not None:
            copied.method = copied.method  # a method filter's caller, bound to the copy
        return copied


class FormFields(dict):
    """A search form's fields, copied for each search one field at a time: a form deep-copies
    its class's fields (0.38 ms of every search), choices and all. A search's form sets a field's
    queryset (JobFilter.form) and its widget's choices with it, and nothing else of a field: each
    form gets its own field and widget, sharing what no search changes (choices, messages,
    validators)."""

    def __deepcopy__(self, memo):
        return {name: self._copy(field) for name, field in self.items()}

    @staticmethod
    def _copy(field):
        copied = copy.copy(field)
        copied.widget = copy.copy(field.widget)
        copied.widget.attrs = dict(field.widget.attrs)
        if isinstance(field, forms.ModelChoiceField):
            copied.queryset = field.queryset.all()  # as Django's copy: a queryset of its own
        return copied


class JobFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        method="search", label="Search", max_length=MAX_QUERY_LENGTH, strip=True
    )
    role = django_filters.ModelChoiceFilter(
        queryset=Role.objects.all(), to_field_name="slug", label="Role", method="in_role"
    )
    employment_type = django_filters.MultipleChoiceFilter(
        choices=EmploymentType.choices, label="Employment type", distinct=False
    )
    experience_level = django_filters.MultipleChoiceFilter(
        choices=ExperienceLevel.choices, label="Experience level", distinct=False
    )
    remote = django_filters.MultipleChoiceFilter(
        field_name="remote_policy", choices=RemotePolicy.choices, label="Workplace", distinct=False
    )
    country = CountryFilter(
        choices=country_choices,
        label="Country",
        method="in_country",
        help_text="Jobs based in this country, and remote jobs open to applicants anywhere.",
    )
    location = django_filters.CharFilter(method="located", label="Location", max_length=100)
    salary_min = django_filters.NumberFilter(
        # The top of the range: a job that may pay this much is shown (a hidden salary never is).
        field_name="salary_max_usd",
        lookup_expr="gte",
        label="Salary at least (USD a year)",
        help_text="Jobs whose salary range reaches this figure at its top.",
        min_value=0,
        max_value=settings.SALARY_PLAUSIBILITY["HARD_MAX_USD"],
    )
    has_salary = django_filters.ChoiceFilter(
        choices=[("1", "Only jobs that show a salary")], method="with_salary", label="Salary"
    )
    company = django_filters.ModelChoiceFilter(
        # Only companies with a job on the board: a hidden company's slug is refused like an
        # unknown one, so no answer tells that it exists. Asked per search (JobFilter.form):
        # `on_board()` reads the clock.
        queryset=lambda request: Company.objects.on_board(),
        to_field_name="slug",
        label="Company",
        method="at_company",
    )
    tag = django_filters.CharFilter(method="tagged", label="Tag", max_length=100)
    posted_within = django_filters.ChoiceFilter(
        choices=POSTED_WITHIN, method="posted_since", label="Posted", empty_label="Any time"
    )
    featured = django_filters.ChoiceFilter(
        choices=[("1", "Featured jobs only")], method="only_featured", label="Featured"
    )
    ordering = django_filters.ChoiceFilter(
        choices=JobOrdering.choices, method="order", label="Sort by", empty_label=None
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._tags: dict[str, list[tuple[int, str]]] = {}
        self._places: dict[str, list[str] | None] = {}

    class Meta:
        # It searches jobs (the API's DRF backend checks this against its Job queryset); every
        # filter names a Listing column, and filter_queryset runs them on the listings.
        model = Job
        fields = []

    def get_form_class(self):
        """The form's class, made once per process rather than once per search (django-filter
        builds every field and a new class each time: 1 ms of each search). So no field may
        depend on the search it was first made for: a label comes from the filter, not from the
        model searched, and a queryset given as a callable (the companies on the board, which
        reads the clock) is asked again by each form (`form`). A form copies its class's
        fields one by one (FormFields), so nothing one search does to its own reaches
        another's. Read from the class's own __dict__: a subclass makes its own form class, not
        its parent's."""
        made = type(self).__dict__.get("_form_class")
        if made is None:
            made = super().get_form_class()
            made.base_fields = FormFields(made.base_fields)
            type(self)._form_class = made
        return made

    @property
    def form(self):
        if not hasattr(self, "_form"):
            form = super().form
            # Querysets asked per request (the companies on the board now), not when the class
            # was made; only to check a value given. No page shows these fields' choices, and
            # building the companies' query took 0.5 ms of every search: without a value, a
            # field offers none rather than the choices of the moment its class was made.
            for name, filter_ in self.filters.items():
                if callable(getattr(filter_, "queryset", None)):
                    field = form.fields[name]
                    if form.data.get(form.add_prefix(name)):
                        field.queryset = filter_.get_queryset(self.request)
                    else:
                        field.queryset = field.queryset.none()
        return self._form

    def search(self, queryset, name, value):
        if not value:
            return queryset
        if connection.vendor == "postgresql":
            # One GIN index condition over title, company, tags and description (jobs/listings.py).
            return queryset.filter(
                document=SearchQuery(value, config=SEARCH_CONFIG, search_type="websearch")
            )
        for word in value.split():
            queryset = queryset.filter(
                Q(job__title__icontains=word)
                | Q(job__company__name__icontains=word)
                | Q(job__description__icontains=word)
                | Q(has_tag(tag__name__iexact=word))
            )
        return queryset

    def in_country(self, queryset, name, value):
        # Every filter in use applies with it here (the page, the API, the feeds); listings()
        # says which workplaces apply when a facet's count leaves some filters out.
        return queryset.filter(open_to_country(value, workplaces=self.used().get("remote")))

    def with_salary(self, queryset, name, value):
        return queryset.filter(salary_max_usd__isnull=False)  # a listing holds public ones only

    def tagged(self, queryset, name, value):
        if queryset.model is ListingTag:
            return queryset  # the tag's own listings already (table())
        tags = self.tags_named(value)
        if not tags:
            return queryset.none()
        if not self.in_document(queryset):
            # Among every listing but without words, a role or a company (a salary order, a
            # value naming two tags, SQLite): each listing the other filters keep is looked up
            # in the tags' index, where a lexeme beside a btree condition made PostgreSQL
            # intersect a common tag's whole posting list with them (at 1,000,000 jobs 328,000
            # entries for a company's 1,145 listings, 94 ms; now 1,145 lookups).
            return queryset.filter(
                Exists(
                    ListingTag.objects.filter(
                        job_id=OuterRef("job_id"), tag_id__in=[pk for pk, _slug in tags]
                    )
                )
            )
        return queryset.holding(Mark.TAG, [slug for _pk, slug in tags])

    def in_document(self, queryset) -> bool:
        """Whether a tag, a role, a company or a place is, in this statement, one more condition
        of the text search's GIN index, by its lexeme in the document (jobs/listings.py), rather
        than a condition of its own: with words, or with a tag beside a role or a company. The
        GIN index intersects a common lexeme's posting list with a rarer one's, skipping through
        it, where a bitmap or a hash of another index waited for the whole list: at 1,000,000
        jobs "q=senior+python&role=ml-engineer" built a bitmap of 107,000 matches of the words
        (25 ms) to keep the role's 1,750, and "role=business-data-analyst&tag=airflow" read the
        tag's 90,000 listings (21 ms) to keep 700 of the role's 7,000."""
        if connection.vendor != "postgresql" or queryset.model is not Listing:
            return False
        used = self.used()
        return "q" in used or ("tag" in used and ("role" in used or "company" in used))

    def in_role(self, queryset, name, value):
        if self.in_document(queryset):
            return queryset.holding(Mark.ROLE, [value.pk])
        return queryset.filter(role=value)

    def at_company(self, queryset, name, value):
        if self.in_document(queryset):
            return queryset.holding(Mark.COMPANY, [value.pk])
        return queryset.filter(company=value)

    def located(self, queryset, name, value):
        """Jobs whose location contains the value, any case: those of the places that do
        (jobs.models.ListedPlace), an index condition, unless it names more than MAX_PLACES."""
        if value not in self._places:  # once per search, however many counts apply the filter
            self._places[value] = ListedPlace.objects.containing(value, limit=MAX_PLACES)
        places = self._places[value]
        if places is None:
            return queryset.filter(location__icontains=value)
        if not places:
            return queryset.none()
        if self.in_document(queryset):
            return queryset.holding(Mark.PLACE, places)
        return queryset.filter(location__in=places)

    def tags_named(self, value: str) -> list[tuple[int, str]]:
        """(id, slug) of the tags a tag filter's value names, by slug or by name: looked up once
        per search, however many counts apply the filter again."""
        if value not in self._tags:
            tags = Tag.objects.filter(Q(slug=value) | Q(name__iexact=value))
            self._tags[value] = list(tags.values_list("pk", "slug"))
        return self._tags[value]

    def table(self, used: dict):
        """The listings on the board that a search with these filters reads. For one tag, with
        no words, company or role, in the board's order: the tag's own (jobs.models.ListingTag),
        whose covering index answers the other filters alone. Otherwise every listing: with
        words, a company or a role, the tag is one more condition of the text search's GIN index
        (in_document), which skips through a common tag's range (a third of the board) by the
        rarer lexemes' (at 1,000,000 jobs "company=...&tag=sql" read 330,000 entries of the
        tag's range, 370 ms a request; bench/HISTORY.md, eighth round); and each salary order
        walks its own index of the listings, where the tag's range would be sorted whole."""
        narrower = ("q", "company", "role")
        salary_order = self.ordering_choice in (JobOrdering.SALARY_DESC, JobOrdering.SALARY_ASC)
        if "tag" in used and not salary_order and not any(name in used for name in narrower):
            tags = self.tags_named(used["tag"])
            if len(tags) == 1:
                return ListingTag.objects.visible().filter(tag_id=tags[0][0])
        return Listing.objects.visible()

    def posted_since(self, queryset, name, value):
        start = timezone.now() - timedelta(days=int(value))
        queryset = queryset.filter(published_at__gte=start)
        if self.in_document(queryset):
            # Where the text index serves the search, the window's days too, as their lexemes
            # (every document holds its day: migration 0020): alone, the window is a range the
            # planner may take as a share of a scan of the whole table, which reads the oldest
            # listings first and the window's, the newest, last (README, Performance).
            queryset = queryset.published_since(start)
        return queryset

    def only_featured(self, queryset, name, value):
        return queryset.featured()

    def order(self, queryset, name, value):
        return queryset.order_by(*ORDERINGS[value])

    @property
    def ordering_choice(self) -> str:
        if not self.is_bound:
            return JobOrdering.NEWEST
        self.form.is_valid()
        return self.form.cleaned_data.get("ordering") or JobOrdering.NEWEST

    def used(self) -> dict:
        """The valid filter values in use (a value the form refused is left out and named)."""
        if not self.is_bound:
            return {}
        self.form.is_valid()
        return {
            name: value
            for name, value in self.form.cleaned_data.items()
            if name not in NOT_FILTERS and value not in (None, "", [])
        }

    def listings(self, *, without=()):
        """The listings on the board that every filter in use keeps, bar those in `without`."""
        kept = {name: value for name, value in self.used().items() if name not in without}
        queryset = self.table(kept)
        for name, value in kept.items():
            if name == "country":
                condition = open_to_country(value, workplaces=kept.get("remote"))
                queryset = queryset.filter(condition)
            else:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def filter_queryset(self, queryset):
        """Given the listings on the board (the page) or jobs (the API, the feeds, the alerts),
        those the search finds, in its order: of jobs, those of the listings found."""
        listings = super().filter_queryset(self.table(self.used()).newest_first())
        if queryset.model is Listing:
            return listings
        if self.used():
            queryset = queryset.filter(pk__in=listings.values("job_id"))
        return queryset.order_by(*(job_order(term) for term in listings.query.order_by))

    def active_filters(self) -> list[tuple[str, str, str]]:
        """(parameter, value, label) for each valid filter in use: the removable chips."""
        chips = []
        for name, value in self.used().items():
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
        if callable(choices):  # the countries': "Country: Germany", not "DE"
            choices = choices()
        if choices:
            return dict((str(k), v) for k, v in choices).get(str(item), item)
        if name == "salary_min":
            return f"{int(item):,}"
        return item


JobFilter.base_filters = Filters(JobFilter.base_filters)
