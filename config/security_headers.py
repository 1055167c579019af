"""Headers Django's SecurityMiddleware does not set, added to every response."""

# No page here uses a camera, a microphone, location, payments, USB devices or ad topics.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in ("camera", "microphone", "geolocation", "payment", "usb", "browsing-topics")
)


class PermissionsAndResourcePolicyMiddleware:
    """Permissions-Policy denies powerful browser features; Cross-Origin-Resource-Policy
    keeps other sites from embedding our responses (images, JSON) in theirs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
