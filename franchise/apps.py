from django.apps import AppConfig

from config.app_ready import call_hooks


class FranchiseConfig(AppConfig):
    name = "franchise"
    verbose_name = "Franchise"

    def ready(self):
        # What the fictional world adds to the catalogue's pages, which cannot import it, then
        # how the footnotes find the appearances and links behind derived facts.
        call_hooks("franchise.catalog_pages.register", "franchise.footnotes.register")
