from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Catalogue"

    def ready(self):
        from catalog import signals
        from config import page_cache

        page_cache.connect_signals()
        signals.connect()
