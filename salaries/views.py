from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django_filters.views import FilterView

from salaries.choices import PERIODS_PER_YEAR, PayPeriod
from salaries.figures import DIMENSIONS, role_cells, role_insight, role_summaries
from salaries.filters import RoleFilter, SalaryRecordFilter
from salaries.models import Role, SalaryRecord, SalarySource
from salaries.stats import SalaryInsight, Summary
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
            sources=SalarySource.objects.with_accepted_records(),
            **kwargs,
        )


class RoleListView(FilterErrorStatusMixin, MethodMixin, FilterView):
    model = Role
    filterset_class = RoleFilter
    template_name = "salaries/role_list.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["rows"] = self.filterset.listed(role_summaries())
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
        return super().get_context_data(role=self.role, insight=self.insight(), **kwargs)

    def insight(self) -> SalaryInsight:
        if self.filterset.errors:
            # The page answers 400 and shows no figure.
            return SalaryInsight.from_summaries(Summary(n=0), dict.fromkeys(DIMENSIONS, {}))
        return role_insight(self.role, self.filterset.chosen())


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
