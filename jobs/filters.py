import django_filters
from django import forms
from django.db.models import Q
from django_countries import countries

from jobs.models import Job, RemotePolicy
from salaries.choices import EmploymentType, ExperienceLevel, ReviewState
from salaries.models import Role


class JobFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    role = django_filters.ModelChoiceFilter(
        queryset=Role.objects.all(),  # narrowed in __init__ to roles with jobs on show
        to_field_name="slug",
        empty_label="All roles",
    )
    employment_type = django_filters.ChoiceFilter(
        choices=EmploymentType.choices, empty_label="Any type", label="Employment type"
    )
    experience_level = django_filters.ChoiceFilter(
        choices=ExperienceLevel.choices, empty_label="Any level", label="Experience level"
    )
    remote = django_filters.ChoiceFilter(
        field_name="remote_policy",
        choices=RemotePolicy.choices,
        empty_label="Any",
        label="Remote",
    )
    country = django_filters.ChoiceFilter(empty_label="Any country", label="Country")
    salary_from = django_filters.NumberFilter(
        method="salary_at_least",
        label="Salary from (USD a year)",
        min_value=0,
        max_value=5_000_000,
        widget=forms.NumberInput(attrs={"step": 5000, "placeholder": "e.g. 100000"}),
    )

    class Meta:
        model = Job
        fields = ["q", "role", "employment_type", "experience_level", "remote", "country"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["role"].queryset = Role.objects.filter(jobs__in=self.queryset).distinct()
        codes = set(self.queryset.order_by().values_list("country", flat=True)) - {""}
        self.filters["country"].extra["choices"] = sorted(
            ((code, countries.name(code)) for code in codes), key=lambda pair: pair[1]
        )

    def search(self, queryset, name, value):
        words = value.split()
        for word in words:
            queryset = queryset.filter(
                Q(title__icontains=word)
                | Q(company__name__icontains=word)
                | Q(location__icontains=word)
                | Q(description__icontains=word)
                | Q(tags__name__iexact=word)
            )
        return queryset.distinct() if words else queryset

    def salary_at_least(self, queryset, name, value):
        """Jobs whose shown salary reaches the floor; jobs without one can't promise it."""
        return queryset.filter(salary_review=ReviewState.ACCEPTED, salary_annual_usd_max__gte=value)
