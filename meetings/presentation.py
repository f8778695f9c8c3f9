"""What one audience sees of one meeting, prepared once for every format.

The meeting page, the agenda and minutes PDFs and the JSON API all render a
MeetingView. It is built from a meeting loaded by selectors.meeting_for_display and
applies meetings.access; building and rendering it runs no further queries, so the
query count does not grow with items, people or attachments.
"""

from dataclasses import dataclass, field

from django.template.defaultfilters import linebreaksbr
from django.utils.safestring import mark_safe

from . import access
from .corrections import HTML_PARTS
from .models import Attendance, Meeting, MinutesCorrection
from .richtext import sanitize


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
class ChangeView:
    """One change a correction made, as one audience may read it (see correction_views)."""

    # The templates name it ("Punkt 2.a, beslutning", "Punkt 3: Lukket punkt", "Fremmøde:
    # Anna Jensen, afbud") in the language they render in: the stored PDFs in Danish.
    part: str
    item_label: str = ""
    person: str = ""
    # True when the change is to an item the audience may read only the number of.
    closed: bool = False
    anchor: str = ""
    # The texts, safe to show: sanitised HTML or escaped plain text; "" when the
    # audience may not read them.
    before: str = ""
    after: str = ""
    outcome_before: str = ""
    outcome_after: str = ""

    @property
    def part_label(self):
        """The part's name, in the language being rendered."""
        return MinutesCorrection.Part(self.part).label


@dataclass
class CorrectionView:
    """A correction of signed-off minutes: when, why, and the changes this audience may read."""

    version: int
    created_at: object
    reason: str
    changes: list = field(default_factory=list)


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
    # [CorrectionView, …]: corrections of signed-off minutes ("Rettet den …: …"), oldest first.
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
        corrections=correction_views(meeting, audience) if show_minutes and meeting.is_signed_off else [],
    )


def _safe_text(part, text):
    if part in HTML_PARTS:
        return mark_safe(sanitize(text or ""))  # sanitised again: what is shown is decided here
    return linebreaksbr(text or "")


def correction_views(meeting, audience):
    """The corrections of the meeting with the changes this audience may read. Runs no queries.

    A change to an item the audience may not read shows only its number and "Lukket
    punkt"; a change to the attendance of a person the audience may not see (a guest
    at closed items only, access.attendance_visible) is left out, as is one that would
    tie them to such an item. An apology's reason is the member's note to the
    secretariat: the public reads that the apology was corrected, not why it was sent.
    """
    Part = MinutesCorrection.Part
    items = {item.pk: item for item in meeting.items.all()}
    attendances = {a.pk: a for a in meeting.attendances.all()}
    views = []
    for correction in meeting.corrections.all():
        changes = []
        for change in correction.changes or []:
            part = change.get("part", "")
            if part not in Part.values:
                continue
            if part in {Part.ATTENDANCE, Part.APOLOGY}:
                attendance = attendances.get(change.get("attendance_id"))
                if attendance is None:
                    if not access.closed_visible(audience):
                        continue
                else:
                    attended = list(attendance.items.all())
                    named = [items.get(pk) for pk in change.get("item_ids", [])]
                    if not access.attendance_visible(audience, attendance, meeting, items=attended) or any(
                            item is None or not access.item_visible(audience, item, meeting) for item in named):
                        continue
                view = ChangeView(part=part, person=change.get("person", ""))
                if part == Part.ATTENDANCE or access.closed_visible(audience):
                    view.before, view.after = _safe_text(part, change.get("before")), _safe_text(
                        part, change.get("after"))
                changes.append(view)
                continue
            item = items.get(change.get("item_id"))
            label = item.label if item is not None else change.get("item", "")
            if item is None or not access.item_visible(audience, item, meeting):
                changes.append(ChangeView(part=part, item_label=label, closed=True,
                                          anchor=item.anchor if item is not None else ""))
                continue
            changes.append(ChangeView(
                part=part, item_label=label, anchor=item.anchor, before=_safe_text(part, change.get("before")),
                after=_safe_text(part, change.get("after")),
                outcome_before=change.get("outcome_before", ""), outcome_after=change.get("outcome_after", "")))
        views.append(CorrectionView(version=correction.version, created_at=correction.created_at,
                                    reason=correction.reason, changes=changes))
    return views
