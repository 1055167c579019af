"""Login safety: five failed admin logins for one username, or from one address, lock that
username or address out for 15 minutes, with a clear page; logins and lockouts are logged."""

import datetime
import logging

import pytest
from django.urls import reverse
from django.utils import timezone

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


def attempt(client, username, password, address):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
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


def test_one_address_is_locked_out_whatever_username_it_tries(client, staff):
    staff("maddie")
    for number in range(5):
        attempt(client, f"guess-{number}", "wrong", "192.0.2.20")
    assert attempt(client, "maddie", PASSWORD, "192.0.2.20").status_code == 429
    assert not logged_in(client)


def test_one_username_is_locked_out_from_every_address(client, staff):
    staff("ed")
    for number in range(5):
        attempt(client, "ed", "wrong", f"192.0.2.{30 + number}")
    assert attempt(client, "ed", PASSWORD, "203.0.113.9").status_code == 429
    assert not logged_in(client)


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
