"""Login safety: five failed admin logins for one username from one address lock that pair
out for 15 minutes, twenty from one address lock the address out, with a clear page. An
attacker elsewhere cannot lock an editor out. Behind trusted proxies the address comes from
X-Forwarded-For. Logins and lockouts are logged, one line each, whatever the username."""

import datetime
import io
import logging
import runpy

import pytest
from axes.helpers import get_client_ip_address
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from config.log_safety import escape_control_characters

pytestmark = pytest.mark.django_db

PASSWORD = "the-right-password"
LOGIN = reverse("admin:login")


@pytest.fixture(autouse=True)
def axes_on(settings):
    """The test settings switch axes off (Client.login passes no request); on here."""
    settings.AXES_ENABLED = True


@pytest.fixture
def staff(django_user_model):
    def make(username):
        return django_user_model.objects.create_user(username, password=PASSWORD, is_staff=True)

    return make


@pytest.fixture
def axes_log(caplog):
    """Axes logs to its own handler without propagating; listen to it directly."""
    logger = logging.getLogger("axes")
    logger.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="axes")
    yield caplog
    logger.removeHandler(caplog.handler)


def attempt(client, username, password, address, **headers):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
        **headers,
    )


def logged_in(client) -> bool:
    return "_auth_user_id" in client.session


def test_five_failures_lock_the_user_out_even_with_the_right_password(client, staff, axes_log):
    staff("ed")
    for _ in range(4):
        response = attempt(client, "ed", "wrong", "192.0.2.10")
        assert response.status_code == 200  # the login form again, with its error
    fifth = attempt(client, "ed", "wrong", "192.0.2.10")
    assert fifth.status_code == 429

    response = attempt(client, "ed", PASSWORD, "192.0.2.10")
    assert response.status_code == 429
    assert not logged_in(client)
    page = response.content.decode()
    assert "Sign-in temporarily locked" in page
    assert "for 15 minutes" in page
    words = " ".join(page.split())
    assert "After 5 failures for one username from one address, or 20 from one address" in words
    assert "<script" not in page and "style=" not in page  # the strict CSP allows neither

    lockouts = [m for m in axes_log.messages if "AXES: Locking out" in m]
    assert lockouts and 'username: "ed"' in lockouts[0] and "192.0.2.10" in lockouts[0]
    assert not any(PASSWORD in m or "wrong" in m for m in axes_log.messages)
    assert any("AXES: User login failed" in message for message in axes_log.messages)


def test_another_user_from_another_address_is_unaffected(client, staff, axes_log):
    staff("ed")
    staff("maddie")
    for _ in range(5):
        attempt(client, "ed", "wrong", "192.0.2.10")
    response = attempt(client, "maddie", PASSWORD, "198.51.100.7")
    assert response.status_code == 302
    assert logged_in(client)
    assert any("AXES: Successful login" in message for message in axes_log.messages)


def test_one_address_is_locked_out_after_twenty_failures_whatever_the_usernames(staff):
    staff("maddie")
    for number in range(19):
        attempt(Client(), f"guess-{number}", "wrong", "192.0.2.20")
    assert attempt(Client(), "maddie", PASSWORD, "192.0.2.20").status_code == 302
    attempt(Client(), "guess-19", "wrong", "192.0.2.20")
    client = Client()
    assert attempt(client, "maddie", PASSWORD, "192.0.2.20").status_code == 429
    assert not logged_in(client)
    assert attempt(client, "maddie", PASSWORD, "198.51.100.7").status_code == 302


def test_failures_for_an_editor_elsewhere_do_not_lock_the_editor_out(client, staff):
    staff("editor")
    for _ in range(5):
        attempt(client, "editor", "wrong", "203.0.113.66")  # the attacker's address
    assert attempt(client, "editor", PASSWORD, "203.0.113.66").status_code == 429
    assert attempt(client, "editor", PASSWORD, "192.0.2.10").status_code == 302
    assert logged_in(client)


def test_failures_for_a_username_spread_over_addresses_do_not_lock_it(client, staff):
    staff("ed")
    for number in range(5):
        attempt(client, "ed", "wrong", f"192.0.2.{30 + number}")
    assert attempt(client, "ed", PASSWORD, "203.0.113.9").status_code == 302
    assert logged_in(client)


def test_four_failures_do_not_lock(client, staff):
    staff("ed")
    for _ in range(4):
        attempt(client, "ed", "wrong", "192.0.2.10")
    assert attempt(client, "ed", PASSWORD, "192.0.2.10").status_code == 302


def test_the_lock_lifts_after_15_minutes(client, staff):
    from axes.models import AccessAttempt

    staff("ed")
    for _ in range(5):
        attempt(client, "ed", "wrong", "192.0.2.10")
    assert attempt(client, "ed", PASSWORD, "192.0.2.10").status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - datetime.timedelta(minutes=15, seconds=1)
    )
    assert attempt(client, "ed", PASSWORD, "192.0.2.10").status_code == 302


