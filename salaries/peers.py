"""Who a salary is compared with by the outlier rule (validation.outlier_finding): its peers.

A salary's peers are the accepted salaries of its role, in its country and employment type where it
states them: pay in Brazil, or for an internship, is not an outlier because the survey is mostly
full-time US salaries. `records` below is SalaryRecord's manager or a queryset of it (this module
is below the models, which use it, so it is handed them rather than importing them).
"""

from collections import defaultdict

from salaries.validation import RoleSpread

PEER_FIELDS = ("role", "country", "employment_type")


def peer_key(**values) -> tuple:
    """A salary's values of PEER_FIELDS, in their order: the key that groups it with its peers."""
    return tuple(values[name] for name in PEER_FIELDS)


def peers(records, **peer):
    """The peers of a salary with these values of PEER_FIELDS ("" or None: not stated)."""
    stated = {name: value for name, value in peer.items() if value not in ("", None)}
    return records.accepted().filter(**stated)


def peer_spread(records, **peer) -> RoleSpread | None:
    """Where a salary's peers lie; none for a salary with no role, which has no peers."""
    if peer["role"] is None:
        return None
    return RoleSpread.of(peers(records, **peer).annual_figures())


def points_by_peers(records) -> dict[tuple, list[int]]:
    """Every accepted point under its peer_key: each group's peers at once, for a whole file.
    A salary that states all of PEER_FIELDS has exactly the points under its key as peers."""
    points = defaultdict(list)
    for *key, value in records.accepted().order_by().values_list(*PEER_FIELDS, "annual_usd"):
        points[tuple(key)].append(value)
    return points
