"""Keyset ("cursor") pagination for every list of the API.

DRF's CursorPagination positions a page on the first ordering key alone, pages through that key's
ties with an OFFSET, and cannot follow an expression such as the job search's "highest salary
first, jobs without a shown salary last". This one reads the list's own order, every key of it
(the primary key added to break ties), and starts each page after the last row's values of all
the keys: no OFFSET at any depth, and rows added meanwhile never shift a page. The query keeps the
order exactly as the FilterSet wrote it, so it is the page's order and its index serves it.
"""

import base64
import binascii
import hashlib
import json
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import connections
from django.db.models import F, OrderBy, Q
from rest_framework.exceptions import ErrorDetail, NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.utils.urls import remove_query_param, replace_query_param

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100


def invalid(parameter: str, message: str) -> ValidationError:
    return ValidationError({parameter: [ErrorDetail(message, code="invalid")]})


def no_such_page() -> NotFound:
    # 404, as DRF's own cursors answer: the cursor names a page, and this list has no such page.
    return NotFound(
        "No page of this list starts at this cursor: it belongs to another list or order, or "
        "was not given out by the API. Follow the `next` and `previous` links as they are.",
        code="invalid_cursor",
    )


@dataclass(frozen=True)
class Cursor:
    values: tuple  # the ordering keys of the row a page starts after (or, backwards, before)
    backwards: bool


def _jsonable(value):
    # Full precision: DjangoJSONEncoder would cut microseconds, and a cut key skips rows.
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def ordering_keys(queryset) -> list[OrderBy]:
    """The queryset's order as OrderBy expressions, the primary key last to break ties."""
    query = queryset.query
    terms = query.order_by or (query.get_meta().ordering if query.default_ordering else ())
    pk_names = {"pk", query.get_meta().pk.name}
    keys = []
    for term in terms:
        if isinstance(term, str):
            name = term.removeprefix("-")
            term = OrderBy(F(name), descending=term.startswith("-"))
        elif not isinstance(term, OrderBy):
            term = term.asc()
        keys.append(term)
    if not any(isinstance(key.expression, F) and key.expression.name in pk_names for key in keys):
        keys.append(OrderBy(F("pk")))
    return keys


def _nulls_last(key: OrderBy, vendor_nulls_largest: bool) -> bool:
    """Where this key puts NULL: as written, else where the database puts it by default."""
    if key.nulls_last or key.nulls_first:
        return bool(key.nulls_last)
    return key.descending != vendor_nulls_largest


def _after(keys: list[tuple[str, OrderBy]], values, vendor_nulls_largest: bool) -> Q | None:
    """Rows strictly after `values` in the order of `keys`; None when no row can be."""
    alternatives = []
    same_so_far = Q()
    for (name, key), value in zip(keys, values, strict=True):
        nulls_last = _nulls_last(key, vendor_nulls_largest)
        if value is None:
            # Among NULLs nothing is further; before them, rows past NULL are the non-NULL ones.
            if not nulls_last:
                alternatives.append(same_so_far & Q(**{f"{name}__isnull": False}))
            same_so_far &= Q(**{f"{name}__isnull": True})
            continue
        further = Q(**{f"{name}__{'lt' if key.descending else 'gt'}": value})
        if nulls_last:
            further |= Q(**{f"{name}__isnull": True})
        alternatives.append(same_so_far & further)
        same_so_far &= Q(**{name: value})
    if not alternatives:
        return None
    condition = alternatives[0]
    for alternative in alternatives[1:]:
        condition |= alternative
    # Implied by the above, but a plain range on the first key lets the database start reading its
    # index at the cursor rather than walk it from the top (the OR above is no index range).
    (name, key), value = keys[0], values[0]
    if value is not None:
        bound = Q(**{f"{name}__{'lte' if key.descending else 'gte'}": value})
        if _nulls_last(key, vendor_nulls_largest):
            bound |= Q(**{f"{name}__isnull": True})
        condition &= bound
    return condition


