"""Networks, genres, series, seasons and episodes, with the episodes' CSV import and
export."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from catalog.admin.base import ContentAdmin, PrimedInline, PublishableAdmin
from catalog.admin.filters import NeedsSourceFilter, SeriesOfEpisodeFilter, SeriesSlugFilter
from catalog.admin.people import EpisodeCreditInline, SeriesCreditInline
from catalog.admin.reception import ReviewInline
from catalog.admin.sourcing import CitationInline
from catalog.csv_io import (
    MAX_CREDITS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    CsvFileError,
    csv_lines,
    episode_csv_records,
)
from catalog.models import Episode, Genre, Network, Season, Series
from catalog.services import ImportPermissionError, episodes_import, series_publish


class SeasonInline(PrimedInline):
    model = Season
    fields = ["number", "title", "premiere_date", "episode_count", "status"]
    show_change_link = True


class EpisodeInline(PrimedInline):
    model = Episode
    fields = ["number", "number_overall", "title", "air_date", "runtime_minutes", "status"]
    show_change_link = True


@admin.register(Network)
class NetworkAdmin(ContentAdmin):
    list_display = ["name", "slug", "url"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Genre)
class GenreAdmin(ContentAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.action(
    permissions=["change"], description="Publish selected series with their seasons and episodes"
)
def publish_series_with_episodes(modeladmin, request, queryset):
    counts = series_publish(queryset=queryset, user=request.user)
    modeladmin.message_user(
        request,
        "Published {series} series, {seasons} seasons and {episodes} episodes.".format(**counts),
        messages.SUCCESS,
    )


@admin.register(Series)
class SeriesAdmin(PublishableAdmin):
    actions = [*PublishableAdmin.actions, publish_series_with_episodes]
    list_display = ["title", "network", "premiere_date", "finale_date", "run_status", "status"]
    list_filter = ["status", NeedsSourceFilter, "run_status", "network", "genres"]
    list_select_related = ["network"]
    search_fields = ["title", "alternative_titles", "slug", "=imdb_id", "=wikidata_id"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["network", "genres"]
    date_hierarchy = "premiere_date"
    select_related = ("network",)
    inlines = [SeasonInline, SeriesCreditInline, ReviewInline, CitationInline]


@admin.register(Season)
class SeasonAdmin(PublishableAdmin):
    list_display = ["__str__", "number", "premiere_date", "episode_count", "status"]
    list_filter = ["status", NeedsSourceFilter, SeriesSlugFilter, "series__network"]
    list_select_related = ["series"]
    search_fields = ["series__title", "title"]
    autocomplete_fields = ["series", "network"]
    select_related = ("series",)
    inlines = [EpisodeInline, ReviewInline, CitationInline]


@admin.action(permissions=["view"], description="Export selected episodes to CSV")
def export_selected_episodes(modeladmin, request, queryset):
    return modeladmin.csv_response(queryset)


class EpisodeImportForm(forms.Form):
    label_suffix = ""

    file = forms.FileField(
        label="CSV file",
        help_text=(
            "UTF-8, one episode a row, with the header row "
            "series_slug,season_number,episode_number,title,air_date,runtime_minutes,"
            f"directors,writers,status. At most {MAX_FILE_BYTES // 1024 // 1024} MB, "
            f"{MAX_ROWS:,} rows and {MAX_CREDITS:,} directors and writers in all."
        ),
    )
    dry_run = forms.BooleanField(
        label="Dry run: check every row and show what would change, but write nothing",
        required=False,
        initial=True,
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(
                f"The file is {upload.size / 1024 / 1024:.1f} MB; the limit is "
                f"{MAX_FILE_BYTES // 1024 // 1024} MB. Split it into several files."
            )
        return upload


@admin.register(Episode)
class EpisodeAdmin(PublishableAdmin):
    actions = [*PublishableAdmin.actions, export_selected_episodes]
    change_list_template = "admin/catalog/episode/change_list.html"
    list_display = [
        "display_title",
        "series_title",
        "season_number",
        "number",
        "air_date",
        "status",
    ]
    list_filter = ["status", NeedsSourceFilter, SeriesOfEpisodeFilter, "season__series__network"]
    list_select_related = ["season__series"]
    search_fields = ["title", "season__series__title"]
    autocomplete_fields = ["season"]
    date_hierarchy = "air_date"
    select_related = ("season__series",)
    inlines = [EpisodeCreditInline, CitationInline]

    @admin.display(description="Series", ordering="season__series__title")
    def series_title(self, episode):
        return episode.season.series.title

    @admin.display(description="Season", ordering="season__number")
    def season_number(self, episode):
        return episode.season.number

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="catalog_episode_import",
            ),
            path(
                "export/",
                self.admin_site.admin_view(self.export_view),
                name="catalog_episode_export",
            ),
            *super().get_urls(),
        ]

    def import_view(self, request):
        """Upload a CSV; a dry run (or any bad row) shows the report and writes nothing."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        report = None
        form = EpisodeImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            try:
                report = episodes_import(
                    data=form.cleaned_data["file"].read(),
                    user=request.user,
                    dry_run=form.cleaned_data["dry_run"],
                )
            except CsvFileError as error:
                form.add_error("file", str(error))
            except ImportPermissionError as error:
                form.add_error(None, str(error))
            else:
                if report.written:
                    self.message_user(request, f"Imported: {report.summary()}", messages.SUCCESS)
                    return redirect("admin:catalog_episode_changelist")
        context = {
            **self.admin_site.each_context(request),
            "title": "Import episodes from CSV",
            "opts": self.model._meta,
            "form": form,
            "report": report,
            "max_megabytes": MAX_FILE_BYTES // 1024 // 1024,
            "max_rows": f"{MAX_ROWS:,}",
            "max_credits": f"{MAX_CREDITS:,}",
        }
        return TemplateResponse(request, "admin/catalog/episode/import.html", context)

    def export_view(self, request):
        """The episodes of the changelist as it is filtered, in the import format."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return redirect(f"{reverse('admin:catalog_episode_changelist')}?e=1")
        return self.csv_response(changelist.get_queryset(request))

    def csv_response(self, queryset):
        episodes = (
            queryset.select_related("season__series")
            .prefetch_related("credits__person")
            .order_by("season__series__slug", "season__number", "number")
        )
        response = StreamingHttpResponse(
            csv_lines(episode_csv_records(episodes.iterator(chunk_size=2000))),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="episodes.csv"'
        return response
