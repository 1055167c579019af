"""Sitemaps of the fictional world's published pages."""

from catalog.sitemaps import RecordSitemap
from franchise.models import Character, Universe


class CharacterSitemap(RecordSitemap):
    def items(self):
        return Character.objects.published().order_by("pk")


class UniverseSitemap(RecordSitemap):
    def items(self):
        return Universe.objects.published().order_by("pk")
