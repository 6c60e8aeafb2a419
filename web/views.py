class FilterErrorStatusMixin:
    """A page asked with a filter value it cannot use answers 400, with the form's errors shown."""

    def render_to_response(self, context, **kwargs):
        status = 400 if self.filterset.errors else 200
        return super().render_to_response(context, status=status, **kwargs)
