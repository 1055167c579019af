"""What an app's ready() does: call its hooks (connect signals, register with another app),
named by dotted path and imported only then, once the app registry is ready."""

from django.utils.module_loading import import_string


def call_hooks(*paths: str) -> None:
    """Import and call each function named, in order."""
    for path in paths:
        import_string(path)()
