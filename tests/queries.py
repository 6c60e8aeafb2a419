"""How the tests pin that a list page's query count does not grow with its rows."""


def assert_queries_do_not_grow(client, url, make_rows, django_assert_max_num_queries) -> int:
    """GET url with 3 rows, then with 30 more (make_rows(n) adds n): the second page may run no
    more queries than the first. Returns how many rows the list then counts."""
    make_rows(3)
    with django_assert_max_num_queries(40) as few:
        client.get(url)
    make_rows(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    return response.context["cl"].result_count
