import itertools
from datetime import UTC, timedelta
from decimal import Decimal
from unittest import mock
from urllib.parse import urlencode

import django_filters
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import Q
from django.http import QueryDict
from django.utils import timezone
from django_filters import fields as filter_fields
from taggit.models import Tag

from jobs.facets import facets as job_facets
from jobs.filters import (
    CHECKBOX_FACETS,
    MATCH_ORDERS,
    ORDERINGS,
    CountryField,
    JobFilter,
    country_choices,
    open_to_country,
)
from jobs.models import Company, Job, Listing, ListingTag
from salaries.choices import ReviewState
from salaries.models import Role
from tests.factories import (
    CompanyFactory,
    ExchangeRateFactory,
    FeaturedJobFactory,
    PublishedJobFactory,
    RoleFactory,
    SubmittedJobFactory,
)
from web.countries import country_names

pytestmark = pytest.mark.django_db


def query(data) -> QueryDict:
    return QueryDict(urlencode(data, doseq=True))


def run(data) -> JobFilter:
    return JobFilter(query(data), queryset=Job.objects.visible())


def titles(data):
    filterset = run(data)
    assert filterset.is_valid(), filterset.errors
    return sorted(job.title for job in filterset.qs)


def ordered_titles(data):
    filterset = run(data)
    assert filterset.is_valid(), filterset.errors
    return [job.title for job in filterset.qs]


@pytest.fixture
def jobs():
    engineer = RoleFactory(name="Data Engineer")
    scientist = RoleFactory(name="Data Scientist")
    pipeline = PublishedJobFactory(
        title="Pipeline Engineer",
        role=engineer,
        employment_type="FT",
        experience_level="SE",
        remote_policy="remote",
        country="US",
        location="Austin, TX",
        salary_min=Decimal(150_000),
        salary_max=Decimal(180_000),
        published_at=timezone.now() - timedelta(hours=5),
        description="Own our **Airflow** pipelines.",
    )
    pipeline.tags.add("python", "Apache Spark")
    PublishedJobFactory(
        title="Junior Analyst",
        role=scientist,
        employment_type="IN",
        experience_level="EN",
        remote_policy="onsite",
        country="DE",
        location="Berlin",
        company=CompanyFactory(name="Fjord Robotics"),
        salary_min=Decimal(40_000),
        salary_max=Decimal(50_000),
        published_at=timezone.now() - timedelta(days=10),
    )
    FeaturedJobFactory(
        title="Hidden Salary",
        role=scientist,
        employment_type="CT",
        experience_level="MI",
        remote_policy="hybrid",
        country="GB",
        location="London",
        salary_min=Decimal(200_000),
        salary_max=Decimal(900_000),
        salary_review=ReviewState.NEEDS_REVIEW,
        published_at=timezone.now() - timedelta(days=2),
    )
    PublishedJobFactory(
        title="No Salary",
        role=None,
        employment_type="FT",
        experience_level="",
        remote_policy="remote",
        country="",
        location="",
        salary_min=None,
        salary_max=None,
        salary_currency="",
        salary_period="",
        published_at=timezone.now() - timedelta(days=40),
        expires_at=timezone.now() + timedelta(days=5),
    )


def test_each_filter_narrows_the_list(jobs):
    assert titles({"role": "data-engineer"}) == ["Pipeline Engineer"]
    assert titles({"employment_type": "IN"}) == ["Junior Analyst"]
    assert titles({"experience_level": "MI"}) == ["Hidden Salary"]
    assert titles({"remote": "hybrid"}) == ["Hidden Salary"]
    # Based in Germany, or remote and open to applicants anywhere ("No Salary").
    assert titles({"country": "DE"}) == ["Junior Analyst", "No Salary"]
    assert titles({"location": "berl"}) == ["Junior Analyst"]
    assert titles({"company": "fjord-robotics"}) == ["Junior Analyst"]
    assert titles({"tag": "python"}) == ["Pipeline Engineer"]
    assert titles({"tag": "apache-spark"}) == ["Pipeline Engineer"]
    assert titles({"featured": "1"}) == ["Hidden Salary"]
    assert titles({"posted_within": "1"}) == ["Pipeline Engineer"]
    assert titles({"posted_within": "14"}) == [
        "Hidden Salary",
        "Junior Analyst",
        "Pipeline Engineer",
    ]
    assert titles({"has_salary": "1"}) == ["Junior Analyst", "Pipeline Engineer"]


