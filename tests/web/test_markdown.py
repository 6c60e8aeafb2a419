import gc
import time

import pytest

from web.markdown import SANITISER, Anchors, Heading, render, render_markdown


def test_markdown_is_rendered_with_heading_anchors():
    html = render_markdown("## What you do\n\n- build\n- ship\n\n### Tools\n\n`sql`")
    assert '<h2 id="what-you-do">What you do</h2>' in html
    assert '<h3 id="tools">Tools</h3>' in html
    assert "<li>build</li>" in html and "<code>sql</code>" in html


def test_lists_tables_code_and_links_survive_sanitising():
    html = render_markdown(
        "1. one\n2. two\n\n| a | b |\n|--:|---|\n| 1 | 2 |\n\n```\nx = 1\n```\n\n"
        '[docs](https://example.com/docs "Docs") and **bold** and *em*'
    )
    for fragment in (
        "<ol>",
        '<th class="align-right">a</th>',
        "<td>2</td>",
        "<pre><code>x = 1\n</code></pre>",
        'href="https://example.com/docs" title="Docs"',
        "<strong>bold</strong>",
        "<em>em</em>",
    ):
        assert fragment in html


def test_raw_html_and_scripts_never_reach_the_page():
    html = render_markdown('<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html and "&lt;img" in html  # shown as text, never run


def test_dangerous_links_are_dropped_and_others_marked_nofollow():
    html = render_markdown(
        "[a](javascript:alert(1)) [c](JaVaScRiPt:alert(1)) [d](data:text/html,x) "
        "[b](https://example.com) <javascript:alert(2)>"
    )
    assert "href" in html  # the https link is there ...
    assert html.count("href=") == 1  # ... and nothing else became a link
    assert 'href="https://example.com"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_images_are_not_shown():
    html = render_markdown('![x](https://example.com/a.png "t")')
    assert "<img" not in html


def test_headings_come_with_the_anchors_the_html_has():
    rendered = render("Intro\n\n## First\n\ntext\n\n### Detail\n\n## Second\n\n#### Deep")
    assert rendered.headings == (
        Heading(2, "first", "First"),
        Heading(3, "detail", "Detail"),
        Heading(2, "second", "Second"),
    )
    for heading in rendered.headings:
        assert f'id="{heading.anchor}"' in rendered.html
    assert "<h4>Deep</h4>" in rendered.html  # no anchor below h3


def test_headings_sharing_a_text_get_distinct_ids():
    rendered = render("## Pay\n\n### Data Engineer\n\n## Work\n\n### Data Engineer\n\n## Pay")
    anchors = [heading.anchor for heading in rendered.headings]
    assert anchors == ["pay", "data-engineer", "work", "data-engineer-2", "pay-2"]
    # A heading whose own text looks like a suffixed id still gets an id of its own.
    anchors = [h.anchor for h in render("## A\n\n## A\n\n## A 2").headings]
    assert anchors == ["a", "a-2", "a-2-2"]
    assert len(set(anchors)) == len(anchors)


def test_unicode_headings_keep_their_letters():
    rendered = render("## Über uns — naïve café\n\n### 数据工程师\n\n## Ｆｕｌｌ　ｗｉｄｔｈ")
    assert [h.anchor for h in rendered.headings] == [
        "über-uns-naïve-café",
        "数据工程师",
        "full-width",  # NFKC: full-width letters are the ordinary ones
    ]
    assert '<h3 id="数据工程师">数据工程师</h3>' in rendered.html


def test_headings_without_letters_still_get_unique_ids():
    rendered = render("## ???\n\n## 🚀\n\n## C++ & *Rust*")
    assert [h.anchor for h in rendered.headings] == ["section", "section-2", "c-rust"]


def test_anchors_are_stable_and_never_take_a_reserved_id():
    text = "## Main\n\n## Contents\n\n## Contents"
    first = render(text, reserved_ids=frozenset({"contents"}))
    assert [h.anchor for h in first.headings] == ["main-2", "contents-2", "contents-3"]
    assert render(text, reserved_ids=frozenset({"contents"})) == first  # same text, same ids


def test_heading_titles_are_plain_text():
    rendered = render("## `code` and [a link](https://example.com) and *em*\n\n## A &amp; B")
    assert [h.title for h in rendered.headings] == ["code and a link and em", "A & B"]


def test_long_headings_give_bounded_ids():
    anchor = render("## " + "word " * 100).headings[0].anchor
    assert len(anchor) <= 80 and not anchor.endswith("-")


@pytest.mark.parametrize(
    ("title", "taken", "expected"),
    [("Pay", set(), "pay"), ("Pay", {"pay"}, "pay-2"), ("Pay", {"pay", "pay-2"}, "pay-3")],
)
def test_anchors_add_the_next_free_suffix(title, taken, expected):
    anchors = Anchors(frozenset(taken))
    assert anchors.add(title) == expected
    assert expected in anchors.taken


def test_anchors_skip_suffixes_other_headings_took():
    anchors = Anchors(frozenset({"pay-3"}))
    assert [anchors.add(title) for title in ["Pay", "Pay", "Pay 4", "Pay", "Pay"]] == [
        "pay",
        "pay-2",
        "pay-4",
        "pay-5",  # pay-3 is reserved, pay-4 another heading's own
        "pay-6",
    ]


# Inputs an attacker can type into a job description, each (unit, prefix, suffix): the unit is
# repeated to about the length asked. Quadratic rendering of any of them was a denial of service:
# 16,000 "## h" headings took 21.5 s, a few saves at once blocked every worker.
PATHOLOGICAL = {
    "repeated headings": ("## h\n", "", ""),
    "repeated h3 and h2": ("### a\n## a\n", "", ""),
    "headings looking like suffixes": ("## a\n## a 2\n", "", ""),
    "open brackets": ("[", "", ""),
    "open image brackets": ("![", "", ""),
    "brackets over lines": ("[a\n", "", ""),
    "unclosed link destinations": ("[a](", "", ""),
    "nested brackets": ("[", "", "a](b)"),
    "link reference uses": ("[x]", "[x]: /y\n\n", ""),
    "reference definitions": ("[r]: /u\n", "", ""),
    "unclosed emphasis": ("*a", "", ""),
    "unclosed underscores": ("_a", "", ""),
    "nested emphasis": ("*", "", "a"),
    "mixed delimiters": ("*_**__", "", ""),
    "emphasis and brackets": ("*[", "", ""),
    "backticks": ("`", "", ""),
    "backtick runs": ("``a`", "", ""),
    "autolink openings": ("<a", "", ""),
    "entities": ("&#", "", ""),
    "escapes": ("\\", "", ""),
    "nested blockquotes": (">", "", " a"),
    "blockquote lines": ("> a\n", "", ""),
    "nested lists": ("- ", "", "a"),
    "list items": ("- a\n", "", ""),
    "ordered list items": ("1. a\n", "", ""),
    "blockquoted lists": ("> - ", "", "a"),
    "table rows": ("| x | y |\n", "| a | b |\n|---|--:|\n", ""),
    "empty table rows": ("|\n", "| a |\n|---|\n", ""),
    "wide table": ("|-", "|a" * 50 + "|\n", "|\n"),
    "code fence lines": ("a\n", "```\n", ""),
    "hard breaks": ("a  \n", "", ""),
    "setext underline": ("a\n", "", "==="),
}


def pathological(name: str, length: int) -> str:
    unit, prefix, suffix = PATHOLOGICAL[name]
    return prefix + unit * (length // len(unit)) + suffix


def cpu_seconds(text: str) -> float:
    """The best of five renders, in CPU time: other processes on the machine do not count, and
    nor does the garbage collector (off while timing, as timeit does: its passes grow with the
    objects alive, and made an n log n case measure 8.2x once on a loaded machine, 6.2x
    normally)."""
    best = float("inf")
    gc.collect()
    gc.disable()
    try:
        for _ in range(5):
            start = time.process_time()
            render(text)
            best = min(best, time.process_time() - start)
    finally:
        gc.enable()
    return best


@pytest.mark.parametrize("name", PATHOLOGICAL)
def test_rendering_time_grows_linearly_with_the_input(name):
    """An algorithmic-growth check, not a timing bar: four times the input may take about four
    times as long (8 allows for noise); a quadratic construct takes 16 times as long."""
    small, large = (cpu_seconds(pathological(name, length)) for length in (4_000, 16_000))
    assert large < 8 * max(small, 0.002), f"{name}: {small:.4f} s, then {large:.4f} s"


def test_table_alignment_is_a_class_never_a_style():
    """The CSP blocks style attributes (issue 19: numbers in article tables aligned left)."""
    html = render_markdown("| a | b | c | d |\n|:--|:-:|--:|---|\n| 1 | 2 | 3 | 4 |")
    assert "style" not in html
    assert '<th class="align-left">a</th>' in html and '<td class="align-center">2</td>' in html
    assert '<td class="align-right">3</td>' in html and "<td>4</td>" in html


def test_styles_and_other_classes_are_dropped():
    # Markdown escapes raw HTML before nh3 sees it; nh3 is the second line, tested directly.
    cleaned = SANITISER.clean(
        '<table><tr><td style="text-align:left" class="align-left evil" onclick="x()">1</td>'
        '<td class="align-right">2</td></tr></table><p class="align-right">3</p>'
        "<script>alert(1)</script>"
    )
    assert cleaned == (
        '<table><tbody><tr><td class="align-left">1</td><td class="align-right">2</td></tr>'
        "</tbody></table><p>3</p>"
    )
