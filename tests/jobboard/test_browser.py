"""Smoke test in a real browser: Debian's chromium driven by Playwright."""

import pytest
from playwright.sync_api import expect

from tests.factories import FeaturedJobFactory, PublishedArticleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_sees_the_home_page_and_opens_a_featured_job(live_server, page):
    FeaturedJobFactory(title="Lead Developer (AI)", company__name="Cere Network")
    PublishedArticleFactory(title="How we catch a USD 1111111K salary")
    page.goto(live_server.url)
    expect(page).to_have_title("Jobs and salaries in data and AI · Jobboard")
    expect(page.get_by_role("heading", level=1)).to_contain_text("salaries you can trust")
    nav = page.get_by_role("navigation", name="Main")
    for section in ("Jobs", "Salaries", "Articles"):
        expect(nav.get_by_role("link", name=section)).to_be_visible()
    featured = page.get_by_role("region", name="Featured jobs")
    expect(featured).to_contain_text("Cere Network")
    expect(featured).to_contain_text("USD 100K - 130K")
    expect(page.get_by_text("How we catch a USD 1111111K salary")).to_be_visible()
    featured.get_by_role("link", name="Lead Developer (AI)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Lead Developer (AI)")
    # Under the facts, in view without scrolling, and again after the description.
    apply = page.get_by_role("link", name="Apply for this job")
    expect(apply).to_have_count(2)
    expect(apply.first).to_be_in_viewport()
