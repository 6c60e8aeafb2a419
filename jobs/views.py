import functools
import time
from collections import defaultdict
from itertools import islice
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.db import router
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.generic import DetailView
from taggit.models import TaggedItem

from jobs.facets import Facets, facets, first_change, listings_of
from jobs.filters import CHECKBOX_FACETS, MATCH_ORDERS, ORDERINGS, JobFilter, JobOrdering
from jobs.models import Company, Job, Listing, cards_in_order, job_for_page
from jobs.structured_data import job_posting, organization
from salaries.figures import role_summaries
from salaries.position import place_records
from web.cache import CachedPageMixin, cached_value, depends_on, page_key
from web.pagination import choose_page
from web.statements import IDS, OneOf, Statement
from web.views import SearchView
from web.widgets import flat_options, options_html

PAGE_SIZE = 20
PINNED_FEATURED = 3
SIMILAR_JOBS = 5


def with_tags(jobs: list[Job]) -> list[Job]:
    """Each card's `card_tags` (link, name) for every card on a page in one query, however many
    lists the page shows: plain rows, not taggit's prefetch of a model per tag and per link."""
    if not jobs:
        return jobs
    tags = defaultdict(list)
    search = reverse("jobs:list")
    statement = _tags_statement(router.db_for_read(TaggedItem))
    kind = ContentType.objects.get_for_model(Job).pk
    for job_id, slug, name in statement.tuples(ids=[job.pk for job in jobs], kind=kind):
        tags[job_id].append((f"{search}?{urlencode({'tag': slug})}", name))
    for job in jobs:
        job.card_tags = tags[job.pk]
    return jobs


# Stand-in for the jobs' content type in taggit's table, which the tags' statement is asked for
# (web/statements.py) since each database has its own: a value no content type id has, nor any
# other parameter of the statement.
_TAGGED_KIND = -2_718_281


@functools.cache
def _tags_statement(alias: str) -> Statement:
    items = (
        TaggedItem.objects.filter(OneOf("object_id", IDS), content_type_id=_TAGGED_KIND)
        .order_by("tag__name")
        .values_list("object_id", "tag__slug", "tag__name")
    )
    stand_ins = {"ids": IDS, "kind": _TAGGED_KIND}
    return Statement.compile(items, alias=alias, stand_ins=stand_ins)


def with_salary_positions(jobs: list[Job]) -> list[Job]:
    """Each job's `salary_position`: where its public salary stands among its role's (one query
    for the page). None for a job without one, or with one held for review."""
    positions = place_records(job.salary_record_id for job in jobs if job.public_salary)
    for job in jobs:
        job.salary_position = positions.get(job.salary_record_id) if job.public_salary else None
    return jobs


def role_median(role) -> int | None:
    """The role's median (salaries/figures.py); none when it rests on too few points."""
    summary = role_summaries([role.pk]).get(role.pk)
    return summary.median if summary is not None else None


def board_changes_at() -> float:
    """The next moment a job starts, ends or stops being featured anywhere on the board."""
    return _next_moment("jobs:next-change", Job.objects.next_change)


def next_start_at() -> float:
    """The next moment a scheduled job comes on the board: it may match any search."""
    return _next_moment(
        "jobs:next-start",
        lambda: (
            Listing.objects.filter(published_at__gt=timezone.now())
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        ),
    )


def _next_moment(key: str, find) -> float:
    """`find()`'s moment as a timestamp (infinity: none), asked once per version of the "jobs"
    topic and kept until that moment."""

    def moment():
        upcoming = find()
        return upcoming.timestamp() if upcoming else float("inf")

    return cached_value(key, moment, topics=["jobs"], until=lambda value: value)


def job_topics(jobs) -> list[str]:
    """The cache topics of job cards: each job, and the company it names."""
    return [topic for job in jobs for topic in (f"job:{job.pk}", f"company:{job.company_id}")]


# Filters reached from links (a company's name, a tag) rather than from the form's own fields.
HIDDEN_FILTERS = ("company", "tag")


