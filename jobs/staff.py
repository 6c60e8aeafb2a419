"""Who the staff are: the one place that answers "is this user a moderator?" and "which companies
and jobs may this user manage?".

Moderators decide on every company's jobs; employers manage the jobs of the companies they are
members of. What else each group may do is listed in jobboard/permissions.py, which sees every app.
"""

from django.db.models import Q

MODERATORS_GROUP = "Moderators"
EMPLOYERS_GROUP = "Employers"
# Holding it makes a moderator, whatever the group (superusers hold every permission).
MODERATE_JOBS = "jobs.moderate_job"


def is_moderator(user) -> bool:
    return user is not None and user.has_perm(MODERATE_JOBS)


def managed_by(user, *, company: str = "") -> Q:
    """The rows a staff user may manage: all for a moderator, else those of the companies the user
    is a member of. `company` leads from a row to its company: "" for companies, "company__" for
    jobs."""
    if is_moderator(user):
        return Q()
    return Q(**{f"{company}memberships__user": user})


def shown_name(user, *, to, moderators: frozenset[int]) -> str:
    """Who did something, as `to` may read it: moderators stay "a moderator" to employers
    (`moderators`: the ids among those named that are moderators, from moderator_ids)."""
    if user is None:
        return "-"
    if user.pk in moderators and not is_moderator(to):
        return "a moderator"
    return user.get_username()


def moderator_ids(users) -> frozenset[int]:
    """Which of these users are moderators, asking once per person however often each appears."""
    distinct = {user.pk: user for user in users if user is not None}
    return frozenset(pk for pk, user in distinct.items() if is_moderator(user))
