import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import NoReverseMatch, get_script_prefix, reverse, set_script_prefix

from web.templatetags.urls import URLNode, _reversed


def render(text: str, **context) -> str:
    return Template(text).render(Context(context))


def test_every_template_s_url_tag_is_the_cached_one():
    assert isinstance(Template("{% url 'jobs:list' %}").nodelist[0], URLNode)


def test_a_route_without_arguments_is_reversed_once_and_answers_as_reverse_does():
    _reversed.cache_clear()
    for _ in range(3):
        assert render("{% url 'jobs:list' %}") == reverse("jobs:list")
    assert _reversed.cache_info().misses == 1 and _reversed.cache_info().hits == 2
    assert render("{% url name %}", name="jobs:feed_rss") == reverse("jobs:feed_rss")


def test_a_route_with_arguments_is_reversed_as_before():
    expected = reverse("jobs:detail", kwargs={"slug": "data-engineer"})
    assert render("{% url 'jobs:detail' slug=slug %}", slug="data-engineer") == expected
    assert render("{% url 'jobs:detail' 'data-engineer' %}") == expected


def test_as_a_variable_and_unknown_names_behave_as_django_s_tag():
    assert render("{% url 'jobs:list' as link %}[{{ link }}]") == f"[{reverse('jobs:list')}]"
    assert render("{% url 'no-such-route' as link %}[{{ link }}]") == "[]"
    with pytest.raises(NoReverseMatch):
        render("{% url 'no-such-route' %}")


@pytest.mark.urls("tests.web.urlconf_instances")
def test_the_instance_a_request_asks_for_and_the_script_prefix_are_part_of_the_key():
    """Two instances of one application: each page gets its own instance's address, as with
    Django's tag, and a site under a script prefix its own."""
    _reversed.cache_clear()

    def page_of(instance):
        request = RequestFactory().get("/")
        request.current_app = instance
        context = Context({})
        context.request = request
        return Template("{% url 'app:page' %}").render(context)

    assert page_of("one") == "/one/page/" and page_of("two") == "/two/page/"
    assert page_of("one") == "/one/page/"
    assert _reversed.cache_info().misses == 2
    previous = get_script_prefix()
    set_script_prefix("/board/")
    try:
        assert page_of("one") == "/board/one/page/"
    finally:
        set_script_prefix(previous)
    assert page_of("one") == "/one/page/"
