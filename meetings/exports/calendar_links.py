""""Add to Google Calendar" and "Add to Outlook" addresses for a meeting or a committee feed.

Both services take the event (or the feed's address) in the query string; every value
is URL-encoded here. The addresses inside come from SITE_URL (meetings/absolute_urls.py)
because the pages that show these links are cached for every reader. A single meeting's
text is the same as its calendar event's (meetings/exports/ical.py) and Danish whoever
asks. Runs no queries: the meeting's committee should be loaded.
"""

import datetime
from urllib.parse import quote, urlencode

from django.utils import translation
from django.utils.translation import gettext as _

from ..absolute_urls import absolute_url, webcal_url
from ..models import Meeting
from .ical import event_times

GOOGLE_EVENT = "https://calendar.google.com/calendar/render"
GOOGLE_SUBSCRIBE = "https://calendar.google.com/calendar/r"
OUTLOOK_EVENT = "https://outlook.office.com/calendar/0/deeplink/compose"
OUTLOOK_SUBSCRIBE = "https://outlook.office.com/calendar/0/addfromweb"


def _encode(query: dict) -> str:
    # %20 rather than "+" for spaces: Outlook shows a "+" literally in some fields.
    return urlencode(query, quote_via=quote)


def _utc(moment: datetime.datetime) -> datetime.datetime:
    return moment.astimezone(datetime.timezone.utc)


def _summary(meeting: Meeting) -> str:
    committee = meeting.committee
    return f"{committee.short_name or committee.name}: {meeting.title}" if meeting.title else committee.name


def _details(meeting: Meeting, url: str) -> str:
    lines = [_("Dagsorden og referat: %(url)s") % {"url": url}]
    if meeting.start is None:
        lines.append(_("Mødets klokkeslæt er ikke kendt."))
    return "\n".join(lines)


def google_event_url(meeting: Meeting) -> str:
    """Google Calendar's "create event" page, filled in with `meeting` (times in UTC)."""
    url = absolute_url(meeting.get_absolute_url())
    start, end = event_times(meeting)
    if isinstance(start, datetime.datetime):
        dates = f"{_utc(start):%Y%m%dT%H%M%SZ}/{_utc(end):%Y%m%dT%H%M%SZ}"
    else:
        # An all-day event: Google takes dates, the end exclusive as in iCalendar.
        dates = f"{start:%Y%m%d}/{end:%Y%m%d}"
    with translation.override("da"):
        query = {"action": "TEMPLATE", "text": _summary(meeting), "dates": dates, "details": _details(meeting, url)}
    if meeting.location:
        query["location"] = meeting.location
    return f"{GOOGLE_EVENT}?{_encode(query)}"


def outlook_event_url(meeting: Meeting) -> str:
    """Outlook on the web's "new event" page (Microsoft 365), filled in with `meeting`."""
    url = absolute_url(meeting.get_absolute_url())
    start, end = event_times(meeting)
    query = {"path": "/calendar/action/compose", "rru": "addevent"}
    with translation.override("da"):
        query["subject"] = _summary(meeting)
        if isinstance(start, datetime.datetime):
            query["startdt"] = f"{_utc(start):%Y-%m-%dT%H:%M:%SZ}"
            query["enddt"] = f"{_utc(end):%Y-%m-%dT%H:%M:%SZ}"
        else:
            query.update(startdt=start.isoformat(), enddt=end.isoformat(), allday="true")
        if meeting.location:
            query["location"] = meeting.location
        query["body"] = _details(meeting, url)
    return f"{OUTLOOK_EVENT}?{_encode(query)}"


def google_subscribe_url(feed_path: str) -> str:
    """Google Calendar's "add calendar by address" for the feed at `feed_path` (webcal://)."""
    return f"{GOOGLE_SUBSCRIBE}?{_encode({'cid': webcal_url(feed_path)})}"


def outlook_subscribe_url(feed_path: str, name: str) -> str:
    """Outlook on the web's "subscribe from web" for the feed at `feed_path`, named `name`."""
    return f"{OUTLOOK_SUBSCRIBE}?{_encode({'url': absolute_url(feed_path), 'name': name})}"
