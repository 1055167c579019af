"""manage.py export_dump PATH: every published record as JSON Lines, one file per
resource, in the API's representation, with a README stating the licence and the format.

Each row is what /api/v1/ returns for that record (catalog.api and franchise.api
serializers), so the dump and the API never disagree; rows are written as they are read,
a thousand at a time, so memory stays flat however large the catalogue.
"""

import datetime
import json
from pathlib import Path
from urllib.parse import urljoin

from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch

from catalog.api import serializers as catalog_out
from catalog.api.conventions import sources_prefetch
from catalog.api.routes import series_for_api
from catalog.models import Claim, Credit, Episode, Person, Review, Season, Series, Source
from franchise.api import serializers as franchise_out
from franchise.models import Appearance, Character, SeriesLink, Universe, UniverseMembership

CHUNK = 1000
LICENCE = "CC0 1.0 Universal (public domain dedication)"

README = """# Showbible data dump

Exported {exported} from {base_url}.

Licence: {licence}. https://creativecommons.org/publicdomain/zero/1.0/
The catalogue's facts are free to reuse; each row names the sources it rests on (the
sources keep their own rights: we give their titles and addresses, not their text).

Format: JSON Lines (https://jsonlines.org/), UTF-8, one JSON object per line, one file per
resource. Each object is what the API (/api/v1/, described at /api/v1/openapi.json) returns
for the record: `id`, `slug` where it has one, `url` (its page), its fields, and `sources`
(title, url, publisher, reliability, and the facts each supports: a field's name, or
"record" for the record as a whole). Only published records are exported; drafts never.

Files (rows):
{files}
"""


class Address:
    """What the serializers need of a request: absolute addresses on the site."""

    def __init__(self, base_url: str):
        self.base_url = base_url

    def build_absolute_uri(self, path: str) -> str:
        return urljoin(self.base_url, path)


def resources(site: Address):
    """(file name, queryset, row) for each resource."""
    season_ref = catalog_out.season_ref
    series_of = catalog_out.series_ref
    with_sources = sources_prefetch()
    return [
        (
            "series",
            series_for_api(Series.objects.published()),
            lambda s: catalog_out.series_detail_out(s, site),
        ),
        (
            "seasons",
            Season.objects.published()
            .select_related("series__network", "network")
            .prefetch_related(with_sources),
            lambda s: {"series": series_of(s.series, site)} | catalog_out.season_out(s, site),
        ),
        (
            "episodes",
            Episode.objects.published()
            .select_related("season__series")
            .prefetch_related(with_sources),
            lambda e: {"season": season_ref(e.season, site)} | catalog_out.episode_out(e, site),
        ),
        (
            "people",
            Person.objects.published().prefetch_related(with_sources),
            lambda p: catalog_out.person_out(p, site),
        ),
        (
            "credits",
            Credit.objects.published_work()
            .filter(person__status="published")
            .select_related("person", "series", "episode__season__series")
            .prefetch_related(with_sources),
            lambda c: catalog_out.credit_out(c, site),
        ),
        (
            "reviews",
            Review.objects.published()
            .select_related("series", "season__series", "disputed_by")
            .prefetch_related(with_sources),
            lambda r: (
                {"series": series_of(r.series or r.season.series, site)}
                | catalog_out.review_out(r, site)
            ),
        ),
        (
            "claims",
            Claim.objects.published()
            .select_related("made_in", "series")
            .prefetch_related(with_sources),
            lambda c: catalog_out.claim_out(c, site),
        ),
        (
            "characters",
            Character.objects.published().with_counts().prefetch_related(with_sources),
            lambda c: franchise_out.character_out(c, site),
        ),
        (
            "appearances",
            Appearance.objects.published()
            .select_related(
                "character", "series", "season__series", "episode__season__series", "performer"
            )
            .prefetch_related(with_sources),
            lambda a: franchise_out.appearance_out(a, site),
        ),
        (
            "links",
            SeriesLink.objects.filter(source__status="published", target__status="published")
            .select_related("source", "target")
            .prefetch_related(with_sources),
            lambda link: franchise_out.link_out(link, site),
        ),
        (
            "universes",
            Universe.objects.published().prefetch_related(
                Prefetch(
                    "memberships",
                    queryset=UniverseMembership.objects.filter(series__status="published")
                    .select_related("series")
                    .order_by("position"),
                    to_attr="members",
                ),
                with_sources,
            ),
            lambda u: {
                "id": u.pk,
                "slug": u.slug,
                "url": site.build_absolute_uri(u.get_absolute_url()),
                "name": u.name,
                "description": u.description,
                "series": [series_of(m.series, site) for m in u.members],
                "sources": catalog_out.sources_out(u.sources),
            },
        ),
        (
            "sources",
            Source.objects.all(),
            lambda s: {"id": s.pk} | catalog_out.source_out(s),
        ),
    ]


class Command(BaseCommand):
    help = "Write every published record as JSON Lines, one file per resource, with a README."

    def add_arguments(self, parser):
        parser.add_argument("path", help="The folder to write (created if missing).")
        parser.add_argument(
            "--base-url",
            default="http://127.0.0.1:8000/",
            help="The site's address, for each record's url (default: the demo's).",
        )

    def handle(self, path, base_url, **options):
        folder = Path(path)
        if folder.exists() and not folder.is_dir():
            raise CommandError(f"{folder} exists and is not a folder.")
        folder.mkdir(parents=True, exist_ok=True)
        site = Address(base_url if base_url.endswith("/") else base_url + "/")
        counts = {}
        for name, queryset, row in resources(site):
            target = folder / f"{name}.jsonl"
            written = folder / f".{name}.jsonl.part"
            count = 0
            with written.open("w", encoding="utf-8") as out:
                for record in queryset.order_by("pk").iterator(chunk_size=CHUNK):
                    out.write(json.dumps(row(record), cls=DjangoJSONEncoder, ensure_ascii=False))
                    out.write("\n")
                    count += 1
            written.replace(target)  # a reader never sees half a file
            counts[name] = count
            self.stdout.write(f"{target}: {count} rows")
        files = "\n".join(f"- {name}.jsonl ({count:,})" for name, count in counts.items())
        (folder / "README.md").write_text(
            README.format(
                exported=datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
                base_url=site.base_url,
                licence=LICENCE,
                files=files,
            ),
            encoding="utf-8",
        )