def test_a_country_keeps_remote_jobs_open_to_it(jobs):
    """Issue 12: a remote job open anywhere must not vanish when a seeker picks their country."""
    assert titles({"country": "DE", "remote": "remote"}) == ["No Salary"]
    assert titles({"country": "US", "remote": "remote"}) == ["No Salary", "Pipeline Engineer"]
    assert titles({"country": "GB", "remote": "onsite"}) == []
    assert titles({"country": "DE", "remote": ["onsite", "hybrid"]}) == ["Junior Analyst"]
    assert titles({"country": "DE", "remote": ["onsite", "remote"]}) == [
        "Junior Analyst",
        "No Salary",
    ]
    assert "remote jobs open to applicants anywhere" in run({}).form["country"].help_text


def test_a_workplace_filter_without_remote_leaves_the_jobs_open_anywhere_unread():
    open_anywhere = Q(country__in=["DE", ""]) & ~(Q(country="") & ~Q(remote_policy="remote"))
    assert open_to_country("DE") == open_anywhere
    assert open_to_country("DE", workplaces=["remote", "hybrid"]) == open_anywhere
    assert open_to_country("DE", workplaces=["onsite", "hybrid"]) == Q(country="DE")
    assert open_to_country("DE", workplaces=[]) == open_anywhere


def test_facet_filters_take_several_values(jobs):
    assert titles({"employment_type": ["IN", "CT"]}) == ["Hidden Salary", "Junior Analyst"]
    assert titles({"experience_level": ["EN", "SE"]}) == ["Junior Analyst", "Pipeline Engineer"]
    assert titles({"remote": ["remote", "hybrid"]}) == [
        "Hidden Salary",
        "No Salary",
        "Pipeline Engineer",
    ]


@pytest.mark.parametrize(
    "q, expected",
    [
        ("fjord", ["Junior Analyst"]),  # the company's name
        ("pipeline engineer", ["Pipeline Engineer"]),  # every word of the title
        ("airflow", ["Pipeline Engineer"]),  # the description
        ("python", ["Pipeline Engineer"]),  # a tag
        ("quantum", []),
    ],
)
def test_text_search_looks_at_title_company_description_and_tags(jobs, q, expected):
    assert titles({"q": q}) == expected


def test_salary_floor_uses_the_shown_yearly_maximum_only(jobs):
    assert titles({"salary_min": "100000"}) == ["Pipeline Engineer"]
    assert titles({"salary_min": "180000"}) == ["Pipeline Engineer"]
    assert titles({"salary_min": "180001"}) == []
    # The held-back 900,000 never counts, nor does a job without a salary.
    assert titles({"salary_min": "0"}) == ["Junior Analyst", "Pipeline Engineer"]
    # Any whole number is a floor (issue 12: the form once only took steps of 5,000), and the
    # field says which end of the range it compares with.
    assert titles({"salary_min": "123457"}) == ["Pipeline Engineer"]
    assert "at its top" in run({}).form["salary_min"].help_text


def test_salary_floor_compares_other_currencies_in_usd():
    ExchangeRateFactory(currency="EUR", units_per_usd=Decimal("0.5"))
    job = PublishedJobFactory(
        title="Euro job", salary_min=Decimal(60_000), salary_max=Decimal(70_000)
    )
    job.salary_currency = "EUR"
    job.judge_salary()
    job.save()
    assert job.salary_annual_usd_max == 140_000
    assert titles({"salary_min": "140000"}) == ["Euro job"]
    assert titles({"salary_min": "140001"}) == []


def test_filters_combine(jobs):
    assert titles({"country": "US", "employment_type": "IN"}) == []
    assert titles({"employment_type": "FT", "remote": "remote", "has_salary": "1"}) == [
        "Pipeline Engineer"
    ]
    assert titles({"q": "analyst", "country": "DE", "experience_level": "EN"}) == ["Junior Analyst"]


def test_oldest_first_is_the_board_order_reversed(jobs):
    assert ordered_titles({"ordering": "oldest"}) == list(reversed(ordered_titles({})))


def test_a_job_queryset_comes_back_as_jobs_in_the_search_order(jobs):
    """The API, the feeds and the alerts hand JobFilter a Job queryset and get jobs back."""
    found = run({"ordering": "salary_desc", "remote": ["remote", "onsite"]}).qs
    assert found.model is Job
    assert [job.title for job in found] == ["Pipeline Engineer", "Junior Analyst", "No Salary"]


