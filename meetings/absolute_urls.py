"""Absolute addresses of the site's pages, for links that leave the browser's page.

API `url` fields, calendar events, PDFs and e-mails carry absolute links, and most of
them are cached or stored: a link built from the request's Host header would hand
whatever host one caller sent to every later reader (and into signed-off PDFs for
good). So every absolute link starts from settings.SITE_URL and nothing else.
"""

from django.conf import settings


def site_url() -> str:
    """'https://klu.example.dk': the site's origin, without a trailing slash."""
    return settings.SITE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """`path` (site-relative, as reverse() and get_absolute_url() give it) on the site's origin."""
    if not path.startswith("/"):
        raise ValueError(f"Expected a site-relative path, got {path!r}.")
    return site_url() + path


def webcal_url(path: str) -> str:
    """The webcal:// address of a calendar feed at `path`, which calendar apps subscribe to."""
    return "webcal://" + absolute_url(path).split("://", 1)[1]
