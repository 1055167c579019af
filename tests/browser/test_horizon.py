"""The spoiler horizon in a browser, at 1280 px and 390 px, with JavaScript and without:
set at Bosch: Legacy 2×4 (release order) through the /horizon/ form, the banner says so,
and the key pages show nothing later (innerText leaves out a closed <details>); one item
revealed by its summary; switched off from the banner. axe clean, no console error."""

import pytest
from django.core import signing
from playwright.sync_api import expect

from tests.browser.conftest import (
    VIEWPORTS,
    assert_no_console_errors,
    keep_screenshot,
    unexpected_console_errors,
    watch_console,
)
from tests.browser.conftest import assert_accessible_and_fits as assert_page
from tests.franchise.test_horizon import FIRST_APPEARANCE, episode, later_things, visible

KEY_PAGES = {
    "legacy": "/series/bosch-legacy/",
    "legacy-season-3": "/series/bosch-legacy/season/3/",
    "renee-ballard": "/characters/renee-ballard/",
    "watch-order": "/universes/bosch-universe/watch-order/?episodes=1",
    "search-ballard": "/search/?q=Ballard",
}


@pytest.fixture(
    params=[(v, js) for v in VIEWPORTS for js in (True, False)],
    ids=[f"{v}-{'js' if js else 'nojs'}" for v in VIEWPORTS for js in (True, False)],
)
def fan(request, browser):
    viewport, javascript = request.param
    context = browser.new_context(viewport=VIEWPORTS[viewport], java_script_enabled=javascript)
    page = context.new_page()
    page.viewport_name = f"{viewport}-{'js' if javascript else 'nojs'}"
    page.javascript = javascript
    watch_console(page)
    yield page
    context.close()
    assert_no_console_errors(request, unexpected_console_errors(page))


def shot(page, name: str) -> None:
    keep_screenshot(page, f"{name}-{page.viewport_name}")


def check(page, name: str) -> None:
    """axe and overflow (they run scripts in the page: with JavaScript only; the same HTML
    is checked at the same width with it), and a screenshot."""
    if page.javascript:
        assert_page(page, name)
    shot(page, name)


def assert_nothing_later(page, later: dict[str, set[str]], url: str) -> None:
    # Without JavaScript: the text outside closed spoiler blocks, as the server sent it.
    text = page.locator("body").inner_text() if page.javascript else visible(page.content())
    if "/search/" in url:
        text = text.replace("Dig Down", "")  # the visitor's own words
    for kind, values in [*later.items(), ("first appearance", FIRST_APPEARANCE)]:
        for value in values:
            assert value not in text, (url, kind, value)


def test_a_fan_sets_a_horizon_walks_the_pages_and_reveals_one_item(fan, seeded_server):
    page, base = fan, seeded_server.url
    later = later_things(episode("bosch-legacy", 2, 4).pk)

    page.goto(base + "/horizon/?universe=bosch-universe&order=release")
    expect(page.get_by_role("heading", level=1)).to_have_text("Spoiler horizon")
    page.get_by_label("The last episode I have watched").select_option(label="Bosch: Legacy 2×4")
    check(page, "1-form")
    page.get_by_role("button", name="Set my horizon").click()
    page.wait_for_url("**/horizon/")
    banner = page.get_by_role("complementary", name="Spoiler horizon")
    expect(banner).to_contain_text("Spoiler horizon on: up to Bosch: Legacy 2×4 (release order)")

    for name, url in KEY_PAGES.items():
        page.goto(base + url)
        expect(banner).to_be_visible()
        assert_nothing_later(page, later, url)
        check(page, f"2-{name}")

    # One click on a placeholder reveals it.
    page.goto(base + KEY_PAGES["legacy-season-3"])
    row = page.get_by_role("row").filter(has_text="Episode 3×10")
    summary = row.get_by_text("Hidden by your spoiler horizon — reveal")
    expect(summary).to_be_visible()
    assert "Dig Down" not in row.inner_text()
    summary.click()
    expect(row.get_by_role("link", name="Dig Down")).to_be_visible()
    check(page, "3-revealed")

    # Switched off from the banner: everything shows again.
    banner.get_by_role("button", name="Switch off the spoiler horizon").click()
    page.wait_for_url("**/series/bosch-legacy/season/3/")
    expect(page.get_by_role("complementary", name="Spoiler horizon")).to_have_count(0)
    expect(page.get_by_role("link", name="Dig Down").first).to_be_visible()


def test_a_fan_sets_the_horizon_from_what_they_ticked(fan, seeded_server):
    page, base = fan, seeded_server.url
    ticked = [episode("bosch", 1, 1).pk, episode("bosch-legacy", 2, 4).pk]
    value = signing.dumps(sorted(ticked), salt="showbible.watched", compress=True)
    host = base.split("://", 1)[1].split(":")[0]
    page.context.add_cookies([{"name": "watched", "value": value, "domain": host, "path": "/"}])
    page.goto(base + "/horizon/")
    page.get_by_role("button", name="Set it from what I’ve ticked").click()
    page.wait_for_url("**/horizon/")
    expect(page.get_by_role("complementary", name="Spoiler horizon")).to_contain_text(
        "up to Bosch: Legacy 2×4"
    )
    check(page, "4-set")
