"""Other catalogues' ids for our records (IMDb, TMDB, TVmaze, Wikidata): links on the
pages, `sameAs` in JSON-LD, and lookup by id in the API.

An id is stored only where a source gives it; none is invented. Each is checked by the
database (format, and one record per id), so the admin's form, which validates the
model's constraints, refuses what the database would refuse, with a message.
"""

from django.db import models
from django.db.models import Q

WIKIDATA_PATTERN = r"^Q[1-9][0-9]*$"

# What each catalogue calls a kind of record, for the address of its page.
IMDB_PREFIX = {"series": "tt", "episode": "tt", "person": "nm"}
IMDB_PAGE = {"tt": "https://www.imdb.com/title/{}/", "nm": "https://www.imdb.com/name/{}/"}
TMDB_PAGE = {
    "series": "https://www.themoviedb.org/tv/{}",
    "person": "https://www.themoviedb.org/person/{}",
}
TVMAZE_PAGE = {
    "series": "https://www.tvmaze.com/shows/{}",
    "episode": "https://www.tvmaze.com/episodes/{}",
    "person": "https://www.tvmaze.com/people/{}",
    "character": "https://www.tvmaze.com/characters/{}",
}
WIKIDATA_PAGE = "https://www.wikidata.org/wiki/{}"

# The lookup parameters of the API, and the field each reads.
EXTERNAL_ID_FIELDS = {
    "imdb": "imdb_id",
    "tmdb": "tmdb_id",
    "tvmaze": "tvmaze_id",
    "wikidata": "wikidata_id",
}


class ExternalIds(models.Model):
    """The ids of the same record elsewhere. A model leaves out those that do not apply
    (a character has no IMDb id) by setting the field to None."""

    imdb_id = models.CharField(
        "IMDb id", max_length=12, blank=True, help_text="E.g. tt3502248 (a title), nm0005379."
    )
    tmdb_id = models.PositiveIntegerField("TMDB id", null=True, blank=True)
    tvmaze_id = models.PositiveIntegerField("TVmaze id", null=True, blank=True)
    wikidata_id = models.CharField(
        "Wikidata id", max_length=12, blank=True, help_text="E.g. Q15726364."
    )

    class Meta:
        abstract = True

    def external_links(self) -> list[tuple[str, str]]:
        """(catalogue, address) of this record's page in each catalogue that has it."""
        kind = self._meta.model_name
        links = []
        imdb = getattr(self, "imdb_id", "")
        if imdb and imdb[:2] in IMDB_PAGE:
            links.append(("IMDb", IMDB_PAGE[imdb[:2]].format(imdb)))
        tmdb = getattr(self, "tmdb_id", None)
        if tmdb and kind in TMDB_PAGE:
            links.append(("TMDB", TMDB_PAGE[kind].format(tmdb)))
        tvmaze = getattr(self, "tvmaze_id", None)
        if tvmaze and kind in TVMAZE_PAGE:
            links.append(("TVmaze", TVMAZE_PAGE[kind].format(tvmaze)))
        if self.wikidata_id:
            links.append(("Wikidata", WIKIDATA_PAGE.format(self.wikidata_id)))
        return links


ALL_IDS = ("imdb_id", "tmdb_id", "tvmaze_id", "wikidata_id")
NUMBERED = {"tmdb_id", "tvmaze_id"}  # blank is NULL; the others are text, blank is ""


def external_id_constraints(model_name: str, ids=ALL_IDS) -> list[models.BaseConstraint]:
    """Each of the model's ids in its catalogue's format, and on one record at most."""
    formats = {
        "wikidata_id": (WIKIDATA_PATTERN, "a Wikidata id is Q followed by digits, e.g. Q15726364"),
    }
    if "imdb_id" in ids:
        prefix = IMDB_PREFIX[model_name]
        formats["imdb_id"] = (
            rf"^{prefix}[0-9]{{7,10}}$",
            f"an IMDb id here is {prefix} followed by 7 to 10 digits, e.g. {prefix}0000001",
        )
    constraints = [
        models.CheckConstraint(
            condition=Q(**{field: ""}) | Q(**{f"{field}__regex": pattern}),
            name=f"{model_name}_{field}_format",
            violation_error_message=message[0].upper() + message[1:] + ".",
        )
        for field, (pattern, message) in formats.items()
    ]
    for field in ids:
        blank = Q(**{f"{field}__isnull": True}) if field in NUMBERED else Q(**{field: ""})
        constraints.append(
            models.UniqueConstraint(
                fields=[field],
                condition=~blank,
                name=f"{model_name}_{field}_unique",
                violation_error_message=f"Another {model_name} already has this id.",
            )
        )
    return constraints