class KeysetPagination(CursorPagination):
    page_size = PAGE_SIZE
    max_page_size = MAX_PAGE_SIZE
    page_size_query_param = "page_size"
    cursor_query_description = (
        "Where the page starts: the `cursor` of the previous answer's `next` or `previous` link. "
        "Leave it out for the first page. A cursor belongs to its list, filters and order: "
        "any other answers 404."
    )
    page_size_query_description = f"Results per page, 1 to {MAX_PAGE_SIZE} (default {PAGE_SIZE})."

    def paginate_queryset(self, queryset, request, view=None):
        self._start(request)
        keys = [(f"cursor_{index}", key) for index, key in enumerate(ordering_keys(queryset))]
        annotated = queryset.annotate(**{name: key.expression for name, key in keys})
        self.fingerprint = hashlib.sha256(repr([key for _, key in keys]).encode()).hexdigest()[:12]
        cursor = self.decode_cursor(request)
        order = [key for _, key in keys]
        if cursor is not None:
            fields = [annotated.query.annotations[name].output_field for name, _ in keys]
            values = self._typed(cursor.values, fields)
            if cursor.backwards:
                keys = [(name, key.copy().reverse_ordering()) for name, key in keys]
                order = [key for _, key in keys]
            largest = connections[queryset.db].features.nulls_order_largest
            condition = _after(keys, values, largest)
            annotated = annotated.filter(condition) if condition is not None else annotated.none()
        rows = list(annotated.order_by(*order)[: self.page_size + 1])
        names = [name for name, _ in keys]
        return self._page(rows, cursor, lambda row: [getattr(row, name) for name in names])

    def paginate_sorted(self, rows: list, request, *, key, ordering: str) -> list:
        """The same for rows sorted in Python by `key` (a tuple of JSON values, unique per row):
        figures computed outside the database, such as the roles' medians."""
        self._start(request)
        self.fingerprint = hashlib.sha256(ordering.encode()).hexdigest()[:12]
        cursor = self.decode_cursor(request)
        if cursor is not None:
            position = tuple(cursor.values)
            try:
                if cursor.backwards:
                    rows = [row for row in rows if key(row) < position][::-1]
                else:
                    rows = [row for row in rows if key(row) > position]
            except TypeError:  # values of other types than this order's keys
                raise no_such_page() from None
        return self._page(rows[: self.page_size + 1], cursor, lambda row: list(key(row)))

    def _start(self, request):
        self.request = request
        self.page_size = self.get_page_size(request)
        self.base_url = request.build_absolute_uri()
        self.next_values = self.previous_values = None
        self.restart = False

    def _page(self, rows, cursor, position):
        more = len(rows) > self.page_size
        rows = rows[: self.page_size]
        backwards = cursor is not None and cursor.backwards
        if backwards:
            rows.reverse()
        if rows:
            if more or backwards:
                self.next_values = [_jsonable(value) for value in position(rows[-1])]
            if (more and backwards) or (cursor is not None and not backwards):
                self.previous_values = [_jsonable(value) for value in position(rows[0])]
        elif backwards:
            self.restart = True  # nothing before the cursor: "next" is the list's first page
        return rows

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise invalid(
                self.page_size_query_param,
                f"A page size is a whole number from 1 to {self.max_page_size}.",
            )
        return size

    def decode_cursor(self, request):
        encoded = request.query_params.get(self.cursor_query_param)
        if not encoded:  # left out or empty, like any filter: the first page
            return None
        try:
            data = json.loads(base64.urlsafe_b64decode(encoded.encode("ascii")))
            if data["k"] != self.fingerprint or not isinstance(data["v"], list):
                raise ValueError
            return Cursor(values=tuple(data["v"]), backwards=bool(data.get("b")))
        except (ValueError, TypeError, KeyError, UnicodeError, binascii.Error):
            raise no_such_page() from None

    def _typed(self, values, fields) -> list:
        if len(values) != len(fields):
            raise no_such_page()
        try:
            return [
                None if value is None else field.to_python(value)
                for value, field in zip(values, fields, strict=True)
            ]
        except (DjangoValidationError, TypeError, ValueError):
            raise no_such_page() from None

    def encode_cursor(self, values, *, backwards: bool) -> str:
        data = {"k": self.fingerprint, "v": values, **({"b": 1} if backwards else {})}
        encoded = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode())
        return replace_query_param(self.base_url, self.cursor_query_param, encoded.decode())

    def get_next_link(self):
        if self.restart:
            return remove_query_param(self.base_url, self.cursor_query_param)
        if self.next_values is None:
            return None
        return self.encode_cursor(self.next_values, backwards=False)

    def get_previous_link(self):
        if self.previous_values is None:
            return None
        return self.encode_cursor(self.previous_values, backwards=True)

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
        return parameters
