"""The public API, /api/v1/: read-only views over the pages' own querysets, FilterSets and cached
statistics, so an answer holds what the page at the same address shows."""

from django.shortcuts import get_object_or_404
from django.views.decorators.http import conditional_page
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.views import SpectacularSwaggerView
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView, ListAPIView, RetrieveAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from api.errors import Gone, filter_errors
from api.pagination import KeysetPagination
from api.schema import (
    BAD_FILTER,
    NO_PAGE,
    NOT_FOUND,
    POSITION_PARAMETERS,
    FilteredDetailSchema,
    documented,
    error,
)
from api.serializers import (
    ArticleDetailSerializer,
    ArticleSerializer,
    CompanySerializer,
    JobDetailSerializer,
    JobSerializer,
    PositionSerializer,
    RoleDetailSerializer,
    RoleFigures,
    RoleSerializer,
)
from articles.filters import ArticleFilter
from articles.models import Article
from jobs.filters import JobFilter
from jobs.models import Company, Job
from salaries.cache import role_cells, role_insight, role_summaries
from salaries.filters import RoleFilter, SalaryRecordFilter
from salaries.models import Role, SalaryRecord
from salaries.position import PositionForm


class FilterSetBackend(DjangoFilterBackend):
    """django-filter's DRF backend over the pages' FilterSets; a value it cannot use answers 400
    with each error's own code, and no results."""

    def valid_filterset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if not filterset.is_valid():
            raise filter_errors(filterset.errors)
        return filterset

    def filter_queryset(self, request, queryset, view):
        return self.valid_filterset(request, queryset, view).qs


class PublicView:
    """What every endpoint shares: an ETag from the body and 304 to a current If-None-Match
    (Django's ConditionalGetMiddleware, for the API alone)."""

    @classmethod
    def as_view(cls, **initkwargs):
        return conditional_page(super().as_view(**initkwargs))


@documented(
    summary="Jobs on the board",
    description="Every job the board shows, in the order of `/jobs/` (newest first unless "
    "`ordering` says otherwise), with the same filters through the same FilterSet. Featured jobs "
    "are not pinned on top as on the page: `featured` marks them and `featured=1` lists them.",
    ok=JobSerializer,
    errors={400: BAD_FILTER, 404: NO_PAGE},
)
class JobList(PublicView, ListAPIView):
    serializer_class = JobSerializer
    filter_backends = [FilterSetBackend]
    filterset_class = JobFilter
    pagination_class = KeysetPagination

    def get_queryset(self):
        return Job.objects.visible().for_cards().prefetch_related("tags")


@documented(
    summary="A job",
    description="A job on the board, by slug. A job that has ended answers 410, as its page does.",
    ok=JobDetailSerializer,
    errors={404: NOT_FOUND, 410: error("The job has ended: it left the board.")},
)
class JobDetail(PublicView, RetrieveAPIView):
    serializer_class = JobDetailSerializer

    def get_object(self):
        job = (
            Job.objects.with_visibility()
            .for_cards()
            .prefetch_related("tags")
            .filter(slug=self.kwargs["slug"])
            .first()
        )
        if job is not None and job.is_visible:
            return job
        if job is not None and job.has_ended:
            raise Gone()
        raise NotFound("No job on the board has this slug.")


@documented(
    summary="Companies with jobs on the board",
    description="Companies with at least one job on the board now, by name.",
    ok=CompanySerializer,
    errors={400: error("A page size the API cannot use."), 404: NO_PAGE},
)
class CompanyList(PublicView, ListAPIView):
    serializer_class = CompanySerializer
    pagination_class = KeysetPagination

    def get_queryset(self):
        return Company.objects.hiring().order_by("name", "pk")


@documented(
    summary="A company",
    description="A company with jobs on the board, by slug.",
    ok=CompanySerializer,
    errors={404: NOT_FOUND},
)
class CompanyDetail(PublicView, RetrieveAPIView):
    serializer_class = CompanySerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Company.objects.hiring()


