"""The stylesheet parses: every rule closed (a merge once left one open, and the browser
then dropped every rule after it, the spoiler horizon's banner among them)."""

from pathlib import Path

import pytest

STYLESHEETS = sorted((Path(__file__).resolve().parent.parent / "static" / "css").glob("*.css"))


@pytest.mark.parametrize("path", STYLESHEETS, ids=lambda path: path.name)
def test_every_rule_of_the_stylesheet_is_closed(path):
    depth = 0
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        depth += line.count("{") - line.count("}")
        assert depth >= 0, f"{path.name}:{number} closes a block that is not open"
        if line.startswith(".") or line.startswith("/* ----------"):
            assert depth <= 1, f"{path.name}:{number} starts a rule inside an unclosed one"
    assert depth == 0, f"{path.name}: {depth} block(s) left open"
