import pytest
from django.urls import NoReverseMatch, reverse, set_script_prefix

from salaries.models import Role
from web.slugs import fill_slug, slug_url, unique_slug

pytestmark = pytest.mark.django_db


def test_a_free_slug_is_the_slugified_text():
    assert unique_slug(Role, "Data Engineer!", max_length=140) == "data-engineer"


def test_a_taken_slug_gets_the_next_free_number():
    Role.objects.create(name="A", slug="data-engineer")
    Role.objects.create(name="B", slug="data-engineer-2")
    assert unique_slug(Role, "Data Engineer", max_length=140) == "data-engineer-3"


def test_the_row_itself_does_not_take_its_own_slug():
    role = Role.objects.create(name="A", slug="data-engineer")
    assert unique_slug(Role, "Data Engineer", max_length=140, exclude_pk=role.pk) == "data-engineer"


def test_the_slug_leaves_room_for_a_suffix_and_falls_back_to_the_model_name():
    assert unique_slug(Role, "x" * 50, max_length=20) == "x" * 16
    assert unique_slug(Role, "データ", max_length=140) == "role"


def test_fill_slug_keeps_a_given_slug_and_fits_the_models_field():
    role = Role(name="Data Engineer", slug="de")
    fill_slug(role, role.name)
    assert role.slug == "de"
    role = Role(name="x" * 200)
    fill_slug(role, role.name)
    assert role.slug == "x" * 136  # SlugField(max_length=140), room for a "-2"


@pytest.mark.parametrize("name", ["jobs:detail", "companies:detail", "salaries:role"])
@pytest.mark.parametrize("slug", ["data-engineer-acme", "a", "under_score-2", "X9"])
def test_slug_url_is_what_reverse_gives(name, slug):
    assert slug_url(name, slug) == reverse(name, kwargs={"slug": slug})


def test_slug_url_follows_the_script_prefix():
    set_script_prefix("/board/")
    try:
        assert (
            slug_url("jobs:detail", "x") == "/board/jobs/x/" == reverse("jobs:detail", args=["x"])
        )
    finally:
        set_script_prefix("/")
    assert slug_url("jobs:detail", "x") == "/jobs/x/"


@pytest.mark.parametrize("slug", ["", "two words", "a/b", "ünï", "x?y=1"])
def test_a_slug_the_route_refuses_raises_as_reverse_does(slug):
    with pytest.raises(NoReverseMatch):
        slug_url("jobs:detail", slug)