def test_orderings(jobs):
    assert ordered_titles({}) == [
        "Pipeline Engineer",
        "Hidden Salary",
        "Junior Analyst",
        "No Salary",
    ]
    # Held-back and missing salaries sort last, whichever the direction.
    assert ordered_titles({"ordering": "salary_desc"}) == [
        "Pipeline Engineer",
        "Junior Analyst",
        "Hidden Salary",
        "No Salary",
    ]
    assert ordered_titles({"ordering": "salary_asc"}) == [
        "Junior Analyst",
        "Pipeline Engineer",
        "Hidden Salary",
        "No Salary",
    ]


@pytest.mark.parametrize(
    "data, field",
    [
        ({"employment_type": "ZZ"}, "employment_type"),
        ({"experience_level": "XX"}, "experience_level"),
        ({"remote": "sometimes"}, "remote"),
        ({"salary_min": "abc"}, "salary_min"),
        ({"salary_min": "-5"}, "salary_min"),
        ({"salary_min": "1e400"}, "salary_min"),
        ({"posted_within": "-1"}, "posted_within"),
        ({"role": "no-such-role"}, "role"),
        ({"company": "no-such-company"}, "company"),
        ({"country": "XX"}, "country"),
        ({"ordering": "random"}, "ordering"),
        ({"q": "x" * 10_000}, "q"),
        ({"q": "data\x00engineer"}, "q"),
        ({"role": "data\x00engineer"}, "role"),
        ({"has_salary": "maybe"}, "has_salary"),
    ],
)
def test_bad_values_are_named_and_the_other_filters_still_apply(jobs, data, field):
    filterset = run({**data, "country": data.get("country", "DE")} if field != "country" else data)
    assert field in filterset.errors
    if field != "country":
        assert [job.title for job in filterset.qs] == ["Junior Analyst", "No Salary"]


def facet_truth(data, name, value):
    """What the facet count must be: the filters with this facet's own choice replaced."""
    return len(titles({**data, name: value}))


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"employment_type": "FT"},
        {"employment_type": ["FT", "IN"], "remote": "remote"},
        {"experience_level": "SE", "country": "US"},
        {"role": "data-scientist", "has_salary": "1"},
        {"q": "engineer", "remote": ["remote", "onsite"]},
        # A workplace filter without "remote" reads only the country's own jobs; the workplace
        # counts, which leave it out, still count the jobs open anywhere.
        {"country": "DE", "remote": "onsite"},
        {"country": "US", "remote": ["hybrid", "onsite"]},
        {"country": "GB", "remote": ["remote", "hybrid"]},
        # A location names its places (jobs.models.ListedPlace) in every count.
        {"location": "LON", "remote": ["remote", "hybrid"]},
        {"location": "in", "employment_type": "FT"},
    ],
)
def test_facet_counts_equal_the_results_each_choice_would_give(jobs, data):
    filterset = run(data)
    facets = job_facets(filterset)
    assert facets.total == filterset.qs.count()
    for name in CHECKBOX_FACETS:
        for value, _ in filterset.filters[name].extra["choices"]:
            assert facets.counts[name][value] == facet_truth(data, name, value), (name, value)
    for slug, _, n in facets.roles:
        assert n == facet_truth(data, "role", slug)
    for code, _, n in facets.countries:
        assert n == facet_truth(data, "country", code)
    # Every role and country with a job under the other filters is offered, and none without.
    offered = {slug for slug, *_ in facets.roles}
    assert offered == {
        slug for slug in ("data-engineer", "data-scientist") if facet_truth(data, "role", slug)
    }


def tagged_among(data, slug: str) -> list[int]:
    """The jobs the other filters find, in their order, that carry this tag: found without the
    tag's own listings (jobs.models.ListingTag), from taggit's table."""
    tagged = set(Job.objects.filter(tags__slug=slug).values_list("pk", flat=True))
    return [job.pk for job in run(data).qs if job.pk in tagged]


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"remote": "remote"},
        {"country": "US", "employment_type": ["FT", "CT"]},
        {"salary_min": "100000"},
        {"featured": "1"},
        {"posted_within": "3", "has_salary": "1"},
        {"ordering": "newest", "country": "DE"},
        {"ordering": "oldest", "experience_level": ["SE", "MI", "EN"]},
    ],
)
def test_a_tag_alone_reads_its_own_listings_and_finds_what_taggit_says(jobs, data):
    for title in ("Hidden Salary", "No Salary"):
        Job.objects.get(title=title).tags.add("python")
    filterset = run({**data, "tag": "python"})
    assert filterset.table(filterset.used()).model is ListingTag
    expected = tagged_among(data, "python")
    assert [job.pk for job in filterset.qs] == expected
    facets = job_facets(filterset)
    assert facets.total == len(expected)
    assert sorted(match.job_id for match in facets.matches) == sorted(expected)
    for name in CHECKBOX_FACETS:
        for value, _ in filterset.filters[name].extra["choices"]:
            truth = len(tagged_among({**data, name: value}, "python"))
            assert facets.counts[name][value] == truth, (name, value)
    for code, _, n in facets.countries:
        assert n == len(tagged_among({**data, "country": code}, "python"))
    for slug, _, n in facets.roles:
        assert n == len(tagged_among({**data, "role": slug}, "python"))


