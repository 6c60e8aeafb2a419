"""/api/docs/ in headless chromium with no network but this site, under the site's own
Content-Security-Policy: Swagger UI renders the schema, runs a request, and nothing is blocked."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Recorded before any script of the page runs; the browser reports each blocked resource here.
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.effectiveDirective} ${event.blockedURI}`);
});
"""


def test_api_docs_work_offline_under_the_sites_csp(live_server, page, board, unthrottled):
    elsewhere = []

    def only_this_site(route):
        if route.request.url.startswith(live_server.url):
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort()

    page.route("**/*", only_this_site)
    page.add_init_script(RECORD_CSP_VIOLATIONS)
    response = page.goto(f"{live_server.url}/api/docs/")
    assert "script-src 'self' 'nonce-" in response.headers["content-security-policy"]

    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Jobboard API")
    operation = page.locator("#operations-jobs-jobs_list")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    live = operation.locator(".live-responses-table tbody .response-col_status")
    expect(live).to_have_text("200")
    expect(operation.locator(".live-responses-table")).to_contain_text("Lead Data Engineer")

    # Swagger UI's own icons, from this site's files instead of the data: URLs the CSP refuses.
    arrow = operation.locator("select").first.evaluate("e => getComputedStyle(e).backgroundImage")
    assert "/static/api/swagger-ui/select-arrow.svg" in arrow
    page.locator(".models .model-container .model-toggle").first.click()
    assert page.evaluate("window.__cspViolations") == []
    assert elsewhere == []
