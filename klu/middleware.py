"""Security headers that Django 5.2 does not set by itself."""

from django.conf import settings


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


class RejectNulBytesMiddleware:
    """Answer 400 to a request with a NUL character in its path, query or form fields.

    No text we store or look up can contain one, and PostgreSQL refuses it outright,
    so it would otherwise surface as a server error from whichever query met it first.
    Uploaded files are not inspected (they may contain anything).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path or self._has_nul(request.GET) or (
                request.method == "POST" and self._has_nul(request.POST)):
            from django.http import HttpResponseBadRequest
            from django.utils.translation import gettext as _

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
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ["Cookie"])
        return response
