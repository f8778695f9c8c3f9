"""Writes: every change to a meeting's life is one function here.

Each runs in a transaction, locks the meeting row (select_for_update) so two
secretaries cannot interleave, checks the state it starts from, and records who
did it and why in the history (simple-history's _history_user/_change_reason).
Views, the admin and management commands call these; none changes state itself.
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .locking import ensure_editable, minutes_unlocked
from .models import (
    AgendaItem,
    Attendance,
    Committee,
    Decision,
    FollowUpAction,
    Meeting,
    MinutesApproval,
    MinutesCorrection,
    Person,
)
from .validators import has_visible_text, visible_text

# States in which members have been told about the meeting (the agenda is out) and so
# are told again when it moves, is cancelled or its agenda changes.
ANNOUNCED_STATUSES = {Meeting.Status.AGENDA_PUBLISHED, Meeting.Status.HELD, Meeting.Status.MINUTES_DRAFTED}


class Refused(ValidationError):
    """A state change that cannot happen now; `problems` lists why, in Danish."""

    def __init__(self, problems):
        self.problems = list(problems)
        super().__init__(self.problems)


class ConcurrentEdit(Exception):
    """Someone else saved this record after the editor opened it; `current` is their version."""

    def __init__(self, current):
        self.current = current
        super().__init__(_("Punktet er ændret af en anden, efter du åbnede det."))


# The version an edit form carries for a record that does not exist yet.
NOT_YET_CREATED = 0


def check_expected_version(expected_version):
    """Every versioned write names the version it started from; none may skip the check."""
    if isinstance(expected_version, bool) or not isinstance(expected_version, int) or expected_version < 0:
        raise Refused([_("Formularen mangler den udgave, du tog udgangspunkt i. Genindlæs siden og prøv igen.")])


def _by(obj, user, reason=""):
    obj._history_user = user
    obj._change_reason = reason
    return obj


def _locked(meeting):
    """The meeting row, locked until the transaction ends, with fresh values."""
    return Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)


# ---------------------------------------------------------------- planning


def _planned_date(year, months, weekday):
    """The first `weekday` on or after the 15th of the window's first month."""
    day = datetime.date(year, months[0], 15)
    return day + datetime.timedelta(days=(weekday - day.weekday()) % 7)


@transaction.atomic
def meeting_plan_year(*, committee: Committee, year: int, user) -> list:
    """Create the year's meetings from the committee's rules of procedure.

    One meeting per meeting window (KLU: Feb/Mar, June, Sep/Oct, Nov/Dec) on the
    committee's weekday, time and place; windows that already have a meeting are left
    alone, so planning twice creates nothing new. The secretariat then adjusts dates.
    """
    committee = Committee.objects.select_for_update().get(pk=committee.pk)
    if not committee.meeting_windows:
        raise Refused([_("Udvalget har ingen mødevinduer i sin forretningsorden.")])
    weekday = committee.default_weekday if committee.default_weekday is not None else 3
    existing = list(Meeting.objects.filter(committee=committee, date__year=year)
                    .exclude(status=Meeting.Status.CANCELLED).values_list("date", flat=True))
    created = []
    for position, months in enumerate(committee.meeting_windows, start=1):
        if any(d.month in months for d in existing):
            continue
        meeting = Meeting(
            committee=committee, title=_("%(n)s. møde %(year)s") % {"n": position, "year": year},
            date=_planned_date(year, months, weekday), start_time=committee.default_start_time,
            end_time=committee.default_end_time, location=committee.default_location,
        )
        _by(meeting, user, _("Planlagt ud fra forretningsordenen")).save()
        created.append(meeting)
    return created


@transaction.atomic
def meeting_create(*, committee: Committee, user, date, title="", start_time=None, end_time=None,
                   location="") -> Meeting:
    """Create one meeting (an extraordinary one, or for a committee without meeting windows).

    Time and place not given are taken from the committee's rules of procedure.
    """
    meeting = Meeting(
        committee=committee, title=visible_text(title), date=date,
        start_time=start_time if start_time is not None else committee.default_start_time,
        end_time=end_time if end_time is not None or start_time is not None else committee.default_end_time,
        location=visible_text(location) or committee.default_location,
    )
    meeting.full_clean(exclude=["minute_taker"])
    _by(meeting, user, _("Møde oprettet")).save()
    return meeting


class MeetingEditConflict(ConcurrentEdit):
    """Someone else changed the same meeting details differently since the editor opened them.

    `current` is the stored meeting; `clashes` names the fields (in form order) where
    both changed the value, each to something else. Nothing was saved."""

    def __init__(self, current, clashes):
        super().__init__(current)
        self.clashes = list(clashes)


def _typed(value):
    """A typed value as the merge compares it: a chosen record (the minute taker) by its key."""
    return value.pk if isinstance(value, Person) else value


