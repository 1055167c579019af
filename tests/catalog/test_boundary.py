"""The catalogue knows nothing of the apps built on it: franchise adds to its pages through
catalog.page_parts. Guards against an import, a URL name or a template tag library of
franchise creeping back into catalog's code or templates."""

import ast
from pathlib import Path

from django.conf import settings

from catalog import page_parts

ROOT = Path(settings.BASE_DIR)


def catalog_modules():
    return [path for path in (ROOT / "catalog").rglob("*.py") if "migrations" not in path.parts]


def test_no_catalog_module_imports_franchise():
    for path in catalog_modules():
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            assert not any(name.split(".")[0] == "franchise" for name in names), path


def test_catalog_names_no_franchise_url_or_tag_library():
    templates = list((ROOT / "templates" / "catalog").rglob("*.html"))
    for path in [*catalog_modules(), *templates]:
        text = path.read_text()
        assert "franchise:" not in text, path
        assert "franchise_pages" not in text, path
        assert '"franchise/' not in text, path


def test_franchise_adds_its_parts_to_the_catalogue_pages():
    for page in ("home", "series", "season", "episode", "person", "person_list"):
        assert page_parts._parts[page], page
    assert page_parts.sitemap_sections() == [
        "franchise:character_list",
        "franchise:universe_list",
    ]
