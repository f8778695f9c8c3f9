"""Meetings as iCalendar (RFC 5545): committee feeds, private feeds, single-meeting files.

Calendar clients poll a feed every hour and compare what they get, so the output is
a function of the records alone: UIDs derive from the meeting's key, DTSTAMP and
LAST-MODIFIED come from Meeting.updated_at and SEQUENCE from Meeting.sequence;
nothing reads the clock and nothing is random. An unchanged feed is the same bytes,
and its ETag (the bytes' hash) lets clients get 304s.

Feeds and downloads carry no METHOD line, as RFC 7986-era subscription feeds do: they
are not scheduling messages, and RFC 5546 allows METHOD:PUBLISH only with an ORGANIZER
on every event. The invitations sent by mail are iTIP messages (meeting_invitation).

The time zone is written by hand as yearly rules: icalendar's add_missing_timezones()
writes a list of transition dates (RDATE) instead, which Thunderbird and other
parsers misread by an hour.

The feeds carry no item titles: a feed ends up in third-party calendar services and
cannot be recalled, and leaving items out means a closed item's title cannot leak.
"""

import dataclasses
import datetime
from collections.abc import Callable, Iterable

import icalendar
from django.utils import translation
from django.utils.translation import gettext as _

from ..models import COPENHAGEN, Meeting

PRODID = "-//Aalborg Kommune//KLU Møder//DA"
TZID = "Europe/Copenhagen"
REFRESH = datetime.timedelta(hours=1)
# Used when a meeting has a start but no end and its committee has no usable default end.
DEFAULT_DURATION = datetime.timedelta(hours=2)


@dataclasses.dataclass
class Feed:
    """What a calendar says about itself; `name` None for a single-meeting download."""

    name: str | None = None
    description: str = ""


def committee_feed(committee) -> Feed:
    """A committee's public feed, named in Danish whoever asks (the bytes must not vary)."""
    with translation.override("da"):
        return Feed(name=_("%(committee)s – møder") % {"committee": committee.name},
                    description=_("Møder i %(committee)s, fra KLU Møder.") % {"committee": committee.name})


def private_feed() -> Feed:
    with translation.override("da"):
        return Feed(name=_("KLU Møder – mine møder"),
                    description=_("Dine møder i KLU Møder, med dine afbud. Adressen er personlig."))


def meetings_to_ical(meetings: Iterable[Meeting], *, url_for: Callable[[Meeting], str], feed: Feed | None = None,
                     apologies: frozenset = frozenset()) -> bytes:
    """An iCalendar document of `meetings`, each with its committee loaded. Runs no queries.

    `url_for(meeting)` gives the absolute address of the meeting's page; `apologies`
    holds the keys of meetings the feed's owner has sent apologies for (private feeds).
    """
    feed = feed or Feed()
    with translation.override("da"):
        calendar = icalendar.Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        # No METHOD: a feed is a calendar to read, not an iTIP message (RFC 5546).
        # METHOD:PUBLISH would need an ORGANIZER on every event, which makes clients
        # show a subscribed meeting as an invitation from the secretariat.
        if feed.name:
            calendar.add("name", feed.name)
            calendar.add("x-wr-calname", feed.name)
            if feed.description:
                calendar.add("description", feed.description)
                calendar.add("x-wr-caldesc", feed.description)
            calendar.add("x-wr-timezone", TZID)
            calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
            # An X- property takes its value as given; without vDuration it would print "1:00:00".
            calendar.add("x-published-ttl", icalendar.vDuration(REFRESH))
        calendar.add_component(copenhagen_vtimezone())
        for meeting in meetings:
            calendar.add_component(meeting_event(meeting, url=url_for(meeting),
                                                 sent_apologies=meeting.pk in apologies))
        return calendar.to_ical()


def meeting_event(meeting: Meeting, *, url: str, sent_apologies: bool = False) -> icalendar.Event:
    """One meeting as a VEVENT. Call inside translation.override("da"); runs no queries."""
    event = icalendar.Event()
    event.add("uid", meeting.ical_uid)
    event.add("sequence", meeting.sequence)
    stamp = meeting.updated_at.astimezone(datetime.timezone.utc)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)

    start, end = event_times(meeting)
    event.add("dtstart", start)
    event.add("dtend", end)

    cancelled = meeting.status == Meeting.Status.CANCELLED
    # A calendar mixes committees, so the summary always names the committee.
    committee = meeting.committee
    summary = f"{committee.short_name or committee.name}: {meeting.title}" if meeting.title else committee.name
    if cancelled:
        summary = _("AFLYST: ") + summary
    if sent_apologies:
        summary = f"{summary} ({_('afbud')})"
    event.add("summary", summary)
    if meeting.location:
        event.add("location", meeting.location)

    lines = []
    if cancelled:
        lines.append(_("Mødet er aflyst.") + (f" {meeting.cancelled_reason}" if meeting.cancelled_reason else ""))
    if sent_apologies:
        lines.append(_("Du har meldt afbud til dette møde."))
    lines.append(_("Dagsorden og referat: %(url)s") % {"url": url})
    if meeting.start is None:
        lines.append(_("Mødets klokkeslæt er ikke kendt."))
    event.add("description", "\n".join(lines))
    event.add("url", url)
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")
    event.add("class", "PUBLIC")
    return event


