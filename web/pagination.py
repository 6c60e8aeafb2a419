"""How every list answers a page number: one behaviour, in one place (jobs and articles alike).

- Not a page number ("abc", "0", "-3", "1.5"): page 1, answered 400 Bad Request.
- Past the end: the last page, answered 404 Not Found.
- "last": the last page.
Either way the page says what happened in a sentence, and the rest of it works. This was the job
list's answer; the article list answered 404 for "0" and kept it from here on (README, layout).
"""

from dataclasses import dataclass
from http import HTTPStatus

from django.core.paginator import Page, Paginator


@dataclass(frozen=True)
class PageError:
    status: int
    message: str

    def __str__(self):
        return self.message


def page_number(raw: str | None) -> int | None:
    """The page a query string asks for; None when it is not a whole number of at least 1."""
    raw = (raw or "1").strip()
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 9:
        return None
    number = int(raw)
    return number if number >= 1 else None


def choose_page(
    paginator: Paginator, raw: str | None, *, past_the_end: str = ""
) -> tuple[Page, PageError | None]:
    """The page to show for the raw `page` parameter, and what to say when it is not that one.

    `past_the_end` replaces the sentence for a page past the last one (a list that shows only
    its first pages says so)."""
    last = paginator.num_pages
    pages = f"{last:,} page{'s' if last != 1 else ''}"
    if raw == "last":
        return paginator.page(last), None
    number = page_number(raw)
    if number is None:
        shown = (raw or "")[:40]
        return paginator.page(1), PageError(
            HTTPStatus.BAD_REQUEST,
            f"“{shown}” is not a page number, so this is page 1 (this list has {pages}).",
        )
    if number > last:
        return paginator.page(last), PageError(
            HTTPStatus.NOT_FOUND,
            past_the_end
            or f"There is no page {number:,}: this list has {pages}. This is the last one.",
        )
    return paginator.page(number), None
