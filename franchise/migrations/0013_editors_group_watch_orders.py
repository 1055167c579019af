"""Give the Editors group the permissions of the watch order models (0012), so that
editors can curate the story and essentials orders in the admin."""

from importlib import import_module

from django.db import migrations

editors_group = import_module("franchise.migrations.0002_editors_group")


class Migration(migrations.Migration):
    dependencies = [
        ("franchise", "0012_watch_orders"),
    ]

    operations = [
        # The same selection by app label as 0002, now that the watch order models exist.
        migrations.RunPython(editors_group.create_editors_group, migrations.RunPython.noop)
    ]
