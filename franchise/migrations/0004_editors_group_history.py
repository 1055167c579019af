"""Give the Editors group the permissions of the historical models created since 0002."""

from importlib import import_module

from django.db import migrations

editors_group = import_module("franchise.migrations.0002_editors_group")


class Migration(migrations.Migration):
    dependencies = [
        ("franchise", "0003_history"),
        ("catalog", "0002_history"),
    ]

    operations = [
        # The same selection by app label as 0002, now that Historical* models exist.
        migrations.RunPython(editors_group.create_editors_group, migrations.RunPython.noop)
    ]
