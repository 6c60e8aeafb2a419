from django.contrib import admin
from django.db import models
from django.http import Http404

# A link typed without its scheme ("example.com/apply") is read as https, as Django 6 will.
URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


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
