"""Who changed what and when in a meeting, from django-simple-history, as a person reads it.

Every value is shown as the pages show it: field names in Danish, people and items by
name, choices in words, "Ja"/"Nej", Danish dates and local times, rich text as plain
text. Related records are looked up in bulk, so the number of queries does not grow
with the number of history rows.
"""

import datetime
import html
from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from .. import formatting
from ..formatting import danish_date, danish_time
from ..models import COPENHAGEN, AgendaItem, Attachment, Attendance, Decision, Meeting

# Fields whose changes are bookkeeping, not content.
IGNORED = {"version", "updated_at", "sequence"}
# Rows of one object by one person this close together come from one save: a save
# and its many-to-many update (an attendance's items), or a service that saves twice.
SAME_SAVE = datetime.timedelta(seconds=2)
TEXT_LENGTH = 200


def danish_datetime(value: datetime.datetime) -> str:
    """'1. december 2026 kl. 20.01', in Copenhagen time (formatting says it; this localises)."""
    return formatting.danish_datetime(timezone.localtime(value, COPENHAGEN) if timezone.is_aware(value) else value)


def _author(user):
    """Who made a change, as a person reads it. No user: the change came from data import
    (seed_klu) or a script, which the history must say rather than fail on."""
    if user is None:
        return _("systemet (dataindlæsning eller script)")
    return user.get_full_name() or user.get_username()


def _field_name(field):
    name = str(field.verbose_name)
    return name[:1].upper() + name[1:]


def _diff_fields(model):
    return [f for f in model._meta.concrete_fields if not f.primary_key and f.name not in IGNORED]


class _Related:
    """The related records that changed values point at, loaded in one query per model."""

    def __init__(self):
        self.wanted = defaultdict(set)
        self.found = {}

    def want(self, model, pk):
        if pk is not None:
            self.wanted[model].add(pk)

    def load(self):
        User = get_user_model()
        for model, pks in self.wanted.items():
            queryset = model._default_manager.all()
            if model is Meeting:
                queryset = queryset.select_related("committee")  # str() names the committee
            elif model is AgendaItem:
                queryset = queryset.only("pk", "number", "sub_number", "title")
            for pk, obj in queryset.in_bulk(list(pks)).items():
                if model is User:
                    text = _author(obj)
                elif model is Meeting:
                    text = f"{obj.display_title}, {danish_date(obj.date, weekday=False)}"
                else:
                    text = str(obj)
                self.found[model, pk] = text

    def name(self, model, pk):
        return self.found.get((model, pk), _("(slettet)"))


def _value(field, value, related):
    """One stored value as a reader wants it."""
    if field.is_relation:
        return _("(tom)") if value is None else related.name(field.related_model, value)
    if isinstance(field, models.BooleanField):
        return _("Ja") if value else _("Nej")
    if value is None or value == "" or value == []:
        return _("(tom)")
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(field, models.DateTimeField):
        return danish_datetime(value)
    if isinstance(field, models.DateField):
        return danish_date(value, weekday=False)
    if isinstance(field, models.TimeField):
        return danish_time(value)
    if isinstance(value, list):
        value = "; ".join(str(v) for v in value)
    text = html.unescape(strip_tags(str(value))).strip()
    return Truncator(text).chars(TEXT_LENGTH) if text else _("(tom)")


def _changed_fields(before, after):
    """The fields whose stored value differs between two history rows of one object."""
    return [f for f in _diff_fields(after.instance_type)
            if getattr(before, f.attname) != getattr(after, f.attname)]


def _records(meeting, item_id):
    """The history rows to show, one query per record kind (four with an item filter)."""
    items = AgendaItem.history.filter(meeting_id=meeting.pk)
    decisions = Decision.history.filter(item_id__in=items.values("id"))
    attachments = Attachment.history.filter(meeting_id=meeting.pk)
    kinds = [items, decisions, attachments]
    if item_id is None:
        kinds += [Meeting.history.filter(id=meeting.pk), Attendance.history.filter(meeting_id=meeting.pk)]
    else:
        # The whole series of an attachment that was ever on the item, so its changes
        # compare with the row before, even if that row put it elsewhere.
        kinds = [items.filter(id=item_id), decisions.filter(item_id=item_id),
                 attachments.filter(id__in=Attachment.history.filter(item_id=item_id).values("id"))]
    rows = []
    for queryset in kinds:
        rows += queryset.select_related("history_user")
    return rows


