""" "What do I need before…?" in a browser, at 1280 px and 390 px: from the Ballard page's
link to what to watch first (Bosch: Legacy 3×10, where Renée Ballard first appears and
hands off to Ballard), then from a season page, and a show that needs nothing. Every page:
axe-core clean, no horizontal scroll, no console error (CSP included). The screenshots are
also kept under SHOWBIBLE_SHOTS (/work/shots/before/ when set so)."""

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible_and_fits as assert_page
from tests.browser.conftest import keep_screenshot
from tests.browser.test_visitor import follow, heading

LINK = "What do I need before this?"


def test_from_ballard_to_what_to_watch_before_it(page, seeded_server):
    page.goto(seeded_server.url + "/series/ballard/")
    page.get_by_role("link", name=LINK).scroll_into_view_if_needed()
    keep_screenshot(page, f"before-link-ballard-{page.viewport_name}", full_page=False)
    follow(page, page.get_by_role("link", name=LINK), "/series/ballard/before/")
    expect(heading(page)).to_have_text("What to watch before Ballard")
    entries = page.locator(".before__entry")
    expect(entries).to_have_count(3)
    dig_down = entries.nth(2)
    expect(dig_down.get_by_role("heading")).to_contain_text("3×10 Dig Down")
    expect(dig_down).to_contain_text("Bosch: Legacy")
    expect(dig_down).to_contain_text("Renée Ballard’s first appearance")
    expect(dig_down).to_contain_text("Hand-off to Ballard")
    expect(page.locator(".before__order")).to_contain_text("story order")
    assert_page(page, "before-ballard")

    follow(
        page,
        dig_down.get_by_role("link", name="3×10 Dig Down"),
        "/series/bosch-legacy/season/3/episode/10/",
    )
    expect(heading(page)).to_contain_text("Dig Down")


def test_from_a_season_page_and_a_show_that_needs_nothing(page, seeded_server):
    page.goto(seeded_server.url + "/series/bosch-legacy/season/3/")
    page.get_by_role("link", name=LINK).scroll_into_view_if_needed()
    keep_screenshot(page, f"before-link-season-{page.viewport_name}", full_page=False)
    follow(page, page.get_by_role("link", name=LINK), "/series/bosch-legacy/season/3/before/")
    expect(heading(page)).to_have_text("What to watch before Bosch: Legacy season 3")
    expect(page.locator(".before__earlier")).to_contain_text("Bosch: Legacy seasons 1–2")
    expect(page.locator(".before__entry").first).to_contain_text("Harry Bosch’s first appearance")
    assert_page(page, "before-bosch-legacy-season-3")

    page.goto(seeded_server.url + "/series/ballard/season/1/episode/2/before/")
    expect(heading(page)).to_contain_text("Ballard 1×2")
    assert_page(page, "before-ballard-1x2")

    page.goto(seeded_server.url + "/series/bosch/before/")
    expect(page.get_by_text("Nothing from the other shows: start here.")).to_be_visible()
    assert_page(page, "before-bosch")
