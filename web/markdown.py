"""Markdown to safe HTML for job descriptions and articles, with anchored h2/h3 headings."""

from dataclasses import dataclass

import nh3
from django.utils.text import slugify
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

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
    "ol": {"start"},
}
# A table column's alignment, as a class of the site's stylesheet: the Content-Security-Policy
# (style-src without 'unsafe-inline') blocks style attributes, so nothing here is styled inline.
ALIGNMENT_CLASSES = {"left": "align-left", "center": "align-center", "right": "align-right"}
SANITISER = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    allowed_classes={cell: set(ALIGNMENT_CLASSES.values()) for cell in ("th", "td")},
    url_schemes={"http", "https", "mailto"},
    link_rel="nofollow noopener noreferrer",
)

ANCHORED_TAGS = ("h2", "h3")
ANCHOR_MAX_LENGTH = 80
# base.html's skip link targets id="main"; a heading must never take that id from it.
PAGE_IDS = frozenset({"main"})


@dataclass(frozen=True)
class Heading:
    level: int
    anchor: str
    title: str


@dataclass(frozen=True)
class Rendered:
    html: str
    headings: tuple[Heading, ...]


class Anchors:
    """URL-fragment ids for a document's headings, kept unique by a -2, -3... suffix.

    Letters of any script stay (a Chinese heading keeps its characters), so an id depends only on
    the heading's text and on the headings before it: links to a section survive edits elsewhere.
    """

    def __init__(self, reserved: frozenset[str] = frozenset()):
        self.taken = set(reserved)
        # The next suffix to try for each base: counting up from 2 again for every repeat made
        # n equal headings cost n²/2 steps (16,000 "## h" took 21 s to render).
        self._next_suffix: dict[str, int] = {}

    def add(self, title: str) -> str:
        base = slugify(title, allow_unicode=True)[:ANCHOR_MAX_LENGTH].strip("-_") or "section"
        anchor, suffix = base, self._next_suffix.get(base, 2)
        while anchor in self.taken:
            anchor, suffix = f"{base}-{suffix}", suffix + 1
        self._next_suffix[base] = suffix
        self.taken.add(anchor)
        return anchor


def _plain_text(inline: Token) -> str:
    """What a reader sees of a heading: no Markdown syntax, no link targets."""
    parts = []
    for child in inline.children or []:
        if child.type in ("text", "code_inline", "image"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return " ".join("".join(parts).split())


def _anchor_headings(state: StateCore) -> None:
    anchors = Anchors(state.env.get("reserved_ids", frozenset()))
    found = state.env.setdefault("headings", [])
    for opening, inline in zip(state.tokens, state.tokens[1:], strict=False):
        if opening.type == "heading_open" and opening.tag in ANCHORED_TAGS:
            title = _plain_text(inline)
            anchor = anchors.add(title)
            opening.attrSet("id", anchor)
            found.append(Heading(int(opening.tag[1]), anchor, title))


def _alignment_as_classes(state: StateCore) -> None:
    """markdown-it aligns a table column with style="text-align:right"; a class does it here."""
    for token in state.tokens:
        if token.type in ("th_open", "td_open") and "style" in token.attrs:
            alignment = str(token.attrs.pop("style")).removeprefix("text-align:")
            if alignment in ALIGNMENT_CLASSES:
                token.attrSet("class", ALIGNMENT_CLASSES[alignment])


_markdown = MarkdownIt("commonmark", {"html": False}).enable("table")
_markdown.core.ruler.push("heading_anchors", _anchor_headings)
_markdown.core.ruler.push("table_alignment", _alignment_as_classes)


def render(text: str, *, reserved_ids: frozenset[str] = frozenset()) -> Rendered:
    """Sanitised HTML and its h2/h3 headings, from one parse.

    Raw HTML in the source is shown as text, never run. `reserved_ids` are ids the page around the
    body uses already; headings get other ids.
    """
    env = {"reserved_ids": PAGE_IDS | reserved_ids}
    html = _markdown.render(text.replace("\r\n", "\n"), env)
    return Rendered(html=SANITISER.clean(html), headings=tuple(env.get("headings", ())))


def render_markdown(text: str) -> str:
    return render(text).html