def _stored(record, name):
    """A meeting field's value on a meeting or one of its history rows, a related record by its key."""
    return getattr(record, Meeting._meta.get_field(name).attname)


def merge_meeting_edit(*, stored: Meeting, base, data: dict):
    """Three-way merge of an edit of a meeting's details: (merged values, kept, clashes).

    `base` is what the editor started from (the history row at their version), or None
    when it cannot be found: then every field that differs from the stored value clashes.
    Per field: typed as in the base → the stored value stays (someone else's change is
    kept, and named in `kept` when it differs from the base); stored as in the base →
    the typed value; typed as stored → nothing to decide; otherwise a clash. Pure.
    """
    merged, kept, clashes = {}, [], []
    for name, value in data.items():
        typed, now = _typed(value), _stored(stored, name)
        if typed == now:
            merged[name] = value
        elif base is None:
            clashes.append(name)
        elif typed == _stored(base, name):
            kept.append(name)
        elif now == _stored(base, name):
            merged[name] = value
        else:
            clashes.append(name)
    return merged, kept, clashes


@transaction.atomic
def meeting_update(*, meeting: Meeting, user, data: dict, expected_version: int) -> Meeting:
    """Change a meeting's date, time, place, minute taker or numbers (also: move it).

    An edit made from an older version is merged field by field with what was saved
    since (merge_meeting_edit): changes to different fields are all kept, and
    `meeting.kept` names the fields where someone else's change was kept. Where both
    changed the same field differently nothing is saved (MeetingEditConflict).
    """
    check_expected_version(expected_version)
    meeting = _locked(meeting)
    if meeting.status in {Meeting.Status.SIGNED_OFF, Meeting.Status.CANCELLED}:
        raise Refused([_("Et aflyst møde eller et godkendt referat kan ikke ændres her.")])
    kept = []
    if meeting.version != expected_version:
        # Every save writes a history row carrying the version it saved.
        base = (Meeting.history.filter(id=meeting.pk, version=expected_version)
                .order_by("-history_date", "-history_id").first())
        if base is not None and base.version != expected_version:
            base = None
        data, kept, clashes = merge_meeting_edit(stored=meeting, base=base, data=data)
        if clashes:
            raise MeetingEditConflict(meeting, clashes)
    sequence, previously = meeting.sequence, meeting_when_text(meeting)
    for name, value in data.items():
        setattr(meeting, name, value)
    meeting.full_clean(exclude=["committee", "minute_taker"])
    _by(meeting, user, _("Mødet ændret")).save()
    meeting.kept = kept
    if meeting.sequence != sequence and meeting.status in ANNOUNCED_STATUSES:
        # Date, time or place changed after the members got the invitation: an updated one.
        from . import notifications

        meeting.notified = notifications.meeting_moved(meeting, user, previously=previously)
    return meeting


# What readers of a published agenda see of an item: a change to one of these after
# publication marks the item "Ændret <date>" and tells the members.
READER_FIELDS = ("title", "kind", "case_description", "recommendation_lead", "recommendations", "presenter_id",
                 "is_closed")


def _as_readers_see(item):
    """The item's READER_FIELDS as they will be stored (AgendaItem.save cleans text and lists)."""
    from .richtext import sanitize

    values = {name: getattr(item, name) for name in READER_FIELDS}
    values["case_description"] = sanitize(values["case_description"])
    values["recommendations"] = [str(r).strip() for r in values["recommendations"] or [] if str(r).strip()]
    return values


def _agenda_out(meeting):
    """True while the published agenda is what members prepare from (before the meeting is held)."""
    return meeting.status == Meeting.Status.AGENDA_PUBLISHED


def _tell_agenda_changed(meeting, user, item, kind):
    """After publication, members hear of each item added, removed or changed as they read it.

    Only while the agenda is what they prepare from (published, before the minutes)."""
    if not _agenda_out(meeting):
        return
    from . import notifications
    from .mail_messages import ItemChange

    meeting.notified = notifications.agenda_changed(meeting, user, [ItemChange.of(item, kind)])


def meeting_when_text(meeting):
    from .formatting import meeting_when

    return meeting_when(meeting.date, meeting.start_time, meeting.end_time)


@transaction.atomic
def meeting_cancel(*, meeting: Meeting, user, reason: str) -> Meeting:
    """Cancel a meeting; the calendar feed keeps it as cancelled (SEQUENCE rises)."""
    meeting = _locked(meeting)
    if meeting.status == Meeting.Status.SIGNED_OFF:
        raise Refused([_("Et møde med godkendt referat kan ikke aflyses.")])
    reason = visible_text(reason)
    if not reason:
        raise Refused([_("Skriv en årsag til aflysningen.")])
    announced = meeting.status in ANNOUNCED_STATUSES
    meeting.status = Meeting.Status.CANCELLED
    meeting.cancelled_reason = reason
    _by(meeting, user, _("Aflyst: %(reason)s") % {"reason": reason}).save()
    if announced:
        from . import notifications

        meeting.notified = notifications.meeting_cancelled(meeting, user)
    return meeting


