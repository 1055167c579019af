"""Browser tests: Debian's Chromium driven by Playwright, axe-core and the Nu HTML Checker.

Never `playwright install`: the browser is /usr/bin/chromium (`apt-get install chromium`).
Without it these tests skip locally; in CI (SHOWBIBLE_REQUIRE_BROWSER=1) they fail instead.
"""

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("SHOWBIBLE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
]
REQUIRED = os.environ.get("SHOWBIBLE_REQUIRE_BROWSER") == "1"
# Screenshots to look at, kept in SHOWBIBLE_SHOTS (a folder, or "off"); off by default in CI,
# where nobody looks at them and a long page's full-page shot costs a second or more.
SHOTS_SETTING = os.environ.get("SHOWBIBLE_SHOTS", "off" if os.environ.get("CI") else "")
SHOTS = Path(SHOTS_SETTING if SHOTS_SETTING not in ("", "off") else "/tmp/showbible-shots")
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


def assert_no_console_errors(request, errors: list[str] | dict) -> None:
    """At teardown: console errors fail the test, unless it failed already (then they are
    only printed, not reported as a second, teardown error)."""
    if not errors:
        return
    if request.node.stash.get(CALL_FAILED, False):
        print(f"browser console errors: {errors}")
        return
    pytest.fail(f"browser console errors: {errors}", pytrace=False)


def missing(what: str):
    if REQUIRED:
        pytest.fail(f"{what} is required in CI (SHOWBIBLE_REQUIRE_BROWSER=1)")
    pytest.skip(f"{what} is not installed")


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        missing(f"Chromium at {CHROMIUM}")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass(frozen=True)
class ConsoleError:
    text: str
    url: str  # the document or script that logged it ("" for an uncaught exception)

    def __str__(self):
        return f"{self.text} [{self.url}]" if self.url else self.text


def watch_console(page) -> None:
    """Record the console errors of `page` (CSP violations and failed loads included).

    `page.console_errors` lists them; `page.allow_console_error(text, url)` declares an
    expected error before the action that causes it (`text` a regular expression searched
    in the message, `url` a substring of where it was logged), and
    `unexpected_console_errors(page)` gives the others.
    """
    errors: list[ConsoleError] = []
    allowed: list[tuple[re.Pattern, str]] = []

    def on_console(message):
        if message.type == "error":
            errors.append(ConsoleError(message.text, (message.location or {}).get("url", "")))

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(ConsoleError(str(error), "")))
    page.console_errors = errors
    page.allowed_console_errors = allowed
    page.allow_console_error = lambda text, url="": allowed.append((re.compile(text), url))


def unexpected_console_errors(page) -> list[str]:
    return [
        str(error)
        for error in page.console_errors
        if not any(
            text.search(error.text) and url in error.url
            for text, url in page.allowed_console_errors
        )
    ]


def allow_http_error_status(page, status: int, url: str) -> None:
    """The console error Chromium logs for a document served with an error status."""
    page.allow_console_error(f"the server responded with a status of {status}\\b", url)


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def page(request, browser):
    """A fresh page at 1280 px or 390 px that fails the test on any console error (CSP too)."""
    context = browser.new_context(viewport=VIEWPORTS[request.param])
    page = context.new_page()
    page.viewport_name = request.param
    watch_console(page)
    yield page
    context.close()
    assert_no_console_errors(request, unexpected_console_errors(page))


@pytest.fixture
def seeded_server(transactional_db, live_server, seeded):
    """The live server with the seed universe loaded."""
    return live_server


# The documents axe-core found clean in this process, by their markup and the viewport's
# width: the same page in the same state is checked once, however many tests pass by it
# (axe takes 1–8 s a page, most of a browser test's time). A document found wanting is
# checked again, so that each test that meets it fails.
AXE_CLEAN: set[tuple[int, str]] = set()  # (width, markup)


def axe_violations(page) -> list[dict]:
    """Serious and critical axe-core (WCAG 2.x A/AA) violations on the current page."""
    state = (page.viewport_size["width"], page.content())
    if state in AXE_CLEAN:
        return []
    violations = axe_run(page)
    if not violations:
        AXE_CLEAN.add(state)
    return violations


def axe_run(page) -> list[dict]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"],
            },
            "resultTypes": ["violations"],
        },
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in results.response["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]


def keep_screenshot(page, name: str, *, full_page: bool = True) -> None:
    """A screenshot to look at, SHOTS/name.png, unless screenshots are off."""
    if SHOTS_SETTING == "off":
        return
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def assert_accessible_and_fits(page, name: str) -> None:
    """No serious axe violation, no horizontal scroll; a screenshot kept to look at."""
    keep_screenshot(page, f"{name}-{page.viewport_name}")
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"{name}: {overflow}px of horizontal scroll at {page.viewport_name}"
    violations = axe_violations(page)
    assert not violations, f"{name} at {page.viewport_name}: {json.dumps(violations, indent=1)}"


@pytest.fixture(scope="session")
def vnu():
    """A function that validates HTML documents with the Nu HTML Checker, returning errors."""
    jar = os.environ.get("SHOWBIBLE_VNU_JAR", "")
    java = shutil.which("java")
    if not jar or not Path(jar).exists() or not java:
        missing("The Nu HTML Checker (SHOWBIBLE_VNU_JAR) with Java")

    def validate(documents: dict[str, str], tmp_path: Path) -> list[str]:
        paths = []
        for name, html in documents.items():
            path = tmp_path / f"{name}.html"
            path.write_text(html, encoding="utf-8")
            paths.append(str(path))
        result = subprocess.run(
            [java, "-jar", jar, "--errors-only", "--format", "json", *paths],
            capture_output=True,
            text=True,
            timeout=300,
        )
        messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
        # A document the checker could not read is a "non-document-error": a failure too.
        errors = [
            f"{Path(m.get('url', '')).stem}:{m.get('lastLine', '?')}: {m.get('message')}"
            for m in messages
            if m.get("type") in ("error", "non-document-error")
        ]
        if result.returncode != 0 and not errors:
            raise RuntimeError(f"vnu failed (exit {result.returncode}): {result.stderr[-2000:]}")
        return errors

    return validate