def choice_options(form, name: str) -> str:
    """A plain select's <option>s (sort order, "posted within"), joined as the facets' are:
    through Django's widget templates the two selects cost 1.1 ms a search."""
    current = form[name].value()
    # Nothing asked for: the empty choice ("Any time") is the one shown chosen.
    chosen = "" if current is None else str(current)
    return options_html(flat_options(form.fields[name].choices, [chosen]))


def facet_groups(filterset: JobFilter, facets: Facets) -> list[dict]:
    """The facet fields as the form shows them: every choice with its count (None past the
    bound) and whether it is on."""
    data = filterset.form.data if filterset.is_bound else None
    cleaned = getattr(filterset.form, "cleaned_data", {})

    def chosen(name):
        return set(data.getlist(name)) if data is not None else set()

    def select(name, label, any_label, counted):
        on = chosen(name)
        options = [(value, text, n, value in on) for value, text, n in counted]
        current = cleaned.get(name)
        if current and not any(option[3] for option in options):
            # A chosen role or country with no jobs left still shows as chosen, at zero.
            value = current.slug if name == "role" else current
            options.insert(0, (value, filterset.value_label(name, current), 0, True))
        return {
            "kind": "select",
            "name": name,
            "label": label,
            "any": any_label,
            "options": options,
            "options_html": options_html(options),
            "errors": filterset.form[name].errors,
            "help": filterset.form[name].help_text,
        }

    def checkboxes(name):
        on = chosen(name)
        return {
            "kind": "checkbox",
            "name": name,
            "label": filterset.filters[name].label,
            "options": [
                (value, text, facets.counts[name][value], value in on)
                for value, text in filterset.filters[name].extra["choices"]
            ],
            "errors": filterset.form[name].errors,
        }

    return [
        select("role", "Role", "All roles", facets.roles),
        *(checkboxes(name) for name in CHECKBOX_FACETS),
        select("country", "Country", "Any country", facets.countries),
    ]


