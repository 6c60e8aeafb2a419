from django.views.generic import DetailView
from django_filters.views import FilterView

from jobs.filters import JobFilter
from jobs.models import Job
from salaries.views import FilterErrorStatusMixin


class JobListView(FilterErrorStatusMixin, FilterView):
    filterset_class = JobFilter
    template_name = "jobs/job_list.html"
    paginate_by = 20

    def get_queryset(self):
        return Job.objects.visible().for_cards().prefetch_related("tags").newest_first()


class JobDetailView(DetailView):
    template_name = "jobs/job_detail.html"

    def get_queryset(self):
        return Job.objects.visible().for_cards().prefetch_related("tags")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        role = self.object.role
        # Articles reach a job through its role's reverse relation; jobs never imports articles.
        context["related_articles"] = role.articles.published()[:3] if role else []
        return context
