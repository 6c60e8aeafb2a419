"""Page fragments rendered by Jinja2 inside pages of Django's template language.

A search page prints 23 job cards and a form of some sixty choices; a role's salary page draws a
box-and-whisker bar per country. Django's template language resolves every variable through a
chain of lookups at render time, and spent nearly half of a search page's render on cards that
only print words; Jinja2 compiles a template to a Python function, and the same markup renders
several times faster (bench/HISTORY.md, ninth and seventeenth rounds). Only those fragments are
Jinja2: `.jinja` files under templates/jinja2/, which only the "jinja2" engine of
settings.TEMPLATES reads. Every page, and the layout the pages share, is Django's.
"""

from django.template import engines
from django.utils.safestring import SafeString, mark_safe


def render_fragment(name: str, context: dict) -> SafeString:
    """templates/jinja2/<name> rendered with `context`, as markup a Django template prints as it
    is."""
    template = engines["jinja2"].get_template(name)
    # Safe: the engine escapes every value it prints (autoescape, settings.TEMPLATES), and
    # passes markup already marked safe (Django's SafeString has __html__) as it is.
    return mark_safe(template.render(context))
