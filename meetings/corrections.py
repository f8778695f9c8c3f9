"""Corrections of signed-off minutes, one part at a time.

A correction names what it changes: an item's case text, its recommendation, its
decision, a note added after the meeting, a person's attendance or their apology. The
functions here read the part as it is stored, apply the new values and record the
change (before and after) on the MinutesCorrection, all through
services.minutes_correct, which is the only door to signed-off minutes: it locks the
meeting, checks the version the corrector read, unlocks the minutes inside its
transaction and stores the next PDF version.

The entries of MinutesCorrection.changes, which meetings.presentation shows readers:

    {"item": "2.a" or "", "item_id": pk or None, "part": MinutesCorrection.Part value,
     "person": name or "" (attendance and apology), "before": text, "after": text}

Texts are stored as the minutes store them: sanitised HTML for the formatted parts
(case_description, decision, note), plain text for the rest. A few keys are added
where a reader needs them: "outcome_before"/"outcome_after" (the decision's outcome,
as its Danish label, when it changed), "note_id", and for attendance and apology
"attendance_id" and "item_ids" (the items the person was tied to before or after),
which tell presentation whether the public may see the change at all.
"""

import re
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import translation
from django.utils.translation import gettext as _

from . import services
from .models import AgendaItem, Attendance, Decision, DecisionNote, Meeting, MinutesCorrection
from .richtext import sanitize
from .validators import visible_text

Part = MinutesCorrection.Part

# Parts that belong to an agenda item, and parts that belong to a person's attendance.
ITEM_PARTS = {Part.CASE_DESCRIPTION, Part.RECOMMENDATION, Part.DECISION, Part.NOTE}
PERSON_PARTS = {Part.ATTENDANCE, Part.APOLOGY}
# Parts stored as formatted text (sanitised HTML); the others are plain text.
HTML_PARTS = {Part.CASE_DESCRIPTION, Part.DECISION, Part.NOTE}


@dataclass
class Target:
    """What one correction changes: a part of an item (or of one of its notes) or of one attendance."""

    part: str
    item: AgendaItem | None = None
    note: DecisionNote | None = None
    attendance: Attendance | None = None

    @property
    def heading(self):
        """'Punkt 2.a Mødekalender – beslutning' or 'Fremmøde: Anna Jensen – afbud'."""
        part = Part(self.part).label.lower()
        if self.attendance is not None:
            return _("Fremmøde: %(name)s – %(part)s") % {"name": self.attendance.person.name, "part": part}
        return _("Punkt %(label)s %(title)s – %(part)s") % {
            "label": self.item.label, "title": self.item.title, "part": part}


@dataclass
class ItemChoice:
    """One item of the minutes and the parts of it that can be corrected."""

    item: AgendaItem
    # [{"part": Part value, "target": the item's (or note's) pk, "label": what the page calls it}]
    parts: list


def choices(meeting: Meeting):
    """The items (with the parts they have) and the attendance rows of the minutes, for
    the correction page to offer. Runs four queries (items with decisions, notes,
    attendance with people, the items guests attended)."""
    items = list(meeting.items.select_related("decision")
                 .prefetch_related(Prefetch("decision__notes", queryset=DecisionNote.objects.order_by("noted_on", "pk")))
                 .order_by("number", "sub_number"))
    offered = []
    for item in items:
        parts = []
        if item.case_description:
            parts.append({"part": Part.CASE_DESCRIPTION, "target": item.pk, "label": Part.CASE_DESCRIPTION.label})
        if item.recommendation_lead or item.recommendations:
            parts.append({"part": Part.RECOMMENDATION, "target": item.pk, "label": Part.RECOMMENDATION.label})
        # Every signed-off item has a decision; one imported without gets it through a correction.
        parts.append({"part": Part.DECISION, "target": item.pk, "label": Part.DECISION.label})
        decision = getattr(item, "decision", None)
        notes = list(decision.notes.all()) if decision is not None else []
        for position, note in enumerate(notes, start=1):
            label = Part.NOTE.label if len(notes) == 1 else _("Note %(n)s efter mødet") % {"n": position}
            parts.append({"part": Part.NOTE, "target": note.pk, "label": label})
        offered.append(ItemChoice(item=item, parts=parts))
    attendances = list(meeting.attendances.select_related("person").prefetch_related("items"))
    return offered, attendances


def target_for(meeting: Meeting, part: str, pk) -> Target | None:
    """The Target of `part` with key `pk` (an item's, a note's or an attendance's) in this
    meeting, or None when there is none. Runs one query."""
    if part not in Part.values:
        return None
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    if part == Part.NOTE:
        note = (DecisionNote.objects.filter(pk=pk, decision__item__meeting=meeting)
                .select_related("decision__item").first())
        return Target(part=part, item=note.decision.item, note=note) if note else None
    if part in PERSON_PARTS:
        attendance = meeting.attendances.filter(pk=pk).select_related("person").first()
        return Target(part=part, attendance=attendance) if attendance else None
    item = meeting.items.filter(pk=pk).select_related("decision").first()
    return Target(part=part, item=item) if item else None


