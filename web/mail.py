"""Emails as every app sends them: a plain-text body and an HTML alternative from one pair of
templates, links that reach the site from outside it, headers the caller adds."""

import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string

SUBJECT_LENGTH = 150


def absolute_url(path: str) -> str:
    """A link for an email: emails leave the site, and are often written with no request at hand
    (from cron), so the address comes from SITE_URL."""
    return f"{settings.SITE_URL}{path}"


def one_line(text: str, limit: int = SUBJECT_LENGTH) -> str:
    """A header value from text a visitor typed: no line breaks (a header cannot hold one) nor
    other control characters, and no longer than a mail client shows."""
    text = re.sub(r"[\s\x00-\x1f\x7f]+", " ", text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def build_email(
    *,
    to: str,
    subject: str,
    template: str,
    context: dict,
    headers: dict[str, str] | None = None,
) -> EmailMultiAlternatives:
    """`template` names a pair, `<template>.txt` and `<template>.html`, rendered with `context`."""
    context = {"site_url": settings.SITE_URL, **context}
    message = EmailMultiAlternatives(
        subject=one_line(subject),
        body=render_to_string(f"{template}.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers=headers or {},
    )
    message.attach_alternative(render_to_string(f"{template}.html", context), "text/html")
    return message