# ---------------------------------------------------------------- agenda

STANDARD_ITEMS = (
    ("Godkendelse af dagsordenen", AgendaItem.Kind.APPROVAL),
    ("Godkendelse af referat fra sidste møde", AgendaItem.Kind.APPROVAL),
    ("Eventuelt", AgendaItem.Kind.OTHER_BUSINESS),
)


def previous_meeting(meeting):
    """The committee's last meeting before this one that was not cancelled. One query."""
    return (Meeting.objects.filter(committee_id=meeting.committee_id, date__lt=meeting.date)
            .exclude(status=Meeting.Status.CANCELLED).order_by("-date", "-start_time").first())


@transaction.atomic
def agenda_add_standard_items(*, meeting: Meeting, user) -> list:
    """Start an empty agenda with approval of the agenda and the previous minutes, and AOB."""
    meeting = _locked(meeting)
    ensure_editable(meeting.pk)
    if meeting.items.exists():
        raise Refused([_("Dagsordenen har allerede punkter.")])
    previous = previous_meeting(meeting)
    items = []
    for number, (title, kind) in enumerate(STANDARD_ITEMS, start=1):
        item = AgendaItem(meeting=meeting, number=number, title=title, kind=kind,
                          previous_minutes=previous if number == 2 else None)
        _by(item, user, _("Standardpunkt")).save()
        items.append(item)
    return items


@transaction.atomic
def agenda_item_create(*, meeting: Meeting, user, as_sub_item=False, **fields) -> AgendaItem:
    """Add an item at the end of the agenda, or as the next sub-item of the last main number.

    "Eventuelt" stays last: a new item goes before it.
    """
    meeting = _locked(meeting)
    ensure_editable(meeting.pk)
    order = [(item.pk, item.sub_number > 0) for item in meeting.items.order_by("number", "sub_number")]
    last = meeting.items.order_by("-number", "-sub_number").first()
    aob = last if last is not None and last.kind == AgendaItem.Kind.OTHER_BUSINESS else None
    top = (meeting.items.aggregate(m=Max("number"))["m"] or 0) + 1
    item = AgendaItem(meeting=meeting, number=top + 1000, sub_number=0, **fields)
    if _agenda_out(meeting):
        item.amended_at = timezone.now()  # added to the published agenda: readers see it marked
    _by(item, user, _("Punkt tilføjet")).save()
    if aob is not None:
        position = next(i for i, (pk, _sub) in enumerate(order) if pk == aob.pk)
        order.insert(position, (item.pk, as_sub_item))
    else:
        order.append((item.pk, as_sub_item))
    _renumber(meeting, order, user)
    item.refresh_from_db()
    _tell_agenda_changed(meeting, user, item, "added")  # ItemChange.ADDED
    return item


@transaction.atomic
def agenda_item_update(*, item: AgendaItem, user, data: dict, expected_version: int) -> AgendaItem:
    """Save an edit of an item, refusing it if someone else saved the item meanwhile.

    On a published agenda, a change readers see (READER_FIELDS) marks the item amended
    and tells the members; other edits (numbering, links) do neither."""
    check_expected_version(expected_version)
    meeting = _locked(item.meeting)
    current = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if current.version != expected_version:
        raise ConcurrentEdit(current)
    before = _as_readers_see(current)
    for name, value in data.items():
        setattr(current, name, value)
    seen_change = _as_readers_see(current) != before and _agenda_out(meeting)
    if seen_change:
        current.amended_at = timezone.now()
    _by(current, user, _("Punkt redigeret")).save()
    if seen_change:
        _tell_agenda_changed(meeting, user, current, "changed")  # ItemChange.CHANGED
    return current


@transaction.atomic
def agenda_item_delete(*, item: AgendaItem, user) -> None:
    meeting = _locked(item.meeting)
    ensure_editable(meeting.pk)
    from .mail_messages import ItemChange

    removed = ItemChange.of(item, ItemChange.REMOVED)
    _by(item, user, _("Punkt slettet")).delete()
    _renumber(meeting, [(i.pk, i.sub_number > 0) for i in meeting.items.order_by("number", "sub_number")], user)
    if meeting.status == Meeting.Status.AGENDA_PUBLISHED:
        from . import notifications

        meeting.notified = notifications.agenda_changed(meeting, user, [removed])