class JobListView(CachedPageMixin, SearchView):
    """The search over the board's listings (jobs/filters.py); the cards are the jobs of a page.

    Every query it makes reads a bounded number of rows: counts and facets at most
    JOBS_SEARCH_LIMIT listings (jobs/facets.py), a page its 20 rows after at most that many.
    """

    filterset_class = JobFilter
    template_name = "jobs/job_list.html"
    paginate_by = PAGE_SIZE
    cache_name = "list"
    cache_topics = ("jobs",)

    def get_queryset(self):
        # What the search is over, for the filterset (the page reads `listings`).
        return Listing.objects.visible().newest_first()

    def cache_until(self):
        """The page is good until a listing it counted or shows changes by the clock (one ends,
        stops being featured, leaves a "posted within" window), a job before it ends (a later
        page shifts), a scheduled job starts, or a card's salary badge changes as a salary
        counted in its role's figures lapses. A job ending elsewhere on the board leaves it
        cached; writes drop it through the "jobs" and "figures:<role>" topics."""
        moments = [
            self.facets.changes_at,
            # The page's rows and every row before it (read with them), and the pinned jobs.
            first_change(self.clocks),
            *(job.salary_position.changes_at for job in self.shown if job.salary_position),
        ]
        upcoming = [moment.timestamp() for moment in moments if moment]
        return min([next_start_at(), *upcoming])

    @cached_property
    def listings(self):
        """The search's listings with their next_change, built once for the facets' statement
        and a page past the bound (jobs.facets.listings_of)."""
        return listings_of(self.filterset)

    @cached_property
    def facets(self):
        return cached_value(
            page_key(self.request, "facets", ignore=("page", "ordering")),
            lambda: facets(self.filterset, listings=self.listings),
            topics=["jobs"],
            until=lambda found: min(
                next_start_at(),
                found.changes_at.timestamp() if found.changes_at else float("inf"),
            ),
        )

    def paginate_queryset(self, queryset, page_size):
        """`queryset` is None (SearchView): within the bound the page is the facets' matches,
        past it the search's `listings` in its order."""
        raw = self.request.GET.get(self.page_kwarg)
        # Featured jobs are shown once, in their own box above the results rather than again
        # among them; only in the board's own order, so that a salary or oldest-first order
        # stays strict.
        pin = (
            self.filterset.ordering_choice == JobOrdering.NEWEST
            and "featured" not in self.filterset.used()
        )
        if self.facets.matches is not None:
            paginator, page, ids, pinned_ids = self._page_of_matches(page_size, raw, pin)
        else:
            paginator, page, ids, pinned_ids = self._page_of_listings(page_size, raw, pin)
        cards = {job.pk: job for job in cards_in_order(ids + pinned_ids)}
        self.pinned = [cards[pk] for pk in pinned_ids if pk in cards]
        jobs = [cards[pk] for pk in ids if pk in cards and pk not in pinned_ids]
        self.shown = jobs + self.pinned
        with_tags(self.shown)
        # A page's salary badges: one query, a lookup per card in the salary figures (about 1 ms
        # of SQL for 20 cards at 1,000,000 salary records); they change with their roles' figures.
        with_salary_positions(self.shown)
        depends_on(self.request, *{f"figures:{job.role_id}" for job in self.shown if job.role_id})
        page.object_list = jobs
        return paginator, page, jobs, page.has_other_pages()

    def _page_of_matches(self, page_size, raw, pin):
        """A search within the bound: the facets read every match, so the page is theirs, put in
        the search's order here, with no query of its own. (At 1,000,000 jobs a rare
        combination's page query walked 180,000 index entries for its 20 rows, and the pinned
        jobs' another bitmap scan: 80 ms of a 230 ms request.)"""
        ordered = sorted(self.facets.matches, key=MATCH_ORDERS[self.filterset.ordering_choice])
        paginator = Paginator([match.job_id for match in ordered], page_size)
        page, self.page_error = choose_page(paginator, raw)
        self.clocks = []  # the facets' first moment is every match's
        pinned_ids = []
        if pin and page.number == 1:
            now = time.time()
            featured = (match.job_id for match in ordered if (match.featured or 0) > now)
            pinned_ids = list(islice(featured, PINNED_FEATURED))
        return paginator, page, list(page.object_list), pinned_ids

    def _page_of_listings(self, page_size, raw, pin):
        """A search past the bound: the page's rows in the search's order from the listings'
        indexes, stopping at the page's end."""
        found = self.facets
        queryset = self.listings.order_by(*ORDERINGS[self.filterset.ordering_choice])
        rows_of = queryset
        if found.since and self.filterset.ordering_choice == JobOrdering.NEWEST:
            # The bound's first matches in the board's order were all published within the
            # span of newest days that held more than the bound (jobs.facets.SPANS), and a page
            # is among them: its rows come from that span of the board's order, which its index
            # walks to the page's end (the span's lexemes made a bitmap of the span's matches to
            # sort: README, Performance). The pinned jobs below are any featured match, from the
            # whole board.
            rows_of = queryset.from_day_of(found.since)
        paginator = Paginator(rows_of.values_list("job_id", "next_change"), page_size)
        paginator.count = found.total  # counted with the facets: no second COUNT query
        past_the_end = ""
        if found.bounded:
            pages = paginator.num_pages
            past_the_end = (
                f"A search shows its first {found.limit:,} jobs ({pages:,} "
                f"page{'s' if pages != 1 else ''}): add a filter to reach the others. "
                "This is the last of those pages."
            )
        page, self.page_error = choose_page(paginator, raw, past_the_end=past_the_end)
        # The rows up to the page's end in one query (an OFFSET reads those before it anyway):
        # the page's ids, and the clock of every row up to it (cache_until).
        end = page.end_index()
        rows = list(paginator.object_list[:end]) if end else []
        ids = [job_id for job_id, _moment in rows[page.start_index() - 1 :]]
        self.clocks = [moment for _job_id, moment in rows]
        pinned_ids = []
        if pin and page.number == 1:
            pinned = list(
                queryset.featured().values_list("job_id", "next_change")[:PINNED_FEATURED]
            )
            pinned_ids = [job_id for job_id, _moment in pinned]
            self.clocks += [moment for _job_id, moment in pinned]
        return paginator, page, ids, pinned_ids

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        found = self.facets
        context["active_filters"] = self.filterset.active_filters()
        context.update(
            facets=found,
            pinned_jobs=self.pinned,
            page_error=self.page_error,
            facet_groups=facet_groups(self.filterset, found),
            choice_options={
                name: choice_options(self.filterset.form, name)
                for name in ("ordering", "posted_within")
            },
            hidden_filters=[
                (name, value)
                for name, value, _ in context["active_filters"]
                if name in HIDDEN_FILTERS
            ],
            feed_query=self.request.GET.urlencode() if not self.filterset.errors else "",
        )
        return context

    def render_to_response(self, context, **kwargs):
        if self.filterset.errors:
            status = 400
        else:
            status = self.page_error.status if self.page_error else 200
        return super().render_to_response(context, status=status, **kwargs)


