"""Writes to a meeting's attachments from the workspace, and opening what was closed.

Like meetings.services: each change runs in a transaction, locks the meeting row,
checks the state it starts from and records who and why in the history. Attachments
change until the minutes are signed off (a cancelled meeting does not change either);
after that the lock (meetings.locking) refuses every write but one: opening a closed
item or attachment, which goes through services.minutes_correct and so stores a new
PDF version with its reason.

Files are never removed from storage here. A replaced file stays under its stored
name, which the history row before the replacement still holds, and so does the file
of a deleted attachment: the history names them, and the secretariat can fetch them
from there (workspace.attachments.attachment_earlier_file).
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from . import stored_files
from .formatting import danish_date
from .locking import ensure_editable
from .models import AgendaItem, Attachment, Meeting
from .services import (
    NOT_YET_CREATED,
    ConcurrentEdit,
    Refused,
    _by,
    _locked,
    check_expected_version,
    minutes_correct,
    minutes_version,
)
from .uploads import replace_upload
from .validators import visible_text

# ---------------------------------------------------------------- closed until

def item_closed_until_refused():
    return _("Kun et lukket punkt kan være lukket indtil en dato eller en hændelse. "
             "Markér punktet som lukket, eller tøm felterne.")


def attachment_closed_until_refused():
    return _("Kun et lukket bilag kan være lukket indtil en dato eller en hændelse. "
             "Markér bilaget som lukket, eller tøm felterne.")


def closed_until_values(*, is_closed, closed_until, closed_until_event, stored, message):
    """The (closed_until, closed_until_event) to store on an item or attachment, or Refused([message]).

    A date or an event says when a closed record may be opened, so it belongs to a
    closed one. On an open record it is refused, unless it is what is stored already:
    a record that was opened keeps it as the record of what it was, and one that an
    edit makes open again (before anything was opened) drops it.
    """
    event = visible_text(" ".join((closed_until_event or "").split()))
    if is_closed or (closed_until is None and not event):
        return closed_until, event
    if stored is not None and (closed_until, event) == (stored.closed_until, stored.closed_until_event):
        return (None, "") if stored.is_closed else (closed_until, event)
    raise Refused([message])


def closed_condition_text(record):
    """The closed-until condition in words, for a reason: '12. januar 2024', an event, or both ('' if none)."""
    date = danish_date(record.closed_until, weekday=False) if record.closed_until else ""
    event = record.closed_until_event
    if date and event:
        return _("%(date)s og indtil %(event)s") % {"date": date, "event": event}
    return date or event


def can_open_now(record, today=None):
    """True when a closed record's date has passed (or is today): the hub offers to open it."""
    today = today or timezone.localdate()
    return bool(record.is_closed and record.closed_until and record.closed_until <= today)


def _opening_reason(sentence, record):
    """'Punkt 2 åbnet for offentligheden. Det var lukket indtil 12. januar 2024.' Whole: the
    history's copy is shortened where it is stored (meetings.apps.shorten_reason)."""
    condition = closed_condition_text(record)
    if condition:
        sentence += " " + _("Det var lukket indtil %(condition)s.") % {"condition": condition}
    return sentence


def _open(record, user, reason):
    record.is_closed = False
    record.opened_at = timezone.now()
    record.opened_by = user
    _by(record, user, reason).save()


def _open_in_meeting(meeting, user, reason, apply, expected_version):
    """Open before sign-off as a normal save; after sign-off as a correction of the minutes."""
    if meeting.status == Meeting.Status.CANCELLED:
        raise Refused([_("Mødet er aflyst; intet kan åbnes her.")])
    if meeting.status == Meeting.Status.SIGNED_OFF:
        minutes_correct(meeting=meeting, user=user, reason=reason, apply=apply, expected_version=expected_version)
    else:
        apply()


@transaction.atomic
def item_open(*, item: AgendaItem, user, expected_version: int | None = None) -> AgendaItem:
    """Open a closed item to the public, recording who opened it and when.

    closed_until and closed_until_event stay, as the record of what it was. After
    sign-off, `expected_version` is the version of the minutes the opener read
    (services.minutes_version) and a new PDF version is stored with the reason.
    """
    meeting = _locked(item.meeting)
    current = AgendaItem.objects.select_for_update().get(pk=item.pk)
    if not current.is_closed:
        raise Refused([_("Punkt %(label)s er ikke lukket.") % {"label": current.label}])
    reason = _opening_reason(_("Punkt %(label)s er åbnet for offentligheden.") % {"label": current.label}, current)
    _open_in_meeting(meeting, user, reason, lambda: _open(current, user, reason), expected_version)
    return current