def test_a_salary_order_with_a_tag_walks_the_listings_salary_index(jobs):
    """A tag's own rows have no salary order: the tag's range would be sorted whole."""
    for ordering in ("salary_desc", "salary_asc"):
        search = run({"tag": "python", "ordering": ordering})
        assert search.table(search.used()).model is Listing
        assert titles({"tag": "python", "ordering": ordering}) == ["Pipeline Engineer"]


@pytest.mark.parametrize(
    "data, expected",
    [
        ({"q": "pipeline"}, ["Pipeline Engineer"]),
        ({"q": "analyst"}, []),
        ({"role": "data-engineer"}, ["Pipeline Engineer"]),
        ({"role": "data-scientist"}, []),
        ({"company": "fjord-robotics"}, []),
    ],
)
def test_a_tag_with_words_a_company_or_a_role_is_searched_among_all_listings(jobs, data, expected):
    search = run({**data, "tag": "python"})
    assert search.table(search.used()).model is Listing
    assert titles({**data, "tag": "python"}) == expected
    # A facet's count leaves its own choice out: without the role, the tag's own listings.
    assert search.table({"tag": "python"}).model is ListingTag


def test_a_tag_naming_two_tags_is_searched_among_all_listings(jobs):
    # "ml" is one tag's slug and another's name: either tag is a match.
    Job.objects.get(title="Junior Analyst").tags.add(Tag.objects.create(name="ML", slug="ml-2"))
    Job.objects.get(title="No Salary").tags.add(
        Tag.objects.create(name="Machine learning", slug="ml")
    )
    Job.objects.get(title="Pipeline Engineer").tags.add("ML", "Machine learning")  # both
    two = run({"tag": "ml"})
    assert two.table(two.used()).model is Listing
    assert titles({"tag": "ml"}) == ["Junior Analyst", "No Salary", "Pipeline Engineer"]
    assert job_facets(two).total == 3  # the job with both tags once
    assert titles({"tag": "no-such-tag"}) == []


def test_facet_counts_match_a_plain_count_for_every_combination_of_two_facets(jobs):
    choices = {"employment_type": ["FT", "IN", "CT"], "remote": ["remote", "onsite", "hybrid"]}
    for combo in itertools.product(*choices.values()):
        data = dict(zip(choices, combo, strict=True))
        facets = job_facets(run(data))
        assert facets.total == len(titles(data))


def test_active_filters_label_each_value(jobs):
    chips = run({"employment_type": ["FT", "IN"], "salary_min": "90000", "role": "data-engineer"})
    labels = [label for _, _, label in chips.active_filters()]
    assert "Employment type: Full Time" in labels
    assert "Employment type: Internship" in labels
    assert "Salary at least (USD a year): 90,000" in labels
    assert "Role: Data Engineer" in labels


def test_a_chip_carries_the_value_as_typed_so_its_link_removes_it(jobs):
    chips = run({"q": "python ", "salary_min": "1e5", "employment_type": ["FT", "IN"]})
    raw = {(name, value) for name, value, _ in chips.active_filters()}
    assert ("q", "python ") in raw and ("salary_min", "1e5") in raw
    assert ("employment_type", "FT") in raw and ("employment_type", "IN") in raw


@pytest.mark.parametrize(
    "hidden",
    [
        lambda company: SubmittedJobFactory(company=company),  # waiting for review
        lambda company: PublishedJobFactory(  # ended
            company=company,
            published_at=timezone.now() - timedelta(days=40),
            expires_at=timezone.now() - timedelta(days=1),
        ),
        lambda company: None,  # no job at all
    ],
)
def test_a_company_without_a_public_job_is_refused_like_an_unknown_one(hidden):
    """Issue 19.9: the filter's answer must not tell that a hidden company exists."""
    company = CompanyFactory(name="Stealth Labs")
    hidden(company)
    refused = run({"company": "stealth-labs"})
    unknown = run({"company": "no-such-company"})
    assert refused.errors == unknown.errors
    assert "company" in refused.errors
    PublishedJobFactory(company=company, title="Now Hiring")
    assert titles({"company": "stealth-labs"}) == ["Now Hiring"]


