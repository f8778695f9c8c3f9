"""Who is told what about a meeting: one recorded mail per person, through the outbox.

The services call these inside their transaction: each mail is recorded in the
outbox (mail.outbox.queue_mail) with the change, and sent after the commit by the
worker, so a change that rolls back tells nobody and a mail server that is down loses
nothing. Each function returns a Notified: who was queued and who could not be told
because the register has no address for them, so the screens can say exactly that.
"""

import dataclasses

from . import mail_messages
from .models import Meeting


@dataclasses.dataclass
class Notified:
    queued: list = dataclasses.field(default_factory=list)  # Person
    without_address: list = dataclasses.field(default_factory=list)  # Person


def recipients(meeting: Meeting):
    """The people holding a seat in the meeting's committee on its date (secretariat included),
    in the committee's order. One query."""
    seen, people = set(), []
    for membership in meeting.committee.memberships.select_related("person").order_by("position", "person__name"):
        if membership.is_current(meeting.date) and membership.person_id not in seen:
            seen.add(membership.person_id)
            people.append(membership.person)
    return people


def by_address(people) -> Notified:
    """Split people into those a mail can reach and those the register has no address for. Pure."""
    notified = Notified()
    for person in people:
        (notified.queued if person.email else notified.without_address).append(person)
    return notified


def who_would_be_told(meeting: Meeting) -> Notified:
    """Who a mail about `meeting` would reach now and who has no address, queueing nothing.

    What a confirmation page says before a change that tells the members; the change
    itself tells exactly these people (_tell). One query."""
    return by_address(recipients(meeting))


def _tell(meeting, kind, build, user) -> Notified:
    from mail.outbox import queue_mail

    told = who_would_be_told(meeting)
    notified = Notified(without_address=told.without_address)
    for person in told.queued:
        message = build(person)
        queue_mail(kind=kind, to_address=person.email, subject=message.subject, text=message.text,
                   html=message.html, attachments=message.attachments, meeting=meeting, person=person, user=user)
        notified.queued.append(person)
    return notified


def agenda_published(meeting, user) -> Notified:
    return _tell(meeting, "agenda_published", lambda person: mail_messages.agenda_published(meeting, person), user)


def agenda_changed(meeting, user, changes) -> Notified:
    return _tell(meeting, "agenda_changed",
                 lambda person: mail_messages.agenda_changed(meeting, person, changes), user)


def meeting_moved(meeting, user, previously="") -> Notified:
    return _tell(meeting, "meeting_moved",
                 lambda person: mail_messages.meeting_moved(meeting, person, previously=previously), user)


def meeting_cancelled(meeting, user) -> Notified:
    return _tell(meeting, "meeting_cancelled", lambda person: mail_messages.meeting_cancelled(meeting, person),
                 user)


def minutes_circulated(meeting, user) -> Notified:
    return _tell(meeting, "minutes_circulated", lambda person: mail_messages.minutes_circulated(meeting, person),
                 user)


def minutes_signed_off(meeting, user, sha256) -> Notified:
    return _tell(meeting, "minutes_signed_off",
                 lambda person: mail_messages.minutes_signed_off(meeting, person, sha256), user)
