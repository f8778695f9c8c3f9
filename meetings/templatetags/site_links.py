"""Absolute links in templates, from settings.SITE_URL (see meetings/absolute_urls.py).

Cached pages are shared by every reader, so a template must never build a link from
the request's Host header ({{ request.get_host }}): one caller's Host would reach all.
"""

from django import template

from .. import absolute_urls

register = template.Library()


@register.filter
def absolute_url(path):
    """{{ feed_path|absolute_url }} → 'https://klu.example.dk/calendar/klu.ics'."""
    return absolute_urls.absolute_url(path)


@register.filter
def webcal_url(path):
    """{{ feed_path|webcal_url }} → 'webcal://klu.example.dk/calendar/klu.ics'."""
    return absolute_urls.webcal_url(path)
