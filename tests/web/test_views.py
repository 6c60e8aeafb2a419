from django.http import HttpResponse

from web.views import FilterErrorStatusMixin


class Page:
    def render_to_response(self, context, **kwargs):
        return HttpResponse(status=kwargs.get("status", 200))


class Filters:
    def __init__(self, errors):
        self.errors = errors


class FilteredPage(FilterErrorStatusMixin, Page):
    def __init__(self, errors):
        self.filterset = Filters(errors)


def test_a_filter_value_the_page_cannot_use_answers_400():
    assert (
        FilteredPage({"year": ["Select a valid choice."]}).render_to_response({}).status_code == 400
    )


def test_usable_filters_answer_200():
    assert FilteredPage({}).render_to_response({}).status_code == 200