@documented(
    summary="Salary figures by role",
    description="The roles `/salaries/` lists (those with enough data points), with the same "
    "figures from the same cached statistics, yearly USD, filtered and sorted as on that page.",
    ok=RoleSerializer,
    errors={400: BAD_FILTER, 404: NO_PAGE},
)
class RoleList(PublicView, ListAPIView):
    serializer_class = RoleSerializer
    filter_backends = [FilterSetBackend]
    filterset_class = RoleFilter
    pagination_class = KeysetPagination
    queryset = Role.objects.all()

    def list(self, request, *args, **kwargs):
        filterset = FilterSetBackend().valid_filterset(request, self.get_queryset(), self)
        sort_key = filterset.sort_key()

        def position(row):
            key = sort_key(row.role, row.summary)
            return (*(key if isinstance(key, tuple) else (key,)), row.role.pk)

        rows = [RoleFigures(role, summary) for role, summary in filterset.listed(role_summaries())]
        page = self.paginator.paginate_sorted(
            rows,
            request,
            key=position,
            ordering=filterset.form.cleaned_data.get("sort") or "most_data",
        )
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class RoleMixin:
    """The role the URL names: its figures here, and the endpoints under /roles/<slug>/."""

    def get_role(self) -> Role:
        return get_object_or_404(Role, slug=self.kwargs["slug"])


@documented(
    summary="A role's salary figures",
    description="The figures of `/salaries/<slug>/` and `/salaries/<slug>.json`, from the same "
    "cache: percentiles of yearly USD overall and by experience level, country, year and "
    "employment type, narrowed by the page's filters (`country` and `year` take the values the "
    "role has data for). A figure resting on too few data points is null.",
    ok=RoleDetailSerializer,
    errors={400: BAD_FILTER, 404: NOT_FOUND},
)
class RoleDetail(PublicView, RoleMixin, GenericAPIView):
    schema = FilteredDetailSchema()
    serializer_class = RoleDetailSerializer
    filter_backends = [FilterSetBackend]
    filterset_class = SalaryRecordFilter
    queryset = SalaryRecord.objects.accepted()

    def get(self, request, *args, **kwargs):
        role = self.get_role()
        records = SalaryRecord.objects.accepted().for_role(role)
        filterset = SalaryRecordFilter(
            request.query_params, queryset=records, cells=role_cells(role)
        )
        if not filterset.is_valid():
            raise filter_errors(filterset.errors)
        filters = filterset.chosen()
        figures = {
            "name": role.name,
            "slug": role.slug,
            "url": request.build_absolute_uri(role.get_absolute_url()),
            "currency": "USD",
            "period": "year",
            "filters": filters,
            **role_insight(role, filters, filterset.qs).as_dict(),
        }
        return Response(self.get_serializer(figures).data)


@documented(
    summary="Where a salary stands among a role's",
    description="The answer of `/salaries/<slug>/position/`: an amount in any currency and pay "
    "period, turned into US dollars a year, and the share of the role's accepted salaries "
    "strictly below it (whole percent, rounded down), in the country and at the experience level "
    "while that set holds enough salaries, widened otherwise (the level is dropped first, then "
    "the country). An amount the salary rules refuse answers 400 with their message (e.g. "
    '`below_minimum`: "113 USD a year: did you mean 113,000?"), as does a currency without '
    "an exchange rate (`unknown_currency`).",
    ok=PositionSerializer,
    errors={400: BAD_FILTER, 404: NOT_FOUND},
    parameters=POSITION_PARAMETERS,
)
class RolePosition(PublicView, RoleMixin, GenericAPIView):
    serializer_class = PositionSerializer

    def get(self, request, *args, **kwargs):
        role = self.get_role()
        form = PositionForm(request.query_params)
        if not form.is_valid():
            raise filter_errors(form.errors)
        answer = {"reason": None, **form.position(role).as_dict()}
        return Response(self.get_serializer(answer).data)


@documented(
    summary="Articles",
    description="Published articles, newest first, with the filters of `/articles/`.",
    ok=ArticleSerializer,
    errors={400: BAD_FILTER, 404: NO_PAGE},
)
class ArticleList(PublicView, ListAPIView):
    serializer_class = ArticleSerializer
    filter_backends = [FilterSetBackend]
    filterset_class = ArticleFilter
    pagination_class = KeysetPagination

    def get_queryset(self):
        return Article.objects.published().for_cards().newest_first()


@documented(
    summary="An article",
    description="A published article, by slug, with its body as the page prints it and its "
    "table of contents.",
    ok=ArticleDetailSerializer,
    errors={404: NOT_FOUND},
)
class ArticleDetail(PublicView, RetrieveAPIView):
    serializer_class = ArticleDetailSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return Article.objects.published().prefetch_related("roles", "tags")


class NoEndpoint(APIView):
    """Any other address under /api/: the API's JSON 404 rather than the site's page."""

    schema = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound("There is no API endpoint at this address; see /api/docs/.")


class ApiDocsView(SpectacularSwaggerView):
    """Swagger UI from this site's own static files (drf-spectacular-sidecar), under the site's
    Content-Security-Policy: its inline script and style carry the request's nonce."""

    template_name = "api/swagger_ui.html"
