"""Who changed what and when in a meeting, from django-simple-history, with differences."""

from itertools import chain

from django.utils.translation import gettext as _

from ..models import AgendaItem, Attachment, Attendance, Decision, Meeting

# Fields whose changes are bookkeeping, not content.
IGNORED = {"version", "updated_at", "sequence"}


def _diff(record):
    previous = record.prev_record
    if previous is None:
        return []
    delta = record.diff_against(previous, excluded_fields=IGNORED)
    return [{"field": str(record.instance_type._meta.get_field(change.field).verbose_name),
             "old": change.old, "new": change.new} for change in delta.changes]


def _label(record):
    model = record.instance_type
    if model is Meeting:
        return _("Mødet")
    if model is AgendaItem:
        return _("Punkt %(label)s") % {"label": record.instance.label}
    if model is Decision:
        return _("Beslutning, punkt-id %(pk)s") % {"pk": record.item_id}
    if model is Attendance:
        return _("Fremmøde, person-id %(pk)s") % {"pk": record.person_id}
    return str(model._meta.verbose_name).capitalize()


def _author(user):
    """Who made a change, as a person reads it. No user: the change came from data import
    (seed_klu) or a script, which the history must say rather than fail on."""
    if user is None:
        return _("systemet (dataindlæsning eller script)")
    return user.get_full_name() or user.get_username()


def history_entries(meeting, limit=300):
    """The meeting's history and its records', newest first, each with the fields that changed.

    Runs one query per record kind plus one per entry for the previous version.
    """
    item_ids = list(AgendaItem.history.filter(meeting_id=meeting.pk).values_list("id", flat=True).distinct())
    records = chain(
        Meeting.history.filter(id=meeting.pk).select_related("history_user"),
        AgendaItem.history.filter(meeting_id=meeting.pk).select_related("history_user"),
        Decision.history.filter(item_id__in=item_ids).select_related("history_user"),
        Attendance.history.filter(meeting_id=meeting.pk).select_related("history_user"),
        Attachment.history.filter(meeting_id=meeting.pk).select_related("history_user"),
    )
    entries = sorted(records, key=lambda r: r.history_date, reverse=True)[:limit]
    return [{
        "when": record.history_date,
        "who": _author(record.history_user),
        "what": _label(record),
        "kind": {"+": _("Oprettet"), "~": _("Ændret"), "-": _("Slettet")}[record.history_type],
        "reason": record.history_change_reason or "",
        "changes": _diff(record) if record.history_type == "~" else [],
    } for record in entries]