def similar_jobs(job: Job) -> list[Job]:
    """The job's role's other open jobs, newest first, as one line each: their ids from the
    listings' role index, which walks the role's jobs in the board's order and stops at the
    fifth (the jobs' own date index walked the whole board's newest jobs for those of one role:
    3.5 ms for a role with few recent jobs at 100,000), then the lines' columns by id."""
    ids = list(
        Listing.objects.visible()
        .filter(role_id=job.role_id)
        .exclude(job_id=job.pk)
        .newest_first()
        .values_list("job_id", flat=True)[:SIMILAR_JOBS]
    )
    return cards_in_order(ids)


def _earliest(*moments):
    return min((moment for moment in moments if moment is not None), default=None)


class JobDetailView(CachedPageMixin, DetailView):
    template_name = "jobs/job_detail.html"
    cache_name = "detail"

    def get_object(self, queryset=None):
        job = job_for_page(self.kwargs["slug"])
        if job is None:
            raise Http404("No job here.")
        if job.is_visible:
            return job
        if job.has_ended:
            self.expired = True
            return job
        if Job.objects.previewable_by(self.request.user).filter(pk=job.pk).exists():
            self.preview = True  # its employer sees it as the public will; others get a 404
            return job
        raise Http404("No job here.")

    def get(self, request, *args, **kwargs):
        self.expired = self.preview = False
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        job, role = self.object, self.object.role
        with_tags([job])  # its tags' links (job.card_tags), as its card has them
        context["preview"] = self.preview
        context.update(
            expired=self.expired,
            # The role's open jobs: beside a live job, and on an ended one's page where to go next.
            similar_jobs=similar_jobs(job) if role else [],
            role_median=role_median(role) if role else None,
        )
        if self.expired:
            return context
        context.update(
            # Articles reach a job through its role's reverse relation; jobs never imports them.
            related_articles=list(role.articles.beside_role()) if role else [],
            salary_position=with_salary_positions([job])[0].salary_position,
            job_posting="" if self.preview else job_posting(job, self.request),
        )
        # The job, the jobs beside it, its company and role (the role's jobs, articles and
        # figures); by the clock, when one of the role's jobs starts or ends, or an article of
        # the role appears.
        shown = [job, *context["similar_jobs"]]
        if role:
            depends_on(
                self.request,
                *job_topics(shown),
                f"role:{role.pk}",
                until=_earliest(
                    Job.objects.filter(role=role).next_change(),
                    role.articles.next_publication(),
                ),
            )
        else:
            depends_on(
                self.request,
                *job_topics(shown),
                until=_earliest(job.expires_at, job.featured_until if job.is_featured else None),
            )
        return context

    def render_to_response(self, context, **kwargs):
        return super().render_to_response(context, status=410 if self.expired else 200, **kwargs)


class CompanyDetailView(DetailView):
    """A company: what it says of itself, its jobs on the board and where their salaries stand.
    A company whose jobs have all ended still answers (its old links live on), marked noindex;
    one that never had a job on the board is a 404, like an unknown slug."""

    queryset = Company.objects.ever_listed()
    template_name = "jobs/company_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        company = self.object
        jobs = list(Job.objects.visible().for_cards().filter(company=company).newest_first())
        with_tags(jobs)
        with_salary_positions(jobs)
        return {
            **context,
            "jobs": jobs,
            "placed": [job for job in jobs if job.salary_position],
            "organization": organization(company, self.request),
        }
