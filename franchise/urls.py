from django.urls import path

from franchise import views

app_name = "franchise"

urlpatterns = [
    path("characters/", views.character_list, name="character_list"),
    path("characters/<slug:slug>/", views.character_detail, name="character_detail"),
    path("universes/", views.universe_list, name="universe_list"),
    path("universes/<slug:slug>/", views.universe_detail, name="universe_detail"),
    path("universes/<slug:slug>/watch-order/", views.universe_watch_order, name="watch_order"),
    path("universes/<slug:slug>/graph/", views.universe_graph, name="graph"),
    path("universes/<slug:slug>/episodes.ics", views.universe_calendar, name="universe_calendar"),
    path("connections/", views.connections, name="connections"),
    path("search/", views.search, name="search"),
    # Beside catalog's series, season and episode pages (config.urls includes franchise first).
    path("series/<slug:slug>/before/", views.before, name="before_series"),
    path("series/<slug:slug>/season/<str:number>/before/", views.before, name="before_season"),
    path(
        "series/<slug:slug>/season/<str:number>/episode/<str:episode>/before/",
        views.before,
        name="before_episode",
    ),
    path("progress/", views.save_progress, name="progress"),
    path("horizon/", views.horizon_setting, name="horizon"),
]