def current_values(target: Target) -> dict:
    """The part's values as stored, to start the correction form from. Runs a query for
    an attendance's items."""
    part = target.part
    if part == Part.CASE_DESCRIPTION:
        return {"case_description": target.item.case_description}
    if part == Part.RECOMMENDATION:
        return {"recommendation_lead": target.item.recommendation_lead,
                "recommendations": list(target.item.recommendations)}
    if part == Part.DECISION:
        decision = Decision.objects.filter(item=target.item).first()
        return {"outcome": decision.outcome if decision else "", "text": decision.text if decision else ""}
    if part == Part.NOTE:
        return {"text": target.note.text}
    attendance = target.attendance
    if part == Part.ATTENDANCE:
        return {"status": attendance.status, "capacity": attendance.capacity, "items": list(attendance.items.all())}
    return {"apology_reason": attendance.apology_reason}


def correct_part(*, meeting: Meeting, user, part: str, values: dict, reason: str, expected_version: int,
                 item=None, note=None, attendance=None) -> services.CorrectionResult:
    """Correct one part of signed-off minutes and record what changed.

    `values` holds the part's new values, as current_values() names them; for a
    decision an absent "outcome" keeps the outcome. The part is read again under the
    meeting's lock, so "before" is what the minutes said when the correction was made.
    Refused (in Danish) when the target is not in this meeting or nothing would change;
    ConcurrentEdit when the minutes were corrected after `expected_version`.
    """
    if part not in Part.values:
        raise services.Refused([_("Vælg hvad der skal rettes.")])
    if part in PERSON_PARTS:
        if attendance is None or attendance.meeting_id != meeting.pk:
            raise services.Refused([_("Personen deltog ikke i dette møde.")])
    elif part == Part.NOTE:
        if note is None or note.decision.item.meeting_id != meeting.pk:
            raise services.Refused([_("Noten hører ikke til dette møde.")])
        item = note.decision.item
    elif item is None or item.meeting_id != meeting.pk:
        raise services.Refused([_("Punktet hører ikke til dette møde.")])
    changes = []

    def apply():
        # The minutes are stored in Danish; so are the texts of a change.
        with translation.override("da"):
            change = APPLY[part](user=user, reason=reason, values=values, item=item, note=note,
                                 attendance=attendance)
        if change["before"] == change["after"] and change.get("outcome_before") == change.get("outcome_after"):
            raise services.Refused([_("Rettelsen ændrer ikke noget. Ret teksten, før du gemmer.")])
        changes.append(change)

    return services.minutes_correct(meeting=meeting, user=user, reason=reason, apply=apply,
                                    expected_version=expected_version, changes=changes)


def _change(part, *, item=None, person="", before, after, **extra):
    return {"item": item.label if item else "", "item_id": item.pk if item else None, "part": str(part),
            "person": person, "before": before, "after": after, **extra}


def _same_html(stored, new):
    """True when two formatted texts read the same: the editor wraps plain stored text
    in a paragraph and may space tags differently, which is no correction."""
    def normal(html):
        html = re.sub(r">\s+<", "><", sanitize(html or "").strip())
        return html if not html or html.startswith("<") else f"<p>{html}</p>"

    return normal(stored) == normal(new)


def _save(obj, user, reason):
    services._by(obj, user, reason).save()


def _case_description(*, user, reason, values, item, **_ignored):
    item = AgendaItem.objects.get(pk=item.pk)
    before = item.case_description
    after = sanitize(values.get("case_description", ""))
    if not _same_html(before, after):
        item.case_description = after
        _save(item, user, reason)
    return _change(Part.CASE_DESCRIPTION, item=item, before=before, after=item.case_description)


def recommendation_text(lead, recommendations):
    """The recommendation as plain text: its lead, then one numbered line each."""
    lines = [lead] if lead else []
    lines += [f"{n}. {text}" for n, text in enumerate(recommendations, start=1)]
    return "\n".join(lines)


def _recommendation(*, user, reason, values, item, **_ignored):
    item = AgendaItem.objects.get(pk=item.pk)
    before = recommendation_text(item.recommendation_lead, item.recommendations)
    lead = visible_text(" ".join(str(values.get("recommendation_lead", "")).split()))
    recommendations = [visible_text(str(r)) for r in values.get("recommendations", [])]
    recommendations = [r for r in recommendations if r]
    if (lead, recommendations) != (item.recommendation_lead, item.recommendations):
        item.recommendation_lead = lead
        item.recommendations = recommendations
        _save(item, user, reason)
    return _change(Part.RECOMMENDATION, item=item, before=before,
                   after=recommendation_text(item.recommendation_lead, item.recommendations))


