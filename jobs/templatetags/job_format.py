from django import template
from django.urls import reverse

from jobs.cards import cards_html, posted_age
from web.jinja import render_fragment

register = template.Library()
register.filter("posted_age", posted_age)


@register.simple_tag
def job_cards(jobs, *, show_tags=False):
    """The jobs' cards inside a page's <ul class="cards">: {% job_cards jobs show_tags=True %}."""
    return cards_html(jobs, show_tags=show_tags)


@register.filter(is_safe=True)
def full_stop(text: str) -> str:
    """Ends a sentence once: "Washington, D.C." stays as it is rather than gaining a second dot."""
    text = text.rstrip()
    return text if not text or text.endswith((".", "!", "?", "…")) else f"{text}."


@register.simple_tag(takes_context=True)
def querystring_without(context, name, value) -> str:
    """This page's query string without one filter value (and back to page 1)."""
    query = context["request"].GET.copy()
    query.setlist(name, [item for item in query.getlist(name) if item != value])
    query.pop("page", None)
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.simple_tag(takes_context=True)
def job_filters(context):
    """The search's filter form beside its results
    (templates/jinja2/jobs/includes/_job_filters.jinja), from what JobListView put in the page's
    context."""
    return render_fragment(
        "jobs/includes/_job_filters.jinja",
        {
            "form": context["filter"].form,
            "facet_groups": context["facet_groups"],
            "choice_options": context["choice_options"],
            "hidden_filters": context["hidden_filters"],
            "action": reverse("jobs:list"),
            "has_query": bool(context["request"].GET),
        },
    )
