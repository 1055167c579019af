from django.urls import include, path

from franchise import views

app_name = "franchise"

universe_patterns = [
    path("", views.universe_detail, name="universe_detail"),
    path("watch-order/", views.universe_watch_order, name="watch_order"),
    path("graph/", views.universe_graph, name="graph"),
    path("episodes.ics", views.universe_calendar, name="universe_calendar"),
]
# Beside catalog's series, season and episode pages (config.urls includes franchise first).
before_patterns = [
    path("before/", views.before, name="before_series"),
    path("season/<str:number>/before/", views.before, name="before_season"),
    path("season/<str:number>/episode/<str:episode>/before/", views.before, name="before_episode"),
]

urlpatterns = [
    path("characters/", views.character_list, name="character_list"),
    path("characters/<slug:slug>/", views.character_detail, name="character_detail"),
    path("universes/", views.universe_list, name="universe_list"),
    path("universes/<slug:slug>/", include(universe_patterns)),
    path("connections/", views.connections, name="connections"),
    path("search/", views.search, name="search"),
    path("series/<slug:slug>/", include(before_patterns)),
    path("progress/", views.save_progress, name="progress"),
    path("horizon/", views.horizon_setting, name="horizon"),
]
