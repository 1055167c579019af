"""Sitemaps of the catalogue's published pages (drafts, and the children of drafts, never)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from catalog import page_parts
from catalog.models import Episode, Person, Season, Series


class SectionSitemap(Sitemap):
    """The list pages: the catalogue's, then those other apps add (catalog.page_parts)."""

    changefreq = "weekly"

    def items(self):
        return [
            "catalog:home",
            "catalog:series_list",
            "catalog:person_list",
            *page_parts.sitemap_sections(),
        ]

    def location(self, item):
        return reverse(item)


class RecordSitemap(Sitemap):
    limit = 10_000

    def lastmod(self, record):
        return record.updated_at

    def get_latest_lastmod(self):
        # The index would otherwise load every record of the section to find the latest.
        return None


class SeriesSitemap(RecordSitemap):
    def items(self):
        return Series.objects.published().order_by("pk")


class SeasonSitemap(RecordSitemap):
    def items(self):
        return Season.objects.published().select_related("series").order_by("pk")


class EpisodeSitemap(RecordSitemap):
    def items(self):
        return Episode.objects.published().select_related("season__series").order_by("pk")


class PersonSitemap(RecordSitemap):
    def items(self):
        return Person.objects.published().order_by("pk")
