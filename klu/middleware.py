"""Security headers that Django 5.2 does not set by itself, and the checks every request
passes before anything reads its body."""

import ipaddress

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _


class SecurityHeadersMiddleware:
    """Content-Security-Policy without inline script, and a restrictive Permissions-Policy.

    Every script the site runs is a static file (static/js/), so 'self' is enough;
    an injected <script> or on*= attribute would not run even if it got past the
    sanitiser.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = "; ".join(f"{name} {value}" for name, value in settings.CONTENT_SECURITY_POLICY.items())

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", self.policy)
        response.headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()")
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response


class AnonymousBodyLimitMiddleware:
    """Refuse a body over ANONYMOUS_MAX_BODY_BYTES from someone not logged in, without reading it.

    Only the secretariat uploads files, and every form a visitor who is not logged in
    can send (log-in, language) is tiny. Django parses a multipart body, spooling its
    files to disk, the first time anything reads request.POST, and the NUL and CSRF
    checks do that before any view could refuse it. A small multipart body is allowed
    (it stays in memory; Django's test client sends forms that way). Must come before
    both checks, after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The cheap test first: request.user costs a session and a user query.
        if self._content_length(request) > settings.ANONYMOUS_MAX_BODY_BYTES and not request.user.is_authenticated:
            return HttpResponse(_("Forespørgslen er for stor. Filer kan kun sendes af brugere, der er logget ind."),
                                status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _content_length(request):
        try:
            return int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return 0  # Django reads no body then either


def client_ip_address(request):
    """The client's address as the nearest trusted proxy saw it; None if there is no valid one.

    django-axes counts failed log-ins per address with this (AXES_CLIENT_IP_CALLABLE).
    X-Forwarded-For is believed only as far as settings.TRUSTED_PROXY_COUNT proxies
    vouch for it: each proxy appends the address that connected to it, so entries to
    the left of theirs were written by the client. Believing those would let anyone
    name a fresh address for every guess, or someone else's to lock them out.
    """
    trusted = settings.TRUSTED_PROXY_COUNT
    if trusted > 0:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= trusted:
            address = _ip_address(forwarded[-trusted])
            if address:
                return address
    return _ip_address(request.META.get("REMOTE_ADDR", ""))


def _ip_address(text):
    """`text` as a canonical IP address (an IPv4-mapped IPv6 address as IPv4), or None."""
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    return str(getattr(address, "ipv4_mapped", None) or address)


class RejectNulBytesMiddleware:
    """Answer 400 to a request with a NUL character in its path, query or form fields.

    No text we store or look up can contain one, and PostgreSQL refuses it outright,
    so it would otherwise surface as a server error from whichever query met it first.
    Uploaded files are not inspected (they may contain anything).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            has_nul = "\x00" in request.path or self._has_nul(request.GET) or (
                request.method == "POST" and self._has_nul(request.POST))
        except MultiPartParserError:
            # A broken multipart body (no boundary, cut short) is the sender's fault.
            return HttpResponseBadRequest(_("Forespørgslens indhold kunne ikke læses."),
                                          content_type="text/plain; charset=utf-8")
        if has_nul:
            return HttpResponseBadRequest(_("Forespørgslen indeholder et ugyldigt tegn (NUL)."),
                                          content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _has_nul(data):
        return any("\x00" in key or any("\x00" in value for value in values) for key, values in data.lists())


class DanishFirstLocaleMiddleware:
    """Danish unless the reader chose English with the language switch (a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and many
    readers in Denmark run English-language browsers; a Danish public body's site
    speaks Danish first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation
        from django.utils.cache import patch_vary_headers

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # The language is a per-thread setting: once this request is answered the thread
        # speaks Danish again, so an error page rendered outside this middleware (a bad
        # Host refused by SecurityMiddleware, say) never inherits the last reader's English.
        with translation.override(language, deactivate=False):
            response = self.get_response(request)
        translation.activate(settings.LANGUAGE_CODE)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response
