"""The mails the app sends about a meeting, one recipient at a time, as pure builders.

Each builder takes a meeting and the Person it is for and returns a MailMessage: a
Danish subject, a plain-text body, an HTML body and attachments (an iTIP invitation
where the message changes the recipient's calendar). Nothing here sends or queues:
mail/outbox.py does that, and meetings/services.py decides when.

What a recipient reads depends on who they are, as meetings/access.py says: a closed
item's title reaches only members and the secretariat of the meeting's committee;
everyone else reads its number and "Lukket punkt". A mail cannot be recalled, so the
rule is applied per recipient and never from a list built for someone else.

Links are absolute from SITE_URL (meetings/absolute_urls.py). Templates live in
templates/mail_messages/: `<kind>.txt` (autoescape off; plain text) and `<kind>.html`
(autoescaped; titles are never marked safe).
"""

import base64
import dataclasses
import re
from collections.abc import Iterable

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from . import access
from .absolute_urls import absolute_url
from .exports import ical
from .formatting import danish_date, meeting_when

INVITATION_FILENAME = "invitation.ics"
BLANK_LINES = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")


@dataclasses.dataclass
class MailMessage:
    """One mail to one recipient: what mail/outbox.py's queue_mail takes besides the address."""

    subject: str
    text: str
    html: str
    # Each {"filename", "mimetype", "content_base64"}.
    attachments: list[dict] = dataclasses.field(default_factory=list)


@dataclasses.dataclass(frozen=True)
class ItemChange:
    """A change to one agenda item, told to each recipient as far as they may read it.

    `kind` is ADDED, CHANGED or REMOVED; label, title and is_closed describe the item
    (as it is now, or as it was for a removed one).
    """

    ADDED = "added"
    CHANGED = "changed"
    REMOVED = "removed"

    kind: str
    label: str
    title: str
    is_closed: bool = False

    @classmethod
    def of(cls, item, kind):
        return cls(kind=kind, label=item.label, title=item.title, is_closed=item.is_closed)

    def describe(self, audience) -> str:
        """'Punkt 3 tilføjet: Title', with 'Lukket punkt' for a reader who may not see closed items."""
        if self.is_closed and not access.closed_visible(audience):
            title = _("Lukket punkt")
        else:
            title = self.title
        template = {
            self.ADDED: _("Punkt %(label)s tilføjet: %(title)s"),
            self.CHANGED: _("Punkt %(label)s ændret: %(title)s"),
            self.REMOVED: _("Punkt %(label)s fjernet: %(title)s"),
        }[self.kind]
        return template % {"label": self.label, "title": title}


def agenda_published(meeting, person) -> MailMessage:
    """The published agenda: when and where, the numbered items, a link and an invitation.

    Call once the meeting is published (the items' visibility follows its status).
    Runs a few queries: the recipient's memberships and the meeting's items.
    """
    with translation.override("da"):
        audience = audience_of(person, meeting)
        context = _context(meeting, person, items=agenda_lines(meeting, audience))
        subject = _("Dagsorden: %(committee)s, %(date)s") % _subject_parts(meeting)
        return _message("agenda_published", subject, context,
                        attachments=_invitation(meeting, person, ical.REQUEST))


def agenda_changed(meeting, person, changes: Iterable) -> MailMessage:
    """The agenda changed after publication: what changed, and the current agenda.

    `changes` holds ItemChange values (told to each recipient as far as they may read
    them) and plain strings (told as they are: never put a closed item's title in one).
    """
    with translation.override("da"):
        audience = audience_of(person, meeting)
        lines = [change.describe(audience) if isinstance(change, ItemChange) else str(change)
                 for change in changes]
        context = _context(meeting, person, changes=lines, items=agenda_lines(meeting, audience))
        subject = _("Ændret dagsorden: %(committee)s, %(date)s") % _subject_parts(meeting)
        return _message("agenda_changed", subject, context)