def test_a_company_is_checked_against_the_board_only_when_given():
    """The companies on the board are asked per search, only for a value to check
    (JobFilter.form): a search without one offers no company choices, not stale ones."""
    company = CompanyFactory(name="Open Labs")
    PublishedJobFactory(company=company)
    without = run({"q": "x"})
    assert without.is_valid() and list(without.form.fields["company"].queryset) == []
    given = run({"company": "open-labs"})
    assert given.is_valid() and list(given.form.fields["company"].queryset) == [company]


def test_each_search_filters_with_copies_of_its_own(jobs, monkeypatch):
    """The filters are copied for each search one by one (jobs.filters.Filters), not deep-
    copied: each copy belongs to its own search, and a method filter calls its own search."""
    first, second = run({"q": "pipeline"}), run({"q": "nowhere"})
    for name, base in JobFilter.base_filters.items():
        mine, theirs = first.filters[name], second.filters[name]
        assert mine is not theirs and mine is not base
        assert mine.extra is not theirs.extra and mine.extra is not base.extra
        assert mine.parent is first and theirs.parent is second
    # What a search writes into a filter stays its own: making the form class, django-filter
    # puts the companies' queryset of that moment into the filter's `extra`.
    monkeypatch.delattr(JobFilter, "_form_class", raising=False)
    made = run({"company": "no-such-company"})
    assert made.form is not None and not callable(made.filters["company"].extra["queryset"])
    assert callable(JobFilter.base_filters["company"].extra["queryset"])
    assert "Pipeline Engineer" in [job.title for job in first.qs]
    assert list(second.qs) == []


@pytest.mark.parametrize("ordering", list(ORDERINGS))
def test_a_search_within_the_bound_is_paged_in_the_databases_own_order(ordering):
    """The matches the facets read are put in order in Python (jobs/views.py): the same order as
    the database's, tie for tie, NULL salaries last both ways."""
    at = timezone.now() - timedelta(days=2)
    for minimum, maximum in [(50, 90), (50, 90), (None, None), (70, 70), (None, None), (60, 120)]:
        salary = {"salary_min": None, "salary_max": None, "salary_currency": ""}
        salary["salary_period"] = ""
        if minimum:
            salary = {"salary_min": Decimal(minimum * 1000), "salary_max": Decimal(maximum * 1000)}
        PublishedJobFactory(published_at=at, **salary)
    PublishedJobFactory.create_batch(2, published_at=at + timedelta(hours=1))
    found = job_facets(run({}))
    in_python = [m.job_id for m in sorted(found.matches, key=MATCH_ORDERS[ordering])]
    in_database = list(
        Listing.objects.visible().order_by(*ORDERINGS[ordering]).values_list("job_id", flat=True)
    )
    assert in_python == in_database


def test_a_country_is_checked_against_a_list_read_once(monkeypatch):
    """The names come from django-countries once per process; checking a search's country, or
    naming it on a chip, never walks django-countries' lazy list again (2.5 ms a search)."""
    from django_countries import Countries

    country_names()  # read once, before the search
    walks = []
    original = Countries.__iter__
    monkeypatch.setattr(Countries, "__iter__", lambda self: walks.append(1) or original(self))
    found = JobFilter(QueryDict("country=DE"), queryset=Job.objects.all())
    assert found.form.is_valid()
    assert found.active_filters() == [("country", "DE", "Country: Germany")]
    refused = JobFilter(QueryDict("country=XX"), queryset=Job.objects.all())
    assert not refused.form.is_valid() and "XX is not one of" in str(refused.form.errors)
    assert walks == []


def test_a_country_is_checked_as_the_choice_field_it_replaces_would():
    """CountryField looks a code up in the names' dict rather than walking the 250 choices: the
    same answer and error as django-filter's ChoiceField for every code, near miss and odd
    value, required or not."""

    def outcome(field, value):
        try:
            return ("ok", field.clean(value))
        except ValidationError as error:
            return ("error", [item.code for item in error.error_list])

    values = [*country_names(), "de", " DE", "DE ", "\tDE", "D", "XX", "EU", "Germany", "null"]
    values += ["", None, [], ["DE"], ("DE",), 49, 0, "0"]
    for required in (False, True):
        ours = CountryField(choices=country_choices, required=required)
        replaced = filter_fields.ChoiceField(choices=country_choices, required=required)
        assert [outcome(ours, v) for v in values] == [outcome(replaced, v) for v in values]
    assert run({"country": "DE"}).is_valid()
    assert "country" in run({"country": "de"}).errors


