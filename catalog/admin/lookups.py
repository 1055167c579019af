"""The query parameters a changelist accepts: those its own links make, nothing more.

Django's admin lets staff filter a local field by any lookup typed into the address, so
?title__regex=(a+)+$ runs a backtracking regex over a whole table. ContentAdmin accepts
only what the list filters, the date hierarchy and the search box produce (the search
box and the paging and ordering links use parameters Django checks separately).
"""

from django.contrib.admin.utils import get_fields_from_path

# What Django's field filters put in their links: choices and booleans `__exact`, every
# filter `__isnull`, empty-value filters `__isempty`, date filters `__gte` and `__lt`,
# all-values filters the bare field, relation filters `__<target>__exact` (added below).
FIELD_FILTER_SUFFIXES = ("", "__exact", "__isnull", "__isempty", "__gte", "__lt")
DATE_HIERARCHY_SUFFIXES = ("__year", "__month", "__day")


def offered_lookups(model_admin, request) -> set[str]:
    """The filter parameters the changelist of model_admin offers in its own links."""
    lookups = set()
    for item in model_admin.get_list_filter(request):
        if isinstance(item, type):  # a ListFilter class: one parameter of its own
            lookups.add(getattr(item, "parameter_name", None))
            continue
        path = item[0] if isinstance(item, (list, tuple)) else item
        lookups.update(path + suffix for suffix in FIELD_FILTER_SUFFIXES)
        field = get_fields_from_path(model_admin.model, path)[-1]
        if field.is_relation:
            lookups.add(f"{path}__{field.target_field.name}__exact")
    if model_admin.date_hierarchy:
        lookups.update(model_admin.date_hierarchy + suffix for suffix in DATE_HIERARCHY_SUFFIXES)
    return lookups
