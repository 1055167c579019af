"""Sitemaps of the fictional world's published pages."""

from django.urls import reverse

from catalog.sitemaps import RecordSitemap
from franchise.models import Character, Universe


class CharacterSitemap(RecordSitemap):
    def items(self):
        return Character.objects.published().order_by("pk")


class UniverseSitemap(RecordSitemap):
    def items(self):
        return Universe.objects.published().order_by("pk")


class UniverseGuideSitemap(RecordSitemap):
    """Each published universe's watch order and graph: the fan pages worth finding."""

    GUIDES = ("franchise:watch_order", "franchise:graph")

    def items(self):
        return [
            (universe, name)
            for universe in Universe.objects.published().order_by("pk")
            for name in self.GUIDES
        ]

    def location(self, item):
        universe, name = item
        return reverse(name, kwargs={"slug": universe.slug})

    def lastmod(self, item):
        return item[0].updated_at
