import re
from functools import lru_cache

from django.urls import get_resolver, get_script_prefix, get_urlconf, reverse
from django.urls.converters import SlugConverter
from django.utils.text import slugify

# What Django's <slug:...> converter takes: such a slug goes into a path as it is.
SLUG = re.compile(SlugConverter.regex)
_MARK = "slug-goes-here"


def fill_slug(obj, text: str) -> None:
    """Give obj a slug from text, unique among its model's rows, unless it has one: a slug once
    given stays, as links to it do."""
    if not obj.slug:
        max_length = obj._meta.get_field("slug").max_length
        obj.slug = unique_slug(type(obj), text, max_length=max_length, exclude_pk=obj.pk)


def unique_slug(model, text: str, *, max_length: int, exclude_pk=None) -> str:
    """slugify(text), cut to fit max_length, with -2, -3... until no other row of model has it."""
    base = slugify(text)[: max_length - 4] or model._meta.model_name
    slug, suffix = base, 2
    taken = model.objects.exclude(pk=exclude_pk)
    while taken.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


def slug_url(name: str, slug: str) -> str:
    """reverse(name, kwargs={"slug": slug}) for a route whose one argument is a slug. A page of
    cards links each job and its company: 46 reverse() calls of 20 µs each. The route's text
    around the slug is reversed once per URLconf and script prefix; a slug the converter would
    refuse still goes through reverse(), which raises NoReverseMatch as before."""
    if not SLUG.fullmatch(slug):
        return reverse(name, kwargs={"slug": slug})
    before, after = _around_slug(name, get_resolver(get_urlconf()), get_script_prefix())
    return f"{before}{slug}{after}"


@lru_cache(maxsize=64)
def _around_slug(name: str, resolver, script_prefix: str) -> tuple[str, str]:
    # The resolver is in the key so that a changed URLconf (tests, clear_url_caches) gets its own.
    before, _, after = reverse(name, kwargs={"slug": _MARK}).partition(_MARK)
    return before, after