def test_the_form_class_is_made_once_and_each_search_has_its_own_form(jobs):
    first, second = run({"country": "XX"}), run({"country": "DE"})
    assert type(first.form) is type(second.form)
    assert "country" in first.errors and second.is_valid()
    first.form.fields["q"].label = "changed by one search"
    assert second.form.fields["q"].label == "Search"
    assert run({}).form.fields["q"].label == "Search"


def test_each_form_has_fields_and_widgets_of_its_own_copied_one_by_one(jobs):
    """The form's fields are copied for each search one by one (jobs.filters.FormFields), not
    deep-copied: what one search sets on its field or widget never reaches another's."""
    first, second = run({"role": "no-such-role"}), run({})
    base = type(first.form).base_fields
    for name, field in first.form.fields.items():
        theirs = second.form.fields[name]
        assert field is not theirs and field is not base[name]
        assert field.widget is not theirs.widget and field.widget.attrs is not theirs.widget.attrs
    first.form.fields["country"].widget.attrs["data-x"] = "1"
    assert "data-x" not in second.form.fields["country"].widget.attrs
    assert "data-x" not in run({}).form.fields["country"].widget.attrs
    # A queryset set on one search's field stays its own, its widget's choices with it.
    roles = first.form.fields["role"]
    roles.queryset = roles.queryset.none()
    assert second.form.fields["role"].queryset is not roles.queryset
    assert list(roles.widget.choices) == [("", "---------")]
    assert len(list(second.form.fields["role"].widget.choices)) == Role.objects.count() + 1 > 1


def test_a_subclass_makes_its_own_form_class():
    class Narrower(JobFilter):
        extra = django_filters.CharFilter(label="Extra")

    assert "extra" not in run({}).form.fields  # the parent's class is made first
    assert "extra" in Narrower(query({})).form.fields
    assert "extra" not in run({}).form.fields


def test_the_company_filter_asks_the_clock_of_each_search_not_of_the_first():
    """The form's class is made once per process; which companies are on the board is asked
    anew by each search's form."""
    company = CompanyFactory(name="Brief Labs")
    PublishedJobFactory(company=company, expires_at=timezone.now() + timedelta(hours=1))
    assert run({"company": "brief-labs"}).is_valid()  # the class exists from here on
    later = timezone.now() + timedelta(hours=2)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert "company" in run({"company": "brief-labs"}).errors


LOCATIONS = [
    "London",
    "london, UK",
    "New London, CT",
    "Berlin",
    "Londrina",
    "100% Remote",
    "Val d'Or",  # quoted in a lexeme's tsquery as tsquery's syntax asks
    "C:\\Remote\\",
    "Zürich",
    "",
]


@pytest.fixture
def placed():
    for location in LOCATIONS:
        PublishedJobFactory(title=f"Job in {location or 'nowhere'}", location=location)


@pytest.mark.parametrize(
    "value",
    [
        *["london", "LONDON", "Lond", "don, u", "berlin", "xyz", "%", "0% r", "_", "n", "d'or"],
        *["\\", "zür", "ÜRICH"],
    ],
)
def test_a_location_finds_what_contains_in_any_case_finds(placed, value):
    """The filter names the places that contain the value (jobs.models.ListedPlace): it finds
    exactly the jobs Django's `icontains` on each job finds, LIKE's wildcards taken literally."""
    expected = sorted(
        Job.objects.visible().filter(location__icontains=value).values_list("title", flat=True)
    )
    assert titles({"location": value}) == expected
    assert facet_truth({"location": value}, "remote", "onsite") == len(expected)
    # With words, the places are lexemes of the document on PostgreSQL: the same jobs.
    assert titles({"location": value, "q": "job"}) == expected


def test_a_location_is_matched_against_the_places_then_listed_by_an_index_condition(placed):
    sql, params = run({"location": "london"}).listings().query.sql_with_params()
    assert '"location" IN (' in sql and "LIKE" not in sql
    assert {"London", "london, UK", "New London, CT"} <= set(params)
    assert "Berlin" not in params and "Londrina" not in params


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the document is PostgreSQL's")
def test_with_words_the_places_are_conditions_of_the_text_index(placed):
    sql, params = run({"location": "london", "q": "job"}).listings().query.sql_with_params()
    assert sql.count("@@") == 2 and '"location" IN (' not in sql
    [lexemes] = [param for param in params if "place=" in str(param)]
    assert set(lexemes.split(" | ")) == {
        "'place=London'",
        "'place=london, UK'",
        "'place=New London, CT'",
    }


