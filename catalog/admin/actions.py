"""Actions offered on every changelist of records with a draft/published status."""

from django.contrib import admin, messages

from catalog.services import records_publish, records_unpublish


@admin.action(permissions=["change"], description="Publish selected %(verbose_name_plural)s")
def publish_selected(modeladmin, request, queryset):
    count = records_publish(queryset=queryset, user=request.user)
    modeladmin.message_user(request, f"Published {count} record(s).", messages.SUCCESS)


@admin.action(
    permissions=["change"], description="Unpublish selected %(verbose_name_plural)s (to draft)"
)
def unpublish_selected(modeladmin, request, queryset):
    count = records_unpublish(queryset=queryset, user=request.user)
    modeladmin.message_user(request, f"Turned {count} record(s) back into drafts.")
