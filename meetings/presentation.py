"""What one audience sees of one meeting, prepared once for every format.

The meeting page, the agenda and minutes PDFs and the JSON API all render a
MeetingView. It is built from a meeting loaded by selectors.meeting_for_display and
applies meetings.access; building and rendering it runs no further queries, so the
query count does not grow with items, people or attachments.
"""

from dataclasses import dataclass, field

from . import access
from .models import Attendance, Meeting


@dataclass
class ItemView:
    item: object
    # True when the audience may only see the number and "Lukket punkt".
    hidden: bool
    decision: object = None
    notes: list = field(default_factory=list)
    follow_ups: list = field(default_factory=list)
    attachments: list = field(default_factory=list)
    presenting_guests: list = field(default_factory=list)


@dataclass
class GuestView:
    """A guest as one audience sees them: the attendance and the items they may read of it."""

    attendance: object
    # The readable items the guest took part in ("under punkt 2, 4"); [] when the guest
    # attended without being tied to items.
    items: list = field(default_factory=list)


@dataclass
class MeetingView:
    meeting: Meeting
    audience: access.Audience
    show_agenda: bool
    show_minutes: bool
    items: list
    # [(organisation name, [Attendance, …]), …] in the order of first appearance
    participant_groups: list
    # [GuestView, …]; a guest who attended closed items only is left out for the public.
    guests: list
    apologies: list
    absent: list
    secretariat: list
    meeting_attachments: list
    # Corrections of signed-off minutes ("Rettet den …: …"), oldest first.
    corrections: list = field(default_factory=list)

    @property
    def is_minutes(self):
        """True when this view shows minutes (decisions), False when it shows the agenda."""
        return self.show_minutes and self.meeting.status in {
            Meeting.Status.HELD, Meeting.Status.MINUTES_DRAFTED, Meeting.Status.SIGNED_OFF,
        }

    @property
    def is_draft(self):
        """Minutes shown before sign-off are a draft and must say so."""
        return self.is_minutes and not self.meeting.is_signed_off

    @property
    def is_agenda_draft(self):
        """An agenda shown before it is published (only the secretariat sees one)."""
        return (self.show_agenda and not self.is_minutes and not self.meeting.agenda_is_public
                and self.meeting.status != Meeting.Status.CANCELLED)


def build_meeting_view(meeting, audience):
    """A MeetingView of a meeting loaded by selectors.meeting_for_display. Runs no queries."""
    show_agenda = access.agenda_visible(audience, meeting)
    show_minutes = access.minutes_visible(audience, meeting)
    # Items come from the prefetched agenda, so checking an item's attachment reads no rows.
    items_by_pk = {item.pk: item for item in meeting.items.all()}
    attachments = [a for a in meeting.attachments.all()
                   if access.attachment_visible(audience, a, meeting, item=items_by_pk.get(a.item_id))]
    # Each attendance with the items it was tied to; a person who took part only under
    # items this audience may not read is not shown at all (access.attendance_visible).
    attendances = []
    if show_minutes:
        for attendance in meeting.attendances.all():
            attended = list(attendance.items.all())
            if access.attendance_visible(audience, attendance, meeting, items=attended):
                attendances.append((attendance, [item for item in attended
                                                 if access.item_visible(audience, item, meeting)]))

    items = []
    if show_agenda:
        guests_by_item = {}
        for attendance, attended in attendances:
            if attendance.capacity == Attendance.Capacity.GUEST and attendance.status == Attendance.Status.PRESENT:
                for item in attended:
                    guests_by_item.setdefault(item.pk, []).append(attendance)
        for item in meeting.items.all():
            hidden = item.is_closed and not access.closed_visible(audience)
            view = ItemView(item=item, hidden=hidden)
            if not hidden:
                view.attachments = [a for a in attachments if a.item_id == item.pk]
                view.presenting_guests = guests_by_item.get(item.pk, [])
                decision = getattr(item, "decision", None) if show_minutes else None
                if decision is not None:
                    view.decision = decision
                    view.notes = list(decision.notes.all())
                    view.follow_ups = list(decision.follow_ups.all())
            items.append(view)

    present_members = [a for a, _items in attendances
                       if a.capacity == Attendance.Capacity.MEMBER and a.status == Attendance.Status.PRESENT]
    groups = {}
    for attendance in present_members:
        name = attendance.organisation.name if attendance.organisation_id else ""
        groups.setdefault(name, []).append(attendance)

    return MeetingView(
        meeting=meeting,
        audience=audience,
        show_agenda=show_agenda,
        show_minutes=show_minutes,
        items=items,
        participant_groups=list(groups.items()),
        guests=[GuestView(attendance=a, items=attended) for a, attended in attendances
                if a.capacity == Attendance.Capacity.GUEST and a.status == Attendance.Status.PRESENT],
        apologies=[a for a, _items in attendances if a.status == Attendance.Status.APOLOGIES],
        absent=[a for a, _items in attendances if a.status == Attendance.Status.ABSENT],
        secretariat=[a for a, _items in attendances
                     if a.capacity == Attendance.Capacity.SECRETARIAT and a.status == Attendance.Status.PRESENT],
        meeting_attachments=[a for a in attachments if a.item_id is None] if show_agenda else [],
        corrections=list(meeting.corrections.all()) if show_minutes and meeting.is_signed_off else [],
    )
