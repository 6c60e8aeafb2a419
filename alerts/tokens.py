"""Signed links, so an alert is confirmed, managed and left without an account or a password.

Each token signs the alert's id with SECRET_KEY, a time and its purpose: a confirmation link
cannot manage, a manage link cannot confirm. Confirmation links lapse with the unconfirmed alert
they confirm, manage links after ALERTS_MANAGE_LINK_DAYS (every email carries a fresh one), and
unsubscribe links never: a mail client's unsubscribe button must work on an old email too.
"""

from datetime import timedelta
from enum import Enum

from django.conf import settings
from django.core import signing


class Purpose(Enum):
    CONFIRM = "alerts.confirm"
    MANAGE = "alerts.manage"
    UNSUBSCRIBE = "alerts.unsubscribe"

    @property
    def max_age(self) -> timedelta | None:
        if self is Purpose.CONFIRM:
            return timedelta(days=settings.ALERTS_UNCONFIRMED_DAYS)
        if self is Purpose.MANAGE:
            return timedelta(days=settings.ALERTS_MANAGE_LINK_DAYS)
        return None


class LinkExpired(Exception):
    pass


class LinkInvalid(Exception):
    pass


def make_token(alert_id: int, purpose: Purpose) -> str:
    return signing.dumps(alert_id, salt=purpose.value)


def read_token(token: str, purpose: Purpose) -> int:
    """The alert id a token signs; LinkExpired or LinkInvalid (forged, mangled, other purpose)."""
    try:
        alert_id = signing.loads(token, salt=purpose.value, max_age=purpose.max_age)
    except signing.SignatureExpired:
        raise LinkExpired from None
    except signing.BadSignature:
        raise LinkInvalid from None
    if not isinstance(alert_id, int):
        raise LinkInvalid
    return alert_id
