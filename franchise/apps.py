from django.apps import AppConfig


class FranchiseConfig(AppConfig):
    name = "franchise"
    verbose_name = "Franchise"

    def ready(self):
        # What the fictional world adds to the catalogue's pages, which cannot import it.
        from franchise import catalog_pages, footnotes

        catalog_pages.register()
        # How the footnotes find the appearances and links behind derived facts.
        footnotes.register()