def test_a_location_naming_more_places_than_the_limit_tests_each_listing(placed, monkeypatch):
    expected = titles({"location": "lon"})
    assert len(expected) == 4
    monkeypatch.setattr("jobs.filters.MAX_PLACES", 3)
    sql, params = run({"location": "lon"}).listings().query.sql_with_params()
    assert "LIKE" in sql and '"location" IN (' not in sql
    assert titles({"location": "lon"}) == expected


def test_a_location_no_place_has_finds_nothing_and_asks_once(placed, django_assert_num_queries):
    filterset = run({"location": "atlantis"})
    assert list(filterset.qs) == []
    with django_assert_num_queries(0):  # the places were asked once for this search
        filterset.listings()


@pytest.fixture
def worded():
    """Jobs that share words, roles and companies in every combination."""
    roles = [RoleFactory(name="Data Engineer"), RoleFactory(name="Data Scientist"), None]
    companies = [CompanyFactory(name="Fjord Robotics"), CompanyFactory(name="Quasar Labs")]
    for role, company, title in itertools.product(
        roles, companies, ["Senior Python Engineer", "Python Analyst", "Spark Wizard"]
    ):
        PublishedJobFactory(title=title, role=role, company=company)


def ids(data) -> list[int]:
    filterset = run(data)
    assert filterset.is_valid(), filterset.errors
    return sorted(job.pk for job in filterset.qs)


@pytest.mark.parametrize("words", ["python", "senior python", "wizard", "robotics", "nothing"])
@pytest.mark.parametrize("role", ["data-engineer", "data-scientist", None])
@pytest.mark.parametrize("company", ["fjord-robotics", "quasar-labs", None])
def test_words_with_a_role_or_a_company_find_what_each_filter_alone_keeps(
    worded, words, role, company
):
    """With words, a role or a company is a lexeme of the document on PostgreSQL
    (jobs.filters.JobFilter.in_document), elsewhere its own condition: either way the search
    finds the jobs the words find that have that role and company, and every count agrees."""
    data, kept = narrowed({"q": words}, Job.objects.visible(), role=role, company=company)
    expected = sorted(set(ids({"q": words})) & set(kept.values_list("pk", flat=True)))
    assert_finds(data, expected)


def narrowed(data, kept, *, role, company):
    """The search's `data` and the jobs it should keep, narrowed to a role and a company where
    given."""
    if role:
        data, kept = {**data, "role": role}, kept.filter(role__slug=role)
    if company:
        data, kept = {**data, "company": company}, kept.filter(company__slug=company)
    return data, kept


def assert_finds(data, expected):
    """The search finds these jobs, and its total and every role's count agree with them."""
    assert ids(data) == expected
    facets = job_facets(run(data))
    assert facets.total == len(expected)
    for slug, _, n in facets.roles:
        assert n == facet_truth(data, "role", slug)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the document is PostgreSQL's")
def test_with_words_a_role_and_a_company_are_conditions_of_the_text_index(worded):
    role, company = Role.objects.get(slug="data-engineer"), Company.objects.get(slug="quasar-labs")
    data = {"q": "python", "role": role.slug, "company": company.slug}
    sql, params = run(data).listings().query.sql_with_params()
    assert sql.count("@@") == 3  # the words, the role, the company
    assert '"role_id" =' not in sql and '"company_id" =' not in sql
    assert f"'role={role.pk}'" in params and f"'company={company.pk}'" in params
    # Without words, each is its own condition (an index of its own).
    sql, _ = run({"role": role.slug, "company": company.slug}).listings().query.sql_with_params()
    assert "@@" not in sql and '"role_id" =' in sql and '"company_id" =' in sql


@pytest.fixture
def tagged_worded(worded):
    """The worded jobs, the Python titles tagged python, one Spark Wizard tagged spark and another
    tagged Spark (apache-spark): "spark" names both tags."""
    for job in Job.objects.filter(title__contains="Python"):
        job.tags.add("python")
    Job.objects.filter(title="Spark Wizard").first().tags.add("spark")
    # "spark" names two tags: the slug of one, the name of another.
    Job.objects.filter(title="Spark Wizard").last().tags.add(
        Tag.objects.create(name="Spark", slug="apache-spark")
    )


