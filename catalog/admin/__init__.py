"""The editors' workplace for the production record.

Every content model keeps its history (django-simple-history: who, when, a diff, revert).
Records with a status get "Publish" and "Unpublish" actions, which go through
catalog.services and so are recorded in the history too. Records that can be cited get a
"needs a source" filter.

Pages stay within a fixed number of queries at any catalogue size: changelists don't
count the whole table, foreign keys are autocomplete widgets whose selected labels come
from the rows already loaded (PrimedAutocompleteSelect), and list filters never list a
large table (a slug box filters by series or person instead).

Importing this package registers every catalog model (one module per area); the names
other apps build on are importable from here.
"""

from catalog.admin.actions import publish_selected, unpublish_selected
from catalog.admin.base import (
    ContentAdmin,
    PrimedAutocompleteMixin,
    PrimedFormSetMixin,
    PrimedGenericInlineFormSet,
    PrimedInline,
    PrimedInlineFormSet,
    PublishableAdmin,
    changelist_link,
)
from catalog.admin.filters import (
    NeedsSourceFilter,
    PersonFilter,
    SeriesOfEpisodeFilter,
    SeriesSlugFilter,
    SlugFilter,
    slug_filter,
)
from catalog.admin.people import CreditAdmin, EpisodeCreditInline, PersonAdmin, SeriesCreditInline
from catalog.admin.reception import ReviewAdmin, ReviewInline
from catalog.admin.series import (
    EpisodeAdmin,
    EpisodeImportForm,
    EpisodeInline,
    GenreAdmin,
    NetworkAdmin,
    SeasonAdmin,
    SeasonInline,
    SeriesAdmin,
    export_selected_episodes,
    publish_series_with_episodes,
)
from catalog.admin.sourcing import CitationAdmin, CitationInline, ClaimAdmin, SourceAdmin
from catalog.admin.widgets import (
    PrimedAutocompleteSelect,
    PrimedAutocompleteSelectMultiple,
    PrimedLabels,
    autocomplete_labels_prime,
)

__all__ = [
    "CitationAdmin",
    "CitationInline",
    "ClaimAdmin",
    "ContentAdmin",
    "CreditAdmin",
    "EpisodeAdmin",
    "EpisodeCreditInline",
    "EpisodeImportForm",
    "EpisodeInline",
    "GenreAdmin",
    "NeedsSourceFilter",
    "NetworkAdmin",
    "PersonAdmin",
    "PersonFilter",
    "PrimedAutocompleteMixin",
    "PrimedAutocompleteSelect",
    "PrimedAutocompleteSelectMultiple",
    "PrimedFormSetMixin",
    "PrimedGenericInlineFormSet",
    "PrimedInline",
    "PrimedInlineFormSet",
    "PrimedLabels",
    "PublishableAdmin",
    "ReviewAdmin",
    "ReviewInline",
    "SeasonAdmin",
    "SeasonInline",
    "SeriesAdmin",
    "SeriesCreditInline",
    "SeriesOfEpisodeFilter",
    "SeriesSlugFilter",
    "SlugFilter",
    "SourceAdmin",
    "autocomplete_labels_prime",
    "changelist_link",
    "export_selected_episodes",
    "publish_selected",
    "publish_series_with_episodes",
    "slug_filter",
    "unpublish_selected",
]
