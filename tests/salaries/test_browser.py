"""A reader narrows the Data Engineer figures to senior level and sees them change."""

import pytest
from playwright.sync_api import expect

from salaries.importer import import_salary_file
from salaries.models import Role, SalaryRecord
from salaries.stats import SalaryInsight

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_reader_picks_senior_level_and_the_figures_change(live_server, page, snapshot_2023):
    import_salary_file(path=snapshot_2023, source_name="aijobs-2023")
    role = Role.objects.get(slug="data-engineer")
    records = SalaryRecord.objects.accepted().for_role(role)
    everyone = SalaryInsight.of(records).overall
    senior = SalaryInsight.of(records.filter(experience_level="SE")).overall
    assert everyone.median != senior.median

    page.goto(f"{live_server.url}/salaries/")
    page.get_by_role("link", name="Data Engineer", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Data Engineer salary (global)")
    expect(page.get_by_test_id("median")).to_have_text(f"USD {everyone.median:,}")
    expect(page.get_by_test_id("data-points")).to_contain_text(f"{everyone.n:,}")

    # each choice shows its number of data points
    page.get_by_label("Experience level", exact=True).select_option(
        label=f"Senior-level / Expert ({senior.n:,})"
    )
    page.get_by_role("button", name="Update figures").click()

    expect(page).to_have_url(
        f"{live_server.url}/salaries/data-engineer/?experience_level=SE&country=&year="
    )
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Senior-level Data Engineer salary (global)"
    )
    expect(page.get_by_test_id("median")).to_have_text(f"USD {senior.median:,}")
    expect(page.get_by_test_id("p90")).to_have_text(f"USD {senior.p90:,}")
    expect(page.get_by_test_id("data-points")).to_contain_text(f"{senior.n:,}")
    expect(page.get_by_label("Experience level", exact=True)).to_have_value("SE")


def test_on_a_phone_the_tables_fit_and_the_filters_fold(live_server, page, snapshot_2023):
    import_salary_file(path=snapshot_2023, source_name="aijobs-2023")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/salaries/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    table = page.locator("table.data-table")
    assert table.bounding_box()["width"] <= 390
    row = page.locator("tbody tr").first
    assert row.bounding_box()["height"] < 60  # a range on at most two lines, not four

    page.goto(f"{live_server.url}/salaries/data-engineer/")
    level = page.get_by_label("Experience level", exact=True)
    expect(level).to_be_hidden()
    page.get_by_text("Narrow the figures", exact=True).first.click()
    expect(level).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/salaries/data-engineer/")
    expect(page.get_by_label("Experience level", exact=True)).to_be_visible()
