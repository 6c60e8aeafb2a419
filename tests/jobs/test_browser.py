"""A job seeker narrows the list, opens a job and follows its salary link."""

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.factories import (
    FeaturedJobFactory,
    PublishedJobFactory,
    RoleFactory,
    SalaryRecordFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_job_seeker_filters_opens_a_job_and_follows_the_salary_link(live_server, page):
    role = RoleFactory(name="Data Engineer")
    SalaryRecordFactory.create_batch(5, role=role, amount_min=Decimal(150_000))
    PublishedJobFactory(
        title="Senior Pipeline Engineer",
        role=role,
        experience_level="SE",
        employment_type="FT",
        salary_min=Decimal(150_000),
        salary_max=Decimal(190_000),
    )
    PublishedJobFactory(title="Senior but Contract", experience_level="SE", employment_type="CT")
    PublishedJobFactory(title="Junior Full Time", experience_level="EN", employment_type="FT")
    PublishedJobFactory(
        title="Senior Full Time Low Pay",
        experience_level="SE",
        employment_type="FT",
        salary_min=Decimal(60_000),
        salary_max=Decimal(80_000),
    )

    page.goto(f"{live_server.url}/jobs/")
    expect(page.get_by_role("heading", name="4 jobs")).to_be_visible()
    page.get_by_role("checkbox", name=re.compile(r"^Senior-level")).check()
    page.get_by_role("checkbox", name=re.compile(r"^Full Time")).check()
    page.get_by_label("Salary at least (USD a year)").fill("120000")
    page.get_by_role("button", name="Apply filters").click()

    expect(page.get_by_role("heading", name="1 job", exact=True)).to_be_visible()
    results = page.locator(".job-card h3")
    expect(results).to_have_text(["Senior Pipeline Engineer"])
    expect(page.get_by_role("checkbox", name=re.compile(r"^Senior-level"))).to_be_checked()
    expect(page.get_by_role("link", name=re.compile(r"^Remove Salary at least"))).to_be_visible()

    page.get_by_role("link", name="Senior Pipeline Engineer").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Senior Pipeline Engineer")
    expect(page.locator(".facts-grid .salary")).to_have_text("USD 150K - 190K")
    page.get_by_role("link", name="View salary info for Data Engineer (global)").click()
    expect(page).to_have_url(f"{live_server.url}/salaries/data-engineer/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Data Engineer salary (global)")


def test_a_search_whose_only_match_is_pinned_is_not_called_empty(live_server, page):
    """Issue 12, 2.1: "1 job", the featured match, and no "No jobs match" under it."""
    FeaturedJobFactory(
        title="Staff Platform Engineer",
        employment_type="FT",
        experience_level="SE",
        remote_policy="remote",
        country="US",
        salary_min=Decimal(150_000),
        salary_max=Decimal(190_000),
    )
    PublishedJobFactory(title="Onsite Platform Engineer", employment_type="FT")
    query = (
        "q=engineer&employment_type=FT&experience_level=SE&remote=remote&country=US"
        "&salary_min=120000"
    )

    page.goto(f"{live_server.url}/jobs/?{query}")

    expect(page.get_by_role("heading", name="1 job", exact=True)).to_be_visible()
    pinned = page.get_by_role("region", name="Featured job")
    expect(pinned.locator(".job-card h3")).to_have_text(["Staff Platform Engineer"])
    expect(page.get_by_text("No jobs match these filters")).to_have_count(0)

    page.goto(f"{live_server.url}/jobs/?{query}&q=nothing-like-this")
    expect(page.get_by_role("heading", name="0 jobs", exact=True)).to_be_visible()
    expect(page.get_by_text("No jobs match these filters")).to_be_visible()


def test_on_a_phone_the_featured_box_leaves_the_results_in_reach(live_server, page):
    """Issue 12, 4: at 390 px three pinned cards stood one under another and pushed the first
    regular job screens down; on a phone they share one swipeable row, one card tall."""
    for n in range(3):
        FeaturedJobFactory(title=f"Featured {n}", experience_level="SE").tags.add("python", "ml")
    PublishedJobFactory.create_batch(5, title="Regular")

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/jobs/")
    pinned = page.get_by_role("region", name="Featured jobs")
    cards = pinned.locator(".job-card")
    expect(cards).to_have_count(3)
    first_regular = page.locator("ul.cards:not(.pinned ul) .job-card").first
    expect(first_regular).to_contain_text("Regular")
    card = cards.first.bounding_box()
    box = pinned.bounding_box()
    assert box["height"] < 1.5 * card["height"], (box, card)
    assert first_regular.bounding_box()["y"] < 844  # on the first screen
    # The other featured jobs are a swipe away, not gone.
    assert pinned.locator("ul.cards").evaluate("ul => ul.scrollWidth > ul.clientWidth")
    cards.nth(2).scroll_into_view_if_needed()
    expect(cards.nth(2)).to_be_in_viewport()

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/jobs/")
    boxes = [cards.nth(n).bounding_box() for n in range(3)]
    assert boxes[0]["x"] == boxes[1]["x"] == boxes[2]["x"]  # one under another, full width
    assert boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"]


def test_the_country_dropdown_shows_the_whole_name_and_chips_use_it(live_server, page):
    """Issue 12, 4: at 1280 px it read "United States of America (1"; the chip said "US"."""
    PublishedJobFactory.create_batch(12, country="US", location="")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/jobs/?country=US")
    select = page.get_by_label("Country", exact=True)
    expect(select.locator("option:checked")).to_have_text("United States of America (12)")
    # The width a select needs for its chosen option (text and arrow): a copy sized to content.
    natural, shown = select.evaluate(
        """select => {
            const copy = select.cloneNode(true);
            copy.style.fieldSizing = "content";
            copy.style.width = "auto";
            select.after(copy);
            const widths = [copy.offsetWidth, select.offsetWidth];
            copy.remove();
            return widths;
        }"""
    )
    assert natural <= shown, (natural, shown)
    expect(
        page.get_by_role("link", name="Remove Country: United States of America")
    ).to_be_visible()
