from django.apps import AppConfig

from config.app_ready import call_hooks


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Catalogue"

    def ready(self):
        call_hooks("config.page_cache.connect_signals", "catalog.signals.connect")