@pytest.mark.parametrize("tag", ["python", "spark", "nothing"])
@pytest.mark.parametrize("role", ["data-engineer", "data-scientist", None])
@pytest.mark.parametrize("company", ["fjord-robotics", "quasar-labs", None])
def test_a_tag_beside_a_role_or_a_company_finds_what_each_filter_alone_keeps(
    tagged_worded, tag, role, company
):
    """Beside a role or a company, a tag is a lexeme of the document on PostgreSQL, and so are
    they (jobs.filters.JobFilter.in_document): the search finds the tag's jobs that have that
    role and company, and every count agrees."""
    named = Q(tags__slug=tag) | Q(tags__name__iexact=tag)
    tagged = Job.objects.visible().filter(pk__in=Job.objects.filter(named).values("pk"))
    data, kept = narrowed({"tag": tag}, tagged, role=role, company=company)
    assert_finds(data, sorted(kept.values_list("pk", flat=True)))


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the document is PostgreSQL's")
@pytest.mark.parametrize("beside", ["role", "company"])
def test_a_tag_beside_a_role_or_a_company_is_a_condition_of_the_text_index(tagged_worded, beside):
    value = {"role": "data-engineer", "company": "quasar-labs"}[beside]
    search = run({"tag": "python", beside: value})
    sql, params = search.listings().query.sql_with_params()
    assert sql.count("@@") == 2 and "EXISTS" not in sql  # the tag's and the role's or company's
    assert "'#python'" in params
    # The count that leaves the role or the company out reads the tag's own listings.
    assert search.listings(without=(beside,)).model is ListingTag


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the document is PostgreSQL's")
def test_a_lexeme_typed_as_words_is_searched_as_words(worded):
    """The marks are no word's: "role=12" typed is the words "role" and "12" side by side, found
    in a job that says them, not in the role's jobs, whose documents hold the lexeme."""
    role, company = Role.objects.get(slug="data-engineer"), Company.objects.get(slug="quasar-labs")
    says = PublishedJobFactory(
        title=f"Role {role.pk} at company {company.pk}, place London", role=None, location=""
    )
    in_role = Job.objects.filter(role=role).exclude(pk=says.pk).first()
    in_role.location = "London"
    in_role.save()
    for typed in (f"role={role.pk}", f"company={company.pk}", "place=London"):
        assert ids({"q": typed}) == [says.pk], typed


def test_words_with_a_tag_a_role_a_company_and_a_location_at_once(worded):
    job = Job.objects.get(
        title="Senior Python Engineer", role__slug="data-engineer", company__slug="quasar-labs"
    )
    job.location = "Zürich"
    job.save()
    job.tags.add("python")
    other = Job.objects.get(
        title="Python Analyst", role__slug="data-engineer", company__slug="quasar-labs"
    )
    other.location = "Zürich"
    other.save()  # the same but for its tag
    data = {
        "q": "python",
        "tag": "python",
        "role": "data-engineer",
        "company": "quasar-labs",
        "location": "zür",
    }
    assert ids(data) == [job.pk]
    assert job_facets(run(data)).total == 1


@pytest.mark.parametrize("days", ["1", "3", "7", "30"])
def test_words_posted_within_a_window_find_the_window_s_jobs_to_the_second(days, monkeypatch):
    """With words, the window is also its days' lexemes on PostgreSQL (a GIN condition), which
    take in the whole UTC day it starts in: the window's own bound still decides, so a job
    published that day a second before the window's start is left out, one a second after it
    kept. The clock stands at midday, so both are on the window's first day."""
    now = timezone.now().astimezone(UTC).replace(hour=12, minute=0, second=0, microsecond=0)
    monkeypatch.setattr(timezone, "now", lambda: now)
    start = now - timedelta(days=int(days))
    ages = {
        "inside": timedelta(0),
        "just inside": timedelta(days=int(days)) - timedelta(seconds=1),
        "just outside": timedelta(days=int(days)) + timedelta(seconds=1),
        "long ago": timedelta(days=40),
    }
    made = {
        name: PublishedJobFactory(title=f"Forecasting {name}", published_at=now - age)
        for name, age in ages.items()
    }
    PublishedJobFactory(title="Pipeline Engineer", published_at=now)
    expected = sorted(job.pk for job in made.values() if job.published_at >= start)
    assert expected == sorted([made["inside"].pk, made["just inside"].pk])
    assert_finds({"q": "forecasting", "posted_within": days}, expected)
    if connection.vendor == "postgresql":
        sql, _ = run({"q": "forecasting", "posted_within": days}).listings().query.sql_with_params()
        assert sql.count("@@") == 2  # the words, the window's days