@transaction.atomic
def attachment_open(*, attachment: Attachment, user, expected_version: int | None = None) -> Attachment:
    """Open a closed attachment to the public (as item_open)."""
    meeting = _locked(attachment.meeting)
    current = _current(attachment)
    if not current.is_closed:
        raise Refused([_("Bilaget „%(title)s“ er ikke lukket.") % {"title": current.title}])
    if meeting.status == Meeting.Status.SIGNED_OFF and current.item is not None and current.item.is_closed:
        # The reason of a correction is public: it would name the attachment of a closed item.
        raise Refused([_("Bilaget hører til et lukket punkt. Åbn punktet først.")])
    reason = _opening_reason(_("Bilaget „%(title)s“ er åbnet for offentligheden.")
                             % {"title": Truncator(current.title).chars(40)}, current)
    _open_in_meeting(meeting, user, reason, lambda: _open(current, user, reason), expected_version)
    return current


# ---------------------------------------------------------------- attachments


def attachment_version(attachment) -> int:
    """The version an edit form of `attachment` carries: the id of its newest history row. One query.

    Attachment has no version field of its own; every save writes a history row, so
    the newest row's id changes with every save and tells a stale form apart.
    """
    newest = (Attachment.history.filter(id=attachment.pk).order_by("-history_id")
              .values_list("history_id", flat=True).first())
    return newest or NOT_YET_CREATED


def _current(attachment):
    try:
        # of=self: PostgreSQL cannot lock the nullable side of the outer join to the item.
        return Attachment.objects.select_for_update(of=("self",)).select_related("item").get(pk=attachment.pk)
    except Attachment.DoesNotExist:
        raise Refused([_("Bilaget findes ikke længere. Genindlæs siden.")]) from None


def _editable(attachment, expected_version=None):
    """The attachment, fresh and locked with its meeting, if it may change; else Refused or MinutesLocked."""
    meeting = _locked(attachment.meeting)
    if meeting.status == Meeting.Status.CANCELLED:
        raise Refused([_("Mødet er aflyst; dets bilag kan ikke ændres.")])
    ensure_editable(meeting.pk)  # signed-off minutes: MinutesLocked
    current = _current(attachment)
    if expected_version is not None and attachment_version(current) != expected_version:
        raise ConcurrentEdit(current)
    current.meeting = meeting
    return current


@transaction.atomic
def attachment_update(*, attachment: Attachment, user, data: dict, expected_version: int) -> Attachment:
    """Rename an attachment, move it to another item or part, or mark it closed (until …) or open.

    `data` holds title, item (an item of the same meeting, or None for the whole
    meeting), part, is_closed, closed_until and closed_until_event.
    """
    check_expected_version(expected_version)
    current = _editable(attachment, expected_version)
    title = visible_text(" ".join(str(data.get("title") or "").split()))
    problems = []
    if not title:
        problems.append(_("Bilaget skal have en titel."))
    item = data.get("item")
    if item is not None and item.meeting_id != current.meeting_id:
        problems.append(_("Punktet, bilaget skulle høre til, findes ikke på denne dagsorden."))
    part = data.get("part")
    if part not in Attachment.Part.values:
        problems.append(_("Vælg om bilaget hører til dagsordenen eller referatet."))
    is_closed = bool(data.get("is_closed"))
    try:
        closed_until, event = closed_until_values(
            is_closed=is_closed, closed_until=data.get("closed_until"),
            closed_until_event=data.get("closed_until_event"), stored=current,
            message=attachment_closed_until_refused())
    except Refused as refused:
        problems += refused.problems
    if problems:
        raise Refused(problems)

    reasons = []
    if title != current.title:
        reasons.append(_("Bilag omdøbt"))
    if (item.pk if item else None) != current.item_id:
        reasons.append(_("Bilag knyttet til et andet punkt"))
    if part != current.part:
        reasons.append(_("Bilag flyttet mellem dagsorden og referat"))
    if is_closed != current.is_closed:
        reasons.append(_("Bilag markeret som lukket") if is_closed else _("Bilag markeret som åbent"))
    elif (closed_until, event) != (current.closed_until, current.closed_until_event):
        reasons.append(_("Lukket indtil ændret"))
    if not reasons:
        return current
    current.title, current.item, current.part, current.is_closed = title, item, part, is_closed
    current.closed_until, current.closed_until_event = closed_until, event
    _by(current, user, "; ".join(reasons)).save()
    return current


def attachment_replace(*, attachment: Attachment, user, upload, expected_version: int) -> Attachment:
    """Put a new file on an attachment, checked as every upload is (meetings.uploads).

    The old file stays in storage, named by the history row before the replacement.
    Raises UploadRefused, Refused, MinutesLocked or ConcurrentEdit.
    """
    check_expected_version(expected_version)
    try:
        with transaction.atomic():
            current = _editable(attachment, expected_version)
            replace_upload(attachment=current, user=user, upload=upload)
    finally:
        stored_files.discard_rolled_back()
    return current


