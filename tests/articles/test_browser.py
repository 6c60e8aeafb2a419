"""A reader opens an article, jumps to a section from the contents, then to the salary figures."""

import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from tests.factories import (
    FeaturedJobFactory,
    PublishedArticleFactory,
    RoleFactory,
    SalaryRecordFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FILLER = "\n\n".join(["A paragraph long enough to push the next heading off screen. " * 8] * 12)


def test_reader_uses_the_contents_then_the_salary_link(live_server, page):
    role = RoleFactory(name="Data Engineer")
    for amount in (100_000, 120_000, 140_000, 160_000, 180_000):
        SalaryRecordFactory(role=role, amount_min=amount)
    article = PublishedArticleFactory(
        title="Can a Data Engineer become a Machine Learning Engineer?",
        body=f"## What carries over\n\n{FILLER}\n\n## Über die Bezahlung\n\n{FILLER}\n\n"
        f"## What carries over\n\n{FILLER}",
    )
    article.roles.add(role)
    FeaturedJobFactory(title="Staff Data Engineer", role=role)
    page.set_viewport_size({"width": 1280, "height": 800})

    page.goto(f"{live_server.url}/articles/")
    page.get_by_role("link", name=article.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)
    contents = page.get_by_role("navigation", name="Contents")
    section = page.get_by_role("heading", name="Über die Bezahlung", level=2)
    expect(section).not_to_be_in_viewport()

    contents.get_by_role("link", name="Über die Bezahlung").click()
    expect(page).to_have_url(
        f"{live_server.url}{article.get_absolute_url()}#{quote('über-die-bezahlung')}"
    )
    expect(section).to_be_in_viewport()

    # The second "What carries over" has an id of its own and the contents lead to it.
    contents.get_by_role("link", name="What carries over").nth(1).click()
    expect(page).to_have_url(f"{live_server.url}{article.get_absolute_url()}#what-carries-over-2")
    expect(page.locator("#what-carries-over-2")).to_be_in_viewport()

    insights = page.get_by_role("region", name="Salary insights")
    expect(insights).to_contain_text("USD 140K median a year")
    expect(page.get_by_role("region", name=re.compile(r"^Featured jobs?$"))).to_contain_text(
        "Staff Data Engineer"
    )
    insights.get_by_role("link", name="View salary info for Data Engineer (global)").click()
    expect(page).to_have_url(f"{live_server.url}/salaries/data-engineer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data Engineer salary (global)")


# Recorded before any script of the page runs; the browser reports each blocked style here.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`);
});
"""


def test_a_table_aligns_its_numbers_with_no_csp_violation(live_server, page):
    """Issue 19: Markdown tables aligned columns with style="", which the CSP blocked (numbers
    aligned left, and every page with a table logged violations)."""
    article = PublishedArticleFactory(
        title="Salaries by level",
        body="| Level | Median |\n|:--|--:|\n| Senior | 160,000 |\n| Junior | 90,000 |",
    )
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    messages = []
    page.on("console", lambda message: messages.append(message.text))
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    cell = page.get_by_role("cell", name="160,000")
    expect(cell).to_be_visible()
    assert cell.evaluate("e => getComputedStyle(e).textAlign") == "right"
    assert page.get_by_role("cell", name="Senior").evaluate(
        "e => getComputedStyle(e).textAlign"
    ) in ("left", "start")
    assert page.evaluate("window.__cspViolations") == []
    assert not [text for text in messages if "Content Security Policy" in text]
