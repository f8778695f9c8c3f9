"""Whole-response caching for the reading pages, feeds and downloads.

Readers are many and the records change rarely (signed-off minutes never do), so a
page is rendered once per state of the data and then served from the cache with a
validator (ETag) that lets browsers revalidate with a 304.

How staleness is ruled out:
- SiteVersion holds a random value that signals (see MeetingsConfig.ready) replace
  whenever a record of the meetings or agreements apps is saved or deleted; code that
  writes with queryset.update() calls bump() itself. The value is part of every key,
  so a change makes every cached page unreachable at once.
- Every request reads the value from the database (one primary-key query), in every
  process. Making something less visible (closing an item, revoking a role) must hold
  for every worker once the save returns; a process that trusted its own copy for
  even a second served closed items from the cache after they were closed.
- Keys also hold the reader's rights (access.Viewer.key: which committees they are a
  member and secretary of, or administrator), the language,
  the day (the home page shows "next meetings") and the full path with query string.
  Pages for logged-in readers are cached per user and CSRF cookie, because they carry
  the user's name and a CSRF token; anonymous pages carry neither and are shared.
- A response is stored only if it is a complete 200 that sets no cookie, and never
  while messages are waiting to be shown.
"""

import functools
import hashlib
import secrets
import threading

from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe, quote_etag

from . import access


# The value read for the request being answered (rights and the cache key both need
# it); forgotten when a request starts and ends, so every request reads afresh and no
# process ever trusts a value across requests. Outside a request nothing is kept.
_request = threading.local()


def _request_started(**_kwargs):
    _request.active, _request.version = True, None


def _request_finished(**_kwargs):
    _request.active, _request.version = False, None


request_started.connect(_request_started, dispatch_uid="klu-content-version-start")
request_finished.connect(_request_finished, dispatch_uid="klu-content-version-end")


def content_version():
    """The current SiteVersion value: one primary-key query per request (or per call
    outside a request).

    Nothing remembers it between requests: another process may have changed it a moment
    ago, and the page it would then serve may show what is now closed.
    """
    if getattr(_request, "active", False) and _request.version is not None:
        return _request.version
    from .models import SiteVersion

    value = SiteVersion.objects.filter(pk=1).values_list("value", flat=True).first()
    if value is None:
        # The migration creates the row; a flushed database (tests) lacks it.
        value = SiteVersion.objects.get_or_create(pk=1, defaults={"value": secrets.token_hex(8)})[0].value
    if getattr(_request, "active", False):
        _request.version = value
    return value


def bump(**_signal_kwargs):
    """Mark that something readers see has changed. Runs one UPDATE."""
    from .models import SiteVersion

    value = secrets.token_hex(8)
    if not SiteVersion.objects.filter(pk=1).update(value=value):
        SiteVersion.objects.get_or_create(pk=1, defaults={"value": value})
    _request.version = None  # read afresh: the change may yet roll back


def reset():
    """Forget everything cached (tests call this between tests)."""
    _request_finished()
    cache.clear()


def _key(request, viewer):
    parts = [content_version(), viewer.key, translation.get_language() or "",
             timezone.localdate().isoformat(), request.method, request.get_full_path()]
    if request.user.is_authenticated:
        parts += [str(request.user.pk), request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")]
    return "page:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def _cacheable(request, response):
    # Django flags the CSRF cookie for renewal whenever a page uses a token; when the
    # reader already has that cookie (it is part of the key), renewal is only about
    # its expiry, and the cached page's token stays valid for them.
    new_csrf_cookie = request.META.get("CSRF_COOKIE_NEEDS_UPDATE") and settings.CSRF_COOKIE_NAME not in request.COOKIES
    return response.status_code == 200 and not response.streaming and not response.cookies and not new_csrf_cookie


def cached_page(view):
    """Serve GET/HEAD responses of `view` from the cache; see the module docstring."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or "messages" in request.COOKIES:
            return view(request, *args, **kwargs)
        viewer = access.viewer_for(request.user)
        key = _key(request, viewer)
        stored = cache.get(key)
        if stored is None:
            response = view(request, *args, **kwargs)
            if not _cacheable(request, response):
                if response.status_code == 200:
                    _finish(response, viewer)
                return response
            if not response.has_header("ETag"):
                response["ETag"] = 'W/' + quote_etag(key[5:37])
            _finish(response, viewer)
            stored = (response.content, response.status_code, dict(response.items()))
            cache.set(key, stored, settings.PAGE_CACHE_SECONDS)
            return response
        content, status, headers = stored
        response = HttpResponse(content, status=status)
        for name, value in headers.items():
            response[name] = value
        # 304 for If-None-Match or If-Modified-Since, with the stored validators.
        return get_conditional_response(request, etag=headers.get("ETag"),
                                        last_modified=parse_http_date_safe(headers.get("Last-Modified", "")),
                                        response=response)

    return wrapper


def _finish(response, viewer):
    if not response.has_header("Cache-Control"):
        # Browsers keep the page but ask each time; an unchanged page costs a 304.
        response["Cache-Control"] = "private, no-cache" if not viewer.is_public else "public, no-cache"
    patch_vary_headers(response, ["Cookie", "Accept-Language"])
