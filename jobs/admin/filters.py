"""The job list's filters: the moderators' queue and the featured spots."""

from django.contrib import admin

from jobs import services
from jobs.models import JobStatus


class WaitingFilter(admin.SimpleListFilter):
    """The moderators' queue: new jobs and changes of jobs on the board, waiting for review."""

    title = "waiting for review"
    parameter_name = "waiting"

    def lookups(self, request, model_admin):
        return [
            ("yes", "New jobs and changes"),
            ("new", "New jobs"),
            ("change", "Changes of jobs on the board"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.waiting_for_review()
        if self.value() == "new":
            return queryset.filter(status=JobStatus.PENDING)
        if self.value() == "change":
            return queryset.with_change_waiting()
        return queryset


class FeaturedFilter(admin.SimpleListFilter):
    title = "featured"
    parameter_name = "featured"

    def lookups(self, request, model_admin):
        return [
            ("yes", "Featured now"),
            ("ending_soon", f"Ending within {services.FEATURE_ENDING_SOON_DAYS} days"),
            ("no", "Not featured"),
        ]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.featured()
        if self.value() == "ending_soon":
            return queryset.featured_ending_within(services.FEATURE_ENDING_SOON_DAYS)
        if self.value() == "no":
            return queryset.exclude(pk__in=queryset.featured().values("pk"))
        return queryset
