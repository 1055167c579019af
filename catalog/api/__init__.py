"""The catalogue's part of the read-only JSON API (/api/v1/, mounted by config.api): its
schemas, what every endpoint does alike (conventions), records as the API shows them
(serializers) and the endpoints (routes)."""

from catalog.api.routes import router

__all__ = ["router"]
