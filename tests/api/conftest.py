import pytest


@pytest.fixture
def api(client):
    """GET an API address as an anonymous client: the response, its JSON read as `data`."""

    def get(url: str, **headers):
        response = client.get(url, headers=headers)
        content_type = response.get("Content-Type", "")
        response.data = response.json() if "json" in content_type else None
        return response

    return get
