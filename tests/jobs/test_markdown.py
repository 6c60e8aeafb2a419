from jobs.markdown import headings, render_markdown


def test_markdown_is_rendered_with_heading_anchors():
    html = render_markdown("## What you do\n\n- build\n- ship\n\n### Tools\n\n`sql`")
    assert '<h2 id="what-you-do">What you do</h2>' in html
    assert '<h3 id="tools">Tools</h3>' in html
    assert "<li>build</li>" in html and "<code>sql</code>" in html


def test_raw_html_and_scripts_never_reach_the_page():
    html = render_markdown('<script>alert("x")</script>\n\n<img src=x onerror=alert(1)>')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html  # shown as text, never run


def test_dangerous_links_are_dropped_and_others_marked_nofollow():
    html = render_markdown("[a](javascript:alert(1)) [b](https://example.com)")
    assert 'href="javascript:' not in html
    assert 'href="https://example.com"' in html
    assert 'rel="nofollow noopener noreferrer"' in html


def test_headings_give_the_table_of_contents():
    toc = headings("Intro\n\n## First\n\ntext\n\n### Detail\n\n## Second")
    assert [(h.level, h.anchor, h.title) for h in toc] == [
        (2, "first", "First"),
        (3, "detail", "Detail"),
        (2, "second", "Second"),
    ]
