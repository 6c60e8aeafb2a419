import django_filters
from django.db.models import Q

from salaries.choices import ExperienceLevel
from salaries.models import Role, SalaryRecord
from web.countries import country_names
from web.widgets import QuickSelect

ROLE_SORTS = {
    "most_data": ("Most data points", lambda role, summary: (-summary.n, role.name.casefold())),
    "name": ("Role name (A–Z)", lambda role, summary: role.name.casefold()),
    "highest": ("Highest median", lambda role, summary: (-summary.median, role.name.casefold())),
    "lowest": ("Lowest median", lambda role, summary: (summary.median, role.name.casefold())),
}


class RoleFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search roles", max_length=100)
    # Medians are computed after the query, so sorting happens in the view; the filter only
    # validates the choice.
    sort = django_filters.ChoiceFilter(
        choices=[(key, label) for key, (label, _key) in ROLE_SORTS.items()],
        method="validated_only",
        empty_label=None,
        label="Sort by",
        widget=QuickSelect,
    )

    class Meta:
        model = Role
        fields = ["q", "sort"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(name__icontains=value) | Q(aliases__icontains=value))

    def validated_only(self, queryset, name, value):
        return queryset

    def sort_key(self):
        chosen = self.form.cleaned_data.get("sort") if self.is_bound else None
        return ROLE_SORTS[chosen or "most_data"][1]

    def listed(self, summaries: dict) -> list[tuple]:
        """What the salary list shows: the matching roles with enough data, each with its
        Summary (from `summaries`, by role id), in the chosen order; none for a bad filter."""
        roles = self.qs if not self.is_bound or self.is_valid() else []
        rows = [
            (role, summaries[role.pk])
            for role in roles
            if role.pk in summaries and summaries[role.pk].enough
        ]
        key = self.sort_key()
        return sorted(rows, key=lambda pair: key(*pair))


class SalaryRecordFilter(django_filters.FilterSet):
    """Narrows one role's accepted records; the country and year lists hold what the role has."""

    experience_level = django_filters.ChoiceFilter(
        choices=ExperienceLevel.choices,
        empty_label="All levels",
        label="Experience level",
        widget=QuickSelect,
    )
    country = django_filters.ChoiceFilter(
        empty_label="All countries", label="Country", widget=QuickSelect
    )
    year = django_filters.ChoiceFilter(empty_label="All years", label="Year", widget=QuickSelect)

    class Meta:
        model = SalaryRecord
        fields = ["experience_level", "country", "year"]

    def __init__(self, *args, cells=None, **kwargs):
        """cells: the (country, year) pairs the records hold, when the caller knows them."""
        super().__init__(*args, **kwargs)
        present = cells
        if present is None:
            present = set(self.queryset.order_by().values_list("country", "year").distinct())
        codes = {code for code, _year in present if code}
        self.filters["country"].extra["choices"] = sorted(
            ((code, country_names().get(code, "")) for code in codes), key=lambda pair: pair[1]
        )
        years = sorted({year for _code, year in present}, reverse=True)
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]

    def chosen(self) -> dict:
        """The valid filters in use, by name: they name the cached figures and the JSON echoes
        them."""
        if not self.is_bound:
            return {}
        # A value the form refused is left out (and named on the page, which answers 400); the
        # others still apply, as on the job search (web/pagination.py's rule for every list).
        self.is_valid()
        cleaned = getattr(self.form, "cleaned_data", {})
        return {name: value for name, value in cleaned.items() if value}