@transaction.atomic
def agenda_reorder(*, meeting: Meeting, user, order: list) -> None:
    """Put the items in the given order [(item pk, is sub-item), …] and number them by it.

    A main item takes the next number; a sub-item takes the number of the item
    before it and the next letter (2, 2.a, 2.b, 3 …).
    """
    meeting = _locked(meeting)
    ensure_editable(meeting.pk)
    existing = set(meeting.items.values_list("pk", flat=True))
    pks = [pk for pk, _sub in order]
    if set(pks) != existing or len(pks) != len(existing):
        raise Refused([_("Rækkefølgen skal indeholde hvert punkt på dagsordenen én gang.")])
    _renumber(meeting, order, user)


def _renumber(meeting, order, user):
    """Number items by their order; two passes so the unique numbering holds throughout."""
    items = {item.pk: item for item in meeting.items.all()}
    # Pass 1 moves every item out of the way without touching history; pass 2 saves
    # the final numbers, writing one history row per item whose number changed.
    AgendaItem.objects.filter(meeting=meeting).update(number=F("number") + 20000)
    number = sub = 0
    for index, (pk, is_sub) in enumerate(order):
        if is_sub and number > 0:
            sub += 1
        else:
            number, sub = number + 1, 0
        AgendaItem.objects.filter(pk=pk).update(number=10000 + index)
        items[pk]._final = (number, sub)
    for pk, _is_sub in order:
        item = items[pk]
        item.number, item.sub_number = item._final
        item.version -= 1  # a renumbering is not an edit of the item's content
        _by(item, user, _("Dagsorden omnummereret")).save(update_fields=["number", "sub_number", "version"])


def meeting_basics_problems(meeting: Meeting) -> list:
    """What every agenda and every set of minutes needs: a time, a place, a minute taker."""
    problems = []
    if meeting.start_time is None:
        problems.append(_("Mødet mangler et starttidspunkt."))
    if not has_visible_text(meeting.location):
        problems.append(_("Mødet mangler et mødested."))
    if meeting.minute_taker_id is None:
        problems.append(_("Mødet mangler en referent."))
    return problems


def agenda_publish_problems(meeting: Meeting) -> list:
    """What stands between this agenda and publication, in Danish; empty when complete."""
    problems = meeting_basics_problems(meeting)
    items = list(meeting.items.all())
    if not items:
        problems.append(_("Dagsordenen har ingen punkter."))
    for item in items:
        if not has_visible_text(item.title):
            problems.append(_("Punkt %(label)s mangler en titel.") % {"label": item.label})
    return problems


@transaction.atomic
def meeting_publish(*, meeting: Meeting, user) -> Meeting:
    """Publish the agenda: check it is complete, record who and when, tell the members.

    Each member's mail is recorded in the outbox in this transaction and sent by the
    worker after the commit (a rollback tells nobody; a mail server that is down loses
    nothing). `meeting.notified` says who was queued and who has no address.
    """
    meeting = _locked(meeting)
    if meeting.status != Meeting.Status.PLANNED:
        raise Refused([_("Dagsordenen er allerede offentliggjort.")])
    problems = agenda_publish_problems(meeting)
    if problems:
        raise Refused(problems)
    meeting.status = Meeting.Status.AGENDA_PUBLISHED
    meeting.agenda_published_at = timezone.now()
    meeting.agenda_published_by = user
    _by(meeting, user, _("Dagsorden offentliggjort")).save()
    from . import notifications

    meeting.notified = notifications.agenda_published(meeting, user)
    return meeting


# ---------------------------------------------------------------- minutes


@transaction.atomic
def minutes_start(*, meeting: Meeting, user) -> Meeting:
    """Begin the minutes of a held meeting (status: minutes drafted)."""
    meeting = _locked(meeting)
    if meeting.status not in {Meeting.Status.AGENDA_PUBLISHED, Meeting.Status.HELD}:
        raise Refused([_("Referatet kan først skrives, når dagsordenen er offentliggjort.")])
    meeting.status = Meeting.Status.MINUTES_DRAFTED
    _by(meeting, user, _("Referat påbegyndt")).save()
    return meeting


@transaction.atomic
def attendance_set(*, meeting: Meeting, user, person, capacity=Attendance.Capacity.MEMBER,
                   status=Attendance.Status.PRESENT, apology_reason="", items=()) -> Attendance:
    """Record one person's attendance, snapshotting their title and organisation."""
    meeting = _locked(meeting)
    ensure_editable(meeting.pk)
    attendance = Attendance.objects.filter(meeting=meeting, person=person).first()
    if attendance is None:
        membership = person.memberships.filter(committee_id=meeting.committee_id).order_by("-start").first()
        attendance = Attendance(
            meeting=meeting, person=person,
            organisation=membership.organisation if membership else person.organisation,
            role_label=membership.role_label if membership else "",
            title=person.title, workplace=person.workplace,
            position=(meeting.attendances.aggregate(m=Max("position"))["m"] or 0) + 1,
        )
    attendance.capacity = capacity
    attendance.status = status
    attendance.apology_reason = apology_reason if status == Attendance.Status.APOLOGIES else ""
    _by(attendance, user, _("Fremmøde registreret")).save()
    if items is not None:
        attendance.items.set(items)
    return attendance


