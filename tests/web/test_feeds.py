"""web/feeds.py: feeds stay well-formed XML whatever the database holds."""

import io
import xml.etree.ElementTree as ET

from web.feeds import AtomFeed, RssFeed, XmlSafeGenerator, xml_safe


def test_xml_safe_drops_what_xml_cannot_hold_and_spaces_what_spaced():
    assert xml_safe("Allora\x0bLabs") == "Allora Labs"
    assert xml_safe("a\x00b\x07c\ufffed\uffff") == "abcd"
    assert xml_safe("tab\tnew\nline\r 数据 🚀 \x85") == "tab\tnew\nline\r 数据 🚀 \x85"
    assert xml_safe(["a\x01", ("b\x02",)]) == ["a", ("b",)]
    assert xml_safe(None) is None and xml_safe(3) == 3


def test_every_text_of_a_syndication_feed_is_cleaned():
    for feed_type in (RssFeed, AtomFeed):
        feed = feed_type(title="Jobs\x01", link="/jobs/", description="d\x02", author_name="x\x03")
        feed.add_item(
            title="Engineer at Allora\x0bLabs",
            link="/jobs/a/",
            description="<p>desc\x01</p>",
            author_name="Allora\x0bLabs",
            categories=["ML\x1f", "Data"],
        )
        document = ET.fromstring(feed.writeString("utf-8"))
        text = ET.tostring(document, encoding="unicode")
        assert "Engineer at Allora Labs" in text and "ML" in text


def test_the_element_writer_cleans_text_and_attributes():
    buffer = io.StringIO()
    xml = XmlSafeGenerator(buffer, "utf-8")
    xml.startDocument()
    xml.addQuickElement("company", "Allora\x0bLabs", {"note": "a\x00b"})
    xml.endDocument()
    element = ET.fromstring(buffer.getvalue())
    assert (element.text, element.get("note")) == ("Allora Labs", "ab")