MOVES = {"up": -1, "down": 1}


@transaction.atomic
def attachment_move(*, attachment: Attachment, user, move: str) -> Attachment:
    """Move an attachment one place up or down in the meeting's list ("up"/"down").

    Numbers the list 1, 2, 3 … as it stands (older records may share a position) and
    swaps the two; each attachment whose position changes gets a history row. A move
    past either end changes nothing.
    """
    if move not in MOVES:
        raise Refused([_("Ukendt flytning. Brug Op eller Ned.")])
    current = _editable(attachment)
    order = list(Attachment.objects.select_for_update().filter(meeting_id=current.meeting_id)
                 .order_by("position", "pk"))
    index = next(i for i, a in enumerate(order) if a.pk == current.pk)
    target = index + MOVES[move]
    if not 0 <= target < len(order):
        return current
    order[index], order[target] = order[target], order[index]
    for position, row in enumerate(order, start=1):
        if row.position != position:
            row.position = position
            reason = ((_("Bilag flyttet op") if move == "up" else _("Bilag flyttet ned")) if row.pk == current.pk
                      else _("Bilagenes rækkefølge ændret"))
            _by(row, user, reason).save(update_fields=["position"])
    return current


@transaction.atomic
def attachment_delete(*, attachment: Attachment, user) -> None:
    """Delete an attachment. Its file stays in storage: the history rows name it (see the module)."""
    current = _editable(attachment)
    _by(current, user, _("Bilag slettet")).delete()


# ---------------------------------------------------------------- reads for the workspace


@dataclass
class EarlierFile:
    """A file an attachment held before it was replaced (or was deleted with)."""

    history_id: int
    name: str
    sha256: str
    size: int
    replaced_at: object  # datetime; None for the file of a deleted attachment


def _file_runs(rows):
    """Group one attachment's history rows (oldest first) into runs holding the same file."""
    runs = []
    for row in rows:
        if runs and runs[-1][-1]["file"] == row["file"]:
            runs[-1].append(row)
        else:
            runs.append([row])
    return runs


def _history_rows(**filters):
    return (Attachment.history.filter(**filters).order_by("id", "history_date", "history_id")
            .values("id", "history_id", "history_date", "history_type", "file", "original_name", "sha256", "size"))


def replaced_dates(meeting) -> dict:
    """{attachment pk: when its file was last replaced} for a meeting's attachments. One query."""
    by_attachment = {}
    for row in _history_rows(meeting_id=meeting.pk):
        by_attachment.setdefault(row["id"], []).append(row)
    replaced = {}
    for pk, rows in by_attachment.items():
        runs = [run for run in _file_runs(rows) if run[0]["file"]]
        if len(runs) > 1:
            replaced[pk] = runs[-1][0]["history_date"]
    return replaced


def earlier_files(attachment) -> list:
    """The files `attachment` held before its current one, newest first. One query."""
    runs = _file_runs(list(_history_rows(id=attachment.pk)))
    files = []
    for run, following in zip(runs, runs[1:]):
        last = run[-1]
        if last["file"]:
            files.append(EarlierFile(history_id=last["history_id"], name=last["original_name"] or last["file"],
                                     sha256=last["sha256"], size=last["size"],
                                     replaced_at=following[0]["history_date"]))
    return files[::-1]


@dataclass
class ClosedRecord:
    """A closed item or attachment as the hub lists it, with whether its date has passed."""

    kind: str  # "item" or "attachment"
    record: object
    can_open_now: bool


def hub_overview(meeting, items, attachments) -> dict:
    """What the hub's "Bilag" section adds to its context. One query, two after sign-off.

    `items` and `attachments` are the lists the hub already loaded.
    """
    replaced = replaced_dates(meeting)
    for attachment in attachments:
        attachment.replaced_at = replaced.get(attachment.pk)
    today = timezone.localdate()
    closed = []
    if meeting.status != Meeting.Status.CANCELLED:
        closed = ([ClosedRecord("item", item, can_open_now(item, today)) for item in items if item.is_closed]
                  + [ClosedRecord("attachment", a, can_open_now(a, today)) for a in attachments if a.is_closed])
        closed.sort(key=lambda c: not c.can_open_now)  # stable: agenda order within each group
    return {
        "closed_records": closed,
        "can_open_count": sum(1 for c in closed if c.can_open_now),
        # The minutes version an opening after sign-off starts from (a stale one is refused).
        "minutes_version": minutes_version(meeting) if meeting.status == Meeting.Status.SIGNED_OFF else None,
    }
