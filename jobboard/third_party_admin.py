"""Admins of other packages, mended where they let a user past the permissions or answer a 500.

Imported by JobboardConfig.ready(), after the admin's autodiscovery has registered the originals.
"""

from axes.admin import AccessAttemptAdmin as AxesAccessAttemptAdmin
from axes.models import AccessAttempt
from django.contrib import admin
from django.utils import timezone
from taggit.models import Tag


class TagAdmin(admin.ModelAdmin):
    """Tags without django-taggit's "merge tags" page, which asks only that the user be staff:
    an employer could open it, and its form answers a 500 after creating a tag."""

    list_display = ["name", "slug"]
    ordering = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class AccessAttemptAdmin(AxesAccessAttemptAdmin):
    @admin.action(description="Clean up expired attempts")
    def cleanup_expired_attempts(self, request, queryset):
        # django-axes reads "now" from a stamp its login handling puts on the request; an admin
        # action's request has none, and the action would answer a 500.
        request.axes_attempt_time = timezone.now()
        return super().cleanup_expired_attempts(request, queryset)


def replace_third_party_admins(site) -> None:
    for model, model_admin in ((Tag, TagAdmin), (AccessAttempt, AccessAttemptAdmin)):
        if site.is_registered(model):
            site.unregister(model)
            site.register(model, model_admin)
