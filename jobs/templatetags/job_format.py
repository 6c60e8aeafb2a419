from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timesince

register = template.Library()


@register.filter
def posted_age(moment) -> str:
    """ "3 days ago", "2 hours ago", "just now": one unit is all a job card needs."""
    if moment is None:
        return ""
    if timezone.now() - moment < timedelta(minutes=1):
        return "just now"
    return f"{timesince(moment, depth=1)} ago"


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