def meeting_moved(meeting, person, *, previously: str = "") -> MailMessage:
    """The meeting has a new time or place: the new one, and an updated invitation.

    The invitation carries the meeting's current SEQUENCE, which Meeting.save raised
    when the date, time or place changed, so calendars replace the earlier event.
    `previously` may say where and when it was ("torsdag den 4. april 2024, kl. 15.00–17.00").
    """
    with translation.override("da"):
        context = _context(meeting, person, previously=previously)
        subject = _("Mødet er flyttet: %(committee)s, %(date)s") % _subject_parts(meeting)
        return _message("meeting_moved", subject, context,
                        attachments=_invitation(meeting, person, ical.REQUEST))


def meeting_cancelled(meeting, person) -> MailMessage:
    """The meeting is cancelled: the reason, and METHOD:CANCEL for the same UID."""
    with translation.override("da"):
        context = _context(meeting, person, reason=meeting.cancelled_reason)
        subject = _("Aflyst: %(committee)s, %(date)s") % _subject_parts(meeting)
        return _message("meeting_cancelled", subject, context,
                        attachments=_invitation(meeting, person, ical.CANCEL))


def minutes_circulated(meeting, person) -> MailMessage:
    """The draft minutes are circulated: a link where the member reads and approves them."""
    with translation.override("da"):
        context = _context(meeting, person,
                           approve_link=absolute_url(reverse("workspace:approve", args=[meeting.pk])))
        subject = _("Udkast til referat til godkendelse: %(committee)s, %(date)s") % _subject_parts(meeting)
        return _message("minutes_circulated", subject, context)


def minutes_signed_off(meeting, person, sha256: str) -> MailMessage:
    """The minutes are signed off: links to the minutes and their PDF, and the stored public PDF's SHA-256.

    `sha256` must be the stored file's (meetings/tasks.py queues this after storing it);
    empty when no PDF is stored yet, and then the mail states no hash."""
    with translation.override("da"):
        context = _context(meeting, person, sha256=sha256,
                           pdf_link=absolute_url(reverse("exports:minutes-pdf", args=[meeting.pk])))
        subject = _("Referat godkendt: %(committee)s, %(date)s") % _subject_parts(meeting)
        return _message("minutes_signed_off", subject, context)


def audience_of(person, meeting):
    """What `person` is for `meeting` today (public, member or secretariat). Runs one or two queries."""
    return access.viewer_for_person(person).audience_for_committee(meeting.committee_id)


def agenda_lines(meeting, audience) -> list[dict]:
    """The meeting's items as {label, title, closed} for `audience`: a closed item's title only
    where access.item_visible allows it (marked `closed`), else "Lukket punkt". Runs one query."""
    lines = []
    for item in meeting.items.all():
        if access.item_visible(audience, item, meeting):
            lines.append({"label": item.label, "title": item.title, "closed": item.is_closed})
        else:
            lines.append({"label": item.label, "title": _("Lukket punkt"), "closed": False})
    return lines


def _subject_parts(meeting):
    # A subject is one header line: no line breaks from a stored name.
    return {"committee": " ".join(meeting.committee.name.split()),
            "date": danish_date(meeting.date)}


def _context(meeting, person, **extra):
    committee = meeting.committee
    return {
        "meeting": meeting,
        "committee": committee,
        "person": person,
        "title": meeting.title,
        "when": meeting_when(meeting.date, meeting.start_time, meeting.end_time),
        "time_unknown": meeting.start_time is None,
        "place": meeting.location,
        "link": absolute_url(meeting.get_absolute_url()),
        "sender": committee.secretariat or _("KLU Møder"),
        **extra,
    }


def _message(kind, subject, context, attachments=()):
    text = render_to_string(f"mail_messages/{kind}.txt", context)
    # Template tags leave blank lines behind; a mail reads best with at most one in a row.
    text = BLANK_LINES.sub("\n\n", text).strip() + "\n"
    return MailMessage(subject=subject, text=text, html=render_to_string(f"mail_messages/{kind}.html", context),
                       attachments=list(attachments))


def _invitation(meeting, person, method):
    """The iTIP attachment for `person`, or none when they have no address to invite."""
    if not person.email:
        return []
    data = ical.meeting_invitation(meeting, attendee_email=person.email, attendee_name=person.name,
                                   method=method, url=absolute_url(meeting.get_absolute_url()))
    return [{
        "filename": INVITATION_FILENAME,
        "mimetype": f"text/calendar; method={method}; charset=utf-8",
        "content_base64": base64.b64encode(data).decode("ascii"),
    }]
