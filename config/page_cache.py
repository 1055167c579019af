"""The full-page cache for anonymous visitors, and the content generation that keys it.

Every public page an anonymous visitor GETs is stored whole (status, headers, body) under
a key that carries the content generation: the time of the last committed change to any
content. A save, delete or bulk write of content moves the generation forward when its
transaction commits, so the next request renders afresh and every older entry is simply
never asked for again (the cache evicts it). Nothing is deleted, so no race can bring a
stale page back.

A visitor's own state kept in cookies (settings.PERSONAL_STATE_COOKIES: what they have
watched, their spoiler horizon) makes a page of its own: those cookies' values are part of
the key, so a visitor never gets another's page, and the page goes out `private` (no
shared cache keeps it). Every stored page says `Vary: Cookie`, so a browser or CDN does not
hand a public copy to a visitor who has since set a horizon, or the reverse.

Never cached: anything but GET and HEAD; a request carrying a session cookie (an editor,
who may see drafts); the admin and the probes; a response that sets a cookie, varies on
the cookie, or says private or no-store; anything but a 200.

Expensive parts of pages are cached apart under the same generation (cached_fragment),
for the requests the page cache does not serve: editors, other query strings, other pages
showing the same part.

The generation also stamps pages for HTTP caches: Last-Modified is the generation's time,
and Cache-Control lets browsers keep a page for a minute and a CDN for five, serving it
stale while it revalidates.
"""

import hashlib
import time
from email.utils import formatdate

from django.conf import settings
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils.cache import has_vary_header, patch_cache_control, patch_vary_headers

GENERATION_KEY = "content-generation"
PAGE_KEY_PREFIX = "page"
FRAGMENT_KEY_PREFIX = "fragment"
# Not a public page: the admin, the probes and the static files (whitenoise serves those).
NOT_PUBLIC_PAGES = ("/admin/", "/healthz", "/readyz", "/static/")
# Headers that belong to one response, never to a copy served later.
UNSTORED_HEADERS = {"set-cookie", "date", "age"}


def generation() -> int:
    """The content generation: nanoseconds since the epoch at the last content change
    (or at the first request after the cache was emptied)."""
    current = cache.get(GENERATION_KEY)
    if current is None:
        cache.add(GENERATION_KEY, time.time_ns(), timeout=None)
        current = cache.get(GENERATION_KEY, 0)
    return current


def _generation_advance() -> None:
    # A clock that went back must not reuse an old generation: max() of the two.
    cache.set(GENERATION_KEY, max(time.time_ns(), generation() + 1), timeout=None)


def content_changed(using: str = "default") -> None:
    """Move the generation forward when the current transaction commits (at once outside
    one); one hook a transaction however many records it writes. A rollback drops the
    hook with the transaction, and the next write adds it again."""
    connection = connections[using]
    if any(hook is _generation_advance for _, hook, _ in connection.run_on_commit):
        return
    transaction.on_commit(_generation_advance, using=using)


def cached_fragment(name: str, *key, compute):
    """compute()'s result, worked out once per content generation for this name and key and
    then read from the cache: the expensive parts of a page (crossings, the graph, the
    watch order), shared by the pages and the visitors that show them, editors included.
    Only for results that read published content alone, the same for every visitor. Off
    with the page cache (PAGE_CACHE_SECONDS = 0)."""
    if not settings.PAGE_CACHE_SECONDS:
        return compute()
    fragment_key = f"{FRAGMENT_KEY_PREFIX}:{generation()}:{name}:{':'.join(map(str, key))}"
    found = cache.get(fragment_key)
    if found is None:
        found = compute()
        cache.set(fragment_key, found, settings.PAGE_CACHE_SECONDS)
    return found


def _on_content_write(sender, **kwargs) -> None:
    if sender._meta.app_label in settings.PAGE_CACHE_CONTENT_APPS:
        content_changed(kwargs["using"])


def connect_signals() -> None:
    """Watch every model of the content apps (settings.PAGE_CACHE_CONTENT_APPS), their
    history included; bulk writes call content_changed themselves."""
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(_on_content_write, dispatch_uid=f"page-cache-{id(signal)}")


def is_anonymous_public_read(request) -> bool:
    """A GET or HEAD of a public page by a visitor with no session: what the page cache
    stores and what read replicas serve (config/db_router.py). An editor's session may
    see drafts and must read their own writes."""
    return (
        request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(NOT_PUBLIC_PAGES)
    )


def _storable(response) -> bool:
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not has_vary_header(response, "Cookie")
        and not any(word in cache_control for word in ("private", "no-store", "no-cache"))
    )


def personal_state(request) -> dict[str, str]:
    """The cookies of the visitor's own state (settings.PERSONAL_STATE_COOKIES) it sent."""
    return {
        name: request.COOKIES[name]
        for name in settings.PERSONAL_STATE_COOKIES
        if name in request.COOKIES
    }


def _page_key(request, current: int) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    personal = "".join(f"\n{name}={value}" for name, value in personal_state(request).items())
    digest = hashlib.sha256((address + personal).encode()).hexdigest()
    return f"{PAGE_KEY_PREFIX}:{current}:{digest}"


def public_cache_control(response) -> None:
    """Browsers may keep the response a minute, shared caches five, and serve it stale for
    five more while revalidating (the settings' figures)."""
    patch_cache_control(
        response,
        public=True,
        max_age=settings.PAGE_CACHE_BROWSER_SECONDS,
        s_maxage=settings.PAGE_CACHE_SHARED_SECONDS,
        stale_while_revalidate=settings.PAGE_CACHE_SHARED_SECONDS,
    )


def _public_headers(response, current: int) -> None:
    public_cache_control(response)
    response["Last-Modified"] = formatdate(current / 1e9, usegmt=True)


class PublicPageCacheMiddleware:
    """Serve anonymous GETs of public pages from the page cache (see the module)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not settings.PAGE_CACHE_SECONDS or not is_anonymous_public_read(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                patch_cache_control(response, private=True)
            return response
        current = generation()
        key = _page_key(request, current)
        if (stored := cache.get(key)) is not None:
            content, headers = stored
            response = HttpResponse(content, headers=headers)
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if request.method == "GET" and _storable(response):
            if personal_state(request):
                patch_cache_control(response, private=True)
                response["Last-Modified"] = formatdate(current / 1e9, usegmt=True)
            else:
                _public_headers(response, current)
            patch_vary_headers(response, ["Cookie"])
            headers = {
                name: value
                for name, value in response.items()
                if name.lower() not in UNSTORED_HEADERS
            }
            cache.set(key, (response.content, headers), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
        return response


class AnonymousGZipMiddleware(GZipMiddleware):
    """Compress responses to visitors without a session: their pages carry no secret, so
    compression cannot leak one (BREACH); an editor's pages, with CSRF tokens, go as they are."""

    def process_response(self, request, response):
        if settings.SESSION_COOKIE_NAME in request.COOKIES or response.cookies:
            return response
        return super().process_response(request, response)
