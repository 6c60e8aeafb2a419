from django_filters.views import FilterView


class FilterErrorStatusMixin:
    """A page asked with a filter value it cannot use answers 400, with the form's errors shown."""

    def render_to_response(self, context, **kwargs):
        status = 400 if self.filterset.errors else 200
        return super().render_to_response(context, status=status, **kwargs)


class SearchView(FilterView):
    """FilterView, but the search's filtered queryset is not built up front: a view whose page
    does not always read it (jobs.views.JobListView: within the bound the page is the facets'
    matches, past it the facets' listings in the search's order) builds what it reads, where
    building `filterset.qs` cost 0.5-1 ms of every search. Every valid value applies, and a value
    the form refuses is left out and named by the form (FilterView's `strict = False`)."""

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        self.object_list = None
        return self.render_to_response(self.get_context_data(filter=self.filterset))
