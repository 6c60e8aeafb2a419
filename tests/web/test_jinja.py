import jinja2
import pytest
from django.template import Context, Template, TemplateDoesNotExist, engines
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe

from web.jinja import render_fragment


@pytest.fixture
def fragments(settings, tmp_path):
    """A Jinja2 engine over a folder of this test's own fragments."""
    settings.TEMPLATES = [
        *settings.TEMPLATES[:1],
        {**settings.TEMPLATES[1], "DIRS": [tmp_path]},
    ]
    return tmp_path


def test_a_fragment_escapes_what_it_prints_and_keeps_what_is_marked_safe(fragments):
    (fragments / "f.jinja").write_text("<p>{{ text }} {{ markup }}</p>")
    html = render_fragment("f.jinja", {"text": "<b>&'\"", "markup": mark_safe("<i>ok</i>")})
    assert html == "<p>&lt;b&gt;&amp;&#39;&#34; <i>ok</i></p>"
    assert isinstance(html, SafeString)
    # Printed by a Django template as it is, not escaped a second time.
    assert Template("{{ html }}").render(Context({"html": html})) == html


def test_a_name_the_fragment_is_not_given_fails_rather_than_printing_nothing(fragments):
    (fragments / "f.jinja").write_text("<p>{{ missing }}</p>")
    with pytest.raises(jinja2.UndefinedError):
        render_fragment("f.jinja", {})


def test_each_engine_finds_only_its_own_templates():
    """A fragment asked of Django's engine (an {% include %}) is not found rather than rendered
    by the wrong language, and a page is not compiled as Jinja2."""
    fragment = "jobs/includes/_job_cards.jinja"
    assert engines["jinja2"].get_template(fragment)
    with pytest.raises(TemplateDoesNotExist):
        get_template(fragment, using="django")
    with pytest.raises(TemplateDoesNotExist):
        engines["jinja2"].get_template("home.html")
    assert get_template("home.html").backend is engines["django"]
