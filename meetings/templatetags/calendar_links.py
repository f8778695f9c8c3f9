"""Template wrappers for meetings/exports/calendar_links.py (add to Google Calendar / Outlook)."""

from django import template

from ..exports import calendar_links
from ..exports.ical import committee_feed

register = template.Library()


@register.filter
def google_event_url(meeting):
    """{{ meeting|google_event_url }}: Google Calendar's new-event page for the meeting."""
    return calendar_links.google_event_url(meeting)


@register.filter
def outlook_event_url(meeting):
    """{{ meeting|outlook_event_url }}: Outlook on the web's new-event page for the meeting."""
    return calendar_links.outlook_event_url(meeting)


@register.filter
def google_subscribe_url(feed_path):
    """{{ feed_path|google_subscribe_url }}: subscribe to the feed in Google Calendar."""
    return calendar_links.google_subscribe_url(feed_path)


@register.simple_tag
def outlook_subscribe_url(feed_path, committee=None, name=""):
    """{% outlook_subscribe_url feed_path committee %}: subscribe to the feed in Outlook,
    named as the committee's feed names itself (or `name`)."""
    if committee is not None:
        name = committee_feed(committee).name
    return calendar_links.outlook_subscribe_url(feed_path, name)
