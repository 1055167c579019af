"""The demo editor's day, in a browser: log in to the admin, create a draft series with a
season and an episode, preview the draft on the site ("Draft — not public"; anyone else
gets a 404), publish it with the series action, and find it on the public site and in
search as an anonymous visitor."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    VIEWPORTS,
    allow_http_error_status,
    assert_accessible_and_fits,
    assert_no_console_errors,
    unexpected_console_errors,
    watch_console,
)

EDITOR = "editor"
PASSWORD = "late-show-night-desk-2017"
PUBLISH_ACTION = "Publish selected series with their seasons and episodes"
DRAFT_BANNER = "Draft — not public"

TITLE = "The Late Show"
SLUG = "the-late-show"
EPISODE = "Hollywood Station"


@pytest.fixture
def demo_editor(seeded_server):
    """The demo editor as `manage.py demo` makes it: staff, in the Editors group."""
    from django.contrib.auth import get_user_model

    from franchise.services import editors_group_ensure

    user = get_user_model().objects.create_user(EDITOR, password=PASSWORD, is_staff=True)
    user.groups.add(editors_group_ensure())
    return user


@pytest.fixture
def new_page(request, browser):
    """new_page(viewport) -> a page in a context of its own, console errors watched."""
    contexts = []

    def make(viewport: str = "desktop"):
        context = browser.new_context(viewport=VIEWPORTS[viewport])
        contexts.append(context)
        page = context.new_page()
        page.viewport_name = viewport
        watch_console(page)
        return page

    yield make
    errors = {}
    for context in contexts:
        for page in context.pages:
            if unexpected := unexpected_console_errors(page):
                errors[page.url] = unexpected
        context.close()
    assert_no_console_errors(request, errors)


def submit(page, name: str) -> None:
    """Click a submit button of the admin form and wait for the next page."""
    with page.expect_navigation():
        page.locator(f"input[type=submit][name={name}]").click()
    expect(page.locator(".errornote")).to_have_count(0)


def choose_autocomplete(page, field: str, typed: str, option: str) -> None:
    """Pick `option` in the select2 autocomplete of the admin field `field`."""
    page.locator(f".field-{field} .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option).click()
    expect(page.locator(f"#id_{field}")).not_to_have_value("")


def test_editor_creates_previews_and_publishes_a_series(seeded_server, demo_editor, new_page):
    site = seeded_server.url
    admin = new_page()

    # Log in at /admin/.
    admin.goto(site + "/admin/")
    admin.get_by_label("Username").fill(EDITOR)
    admin.get_by_label("Password").fill(PASSWORD)
    with admin.expect_navigation():
        admin.get_by_role("button", name="Log in").or_(
            admin.locator("input[type=submit][value='Log in']")
        ).click()
    expect(admin.locator("#user-tools")).to_contain_text(EDITOR)

    # A new series: title, slug, network; it starts as a draft. One season in the inline.
    admin.goto(site + "/admin/catalog/series/add/")
    admin.get_by_label("Title:").fill(TITLE)
    admin.get_by_label("Title:").press("Tab")  # the slug is prepopulated on change
    admin.get_by_label("Slug:").fill(SLUG)
    expect(admin.get_by_label("Slug:")).to_have_value(SLUG)
    choose_autocomplete(admin, "network", "Prime", "Prime Video")
    expect(admin.locator("input[name=status][value=draft]")).to_be_checked()
    seasons = admin.locator("#seasons-group")
    seasons.locator(".add-row").get_by_text("Add another Season").click()
    seasons.locator("input[name='seasons-0-number']").fill("1")
    submit(admin, "_continue")
    expect(admin.locator(".messagelist")).to_contain_text("was added successfully")
    series_change_url = admin.url
    series_pk = re.search(r"/series/(\d+)/change/", series_change_url).group(1)

    # The season's own page: one episode in its inline.
    with admin.expect_navigation():
        admin.locator("#seasons-group").get_by_role("link", name="Change").first.click()
    expect(admin.locator("h1, h2").first).to_be_visible()
    episodes = admin.locator("#episodes-group")
    episodes.locator(".add-row").get_by_text("Add another Episode").click()
    episodes.locator("input[name='episodes-0-number']").fill("1")
    episodes.locator("input[name='episodes-0-title']").fill(EPISODE)
    submit(admin, "_continue")
    expect(admin.locator(".messagelist")).to_contain_text("was changed successfully")
    expect(admin.locator("input[name='episodes-0-title']")).to_have_value(EPISODE)

    # "View on site" for the draft: the staff preview, with its banner.
    admin.goto(series_change_url)
    with admin.expect_navigation():
        admin.locator("a.viewsitelink").click()
    admin.wait_for_url(f"{site}/series/{SLUG}/")
    expect(admin.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(admin.get_by_text(DRAFT_BANNER, exact=True)).to_be_visible()
    assert_accessible_and_fits(admin, "editor-draft-preview")

    # Anyone else: 404.
    visitor = new_page("phone")
    draft_url = f"{site}/series/{SLUG}/"
    allow_http_error_status(visitor, 404, draft_url)
    assert visitor.goto(draft_url).status == 404
    for path in (f"/series/{SLUG}/season/1/", f"/series/{SLUG}/season/1/episode/1/"):
        allow_http_error_status(visitor, 404, site + path)
        assert visitor.goto(site + path).status == 404, path
    visitor.goto(f"{site}/search/?q=hollywood+station")
    expect(visitor.get_by_role("main").get_by_role("link", name=EPISODE)).to_have_count(0)
    visitor.goto(f"{site}/series/?q=late+show")
    expect(visitor.locator(".results").get_by_role("link", name=TITLE)).to_have_count(0)

    # Publish with the series action: the series, its season and its episode.
    admin.goto(site + "/admin/catalog/series/")
    admin.locator(f"input[name=_selected_action][value='{series_pk}']").check()
    admin.locator("select[name=action]").select_option(label=PUBLISH_ACTION)
    with admin.expect_navigation():
        admin.locator("button[name=index], input[name=index]").first.click()
    expect(admin.locator(".messagelist")).to_contain_text(
        "Published 1 series, 1 seasons and 1 episodes."
    )
    # Its history records the change, by the editor.
    admin.goto(f"{site}/admin/catalog/series/{series_pk}/history/")
    expect(admin.locator("#content")).to_contain_text(EDITOR)

    # The visitor finds it: series page (no banner), season, episode, search.
    visitor.goto(draft_url)
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(TITLE)
    expect(visitor.get_by_text(DRAFT_BANNER)).to_have_count(0)
    with visitor.expect_navigation():
        visitor.locator("#seasons").get_by_role("link", name="Season 1", exact=True).click()
    assert visitor.url == f"{site}/series/{SLUG}/season/1/"
    with visitor.expect_navigation():
        visitor.get_by_role("main").get_by_role("link", name=EPISODE, exact=True).click()
    assert visitor.url == f"{site}/series/{SLUG}/season/1/episode/1/"
    expect(visitor.get_by_role("heading", level=1)).to_contain_text(EPISODE)

    for query, group, found in (
        ("late show", "#results-series", TITLE),
        ("hollywood station", "#results-episodes", EPISODE),
    ):
        box = visitor.get_by_role("search", name="Site").get_by_role("searchbox")
        box.fill(query)
        with visitor.expect_navigation():
            box.press("Enter")
        section = visitor.locator("section.result-group").filter(has=visitor.locator(group))
        expect(section.get_by_role("link", name=found, exact=True)).to_be_visible()
