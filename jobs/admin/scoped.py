from django.contrib import admin
from django.db import models
from django.http import Http404

from jobs.forms import SavedLinkWidget
from jobs.staff import moderator_ids, shown_name

# A link typed without its scheme ("example.com/apply") is read as https, as Django 6 will.
# "Currently:" names the saved link only (SavedLinksForm says which that is).
URL_FIELDS = {models.URLField: {"assume_scheme": "https", "widget": SavedLinkWidget}}


class CompanyScopedAdmin(admin.ModelAdmin):
    """Rows of the user's own companies only (all for moderators); an id outside them is a 404,
    so a guessed URL neither opens another company's object nor says that it exists."""

    def get_queryset(self, request):
        return super().get_queryset(request).manageable_by(request.user)

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            raise Http404(f"No {self.opts.verbose_name} here with that ID.")
        return obj

    def history_view(self, request, object_id, extra_context=None):
        """The object's history, where employers read "a moderator", never a moderator's name."""
        response = super().history_view(request, object_id, extra_context)
        entries = getattr(response, "context_data", {}).get("action_list") or []
        moderators = moderator_ids(entry.user for entry in entries)
        for entry in entries:
            entry.shown_user = shown_name(entry.user, to=request.user, moderators=moderators)
        return response
