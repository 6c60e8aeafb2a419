"""Feeds that a stray character in the database cannot break.

XML 1.0 cannot hold most control characters, and Django's XML writer answers one with an
exception: a company named "Allora\\x0bLabs" made every feed listing its jobs answer 500. Models
refuse control characters on input now (web/validators.py); these classes drop what older rows
still hold, so each feed is well-formed whatever the database says.
"""

import re

from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, SimplerXMLGenerator

# Everything outside XML 1.0's Char production.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _replacement(found: re.Match) -> str:
    return " " if found.group().isspace() else ""  # "Allora\x0bLabs" reads "Allora Labs"


def xml_safe(value):
    """A string without the characters XML cannot hold (lists and tuples item by item); any
    other value as it is."""
    if isinstance(value, str):
        return NOT_XML.sub(_replacement, value)
    if isinstance(value, list | tuple):
        return type(value)(xml_safe(item) for item in value)
    return value


class XmlSafeGenerator(SimplerXMLGenerator):
    """For XML written element by element (the Indeed feed)."""

    def characters(self, content):
        super().characters(xml_safe(content))

    def startElement(self, name, attrs):
        super().startElement(name, {key: xml_safe(value) for key, value in (attrs or {}).items()})


class XmlSafeFeedMixin:
    """For Django's syndication feeds: every text of the feed and of each item, cleaned on the way
    in, whichever Feed method produced it (titles, descriptions rendered from templates, names,
    categories)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*xml_safe(args), **{key: xml_safe(value) for key, value in kwargs.items()})

    def add_item(self, *args, **kwargs):
        super().add_item(*xml_safe(args), **{key: xml_safe(value) for key, value in kwargs.items()})


class RssFeed(XmlSafeFeedMixin, Rss201rev2Feed):
    pass


class AtomFeed(XmlSafeFeedMixin, Atom1Feed):
    pass
