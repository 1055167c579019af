"""Values the admin's own pages show that no view hands them."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def login_address_failure_limit() -> int:
    """Failures from one address, across usernames, before it is locked (config.login_lockout)."""
    return settings.LOGIN_ADDRESS_FAILURE_LIMIT