@transaction.atomic
def attendance_from_members(*, meeting: Meeting, user) -> list:
    """Record every current member of the committee as present, all or nothing."""
    meeting = _locked(meeting)
    ensure_editable(meeting.pk)
    recorded = []
    for membership in meeting.committee.memberships.select_related("person").order_by("position"):
        if membership.is_current(meeting.date):
            capacity = (Attendance.Capacity.SECRETARIAT if membership.role == membership.Role.SECRETARY
                        else Attendance.Capacity.MEMBER)
            recorded.append(attendance_set(meeting=meeting, user=user, person=membership.person,
                                           capacity=capacity, items=None))
    return recorded


@transaction.atomic
def decision_record(*, item: AgendaItem, user, outcome: str, text: str, expected_version: int,
                    postponed_to=None) -> Decision:
    """Record or change the decision on an item; refuses a stale edit.

    `expected_version` is the version the editor started from, 0 when the item had no
    decision yet: a first decision is refused too if someone else recorded one meanwhile.
    """
    check_expected_version(expected_version)
    meeting = _locked(item.meeting)
    ensure_editable(meeting.pk)
    if meeting.status not in {Meeting.Status.AGENDA_PUBLISHED, Meeting.Status.HELD,
                              Meeting.Status.MINUTES_DRAFTED}:
        raise Refused([_("Beslutninger kan først registreres, når dagsordenen er offentliggjort.")])
    if outcome == Decision.Outcome.POSTPONED:
        if postponed_to is None:
            raise Refused([_("Vælg det møde, punktet udsættes til.")])
        if postponed_to.committee_id != meeting.committee_id or postponed_to.date <= meeting.date:
            raise Refused([_("Et punkt kan kun udsættes til et senere møde i samme udvalg.")])
    else:
        postponed_to = None
    decision = Decision.objects.select_for_update().filter(item=item).first()
    if (decision.version if decision else NOT_YET_CREATED) != expected_version:
        raise ConcurrentEdit(decision or Decision(item=item, version=NOT_YET_CREATED))
    if decision is None:
        decision = Decision(item=item)
    decision.outcome, decision.text, decision.postponed_to = outcome, text, postponed_to
    _by(decision, user, _("Beslutning registreret")).save()
    if item.follows_up_id and outcome != Decision.Outcome.POSTPONED:
        follow_up_close(action=item.follows_up, user=user, settled_by=decision)
    if meeting.status != Meeting.Status.MINUTES_DRAFTED:
        meeting.status = Meeting.Status.MINUTES_DRAFTED
        _by(meeting, user, _("Referat påbegyndt")).save()
    return decision


@transaction.atomic
def follow_up_add(*, decision: Decision, user, what: str, responsible: str = "", due_date=None,
                  responsible_person=None) -> FollowUpAction:
    ensure_editable(decision.item.meeting_id)
    if not has_visible_text(what):
        raise Refused([_("Beskriv opfølgningen.")])
    action = FollowUpAction(decision=decision, what=visible_text(what), responsible=visible_text(responsible),
                            due_date=due_date, responsible_person=responsible_person)
    _by(action, user, _("Opfølgning oprettet")).save()
    return action


@transaction.atomic
def follow_up_close(*, action: FollowUpAction, user, settled_by: Decision | None = None,
                    status=FollowUpAction.Status.DONE) -> FollowUpAction:
    """Close a follow-up, linking the later decision that settled it."""
    action = FollowUpAction.objects.select_for_update().get(pk=action.pk)
    action.status = status
    action.closed_by_decision = settled_by
    _by(action, user, _("Opfølgning afsluttet")).save()
    return action


def sign_off_problems(meeting: Meeting) -> list:
    """What stands between these minutes and sign-off, in Danish; empty when complete."""
    problems = meeting_basics_problems(meeting)
    decided = set(Decision.objects.filter(item__meeting=meeting).exclude(outcome="", text="")
                  .values_list("item_id", flat=True))
    for item in meeting.items.all():
        if item.pk not in decided:
            problems.append(_("Punkt %(label)s mangler en beslutning.") % {"label": item.label})
    if not meeting.items.exists():
        problems.append(_("Referatet har ingen punkter."))
    return problems


def approval_date_problems(meeting: Meeting, approved_on: datetime.date) -> list:
    """Why `approved_on` cannot be the day these minutes were approved, in Danish; empty when it can.

    Not after today (Copenhagen time) and not before the meeting was held."""
    from .formatting import danish_date
    from .models import COPENHAGEN

    if approved_on > timezone.localdate(timezone=COPENHAGEN):
        return [_("Godkendelsesdatoen kan ikke ligge efter i dag.")]
    if approved_on < meeting.date:
        return [_("Godkendelsesdatoen kan ikke ligge før mødets dato, %(date)s.")
                % {"date": danish_date(meeting.date, weekday=False)}]
    return []


