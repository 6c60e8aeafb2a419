from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.functional import SimpleLazyObject
from django_filters.views import FilterView

from salaries.cache import (
    STATS_TTL,
    current_version,
    role_cells,
    role_figures_key,
    role_insight,
    role_summaries,
    survey_sources,
)
from salaries.choices import PERIODS_PER_YEAR, PayPeriod
from salaries.filters import RoleFilter, SalaryRecordFilter
from salaries.models import Role, SalaryRecord
from salaries.stats import SalaryInsight
from salaries.validation import Rules
from web.views import FilterErrorStatusMixin


class MethodMixin:
    """What the "How we compute this" section states: sources, thresholds and the minimum n."""

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            rules=Rules.from_settings(),
            periods_per_year=[
                (PayPeriod(code).label.removeprefix("per "), factor)
                for code, factor in PERIODS_PER_YEAR.items()
                if code != PayPeriod.YEAR
            ],
            min_points=settings.SALARY_MIN_POINTS,
            sources=survey_sources(),
            **kwargs,
        )


class RoleListView(FilterErrorStatusMixin, MethodMixin, FilterView):
    model = Role
    filterset_class = RoleFilter
    template_name = "salaries/role_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = self.filterset.listed(role_summaries())
        if not self.filterset.errors:
            # The rendered table is cached under the figures' version and the query string.
            context["rows_key"] = f"{current_version()}:{self.request.GET.urlencode()}"
            context["stats_ttl"] = STATS_TTL
        return context


class RoleInsightMixin:
    """The role named in the URL and its accepted records, narrowed by the page's filters."""

    filterset_class = SalaryRecordFilter

    def get_queryset(self):
        self.role = get_object_or_404(Role, slug=self.kwargs["slug"])
        return SalaryRecord.objects.accepted().for_role(self.role)

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)  # get_queryset() finds the role
        return {**kwargs, "cells": role_cells(self.role)}

    def get_context_data(self, **kwargs):
        # Lazy: a page whose rendered figures are cached never needs the insight itself.
        return super().get_context_data(
            role=self.role,
            insight=SimpleLazyObject(self.insight),
            figures_key=None
            if self.filterset.errors
            else role_figures_key(self.role, self.filterset.chosen()),
            stats_ttl=STATS_TTL,
            **kwargs,
        )

    def insight(self) -> SalaryInsight:
        if self.filterset.errors:
            return SalaryInsight.of(self.object_list)  # the page answers 400 and shows no figure
        return role_insight(self.role, self.filterset.chosen(), self.object_list)


class RoleSalaryView(FilterErrorStatusMixin, MethodMixin, RoleInsightMixin, FilterView):
    template_name = "salaries/role_detail.html"


class RoleSalaryJsonView(RoleInsightMixin, FilterView):
    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            return JsonResponse({"error": "No role with this slug."}, status=404)

    def render_to_response(self, context, **kwargs):
        if self.filterset.errors:
            return JsonResponse({"errors": self.filterset.errors.get_json_data()}, status=400)
        return JsonResponse(
            {
                "role": self.role.name,
                "slug": self.role.slug,
                "currency": "USD",
                "period": "year",
                "filters": self.filterset.chosen(),
                **context["insight"].as_dict(),
            }
        )
