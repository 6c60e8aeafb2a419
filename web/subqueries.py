from django.db.models import Count, OuterRef, QuerySet, Subquery


def count_of(queryset: QuerySet, *, per: str) -> Subquery:
    """How many rows of `queryset` point at the outer query's row through the field `per`, as a
    subquery: a count beside each row that does not multiply the rows as a join would. NULL
    where there are none (wrap it in Coalesce for a 0)."""
    counted = (
        queryset.filter(**{per: OuterRef("pk")})
        .order_by()
        .values(per)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(counted)
