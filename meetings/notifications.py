"""Mail to the members: the published agenda, with the meeting as a calendar file."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext as _

from .formatting import meeting_when


def member_addresses(meeting):
    """E-mail addresses of the committee's current members. One query."""
    memberships = meeting.committee.memberships.select_related("person")
    return sorted({m.person.email for m in memberships if m.person.email and m.is_current(meeting.date)})


def notify_agenda_published(meeting, site_url):
    """Send the agenda link and the meeting's iCal file to every current member."""
    recipients = member_addresses(meeting)
    if not recipients:
        return 0
    link = site_url.rstrip("/") + meeting.get_absolute_url()
    when = meeting_when(meeting.date, meeting.start_time, meeting.end_time)
    message = EmailMessage(
        subject=_("Dagsorden: %(committee)s %(when)s") % {"committee": meeting.committee.name, "when": when},
        body=_("Dagsordenen til mødet i %(committee)s %(when)s, %(place)s, er offentliggjort:\n\n%(link)s\n\n"
               "Mødet er vedhæftet som kalenderfil.") % {
            "committee": meeting.committee.name, "when": when, "place": meeting.location, "link": link},
        from_email=settings.DEFAULT_FROM_EMAIL,
        bcc=recipients,
    )
    from .exports.ical import meetings_to_ical

    calendar = meetings_to_ical([meeting], url_for=lambda m: site_url.rstrip("/") + m.get_absolute_url())
    message.attach("moede.ics", calendar, "text/calendar; method=PUBLISH")
    return message.send()
