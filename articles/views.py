from http import HTTPStatus

from django.urls import reverse
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.views.generic import DetailView
from django_filters.views import FilterView

from articles.filters import ArticleFilter
from articles.models import Article, related_articles
from articles.structured_data import article_json_ld
from jobs.models import Job, Listing, cards_in_order
from salaries.figures import role_summaries
from salaries.stats import Summary
from web.pagination import choose_page
from web.views import FilterErrorStatusMixin

SIDEBAR_JOBS = 5


class ArticleListView(FilterErrorStatusMixin, FilterView):
    filterset_class = ArticleFilter
    template_name = "articles/article_list.html"
    paginate_by = 12
    # As on /jobs/: a filter value that cannot be used is left out and named; the others apply.
    strict = False
    page_error = None

    def get_queryset(self):
        return Article.objects.published().for_cards().newest_first()

    def paginate_queryset(self, queryset, page_size):
        paginator = self.get_paginator(queryset, page_size)
        page, self.page_error = choose_page(paginator, self.request.GET.get(self.page_kwarg))
        return paginator, page, page.object_list, page.has_other_pages()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)  # paginates, so may set page_error
        context["page_error"] = self.page_error
        return context

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if self.page_error and response.status_code == HTTPStatus.OK:
            response.status_code = self.page_error.status
        return response


def featured_jobs(role_ids, *, limit=SIDEBAR_JOBS) -> list[Job]:
    """Active featured jobs, those in the given roles first, newest first within each.

    Their ids from the listings' index of the board's order over featured jobs, walked until
    there are enough: once for the roles, once for the others (one walk sorted by "in these
    roles" sorted every featured job, 200 ms at 1,000,000 jobs; the jobs' own date index walked
    the newest jobs of the whole board, 3.8 ms a page at 100,000), then their cards by id.
    """
    listings = Listing.objects.visible().featured().newest_first()
    ids = listings.values_list("job_id", flat=True)
    found = list(ids.filter(role_id__in=role_ids)[:limit]) if role_ids else []
    if len(found) < limit:
        others = ids.exclude(role_id__in=role_ids) if role_ids else ids
        found += list(others[: limit - len(found)])
    return cards_in_order(found)


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"

    def get_queryset(self):
        return Article.objects.readable_by(self.request.user).prefetch_related("roles", "tags")

    def get_context_data(self, **kwargs):
        article = self.object
        roles, tags = list(article.roles.all()), list(article.tags.all())
        role_ids, tag_ids = [role.pk for role in roles], [tag.pk for tag in tags]
        summaries = role_summaries(role_ids) if role_ids else {}
        url = self.request.build_absolute_uri(article.get_absolute_url())
        site_url = self.request.build_absolute_uri(reverse("home"))
        return super().get_context_data(
            roles=roles,
            tags=tags,
            insights=[(role, summaries.get(role.pk, Summary(n=0))) for role in roles],
            featured_jobs=featured_jobs(role_ids),
            related_articles=related_articles(article, role_ids=role_ids, tag_ids=tag_ids),
            canonical_url=url,
            feed_url=self.request.build_absolute_uri(reverse("articles:feed")),
            structured_data=article_json_ld(
                article, url=url, site_url=site_url, roles=roles, tags=tags
            ),
            is_preview=not article.is_public,
            **kwargs,
        )

    def render_to_response(self, context, **kwargs):
        response = super().render_to_response(context, **kwargs)
        if context["is_preview"]:
            # A draft seen by staff must not be cached for, or indexed by, anyone else.
            add_never_cache_headers(response)
            patch_cache_control(response, private=True)
            response["X-Robots-Tag"] = "noindex"
        return response
