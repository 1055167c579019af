from django.urls import include, path

from catalog import feeds, views

app_name = "catalog"

# Below a series' address: its season pages, and below each season its episode pages
# (franchise adds a "before" page at each level).
season_patterns = [
    path("", views.season_detail, name="season_detail"),
    path("episode/<str:episode>/", views.episode_detail, name="episode_detail"),
]
series_patterns = [
    path("", views.series_detail, name="series_detail"),
    path("episodes.ics", feeds.series_calendar, name="series_calendar"),
    path("season/<str:number>/", include(season_patterns)),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("series/", views.series_list, name="series_list"),
    path("series/<slug:slug>/", include(series_patterns)),
    path("feeds/updates.atom", feeds.UpdatesFeed(), name="updates_feed"),
    path("people/", views.person_list, name="person_list"),
    path("people/<slug:slug>/", views.person_detail, name="person_detail"),
]
