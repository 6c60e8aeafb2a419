"""A saved search as a feed: /jobs/feed/rss/ and /jobs/feed/atom/ take the list's parameters."""

from django.contrib.syndication.views import Feed
from django.http import HttpResponseBadRequest
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from jobs.filters import JobFilter
from jobs.models import Job
from salaries.formatting import format_salary

FEED_SIZE = 50


class JobFeed(Feed):
    description_template = "jobs/feed_item.html"

    def __call__(self, request, *args, **kwargs):
        self.filterset = JobFilter(request.GET, queryset=Job.objects.visible().for_cards())
        if not self.filterset.is_valid():
            errors = "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in self.filterset.errors.items()
            )
            return HttpResponseBadRequest(
                f"This feed cannot use these filters. {errors}", content_type="text/plain"
            )
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return request

    def title(self, request):
        chips = [label for _, _, label in self.filterset.active_filters()]
        return "Jobboard jobs" + (f" ({', '.join(chips)})" if chips else "")

    def feed_url(self, request):
        return request.get_full_path()

    def link(self, request):
        query = request.GET.urlencode()
        return reverse("jobs:list") + (f"?{query}" if query else "")

    def description(self, request):
        return "The newest jobs in data and AI matching this search, on Jobboard."

    def items(self, request):
        # Feeds are always newest first, whatever order the page was sorted in.
        return self.filterset.qs.order_by("-published_at", "-pk")[:FEED_SIZE]

    def item_title(self, job):
        salary = format_salary(job.public_salary)
        return f"{job.title} at {job.company.name}" + (f" ({salary})" if salary else "")

    def item_pubdate(self, job):
        return job.published_at

    def item_updateddate(self, job):
        return job.updated_at

    def item_author_name(self, job):
        return job.company.name

    def item_categories(self, job):
        return [job.get_employment_type_display()] + ([job.role.name] if job.role else [])


class JobRssFeed(JobFeed):
    pass


class JobAtomFeed(JobFeed):
    feed_type = Atom1Feed
    subtitle = JobFeed.description
