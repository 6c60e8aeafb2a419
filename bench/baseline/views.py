import django_filters
from django.utils import timezone
from django_filters.views import FilterView

from jobs.models import Job, JobStatus, RemotePolicy


class BaselineJobFilter(django_filters.FilterSet):
    remote = django_filters.ChoiceFilter(field_name="remote_policy", choices=RemotePolicy.choices)
    # Both names the board's filter has gone by, so one query string serves both servers.
    salary_from = django_filters.NumberFilter(field_name="salary_annual_usd_max", lookup_expr="gte")
    salary_min = django_filters.NumberFilter(field_name="salary_annual_usd_max", lookup_expr="gte")

    class Meta:
        model = Job
        fields = ["employment_type", "experience_level", "country"]


class BaselineJobListView(FilterView):
    filterset_class = BaselineJobFilter
    paginate_by = 20
    template_name = "baseline/job_list.html"

    def get_queryset(self):
        now = timezone.now()
        return (
            Job.objects.filter(
                status=JobStatus.PUBLISHED, published_at__lte=now, expires_at__gt=now
            )
            .select_related("company", "role")
            .order_by("-published_at", "-pk")
        )
