from django.urls import path

from catalog import feeds, views

app_name = "catalog"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("readyz", views.readyz, name="readyz"),
    path("series/", views.series_list, name="series_list"),
    path("series/<slug:slug>/", views.series_detail, name="series_detail"),
    path("series/<slug:slug>/episodes.ics", feeds.series_calendar, name="series_calendar"),
    path("feeds/updates.atom", feeds.UpdatesFeed(), name="updates_feed"),
    path("series/<slug:slug>/season/<str:number>/", views.season_detail, name="season_detail"),
    path(
        "series/<slug:slug>/season/<str:number>/episode/<str:episode>/",
        views.episode_detail,
        name="episode_detail",
    ),
    path("people/", views.person_list, name="person_list"),
    path("people/<slug:slug>/", views.person_detail, name="person_detail"),
]