def _group_saves(rows):
    """Each object's rows in order, those of one save together: [(row before the save, rows of the save)]."""
    by_object = defaultdict(list)
    for row in rows:
        by_object[row.instance_type, row.id].append(row)
    groups = []
    for series in by_object.values():
        series.sort(key=lambda r: (r.history_date, r.history_id))
        previous = None
        current = []
        for row in series:
            if (current and row.history_type == "~" and current[0].history_type != "-"
                    and row.history_user_id == current[0].history_user_id
                    and row.history_date - current[-1].history_date <= SAME_SAVE):
                current.append(row)
                continue
            if current:
                groups.append((previous, current))
                previous = current[-1]
            current = [row]
        if current:
            groups.append((previous, current))
    return groups


def history_entries(meeting, *, item_id=None, limit=300):
    """The meeting's history and its records', newest first, one entry per save.

    `item_id` (an item of this meeting) narrows it to that item, its decision and its
    attachments. Runs one query per record kind, one for an attendance's items when
    attendance is shown, and one per kind of related record that changed values name.
    """
    rows = _records(meeting, item_id)
    item_rows = {}  # newest history row per item: its label and title, even once deleted
    for row in rows:
        if row.instance_type is AgendaItem:
            known = item_rows.get(row.id)
            if known is None or (row.history_date, row.history_id) > (known.history_date, known.history_id):
                item_rows[row.id] = row

    groups = sorted(_group_saves(rows), key=lambda g: (g[1][-1].history_date, g[1][-1].history_id),
                    reverse=True)[:limit]

    related = _Related()
    attendance_ids = []
    changes_per_group = []
    for previous, saves in groups:
        last = saves[-1]
        model = last.instance_type
        # A creation merged with the updates of the same save shows what they changed.
        before = previous if saves[0].history_type == "~" else saves[0]
        fields = _changed_fields(before, last) if before is not None and saves[0].history_type != "-" else []
        for field in fields:
            if field.is_relation:
                related.want(field.related_model, getattr(before, field.attname))
                related.want(field.related_model, getattr(last, field.attname))
        if model is Attendance:
            related.want(Attendance._meta.get_field("person").related_model, last.person_id)
            attendance_ids += [r.history_id for r in saves] + ([previous.history_id] if previous else [])
        changes_per_group.append(fields)
    attended = _attended_items(attendance_ids)
    related.load()

    entries = []
    for (previous, saves), fields in zip(groups, changes_per_group):
        first, last = saves[0], saves[-1]
        before = previous if first.history_type == "~" else first
        changes = [{"field": _field_name(f),
                    "old": _value(f, getattr(before, f.attname), related),
                    "new": _value(f, getattr(last, f.attname), related)} for f in fields]
        if last.instance_type is Attendance and before is not None and first.history_type != "-":
            old_items, new_items = attended.get(before.history_id, set()), attended.get(last.history_id, set())
            if old_items != new_items:
                changes.append({"field": _field_name(Attendance._meta.get_field("items")),
                                "old": _item_list(old_items, item_rows), "new": _item_list(new_items, item_rows)})
        entries.append({
            "when": last.history_date,
            "when_text": danish_datetime(last.history_date),
            "who": _author(first.history_user),
            "what": _label(last, item_rows, related),
            "kind": {"+": _("Oprettet"), "~": _("Ændret"), "-": _("Slettet")}[first.history_type],
            "reason": next((r.history_change_reason for r in saves if r.history_change_reason), ""),
            "changes": changes,
        })
    return entries


def _attended_items(history_ids):
    """Item ids per attendance history row (one query; none without attendance rows)."""
    if not history_ids:
        return {}
    through = Attendance.history.model._meta.get_field("historicalattendance_items").related_model
    result = defaultdict(set)
    for history_id, item_id in through.objects.filter(history_id__in=history_ids).values_list(
            "history_id", "agendaitem_id"):
        result[history_id].add(item_id)
    return result


def _item_list(item_ids, item_rows):
    if not item_ids:
        return _("(tom)")
    rows = sorted((item_rows[pk] for pk in item_ids if pk in item_rows), key=lambda r: (r.number, r.sub_number))
    return ", ".join(_item_label(r) for r in rows) or _("(slettet)")


def _item_label(row):
    return f"{row.number}.{chr(ord('a') + row.sub_number - 1)}" if row.sub_number else str(row.number)


def _label(record, item_rows, related):
    model = record.instance_type
    if model is Meeting:
        return _("Mødet")
    if model is AgendaItem:
        return _("Punkt %(label)s: %(title)s") % {"label": _item_label(record), "title": record.title}
    if model is Decision:
        item = item_rows.get(record.item_id)
        if item is None:
            return _("Beslutning")
        return _("Beslutning på punkt %(label)s: %(title)s") % {"label": _item_label(item), "title": item.title}
    if model is Attendance:
        return _("Fremmøde: %(name)s") % {"name": related.name(Attendance._meta.get_field("person").related_model,
                                                              record.person_id)}
    if model is Attachment:
        return _("Bilag: %(title)s") % {"title": record.title}
    return _field_name(model._meta)
