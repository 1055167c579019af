"""Ticking watched episodes, at 1280 px and 390 px (franchise.progress, static/js/progress.js).

With JavaScript the ticks live in localStorage: a tick is saved at once, asks nothing of the
server, and is there again after a reload. Without it the form posts, the server keeps the
ticks in the `watched` cookie and the page comes back ticked. Every page: axe-core clean, no
horizontal scroll, no console error (CSP included), a screenshot in SHOWBIBLE_SHOTS."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    VIEWPORTS,
    assert_accessible_and_fits,
    keep_screenshot,
    unexpected_console_errors,
    watch_console,
)

SEASON = "/series/bosch/season/1/"
WATCH_ORDER = "/universes/bosch-universe/watch-order/"


def episode_boxes(page):
    return page.get_by_role("checkbox", name=re.compile(r"^Watched (?!all)"))


def count(page):
    return page.locator("[data-progress-count]")


def test_ticks_with_javascript_stay_in_this_browser(page, seeded_server):
    name = f"progress-js-{page.viewport_name}"
    posts = []
    page.on("request", lambda r: posts.append(r.url) if r.method == "POST" else None)
    page.goto(seeded_server.url + SEASON)
    boxes = episode_boxes(page)
    total = boxes.count()
    assert total >= 8
    expect(count(page)).to_have_text("0")
    assert_accessible_and_fits(page, f"{name}-1-season")

    boxes.nth(0).check()
    boxes.nth(2).check()
    status = page.locator("[data-progress-status]")
    expect(status).to_have_text("Saved in this browser.")
    expect(count(page)).to_have_text("2")
    boxes.nth(2).uncheck()
    expect(count(page)).to_have_text("1")
    page.get_by_role("button", name="Save what I’ve watched").click()
    expect(status).to_have_text("Saved in this browser.")
    assert page.url.endswith(SEASON)
    assert_accessible_and_fits(page, f"{name}-2-ticked")

    page.reload()
    expect(episode_boxes(page).nth(0)).to_be_checked()
    expect(episode_boxes(page).nth(2)).not_to_be_checked()
    expect(count(page)).to_have_text("1")
    assert posts == [], "ticking with JavaScript asks nothing of the server"
    assert not [c for c in page.context.cookies() if c["name"] == "watched"]

    # The watch order knows the same ticks: Bosch Season 1 is part watched.
    page.goto(seeded_server.url + WATCH_ORDER)
    season_one = page.get_by_role("checkbox", name=re.compile(r"episodes of Bosch Season 1$"))
    expect(season_one).not_to_be_checked()
    assert season_one.evaluate("box => box.indeterminate")
    expect(count(page)).to_have_text("1")
    # The spoiler horizon's form gets the ids (an input[data-watched-ids], filled as they change).
    page.evaluate(
        """() => {
            const input = Object.assign(document.createElement("input"), {type: "hidden"});
            input.dataset.watchedIds = "";
            document.querySelector("main").append(input);
        }"""
    )
    season_one.check()
    expect(count(page)).to_have_text(str(total))
    ids = page.locator("input[data-watched-ids]").input_value().split(",")
    assert len(ids) == total and ids == sorted(ids, key=int)
    assert not season_one.evaluate("box => box.indeterminate")
    assert_accessible_and_fits(page, f"{name}-3-watch-order")

    page.goto(seeded_server.url + SEASON)
    for index in range(total):
        expect(episode_boxes(page).nth(index)).to_be_checked()
    assert posts == []


def shoot(page, name: str) -> None:
    """A screenshot only: axe-core cannot run in a page without JavaScript (it is a script),
    so the same pages are checked with it by assert_accessible_with_script."""
    keep_screenshot(page, name)


def assert_accessible_with_script(browser, plain, url: str, viewport: str, ticked: int) -> None:
    """The page the form without JavaScript came back to, in a browser with it and the same
    cookie: axe-core clean, and progress.js takes the cookie's ticks into localStorage."""
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    context.add_cookies(plain.cookies())
    page = context.new_page()
    page.viewport_name = viewport
    watch_console(page)
    try:
        page.goto(url)
        expect(page.locator("input[data-watched]:checked")).to_have_count(ticked)
        stored = page.evaluate("() => JSON.parse(localStorage.getItem('showbible:watched'))")
        assert len(stored) >= ticked
        assert_accessible_and_fits(page, "progress-cookie-imported")
        assert not unexpected_console_errors(page), page.console_errors
    finally:
        context.close()


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_ticks_without_javascript_are_kept_in_a_cookie(browser, seeded_server, viewport):
    context = browser.new_context(viewport=VIEWPORTS[viewport], java_script_enabled=False)
    page = context.new_page()
    page.viewport_name = viewport
    watch_console(page)
    name = f"progress-nojs-{viewport}"
    try:
        page.goto(seeded_server.url + SEASON)
        boxes = episode_boxes(page)
        boxes.nth(1).check()
        boxes.nth(3).check()
        page.get_by_role("button", name="Save what I’ve watched").click()
        page.wait_for_url(re.compile(re.escape(SEASON) + "$"))
        expect(episode_boxes(page).nth(1)).to_be_checked()
        expect(episode_boxes(page).nth(3)).to_be_checked()
        expect(episode_boxes(page).nth(0)).not_to_be_checked()
        expect(page.locator(".progress__count")).to_contain_text(f"2 of {boxes.count()} watched")
        shoot(page, f"{name}-1-season")

        # Untick one, tick a whole season on the watch order.
        episode_boxes(page).nth(1).uncheck()
        page.get_by_role("button", name="Save what I’ve watched").click()
        page.wait_for_url(re.compile(re.escape(SEASON) + "$"))
        expect(episode_boxes(page).nth(1)).not_to_be_checked()
        expect(episode_boxes(page).nth(3)).to_be_checked()

        page.goto(seeded_server.url + WATCH_ORDER + "?episodes=1")
        legacy = page.get_by_role(
            "checkbox", name=re.compile(r"episodes of Bosch: Legacy Season 1$")
        )
        legacy.check()
        page.get_by_role("button", name="Save what I’ve watched").click()
        page.wait_for_url(re.compile(r"watch-order/\?episodes=1$"))
        expect(
            page.get_by_role("checkbox", name=re.compile(r"episodes of Bosch: Legacy Season 1$"))
        ).to_be_checked()
        legacy_rows = page.locator(".watch__season", has_text="Bosch: Legacy Season 1")
        expect(legacy_rows.locator("input[data-watched]:not(:checked)")).to_have_count(0)
        shoot(page, f"{name}-2-watch-order")
        ticked = page.locator("input[data-watched]:checked").count()
        assert_accessible_with_script(browser, context, page.url, viewport, ticked)

        page.get_by_role("button", name="Clear my progress").click()
        page.wait_for_url(re.compile(r"watch-order/\?episodes=1$"))
        expect(page.locator("input[data-watched]:checked")).to_have_count(0)
        assert not [c for c in context.cookies() if c["name"] == "watched"]
        assert not unexpected_console_errors(page), page.console_errors
    finally:
        context.close()