def event_times(meeting: Meeting):
    """(start, end) for DTSTART/DTEND: Copenhagen datetimes, or dates for an all-day event.

    A meeting whose time is unknown is an all-day event on its date. One with a start
    but no end ends at its committee's usual end time when that is later than the
    start, else two hours after the start.
    """
    if meeting.start is None:
        return meeting.date, meeting.date + datetime.timedelta(days=1)
    start = meeting.start
    if meeting.end is not None:
        return start, meeting.end
    usual_end = meeting.committee.default_end_time
    if usual_end is not None and usual_end > meeting.start_time:
        return start, datetime.datetime.combine(meeting.date, usual_end, tzinfo=COPENHAGEN)
    # Python adds to an aware datetime on the wall clock, which is what a meeting means.
    return start, start + DEFAULT_DURATION


def copenhagen_vtimezone() -> icalendar.Timezone:
    """Europe/Copenhagen as yearly rules: CEST from the last Sunday of March, CET from the last of October.

    The EU rules have held since 1996; every meeting the app knows is later than that.
    """
    zone = icalendar.Timezone()
    zone.add("tzid", TZID)
    zone.add("x-lic-location", TZID)
    for component, name, offset_from, offset_to, start, month in (
        (icalendar.TimezoneDaylight, "CEST", 1, 2, datetime.datetime(1996, 3, 31, 2, 0), 3),
        (icalendar.TimezoneStandard, "CET", 2, 1, datetime.datetime(1996, 10, 27, 3, 0), 10),
    ):
        rule = component()
        rule.add("tzname", name)
        rule.add("tzoffsetfrom", datetime.timedelta(hours=offset_from))
        rule.add("tzoffsetto", datetime.timedelta(hours=offset_to))
        rule.add("dtstart", start)
        rule.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(rule)
    return zone


# iTIP methods (RFC 5546) an invitation mail may carry.
REQUEST = "REQUEST"
CANCEL = "CANCEL"
DEFAULT_ORGANIZER_NAME = "KLU Møder"


def organizer_address() -> tuple[str, str]:
    """(name, address) of the secretariat that sends invitations: settings.DEFAULT_FROM_EMAIL.

    "KLU Møder <klu@aalborg.dk>" gives ("KLU Møder", "klu@aalborg.dk"); a bare address
    gives an empty name.
    """
    from email.utils import parseaddr

    from django.conf import settings

    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return name, address


def meeting_invitation(meeting: Meeting, *, attendee_email: str, attendee_name: str = "", method: str = REQUEST,
                       url: str | None = None, stamp: datetime.datetime | None = None) -> bytes:
    """An iTIP message (RFC 5546) inviting one attendee to `meeting`, or cancelling it.

    METHOD:REQUEST for a new or moved meeting, METHOD:CANCEL for a cancelled one. The
    event keeps the meeting's lifelong UID and its current SEQUENCE (raised by
    Meeting.save when the time, place or status changes), so a calendar replaces the
    earlier invitation instead of adding a second event. ORGANIZER is the secretariat
    (settings.DEFAULT_FROM_EMAIL), ATTENDEE the recipient. DTSTAMP is when this message
    is made (`stamp`, default now), as iTIP means it. Runs no queries beyond the
    meeting's committee, which should be loaded.
    """
    from django.utils import timezone

    from ..absolute_urls import absolute_url

    if method not in (REQUEST, CANCEL):
        raise ValueError(f"Unsupported iTIP method {method!r}.")
    url = url or absolute_url(meeting.get_absolute_url())
    stamp = (stamp or timezone.now()).astimezone(datetime.timezone.utc).replace(microsecond=0)
    with translation.override("da"):
        calendar = icalendar.Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", method)
        calendar.add_component(copenhagen_vtimezone())

        event = meeting_event(meeting, url=url)
        # meeting_event is shared with the feeds; set what an iTIP message needs, whatever the feed writes.
        for name in ("dtstamp", "organizer", "attendee", "status", "transp"):
            event.pop(name, None)
        event.add("dtstamp", stamp)
        cancelled = method == CANCEL or meeting.status == Meeting.Status.CANCELLED
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        event.add("transp", "TRANSPARENT" if cancelled else "OPAQUE")

        sender_name, sender_address = organizer_address()
        organizer = icalendar.vCalAddress(f"mailto:{sender_address}")
        organizer.params["cn"] = icalendar.vText(
            meeting.committee.secretariat or sender_name or DEFAULT_ORGANIZER_NAME)
        event.add("organizer", organizer)

        attendee = icalendar.vCalAddress(f"mailto:{attendee_email}")
        if attendee_name:
            attendee.params["cn"] = icalendar.vText(attendee_name)
        attendee.params["cutype"] = icalendar.vText("INDIVIDUAL")
        attendee.params["role"] = icalendar.vText("REQ-PARTICIPANT")
        attendee.params["partstat"] = icalendar.vText("NEEDS-ACTION")
        attendee.params["rsvp"] = icalendar.vText("FALSE")
        event.add("attendee", attendee)

        calendar.add_component(event)
        return calendar.to_ical()
