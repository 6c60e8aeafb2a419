"""Markdown to safe HTML for job descriptions and articles (articles may import jobs, not back)."""

from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.anchors import anchors_plugin

_markdown = (
    MarkdownIt("commonmark", {"html": False})
    .enable("table")
    .use(anchors_plugin, min_level=2, max_level=3)
)

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "h2": {"id"},
    "h3": {"id"},
    "th": {"style"},
    "td": {"style"},
    "ol": {"start"},
}


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    title: str


def render_markdown(text: str) -> str:
    """Sanitised HTML; raw HTML in the source is shown as text, never run."""
    html = _markdown.render(text.replace("\r\n", "\n"))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer",
    )


@dataclass(frozen=True)
class ContentsEntry:
    heading: Heading
    children: list[Heading]


def table_of_contents(text: str) -> list[ContentsEntry]:
    """Second-level headings, each with the third-level headings under it."""
    entries = []
    for heading in headings(text):
        if heading.level == 2 or not entries:
            entries.append(ContentsEntry(heading, []))
        else:
            entries[-1].children.append(heading)
    return entries


def headings(text: str) -> list[Heading]:
    """The second- and third-level headings, with the anchors render_markdown gives them."""
    tokens = _markdown.parse(text.replace("\r\n", "\n"))
    found = []
    for opening, inline in zip(tokens, tokens[1:], strict=False):
        if opening.type == "heading_open" and opening.attrGet("id"):
            found.append(Heading(int(opening.tag[1]), str(opening.attrGet("id")), inline.content))
    return found
