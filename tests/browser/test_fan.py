"""A fan in a browser, at 1280 px and 390 px: from a series to a character who crosses,
on to another series, the connection finder (plain GET form) and the watch order, each
step by a link or a form on the page. Every page: axe-core clean, no horizontal scroll,
no console error (CSP included)."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible_and_fits as assert_page
from tests.browser.test_visitor import follow, heading


def test_fan_follows_harry_bosch_into_ballard_and_on_to_the_watch_order(page, seeded_server):
    page.goto(seeded_server.url + "/series/bosch/")
    expect(heading(page)).to_have_text("Bosch")
    assert_page(page, "fan-1-bosch")

    shared = page.locator("#shared")
    expect(shared).to_contain_text("Harry Bosch")
    follow(page, shared.get_by_role("link", name="Harry Bosch").first, "/characters/harry-bosch/")
    expect(heading(page)).to_contain_text("Harry Bosch")
    expect(page.get_by_text("Crosses 3 shows").first).to_be_visible()
    assert_page(page, "fan-2-harry-bosch")

    appears_in = page.locator("dt", has_text="Appears in").locator("xpath=following-sibling::dd")
    follow(page, appears_in.get_by_role("link", name="Ballard"), "/series/ballard/")
    expect(heading(page)).to_have_text("Ballard")
    related = page.locator("#related")
    expect(related).to_contain_text("spin-off of")
    expect(related.get_by_role("link", name="Bosch: Legacy")).to_be_visible()
    assert_page(page, "fan-3-ballard")

    follow(
        page,
        page.get_by_role("navigation", name="Main").get_by_role("link", name="Connections"),
        "/connections/",
    )
    page.get_by_label("From").select_option("the-lincoln-lawyer")
    page.get_by_label("To").select_option("ballard")
    page.get_by_role("button", name="Find the connection").click()
    page.wait_for_url("**/connections/?*")
    # No screen crossover joins The Lincoln Lawyer to the Bosch shows: the books do.
    summary = page.locator(".chain__summary")
    expect(summary).to_contain_text("same literary universe as (in the books only)")
    expect(summary).to_contain_text("Harry Bosch (main → recurring; on screen)")
    expect(page.get_by_text("1×2 Haystacks").first).to_be_visible()
    assert_page(page, "fan-4-connections")

    page.go_back()
    page.go_back()
    page.wait_for_url("**/series/ballard/")
    universe = page.locator("dt", has_text="Universe").locator("xpath=following-sibling::dd")
    follow(page, universe.get_by_role("link", name="Bosch universe"), "/universes/bosch-universe/")
    follow(
        page, page.get_by_role("link", name="Watch order"), "/universes/bosch-universe/watch-order/"
    )
    expect(heading(page)).to_be_visible()
    body = page.locator("main").inner_text()
    assert body.index("Bosch") < body.index("Bosch: Legacy") < body.index("Ballard")
    expect(page.get_by_text("Hand-off").first).to_be_visible()
    assert_page(page, "fan-5-watch-order")
