"""Every response denies powerful browser features and refuses cross-origin embedding."""

import pytest

pytestmark = pytest.mark.django_db

PERMISSIONS_DENIED = ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"]


@pytest.mark.parametrize(
    ("path", "status"), [("/", 200), ("/series/", 200), ("/no-such-page/", 404), ("/healthz", 200)]
)
def test_permissions_and_resource_policies_on_every_response(client, path, status):
    response = client.get(path)
    assert response.status_code == status
    policy = [part.strip() for part in response["Permissions-Policy"].split(",")]
    assert policy == [f"{feature}=()" for feature in PERMISSIONS_DENIED]
    assert "interest-cohort" not in response["Permissions-Policy"]
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"
