from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from catalog import sitemaps as catalog_sitemaps
from catalog import views as catalog_views
from config.api import api
from franchise import sitemaps as franchise_sitemaps

sitemaps = {
    "sections": catalog_sitemaps.SectionSitemap,
    "series": catalog_sitemaps.SeriesSitemap,
    "seasons": catalog_sitemaps.SeasonSitemap,
    "episodes": catalog_sitemaps.EpisodeSitemap,
    "people": catalog_sitemaps.PersonSitemap,
    "characters": franchise_sitemaps.CharacterSitemap,
    "universes": franchise_sitemaps.UniverseSitemap,
    "guides": franchise_sitemaps.UniverseGuideSitemap,
}

urlpatterns = [
    path("admin/", admin.site.urls),
    path("robots.txt", catalog_views.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": sitemaps}, name="sitemap"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": sitemaps},
        name="django.contrib.sitemaps.views.sitemap",
    ),
    path("api/v1/", api.urls),
    path("", include("franchise.urls")),
    path("", include("catalog.urls")),
]

if settings.BENCH_BARE_VIEW:
    # `make bench` measures pages against a bare template view served by the same workers.
    urlpatterns.insert(0, path("bench/bare", TemplateView.as_view(template_name="bench_bare.html")))

handler400 = "catalog.views.bad_request"
handler403 = "catalog.views.permission_denied"
handler404 = "catalog.views.page_not_found"
handler500 = "catalog.views.server_error"
