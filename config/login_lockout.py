"""Login lockout with a limit per lockout parameter: a (username, address) pair locks at
AXES_FAILURE_LIMIT failures, an address alone at LOGIN_ADDRESS_FAILURE_LIMIT.

Axes compares one failure count with one limit. This handler hands it, as that count, the
pair limit minus the fewest failures any parameter has left before its own limit, so axes
locks exactly when one parameter reaches its limit.
"""

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit, get_lockout_parameters
from django.conf import settings
from django.db.models import Sum


class PairAndAddressLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request, credentials: dict | None = None) -> int:
        pair_limit = get_failure_limit(request, credentials)
        parameters = get_lockout_parameters(request, credentials)
        attempts_per_parameter = self.get_user_attempts(request, credentials)
        left_before_limit = []
        for parameter, attempts in zip(parameters, attempts_per_parameter, strict=True):
            failures = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            limit = (
                settings.LOGIN_ADDRESS_FAILURE_LIMIT if parameter == "ip_address" else pair_limit
            )
            left_before_limit.append(limit - failures)
        return pair_limit - min(left_before_limit)
