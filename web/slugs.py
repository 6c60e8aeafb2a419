from django.utils.text import slugify


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
