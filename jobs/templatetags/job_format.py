from django import template

from jobs.cards import cards_html, posted_age

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
