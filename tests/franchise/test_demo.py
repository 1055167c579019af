"""`demo` is for local use: it refuses in production mode and never resets a password;
`load_universe` loads the seed for deploys and creates no user."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError

from catalog.models import Series
from franchise.management.commands.demo import DEFAULT_DEMO_PASSWORD

pytestmark = pytest.mark.django_db

User = get_user_model()


@pytest.fixture
def debug(settings):
    """`manage.py demo` turns debug on unless DJANGO_DEBUG says otherwise."""
    settings.DEBUG = True


def demo(capsys, *arguments) -> str:
    call_command("demo", "--no-serve", *arguments)
    return capsys.readouterr().out


def test_demo_refuses_in_production_mode_and_writes_nothing(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DJANGO_DEBUG off") as refusal:
        call_command("demo", "--no-serve")
    assert "load_universe" in str(refusal.value)
    assert not User.objects.exists()
    assert not Series.objects.exists()


def test_demo_refuses_in_production_mode_even_when_the_editor_exists(settings):
    settings.DEBUG = False
    User.objects.create_user("editor", password="a-changed-password", is_staff=True)
    with pytest.raises(CommandError, match="DJANGO_DEBUG off"):
        call_command("demo", "--no-serve")
    assert User.objects.get(username="editor").check_password("a-changed-password")


def test_demo_loads_the_seed_and_creates_the_editor_once(debug, capsys):
    first = demo(capsys)
    second = demo(capsys)
    assert "http://127.0.0.1:8000/" in first
    assert f"user: editor  password: {DEFAULT_DEMO_PASSWORD}" in first
    assert f"user: editor  password: {DEFAULT_DEMO_PASSWORD}" in second  # still the demo's
    assert "Seed universe loaded (0 changes)." in second
    assert Series.objects.published().count() == 4
    editor = User.objects.get()
    assert editor.is_staff and not editor.is_superuser
    assert list(editor.groups.values_list("name", flat=True)) == ["Editors"]


# The tests below find the seed loaded (as it is after a first demo), so the demo's load
# changes nothing: only the first load is worth the seconds it takes, and the first test
# above makes it.
def test_demo_never_resets_a_changed_password(seeded, debug, capsys):
    demo(capsys)
    editor = User.objects.get(username="editor")
    editor.set_password("changed-by-its-owner")
    editor.save()

    output = demo(capsys)

    editor.refresh_from_db()
    assert editor.check_password("changed-by-its-owner")
    assert not editor.check_password(DEFAULT_DEMO_PASSWORD)
    assert "password: unchanged" in output
    assert DEFAULT_DEMO_PASSWORD not in output


def test_demo_creates_the_editor_with_the_password_from_the_environment(
    seeded, debug, capsys, monkeypatch
):
    monkeypatch.setenv("SHOWBIBLE_DEMO_PASSWORD", "chosen-locally-1234")
    output = demo(capsys)
    assert "password: chosen-locally-1234" in output
    assert User.objects.get(username="editor").check_password("chosen-locally-1234")


def test_demo_reports_a_bad_seed_file_and_writes_nothing(debug, tmp_path):
    broken = tmp_path / "broken.toml"
    broken.write_text("not = [valid")
    with pytest.raises(CommandError, match="nothing written"):
        call_command("demo", "--no-serve", "--seed-file", str(broken))
    assert Series.objects.count() == 0


def test_load_universe_loads_the_seed_and_creates_no_user(settings, capsys):
    settings.DEBUG = False  # as on a deploy
    call_command("load_universe")
    first = capsys.readouterr().out
    call_command("load_universe")
    second = capsys.readouterr().out

    assert "Seed universe loaded (0 changes)." not in first
    assert "series: 4 new" in first
    assert "Seed universe loaded (0 changes)." in second  # idempotent
    assert Series.objects.published().count() == 4
    assert not User.objects.exists()


@pytest.mark.parametrize("content", ["not = [valid", None])
def test_load_universe_refuses_a_bad_seed_file(tmp_path, content):
    seed_file = tmp_path / "seed.toml"
    if content is not None:
        seed_file.write_text(content)
    else:
        seed_file.mkdir()  # a directory where the file should be
    with pytest.raises(CommandError, match="nothing written"):
        call_command("load_universe", "--seed-file", str(seed_file))
    assert Series.objects.count() == 0


def test_load_universe_refuses_a_missing_seed_file(tmp_path):
    with pytest.raises(CommandError, match="no such data file"):
        call_command("load_universe", "--seed-file", str(tmp_path / "missing.toml"))