def _decision(*, user, reason, values, item, **_ignored):
    decision = Decision.objects.filter(item=item).first() or Decision(item=item)
    before, outcome_before = decision.text, decision.outcome
    outcome = values.get("outcome")
    if outcome is None:
        outcome = decision.outcome
    if outcome not in Decision.Outcome.values:
        raise services.Refused([_("Vælg et af udfaldene.")])
    text = sanitize(values.get("text", ""))
    if decision.pk is None or outcome != decision.outcome or not _same_html(decision.text, text):
        decision.text = text
        decision.outcome = outcome
        if outcome != Decision.Outcome.POSTPONED:
            decision.postponed_to = None  # only a postponement names where to
        _save(decision, user, reason)
    change = _change(Part.DECISION, item=item, before=before, after=decision.text)
    if outcome_before != decision.outcome:
        change["outcome_before"] = str(Decision.Outcome(outcome_before).label)
        change["outcome_after"] = str(decision.get_outcome_display())
    return change


def _note(*, user, reason, values, note, **_ignored):
    note = DecisionNote.objects.select_related("decision__item").get(pk=note.pk)
    before = note.text
    after = sanitize(values.get("text", ""))
    if not visible_text(after):
        raise services.Refused([_("Noten skal have en tekst.")])
    if not _same_html(before, after):
        note.text = after
        _save(note, user, reason)
    return _change(Part.NOTE, item=note.decision.item, before=before, after=note.text, note_id=note.pk)


def attendance_text(status, capacity, items):
    """'Til stede, gæst, under punkt 2, 3': a person's attendance as plain text."""
    parts = [str(Attendance.Status(status).label), str(Attendance.Capacity(capacity).label).lower()]
    if items:
        parts.append(_("under punkt %(labels)s") % {"labels": ", ".join(item.label for item in items)})
    return ", ".join(parts)


def apology_text(status, apology_reason):
    """'Afbud: Kursus i Odense', 'Afbud', or the status when the person sent no apology."""
    if status != Attendance.Status.APOLOGIES:
        return str(Attendance.Status(status).label)
    label = str(Attendance.Status.APOLOGIES.label)
    return f"{label}: {apology_reason}" if apology_reason else label


def _sorted_items(items):
    return sorted(items, key=lambda item: (item.number, item.sub_number))


def _attendance(*, user, reason, values, attendance, **_ignored):
    attendance = Attendance.objects.select_related("person").get(pk=attendance.pk)
    items_before = _sorted_items(attendance.items.all())
    before = attendance_text(attendance.status, attendance.capacity, items_before)
    status, capacity = values.get("status"), values.get("capacity")
    if status not in Attendance.Status.values:
        raise services.Refused([_("Vælg personens fremmøde.")])
    if capacity not in Attendance.Capacity.values:
        raise services.Refused([_("Vælg hvad personen deltog som.")])
    items = _sorted_items(values.get("items", []))
    if any(item.meeting_id != attendance.meeting_id for item in items):
        raise services.Refused([_("Punktet hører ikke til dette møde.")])
    if (status, capacity) != (attendance.status, attendance.capacity):
        attendance.status, attendance.capacity = status, capacity
        if status != Attendance.Status.APOLOGIES:
            attendance.apology_reason = ""  # as services.attendance_record keeps it
        _save(attendance, user, reason)
    if [i.pk for i in items] != [i.pk for i in items_before]:
        attendance._history_user, attendance._change_reason = user, reason
        attendance.items.set(items)
    return _change(Part.ATTENDANCE, person=attendance.person.name, before=before,
                   after=attendance_text(attendance.status, attendance.capacity, items),
                   attendance_id=attendance.pk,
                   item_ids=sorted({item.pk for item in items_before} | {item.pk for item in items}))


def _apology(*, user, reason, values, attendance, **_ignored):
    attendance = Attendance.objects.select_related("person").get(pk=attendance.pk)
    before = apology_text(attendance.status, attendance.apology_reason)
    apology_reason = visible_text(" ".join(str(values.get("apology_reason", "")).split()))
    if (attendance.status, attendance.apology_reason) != (Attendance.Status.APOLOGIES, apology_reason):
        attendance.status = Attendance.Status.APOLOGIES
        attendance.apology_reason = apology_reason
        _save(attendance, user, reason)
    return _change(Part.APOLOGY, person=attendance.person.name, before=before,
                   after=apology_text(attendance.status, attendance.apology_reason),
                   attendance_id=attendance.pk, item_ids=sorted(item.pk for item in attendance.items.all()))


APPLY = {
    Part.CASE_DESCRIPTION: _case_description,
    Part.RECOMMENDATION: _recommendation,
    Part.DECISION: _decision,
    Part.NOTE: _note,
    Part.ATTENDANCE: _attendance,
    Part.APOLOGY: _apology,
}