@transaction.atomic
def minutes_sign_off(*, meeting: Meeting, user, method: str, approved_on=None, store_pdf=True) -> Meeting:
    """Sign off the minutes: check they are complete, lock them, and have the worker store the PDF once.

    `approved_on` is the day they were approved (by `method`); None means today, as
    a caller that names no day (the API's direct POST) has always meant. Nothing is
    rendered here: the worker (meetings/tasks.py) stores both editions after the
    commit and then mails the members the stored PDF's SHA-256; `meeting.notified`
    says who that mail will reach. With store_pdf=False (tests that need no PDF) no
    render is scheduled, the first download stores them, and the mail, sent now,
    states no hash."""
    from .models import COPENHAGEN

    meeting = _locked(meeting)
    if meeting.status not in {Meeting.Status.HELD, Meeting.Status.MINUTES_DRAFTED,
                              Meeting.Status.AGENDA_PUBLISHED}:
        raise Refused([_("Referatet kan ikke godkendes i mødets nuværende tilstand (%(status)s).")
                       % {"status": meeting.get_status_display()}])
    if method not in Meeting.SignOffMethod.values:
        raise Refused([_("Vælg hvordan referatet er godkendt.")])
    problems = sign_off_problems(meeting)
    if approved_on is not None:
        problems += approval_date_problems(meeting, approved_on)
    if problems:
        raise Refused(problems)
    meeting.status = Meeting.Status.SIGNED_OFF
    meeting.signed_off_at = timezone.now()
    meeting.signed_off_by = user
    meeting.sign_off_method = method
    meeting.approved_on = approved_on or timezone.localdate(meeting.signed_off_at, timezone=COPENHAGEN)
    _by(meeting, user, _("Referat godkendt (%(method)s)") % {"method": meeting.get_sign_off_method_display()}).save()
    from . import notifications

    if store_pdf:
        from .tasks import schedule_minutes_pdfs

        schedule_minutes_pdfs(meeting, version=1, user=user, tell=True)
        meeting.notified = notifications.who_would_be_told(meeting)
    else:
        meeting.notified = notifications.minutes_signed_off(meeting, user, "")
    return meeting


@transaction.atomic
def minutes_request_approval(*, meeting: Meeting, user) -> Meeting:
    """Circulate the draft minutes to the members for approval in the browser."""
    meeting = _locked(meeting)
    if meeting.status != Meeting.Status.MINUTES_DRAFTED:
        raise Refused([_("Kun et referatudkast kan sendes til godkendelse.")])
    meeting.approval_requested_at = timezone.now()
    _by(meeting, user, _("Referatudkast sendt til godkendelse")).save()
    from . import notifications

    meeting.notified = notifications.minutes_circulated(meeting, user)
    return meeting


@transaction.atomic
def minutes_approve(*, meeting: Meeting, user, comment="") -> MinutesApproval:
    meeting = _locked(meeting)
    if meeting.status != Meeting.Status.MINUTES_DRAFTED or meeting.approval_requested_at is None:
        raise Refused([_("Referatet er ikke sendt til godkendelse.")])
    approval, _created = MinutesApproval.objects.update_or_create(
        meeting=meeting, user=user, defaults={"approved_at": timezone.now(), "comment": visible_text(comment)})
    return approval


@dataclass
class CorrectionResult:
    """A recorded correction. `pdfs` stays empty: the worker stores the new version's PDFs after the commit."""

    correction: MinutesCorrection
    pdfs: list


def minutes_version(meeting: Meeting) -> int:
    """The version of signed-off minutes now in force: 1, plus one per correction. One query."""
    return meeting.corrections.aggregate(m=Max("version"))["m"] or 1


