from django.conf import settings
from django.db import models


def user_stamp() -> models.ForeignKey:
    """Who did something (created a job, reviewed it): set by the code, never typed in a form,
    emptied if the account is deleted, and no reverse accessor on the user."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
