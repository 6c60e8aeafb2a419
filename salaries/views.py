from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.text import capfirst
from django.views.generic import TemplateView, View
from django_filters.views import FilterView

from salaries.charts import position_chart
from salaries.choices import PERIODS_PER_YEAR, ExperienceLevel, PayPeriod
from salaries.compare import Column, CompareForm, Comparison, roles_to_compare
from salaries.figures import role_cells, role_insight, role_points, role_summaries
from salaries.filters import RoleFilter, SalaryRecordFilter
from salaries.models import Role, SalaryRecord, sources_with_accepted_records
from salaries.position import PositionForm, in_country
from salaries.stats import Group, SalaryInsight
from salaries.validation import Rules
from web.views import FilterErrorStatusMixin

# Every JSON answer's errors under one key, `errors`, shaped as a form's get_json_data().
NO_ROLE = {"errors": {"__all__": [{"message": "No role with this slug.", "code": "not_found"}]}}


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
            sources=sources_with_accepted_records(),
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
        return self.insight_for(self.filterset.chosen())

    def insight_for(self, filters: dict) -> SalaryInsight:
        """role_insight() of the page's role, read once per set of filters in a request: a page
        with no filter chosen shows the same figures its choices are counted from."""
        read = self.__dict__.setdefault("_insights", {})
        key = tuple(sorted(filters.items()))
        if key not in read:
            read[key] = role_insight(self.role, filters)
        return read[key]


def role_heading(role: Role, chosen: dict) -> str:
    """What a role page shows: "Senior-level Data Engineer salary in Austria in 2023"."""
    level = chosen.get("experience_level")
    words = [ExperienceLevel(level).label.split(" / ")[0]] if level else []
    words += [role.name, "salary"]
    words.append(in_country(chosen["country"]) if chosen.get("country") else "(global)")
    if chosen.get("year"):
        words.append(f"in {chosen['year']}")
    return " ".join(words)


class RoleSalaryView(FilterErrorStatusMixin, MethodMixin, RoleInsightMixin, FilterView):
    template_name = "salaries/role_detail.html"

    def get_context_data(self, **kwargs):
        chosen = self.filterset.chosen()
        self.count_choices()
        # Lazy: read when the template shows them (the nearest wider view only on a page whose
        # filters leave no data).
        return super().get_context_data(
            heading=role_heading(self.role, chosen),
            compare_with=SimpleLazyObject(lambda: roles_to_compare(self.role, role_points())),
            nearest=SimpleLazyObject(lambda: self.nearest_with_figures(chosen)),
            related_articles=SimpleLazyObject(lambda: list(self.role.articles.beside_role())),
            jobs_url=self.jobs_url(chosen),
            jobs_place=in_country(chosen["country"]) if chosen.get("country") else "",
            country_link=f"{self.role.get_absolute_url()}?country=",
            **kwargs,
        )

    def jobs_url(self, chosen: dict) -> str:
        """The open jobs in this role, in the page's country when it has one."""
        query = {"role": self.role.slug}
        if chosen.get("country"):
            query["country"] = chosen["country"]
        return f"{reverse('jobs:list')}?{urlencode(query)}"

    def count_choices(self) -> None:
        """Each filter choice with the role's number of points, e.g. "Austria (12)"."""
        totals = {
            breakdown.key: {group.code: group.summary.n for group in breakdown.groups}
            for breakdown in self.insight_for({}).breakdowns
        }
        form = self.filterset.form
        for name in ("experience_level", "country", "year"):
            counts = totals[name]
            # The field puts its "All ..." choice back in front by itself.
            form.fields[name].choices = [
                (code, f"{label} ({counts.get(str(code), 0):,})")
                for code, label in form.fields[name].choices
                if code
            ]

    def nearest_with_figures(self, chosen: dict) -> tuple[str, str] | None:
        """The closest wider view with a figure, for a page whose filters leave nothing: the year
        is dropped first, then the level, then the country."""
        minimum = settings.SALARY_MIN_POINTS
        wider = dict(chosen)
        for name in ("year", "experience_level", "country"):
            if name not in wider:
                continue
            del wider[name]
            if self.insight_for(wider).overall.n >= minimum:
                query = urlencode(wider)
                url = self.role.get_absolute_url() + (f"?{query}" if query else "")
                return url, role_heading(self.role, wider)
        return None


class RoleSalaryJsonView(RoleInsightMixin, FilterView):
    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            return JsonResponse(NO_ROLE, status=404)

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


class PositionMixin:
    """ "Is this offer fair?": the role in the URL, the offer in the query string."""

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        # Bound once an amount is given; before that, a country or level in the address only
        # fills in the form (a link from a role page filtered to Germany).
        if "amount" in request.GET:
            self.form = PositionForm(request.GET)
        else:
            self.form = PositionForm(initial=self.prefilled(request.GET))

    @staticmethod
    def prefilled(query) -> dict:
        form = PositionForm({**query.dict(), "amount": "1"})
        form.is_valid()  # only the fields that hold a usable value are kept
        return {
            name: form.cleaned_data[name]
            for name in ("currency", "period", "country", "experience_level")
            if name in query and name in form.cleaned_data
        }

    def answer(self):
        """(position, chart) for a valid offer; (None, None) for no offer or a bad one."""
        if not self.form.is_valid():
            return None, None
        position = self.form.position(self.role)
        if not position.known:
            return position, None
        overall = role_insight(self.role, position.scope.filters()).overall
        group = Group("scope", capfirst(position.scope.describe()), overall)
        return position, position_chart(group, position.amount_usd_year)


class RolePositionView(PositionMixin, MethodMixin, TemplateView):
    template_name = "salaries/role_position.html"

    def get(self, request, *args, **kwargs):
        self.role = get_object_or_404(Role, slug=kwargs["slug"])
        position, chart = self.answer()
        context = self.get_context_data(form=self.form, role=self.role, position=position)
        context["chart"] = chart
        return self.render_to_response(context, status=400 if self.form.errors else 200)


class RolePositionJsonView(PositionMixin, View):
    def get(self, request, *args, **kwargs):
        self.role = Role.objects.filter(slug=kwargs["slug"]).first()
        if self.role is None:
            return JsonResponse(NO_ROLE, status=404)
        if not self.form.is_bound:
            self.form = PositionForm(request.GET)  # no empty form to show: say what is missing
        if not self.form.is_valid():
            return JsonResponse({"errors": self.form.errors.get_json_data()}, status=400)
        return JsonResponse(self.form.position(self.role).as_dict())


class CompareMixin:
    """2 to 4 roles from `roles=`, with the role pages' filters."""

    def comparison(self, form: CompareForm) -> Comparison:
        filters = form.filters()
        columns = []
        for role in form.cleaned_data["roles"]:
            columns.append(Column(role, role_insight(role, filters)))
        return Comparison(columns, filters)


class CompareView(CompareMixin, MethodMixin, TemplateView):
    template_name = "salaries/compare.html"

    def get(self, request, *args, **kwargs):
        form = CompareForm(request.GET if "roles" in request.GET else None)
        comparison = self.comparison(form) if form.is_valid() else None
        context = self.get_context_data(form=form, comparison=comparison)
        return self.render_to_response(context, status=400 if form.errors else 200)


class CompareJsonView(CompareMixin, View):
    def get(self, request, *args, **kwargs):
        form = CompareForm(request.GET)
        if not form.is_valid():
            return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
        return JsonResponse(self.comparison(form).as_dict())
