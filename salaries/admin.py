from django.contrib import admin, messages
from django_countries.filters import CountryFilter

from salaries.choices import FlagCode, ReviewState
from salaries.fields import VERDICT
from salaries.formatting import format_salary
from salaries.models import ExchangeRate, Role, SalaryRecord, SalaryReviewItem, SalarySource
from salaries.services import records_review


def records(count: int) -> str:
    return f"{count} salary record{'' if count == 1 else 's'}"


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "alias_list"]
    search_fields = ["name", "aliases"]
    prepopulated_fields = {"slug": ["name"]}

    def has_module_permission(self, request):
        # Who may only look roles up (employers, to pick a job's role) has no use for the list.
        return request.user.has_perm("salaries.change_role")

    def get_search_results(self, request, queryset, search_term):
        # Best match first, so that Enter in a job's role box picks the role meant.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        return queryset.best_first(search_term), may_have_duplicates

    def autocomplete_label(self, role) -> str:
        """A role in a choice list, with how many salaries its figures rest on."""
        count = getattr(role, "salary_count", None)
        if count is None:
            return role.name
        if count == 0:
            return f"{role.name} (no salary data yet)"
        return f"{role.name} ({count:,} salar{'y' if count == 1 else 'ies'})"


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "units_per_usd", "date"]
    list_filter = ["date"]
    search_fields = ["currency"]
    date_hierarchy = "date"


@admin.register(SalarySource)
class SalarySourceAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "imported_at",
        "rows_read",
        "rows_imported",
        "rows_flagged",
        "rows_refused",
    ]
    list_filter = ["from_file"]
    search_fields = ["name", "description"]
    date_hierarchy = "imported_at"
    readonly_fields = [
        "checksum",
        "imported_at",
        "rows_read",
        "rows_imported",
        "rows_flagged",
        "rows_refused",
    ]

    def has_add_permission(self, request):
        return False  # sources are made by `manage.py import_salaries` and by job postings


class ReasonFilter(admin.SimpleListFilter):
    title = "review reason"
    parameter_name = "reason"

    def lookups(self, request, model_admin):
        return FlagCode.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(review_reasons__contains=self.value())
        return queryset


@admin.register(SalaryRecord)
class SalaryRecordAdmin(admin.ModelAdmin):
    """Records come from sources and are read-only here; moderators only give verdicts."""

    list_display = [
        "role",
        "salary",
        "annual_usd",
        "experience_level",
        "employment_type",
        "country",
        "year",
        "source",
        "review_state",
        "review_reasons",
    ]
    list_filter = [
        "review_state",
        ReasonFilter,
        "experience_level",
        "employment_type",
        ("country", CountryFilter),
        "year",
        "source",
        ("role", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["role", "source"]
    fields = [
        ("role", "source", "line"),
        ("experience_level", "employment_type", "country", "year"),
        ("amount_min", "amount_max", "currency", "period"),
        "annual_usd",
        ("review_state", "review_reasons"),
        "review_note",
        ("reviewed_by", "reviewed_at"),
        "valid_until",
    ]
    # The figures the rules derived and the verdict: shown, never typed.
    readonly_fields = VERDICT
    search_fields = ["role__name", "review_note", "=line"]
    actions = ["confirm", "reject"]
    show_facets = admin.ShowFacets.NEVER  # counting every facet over the whole table is slow

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_review_permission(self, request):
        return request.user.has_perm("salaries.review_salaryrecord")

    @admin.display(description="salary")
    def salary(self, record):
        return format_salary(record.salary)

    @admin.action(permissions=["review"], description="Confirm: accept into statistics")
    def confirm(self, request, queryset):
        changed = records_review(records=queryset, state=ReviewState.ACCEPTED, by=request.user)
        self.message_user(request, f"{records(changed)} accepted.", messages.SUCCESS)

    @admin.action(permissions=["review"], description="Reject: keep out of statistics")
    def reject(self, request, queryset):
        changed = records_review(records=queryset, state=ReviewState.REJECTED, by=request.user)
        self.message_user(request, f"{records(changed)} rejected.", messages.SUCCESS)


@admin.register(SalaryReviewItem)
class SalaryReviewQueueAdmin(SalaryRecordAdmin):
    """The moderators' queue: only what the rules flagged and nobody has judged yet."""

    list_display = ["role", "salary", "country", "year", "review_note"]
    list_filter = [ReasonFilter, "source", ("country", CountryFilter), "year"]

    def get_queryset(self, request):
        return super().get_queryset(request).needs_review()