def test_force_login_and_login_still_work_in_tests(client, staff, settings):
    user = staff("ed")
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 200
    settings.AXES_ENABLED = False  # as in the test settings, for Client.login()
    client.logout()
    assert client.login(username="ed", password=PASSWORD)


# The client's address behind trusted proxies


@pytest.fixture
def behind_proxies(settings, monkeypatch):
    """behind_proxies(n): the address settings that DJANGO_TRUSTED_PROXY_COUNT=n gives."""

    def configure(count: int):
        monkeypatch.setenv("DJANGO_TRUSTED_PROXY_COUNT", str(count))
        derived = runpy.run_path(str(django_settings.BASE_DIR / "config" / "settings.py"))
        for name in ("AXES_IPWARE_META_PRECEDENCE_ORDER", "AXES_IPWARE_PROXY_COUNT"):
            setattr(settings, name, derived.get(name))
        settings.IPWARE_STRICT = derived.get("IPWARE_STRICT")

    return configure


def client_address(forwarded_for: str, proxy="10.0.0.1") -> str | None:
    request = RequestFactory().post(LOGIN, REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=forwarded_for)
    return get_client_ip_address(request)


def test_the_forwarded_header_is_ignored_without_trusted_proxies(behind_proxies):
    behind_proxies(0)
    assert client_address("198.51.100.7") == "10.0.0.1"


@pytest.mark.parametrize(
    ("proxies", "forwarded_for", "client"),
    [
        (1, "198.51.100.7", "198.51.100.7"),
        # Entries left of the proxies' own are the client's to forge.
        (1, "203.0.113.66, 198.51.100.7", "198.51.100.7"),
        (1, "not-an-address, 198.51.100.7", "198.51.100.7"),
        (2, "203.0.113.66, 198.51.100.7, 10.0.0.2", "198.51.100.7"),
    ],
)
def test_behind_n_proxies_the_client_is_the_nth_entry_from_the_right(
    behind_proxies, proxies, forwarded_for, client
):
    behind_proxies(proxies)
    assert client_address(forwarded_for) == client


@pytest.mark.parametrize("count", ["-1", "two"])
def test_a_bad_proxy_count_stops_start_up(monkeypatch, count):
    monkeypatch.setenv("DJANGO_TRUSTED_PROXY_COUNT", count)
    with pytest.raises(ImproperlyConfigured, match="DJANGO_TRUSTED_PROXY_COUNT"):
        runpy.run_path(str(django_settings.BASE_DIR / "config" / "settings.py"))


def test_behind_a_proxy_an_attacker_cannot_lock_the_editor_out(client, staff, behind_proxies):
    behind_proxies(1)
    staff("editor")
    proxy = "10.0.0.1"  # every request arrives from the proxy
    for _ in range(5):
        attempt(client, "editor", "wrong", proxy, HTTP_X_FORWARDED_FOR="192.0.2.10, 203.0.113.66")
    attacker = attempt(client, "editor", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert attacker.status_code == 429
    editor = attempt(client, "editor", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="192.0.2.10")
    assert editor.status_code == 302
    assert logged_in(client)


# Log lines cannot be forged


FORGED = '1999-12-31 23:59:59,999 INFO axes: AXES: Successful login by {username: "editor"}'


@pytest.fixture
def security_log():
    """What the configured security handler writes for axes, as text."""
    handler = next(
        h for h in logging.getLogger("axes").handlers if type(h) is logging.StreamHandler
    )
    written = io.StringIO()
    previous = handler.setStream(written)
    yield written
    handler.setStream(previous)


def test_a_username_with_a_line_break_is_logged_on_one_escaped_line(client, security_log):
    attempt(client, f"mallory\n{FORGED}", "wrong", "192.0.2.10")
    attempt(client, f"mallory\r\x1b[2K{FORGED}", "wrong", "192.0.2.10")
    lines = security_log.getvalue().splitlines()
    assert any("AXES: New login failure" in line for line in lines)
    assert not any(line.startswith("1999-") or "\x1b" in line for line in lines)
    assert any(f"mallory\\n{FORGED}" in line for line in lines)
    assert any(f"mallory\\r\\x1b[2K{FORGED}" in line for line in lines)


def test_refused_requests_are_logged_on_one_line_too(security_log):
    logging.getLogger("django.security.csrf").warning("Forbidden: /admin/\n%s", FORGED)
    lines = security_log.getvalue().splitlines()
    assert len(lines) == 1
    assert lines[0].endswith(f"django.security.csrf: Forbidden: /admin/\\n{FORGED}")


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("plain text", "plain text"),
        ("a\nb", "a\\nb"),
        ("a\rb\tc", "a\\rb\\tc"),
        ("\x1b[31mred", "\\x1b[31mred"),
        ("a\u2028b\x85c", "a\\u2028b\\x85c"),
        ("a\\nb", "a\\\\nb"),  # a typed backslash stays distinguishable from an escape
        ("café", "café"),
    ],
)
def test_control_characters_are_escaped(text, escaped):
    assert escape_control_characters(text) == escaped
