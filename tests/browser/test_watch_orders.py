"""A fan chooses each watch order of the Bosch universe in a browser, at 1280 px and
390 px, by the links on the page (no JavaScript needed): the story order, the essentials
and one of their tiers, the release order again, and an unknown order, which the page
reports. Every page: axe-core clean, no horizontal scroll, no console error (CSP too)."""

from playwright.sync_api import expect

from tests.browser.conftest import allow_http_error_status
from tests.browser.conftest import assert_accessible_and_fits as assert_page
from tests.browser.test_visitor import follow, heading

PATH = "/universes/bosch-universe/watch-order/"


def orders_nav(page):
    return page.get_by_role("navigation", name="Watch orders")


def test_fan_chooses_each_watch_order(page, seeded_server):
    page.goto(seeded_server.url + PATH)
    expect(heading(page)).to_have_text("Watch order")
    expect(orders_nav(page).locator('[aria-current="page"]')).to_have_text("Release order")

    follow(page, orders_nav(page).get_by_role("link", name="Story order"), PATH)
    expect(heading(page)).to_have_text("Watch order: story order")
    expect(orders_nav(page).locator('[aria-current="page"]')).to_have_text("Story order")
    expect(page.get_by_text("Harry Bosch's story starts here.")).to_be_visible()
    expect(page.locator(".watch__reason sup.fn").first).to_be_visible()
    assert_page(page, "orders-1-story")

    follow(page, orders_nav(page).get_by_role("link", name="Essentials"), PATH)
    expect(heading(page)).to_have_text("Watch order: essentials")
    expect(page.get_by_role("link", name="Bosch: Legacy Season 3, episodes 1–9")).to_be_visible()
    finale = page.locator("li.watch__season", has_text="Season 3, episode 10")
    expect(finale.locator(".badge--essential")).to_be_visible()
    expect(finale.locator(".badge--handoff")).to_have_text("Hand-off")
    assert_page(page, "orders-2-essentials")

    tiers = page.get_by_role("navigation", name="Tiers")
    follow(page, tiers.get_by_role("link", name="Optional"), PATH)
    expect(page.locator("li.watch__season")).to_have_count(4)
    expect(page.locator("li.watch__season").first).to_contain_text("The Lincoln Lawyer")
    assert_page(page, "orders-3-optional")

    page.get_by_label("Every episode").check()
    page.get_by_role("button", name="Update the list").click()
    page.wait_for_url("**order=essentials*episodes=1*")
    expect(page.get_by_text("1×1").first).to_be_visible()

    follow(page, orders_nav(page).get_by_role("link", name="Release order"), PATH)
    expect(heading(page)).to_have_text("Watch order")
    expect(page.get_by_label("Crossover essentials only")).to_be_visible()


def test_an_unknown_order_is_reported_over_the_release_order(page, seeded_server):
    url = seeded_server.url + PATH + "?order=chronological"
    allow_http_error_status(page, 400, url)
    page.goto(url)
    expect(page.get_by_role("status").first).to_contain_text(
        "There is no watch order “chronological”: showing the release order."
    )
    expect(orders_nav(page).locator('[aria-current="page"]')).to_have_text("Release order")
    assert_page(page, "orders-4-unknown")