@transaction.atomic
def minutes_correct(*, meeting: Meeting, user, reason: str, apply, expected_version: int,
                    changes=None) -> CorrectionResult:
    """Correct signed-off minutes: the only way to change them.

    `apply()` makes the changes; they are allowed for this meeting only, inside this
    transaction. The correction is recorded with its reason, shown on the minutes and
    in a new PDF version; earlier PDFs stay retrievable. `expected_version` is the
    version of the minutes the corrector read: a correction made from an older one is
    refused (ConcurrentEdit with the newer correction), so two corrections never
    silently undo each other. `changes` (MinutesCorrection.changes: what changed, part
    by part) is read after `apply()` has run, so `apply` may fill the list it is given
    with the texts it found under the lock; meetings/corrections.py does.
    """
    check_expected_version(expected_version)
    meeting = _locked(meeting)
    if meeting.status != Meeting.Status.SIGNED_OFF:
        raise Refused([_("Kun et godkendt referat rettes med en rettelse.")])
    reason = visible_text(reason)
    if not reason:
        raise Refused([_("En rettelse skal have en begrundelse.")])
    if minutes_version(meeting) != expected_version:
        raise ConcurrentEdit(meeting.corrections.order_by("-version").first())
    from .exports.minutes_store import store_signed_minutes
    from .tasks import schedule_minutes_pdfs

    # The version being corrected must be stored before its records change. The worker
    # has normally done it (then this only reads the rows); if it has not yet, we render here.
    store_signed_minutes(meeting, version=expected_version)
    with minutes_unlocked(meeting.pk):
        apply()
    version = expected_version + 1
    correction = MinutesCorrection.objects.create(meeting=meeting, version=version, reason=reason,
                                                  created_at=timezone.now(), created_by=user,
                                                  changes=list(changes or []))
    schedule_minutes_pdfs(meeting, version=version, user=user)
    return CorrectionResult(correction=correction, pdfs=[])


# How far ahead of a meeting a due follow-up or an agreement's review is offered.
OFFER_HORIZON = datetime.timedelta(days=45)


def offered_items(meeting: Meeting) -> dict:
    """What a new agenda should offer: items postponed to (or at) the previous meeting,
    open follow-ups due by shortly after this meeting (overdue ones first), and the
    committee's agreements whose review date comes near. Runs four queries."""
    from agreements.selectors import agreements_due_for_review

    previous = previous_meeting(meeting)
    postponed_here = Q(decision__postponed_to=meeting)
    if previous is not None:
        # Postponed at the previous meeting without naming a date: offer it now.
        postponed_here |= Q(meeting=previous, decision__postponed_to__isnull=True)
    postponed = list(
        AgendaItem.objects.filter(postponed_here, decision__outcome=Decision.Outcome.POSTPONED)
        .exclude(carried_forward_to__meeting=meeting)
        .select_related("meeting", "decision")
    )
    horizon = meeting.date + OFFER_HORIZON
    due = list(FollowUpAction.objects.filter(status=FollowUpAction.Status.OPEN,
                                             decision__item__meeting__committee_id=meeting.committee_id,
                                             due_date__lte=horizon)
               .exclude(agenda_items__meeting=meeting)
               .select_related("decision__item__meeting").order_by("due_date"))
    reviews = [a for a in agreements_due_for_review(meeting.committee_id, horizon)
               if not a.agenda_items.filter(meeting=meeting).exists()]
    return {"postponed": postponed, "follow_ups": due, "agreements": reviews}


# ---------------------------------------------------------------- a member's own apologies and contact details

# The history reason of an apology the member sent themselves; withdrawing looks for it.
APOLOGY_SENT = "Afbud sendt af medlemmet"
APOLOGY_WITHDRAWN = "Afbud trukket tilbage af medlemmet"
APOLOGY_NOTE_MAX = 300  # Attendance.apology_reason


def apology_deadline(meeting: Meeting) -> datetime.datetime:
    """Until when a member may send or take back an apology: the meeting's start.

    A meeting whose time is unknown closes at the start of its date (midnight,
    Copenhagen time): on the day itself the member tells the secretariat directly.
    """
    from .models import COPENHAGEN

    if meeting.start is not None:
        return meeting.start
    return datetime.datetime.combine(meeting.date, datetime.time(0, 0), tzinfo=COPENHAGEN)


def apology_membership(meeting: Meeting, person):
    """The person's membership of the meeting's committee on the meeting's date, or None. One query."""
    memberships = person.memberships.filter(committee_id=meeting.committee_id).order_by("-start")
    return next((m for m in memberships if m.is_current(meeting.date)), None)


def apology_problems(meeting: Meeting, person, *, now=None) -> list:
    """Why this person cannot send or take back an apology for this meeting now, in Danish. One query."""
    if meeting.status == Meeting.Status.CANCELLED:
        return [_("Mødet er aflyst.")]
    if meeting.status == Meeting.Status.SIGNED_OFF:
        return [_("Mødets referat er godkendt; fremmødet kan ikke ændres.")]
    if (now or timezone.now()) >= apology_deadline(meeting):
        return [_("Mødet er begyndt. Kontakt sekretariatet, hvis dit fremmøde skal ændres.")]
    if apology_membership(meeting, person) is None:
        return [_("Du er ikke medlem af udvalget på mødets dato.")]
    return []


