"""A saved search as a feed: /jobs/feed/rss/ and /jobs/feed/atom/ take the list's parameters."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponseBadRequest
from django.urls import reverse

from jobs.filters import JobFilter
from jobs.models import Job
from salaries.formatting import format_salary
from web.feeds import AtomFeed, RssFeed

FEED_SIZE = 50


def search_of(request) -> JobFilter:
    return JobFilter(request.GET, queryset=Job.objects.visible().for_cards())


def unusable_search(filterset: JobFilter) -> HttpResponseBadRequest:
    """A feed asked with filters it cannot use: 400, each filter named with why, as plain text."""
    errors = "; ".join(
        f"{name}: {' '.join(messages)}" for name, messages in filterset.errors.items()
    )
    return HttpResponseBadRequest(
        f"This feed cannot use these filters. {errors}", content_type="text/plain"
    )


@dataclass
class SavedSearch:
    request: HttpRequest
    filterset: JobFilter


class JobFeed(Feed):
    feed_type = RssFeed
    description_template = "jobs/feed_item.html"

    def __call__(self, request, *args, **kwargs):
        filterset = search_of(request)
        if not filterset.is_valid():
            return unusable_search(filterset)
        # Handed to get_object through the request, never kept on self: one feed object answers
        # every request of its URL.
        request.job_search = filterset
        return super().__call__(request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return SavedSearch(request, request.job_search)

    def title(self, search):
        chips = [label for _, _, label in search.filterset.active_filters()]
        # A typed filter value may carry control characters: the feed type drops them.
        return "Jobboard jobs" + (f" ({', '.join(chips)})" if chips else "")

    def feed_url(self, search):
        return search.request.get_full_path()

    def link(self, search):
        query = search.request.GET.urlencode()
        return reverse("jobs:list") + (f"?{query}" if query else "")

    def description(self, search):
        return "The newest jobs in data and AI matching this search, on Jobboard."

    def items(self, search):
        # Feeds are always newest first, whatever order the page was sorted in.
        return search.filterset.qs.order_by("-published_at", "-pk")[:FEED_SIZE]

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
    feed_type = AtomFeed
    subtitle = JobFeed.description
