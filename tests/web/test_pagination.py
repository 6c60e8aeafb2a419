from http import HTTPStatus

import pytest
from django.core.paginator import Paginator

from web.pagination import choose_page, page_number


@pytest.mark.parametrize(
    ("raw", "number"),
    [("1", 1), ("12", 12), (None, 1), ("", 1), (" 3 ", 3), ("0", None), ("-3", None),
     ("1.5", None), ("abc", None), ("\x00", None), ("9" * 5000, None), ("٣", None)],
)  # fmt: skip
def test_page_number(raw, number):
    assert page_number(raw) == number


def test_a_page_it_has_is_shown_without_a_word():
    page, error = choose_page(Paginator(range(30), 10), "2")
    assert (page.number, error) == (2, None)
    page, error = choose_page(Paginator(range(30), 10), "last")
    assert (page.number, error) == (3, None)


@pytest.mark.parametrize("raw", ["abc", "0", "-3"])
def test_not_a_page_number_is_page_one_and_400(raw):
    page, error = choose_page(Paginator(range(30), 10), raw)
    assert page.number == 1 and error.status == HTTPStatus.BAD_REQUEST
    assert str(error) == f"“{raw}” is not a page number, so this is page 1 (this list has 3 pages)."


def test_past_the_end_is_the_last_page_and_404():
    page, error = choose_page(Paginator(range(30), 10), "7")
    assert page.number == 3 and error.status == HTTPStatus.NOT_FOUND
    assert error.message == "There is no page 7: this list has 3 pages. This is the last one."
    _, error = choose_page(Paginator(range(30), 10), "7", past_the_end="Only 3 pages are shown.")
    assert error.message == "Only 3 pages are shown."


def test_an_empty_list_has_its_one_page():
    page, error = choose_page(Paginator([], 10), "2")
    assert page.number == 1 and error.status == HTTPStatus.NOT_FOUND