@transaction.atomic
def apology_send(*, meeting: Meeting, person, user, note="") -> Attendance:
    """The member sends an apology (afbud) for a meeting of their committee, with an optional note.

    Allowed until the meeting starts (apology_deadline), for a person whose membership
    of the committee covers the meeting's date, never on a cancelled or signed-off
    meeting. Records the person's attendance as apologies: a new row snapshots title
    and organisation as attendance_set does; an existing row (the secretariat recorded
    everyone present) keeps its capacity and snapshots. Sending again changes the note.
    """
    meeting = _locked(meeting)
    ensure_editable(meeting.pk)
    problems = apology_problems(meeting, person)
    if problems:
        raise Refused(problems)
    note = visible_text(note)
    if len(note) > APOLOGY_NOTE_MAX:
        raise Refused([_("Bemærkningen må højst være %(n)s tegn.") % {"n": APOLOGY_NOTE_MAX}])
    attendance = Attendance.objects.select_for_update().filter(meeting=meeting, person=person).first()
    if attendance is None:
        membership = apology_membership(meeting, person)
        attendance = Attendance(
            meeting=meeting, person=person,
            capacity=(Attendance.Capacity.SECRETARIAT if membership.role == membership.Role.SECRETARY
                      else Attendance.Capacity.MEMBER),
            organisation=membership.organisation, role_label=membership.role_label,
            title=person.title, workplace=person.workplace,
            position=(meeting.attendances.aggregate(m=Max("position"))["m"] or 0) + 1,
        )
    attendance.status = Attendance.Status.APOLOGIES
    attendance.apology_reason = note
    _by(attendance, user, APOLOGY_SENT).save()
    return attendance


@transaction.atomic
def apology_withdraw(*, meeting: Meeting, person, user) -> Attendance | None:
    """The member takes back their apology, under the same conditions as sending it.

    What the attendance returns to, read from its history:
    - the row exists only because of the member's own apologies (every history record
      is one): the row is deleted, as if nothing had been recorded;
    - the row had another status before the apologies (the secretariat had recorded
      the person present or absent): that status comes back;
    - the secretariat recorded the apology itself and nothing came before it: the
      person is recorded present, which is what taking back an apology says.
    Returns the attendance, or None when it was deleted.
    """
    meeting = _locked(meeting)
    ensure_editable(meeting.pk)
    problems = apology_problems(meeting, person)
    if problems:
        raise Refused(problems)
    attendance = Attendance.objects.select_for_update().filter(meeting=meeting, person=person).first()
    if attendance is None or attendance.status != Attendance.Status.APOLOGIES:
        raise Refused([_("Du har ikke meldt afbud til dette møde.")])
    records = []
    for status, reason, kind in (attendance.history.order_by("-history_date", "-history_id")
                                 .values_list("status", "history_change_reason", "history_type")):
        records.append((status, reason))
        if kind == "+":  # this row's life began here
            break
    before = next((status for status, _reason in records if status != Attendance.Status.APOLOGIES), None)
    if before is None and all(reason == APOLOGY_SENT for _status, reason in records):
        _by(attendance, user, APOLOGY_WITHDRAWN).delete()
        return None
    attendance.status = before or Attendance.Status.PRESENT
    attendance.apology_reason = ""
    _by(attendance, user, APOLOGY_WITHDRAWN).save()
    return attendance


@transaction.atomic
def person_update_contact(*, person, user, email: str, phone: str, expected_version: int):
    """A person changes their own e-mail address and telephone number.

    Refuses a stale edit (ConcurrentEdit) and values the register could not hold.
    """
    import re

    from django.core.validators import validate_email

    from .models import Person

    check_expected_version(expected_version)
    current = Person.objects.select_for_update().get(pk=person.pk)
    if current.version != expected_version:
        raise ConcurrentEdit(current)
    email = visible_text(email)
    phone = visible_text(phone)
    problems = []
    if email:
        try:
            validate_email(email)
        except ValidationError:
            problems.append(_("Skriv en gyldig e-mailadresse."))
    if len(email) > Person._meta.get_field("email").max_length:
        problems.append(_("E-mailadressen er for lang."))
    if phone and not re.fullmatch(PHONE_PATTERN, phone):
        problems.append(_("Et telefonnummer må kun indeholde cifre, mellemrum, bindestreger, parenteser "
                          "og et plus foran."))
    if len(phone) > Person._meta.get_field("phone").max_length:
        problems.append(_("Telefonnummeret er for langt."))
    if email and Person.objects.filter(email__iexact=email).exclude(pk=current.pk).exists():
        # People log in with their address, so it must name one person.
        problems.append(_("Adressen bruges allerede af en anden person. Kontakt sekretariatet."))
    if problems:
        raise Refused(problems)
    current.email, current.phone = email, phone
    _by(current, user, _("Kontaktoplysninger ændret af personen selv")).save()
    return current


# "+45 12 34 56 78", "98 76 54 32", "(+45) 9931-3131": digits with the usual separators.
PHONE_PATTERN = r"\(?\+?[0-9 ()\-]*[0-9][0-9 ()\-]*"
