"""The fictional world's part of the read-only JSON API (/api/v1/, mounted by config.api):
its schemas, records as the API shows them (serializers) and the endpoints (routes),
which also add characters to the catalogue's series, episodes and people."""

from franchise.api.routes import router

__all__ = ["router"]
