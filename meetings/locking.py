"""Signed-off minutes are legal records: nothing may change them but a correction.

What the minutes show is locked once they are signed off: the meeting's own facts
(Meeting.MINUTES_FIELDS) and every record that MinutesContentMixin marks (items,
decisions, notes after the meeting, follow-ups, attendance and the items guests
attended, attachments). The stored minutes (MinutesPdf, MinutesCorrection) are
written once and then never changed or deleted.

The check runs in signal handlers that meetings.apps connects, so every door meets
the same rule: Model.save() from views, forms, the admin and scripts (pre_save),
`manage.py loaddata`, which saves through save_base(raw=True) and skips save()
(pre_save with raw=True), Model.delete(), QuerySet.delete() and cascades (pre_delete,
which Django sends for every object it deletes), a SET_NULL that would blank a field
of locked records, and many-to-many add/remove/set/clear (m2m_changed).
QuerySet.update(), bulk_create(), rows of a many-to-many table written directly and
raw SQL send no signal: code that writes that way (services._renumber) calls
ensure_editable() first.

The only ways through are `minutes_unlocked(meeting_pk)`, which services.minutes_correct
uses after recording a reason, and `minutes_unlocked()` with no meeting, which data
import (seed_klu) uses to load historic minutes that were signed off before they
reached this system.
"""

import contextlib
import contextvars
import functools

from django.core.exceptions import BadRequest, ObjectDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

# frozenset of meeting pks, or None when everything is unlocked (data import).
_unlocked = contextvars.ContextVar("klu_minutes_unlocked", default=frozenset())

SIGNED_OFF = "signed_off"


class MinutesLocked(ValidationError, BadRequest):
    """Raised when something tries to change signed-off minutes outside a correction.

    A ValidationError, so forms show it as an error; also a BadRequest, so that a
    door that forgets to catch it answers 400 instead of 500.
    """

    def __init__(self, message=None):
        super().__init__(
            message or _("Referatet er godkendt og låst. Ændringer kan kun ske som en rettelse med en begrundelse."),
            code="minutes_locked",
        )


@contextlib.contextmanager
def minutes_unlocked(meeting_pk=None):
    current = _unlocked.get()
    token = _unlocked.set(None if meeting_pk is None or current is None else current | {meeting_pk})
    try:
        yield
    finally:
        _unlocked.reset(token)


def is_unlocked(meeting_pk):
    current = _unlocked.get()
    return current is None or meeting_pk in current


def everything_unlocked():
    return _unlocked.get() is None


def ensure_editable(meeting_pk):
    """Raise MinutesLocked if the meeting's minutes are signed off. Runs one query."""
    ensure_all_editable({meeting_pk})


def ensure_all_editable(meeting_pks):
    """Raise MinutesLocked if any of these meetings' minutes are signed off. Runs at most one query."""
    from .models import Meeting

    pks = {pk for pk in meeting_pks if pk is not None and not is_unlocked(pk)}
    if pks and Meeting._base_manager.filter(pk__in=pks, status=SIGNED_OFF).exists():
        raise MinutesLocked()


class MinutesContentMixin:
    """For records that are part of a meeting's agenda or minutes.

    `minutes_path` leads from the record to its Meeting through foreign keys
    ("meeting", "item__meeting"). `minutes_tracking_fields` are fields that later
    meetings keep up to date and the minutes do not show; they stay writable.
    `minutes_m2m` names many-to-many fields whose sets the minutes show.
    """

    minutes_path = "meeting"
    minutes_tracking_fields = frozenset()
    minutes_m2m = ()

    def lock_meeting_pk(self):
        """The pk of the meeting this record belongs to as it is in memory; may run queries."""
        return meeting_pk_of(self)

    def delete(self, *args, **kwargs):
        # Checked before Django's deletion opens its transaction (pre_delete runs inside
        # it and would leave an enclosing transaction unusable for a caller that catches).
        refuse_deletion(self)
        return super().delete(*args, **kwargs)


def meeting_pk_of(instance):
    """Follow `minutes_path` through the objects in memory (one query per step not yet loaded).

    An unsaved meeting at the end of the path (the admin adds a meeting with its
    items in one form) counts as signed off when its status says so; its pk is None.
    """
    *steps, last = instance.minutes_path.split("__")
    obj = instance
    try:
        for step in steps:
            obj = getattr(obj, step)
            if obj is None:
                return None
        field = obj._meta.get_field(last)
        if field.is_cached(obj):
            meeting = getattr(obj, last)
            if meeting is not None and meeting.pk is None and meeting.status == SIGNED_OFF \
                    and not everything_unlocked():
                raise MinutesLocked()
        return getattr(obj, field.attname)
    except ObjectDoesNotExist:
        return None


def _value(instance, field):
    value = getattr(instance, field.attname)
    if isinstance(field, models.FileField):
        return (value.name or "") if value else ""
    return value


def changed_fields(instance, stored, fields):
    """Names of `fields` whose value in `instance` differs from the `stored` row (a values() dict)."""
    changed = []
    for field in fields:
        stored_value = stored[field.attname]
        if isinstance(field, models.FileField):
            stored_value = stored_value or ""
        if _value(instance, field) != stored_value:
            changed.append(field.name)
    return changed


def _locked_fields(model, update_fields=None):
    fields = [f for f in model._meta.concrete_fields
              if not f.primary_key and f.name not in model.minutes_tracking_fields]
    if update_fields is not None:
        fields = [f for f in fields if f.name in update_fields or f.attname in update_fields]
    return fields


def refuse_content_change(instance, *, update_fields=None):
    """Raise MinutesLocked if writing `instance` would change signed-off minutes.

    Compares the record with its stored row, so a save that changes only tracking
    fields passes, and a record that moves from or to signed-off minutes does not.
    Runs one or two queries (and one per path step not yet loaded, for new records).
    """
    if everything_unlocked():
        return
    model = type(instance)
    path = instance.minutes_path
    first_step = model._meta.get_field(path.split("__")[0])
    stored = None
    if instance.pk is not None:
        fields = _locked_fields(model, update_fields)
        stored = (model._base_manager.filter(pk=instance.pk)
                  .values(*{f.attname for f in fields} | {first_step.attname},
                          _meeting=models.F(path), _status=models.F(f"{path}__status"))
                  .first())
    if stored is not None:
        if not changed_fields(instance, stored, fields):
            return
        if stored["_status"] == SIGNED_OFF and not is_unlocked(stored["_meeting"]):
            raise MinutesLocked()
        if getattr(instance, first_step.attname) == stored[first_step.attname]:
            return  # still in the same meeting, which is not locked
    ensure_editable(meeting_pk_of(instance))


def refuse_meeting_change(meeting, *, update_fields=None):
    """Raise MinutesLocked if saving `meeting` changes what its signed-off minutes state. One query."""
    if meeting.pk is None or is_unlocked(meeting.pk):
        return
    fields = [meeting._meta.get_field(name.removesuffix("_id")) for name in meeting.MINUTES_FIELDS]
    if update_fields is not None:
        fields = [f for f in fields if f.name in update_fields or f.attname in update_fields]
    stored = (type(meeting)._base_manager.filter(pk=meeting.pk)
              .values("status", *{f.attname for f in fields}).first())
    if stored is not None and stored["status"] == SIGNED_OFF and changed_fields(meeting, stored, fields):
        raise MinutesLocked()


def refuse_m2m_change(instance, related_model, related_pks=None, *, through=None):
    """Raise MinutesLocked if changing the set between `instance` and these related records
    (None: all it has now) touches signed-off minutes. Runs one to three queries."""
    if everything_unlocked():
        return
    meetings = {meeting_pk_of(instance)}
    related = related_model._base_manager.all()
    if related_pks is None:
        source = next(f for f in through._meta.concrete_fields if f.related_model is type(instance))
        target = next(f for f in through._meta.concrete_fields
                      if f.is_relation and f is not source and f.related_model is related_model)
        related_pks = through._base_manager.filter(**{source.attname: instance.pk}).values(target.attname)
    meetings |= set(related.filter(pk__in=related_pks).values_list(related_model.minutes_path, flat=True))
    ensure_all_editable(meetings)


def refuse_record_change(instance):
    """Stored minutes (PDFs, corrections) are written once: refuse changing an existing row."""
    if instance.pk is None or everything_unlocked():
        return
    if type(instance)._base_manager.filter(pk=instance.pk).exists():
        raise MinutesLocked(_("Et godkendt referat og dets rettelser gemmes én gang og ændres aldrig."))


def refuse_write(instance, *, update_fields=None):
    """Raise MinutesLocked if saving `instance` would change signed-off minutes (any model)."""
    from .models import Meeting

    if isinstance(instance, Meeting):
        refuse_meeting_change(instance, update_fields=update_fields)
    elif isinstance(instance, MinutesContentMixin):
        refuse_content_change(instance, update_fields=update_fields)
    elif type(instance) in stored_record_models():
        refuse_record_change(instance)


def refuse_deletion(instance):
    """Raise MinutesLocked if deleting `instance` would change signed-off minutes (any model)."""
    from .models import Meeting

    if everything_unlocked() or instance.pk is None:
        return
    model = type(instance)
    if isinstance(instance, Meeting):
        if not is_unlocked(instance.pk) and Meeting._base_manager.filter(pk=instance.pk, status=SIGNED_OFF).exists():
            raise MinutesLocked()
    elif isinstance(instance, MinutesContentMixin):
        stored = (model._base_manager.filter(pk=instance.pk)
                  .values(_meeting=models.F(model.minutes_path)).first())
        ensure_editable(stored["_meeting"] if stored else meeting_pk_of(instance))
    elif model in stored_record_models():
        raise MinutesLocked(_("Et godkendt referat og dets rettelser gemmes én gang og ændres aldrig."))
    refuse_blanking_references(model, instance)


def refuse_blanking_references(sender, instance):
    """A record that locked minutes point to through a SET_NULL key (the meeting an item
    was postponed to, a follow-up's responsible person) cannot go: deleting it would blank
    the field in signed-off minutes. One query per such key."""
    for model, field in set_null_references().get(sender._meta.concrete_model, ()):
        referring = model._base_manager.filter(**{field.attname: instance.pk},
                                               **{f"{model.minutes_path}__status": SIGNED_OFF})
        unlocked = _unlocked.get()
        if unlocked:
            referring = referring.exclude(**{f"{model.minutes_path}__in": unlocked})
        if referring.exists():
            raise MinutesLocked(_("Et godkendt referat henviser hertil, så det kan ikke slettes."))


# ---------------------------------------------------------------- signal handlers


def on_pre_save(sender, instance, raw=False, update_fields=None, **kwargs):
    refuse_write(instance, update_fields=update_fields)


def on_pre_delete(sender, instance, **kwargs):
    refuse_deletion(instance)


def on_m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    # An add of what is already there arrives with an empty set: it changes nothing.
    if action in {"pre_add", "pre_remove", "pre_clear"} and pk_set != set():
        refuse_m2m_change(instance, model, None if pk_set is None else set(pk_set), through=sender)


@functools.cache
def content_models():
    from django.apps import apps

    return tuple(m for m in apps.get_app_config("meetings").get_models() if issubclass(m, MinutesContentMixin))


@functools.cache
def stored_record_models():
    from .models import MinutesCorrection, MinutesPdf

    return frozenset({MinutesPdf, MinutesCorrection})


@functools.cache
def set_null_references():
    """{model: [(locked model, its SET_NULL key to model), …]} for the fields the lock covers."""
    references = {}
    for model in content_models():
        for field in _locked_fields(model):
            if field.many_to_one and field.remote_field.on_delete is models.SET_NULL:
                references.setdefault(field.related_model._meta.concrete_model, []).append((model, field))
    return references


@functools.cache
def locked_throughs():
    """The many-to-many tables whose sets the minutes show (guests under an item)."""
    return tuple(getattr(model, name).through for model in content_models() for name in model.minutes_m2m)


def connect_signals():
    """Called from MeetingsConfig.ready(): every door to a locked record meets the lock."""
    from django.db.models.signals import m2m_changed, pre_delete, pre_save

    from .models import Meeting

    guarded = {Meeting, *content_models(), *stored_record_models()}
    for model in guarded:
        pre_save.connect(on_pre_save, sender=model, dispatch_uid=f"klu-lock-save-{model._meta.label}")
    for model in guarded | set(set_null_references()):
        pre_delete.connect(on_pre_delete, sender=model, dispatch_uid=f"klu-lock-delete-{model._meta.label}")
    for through in locked_throughs():
        m2m_changed.connect(on_m2m_changed, sender=through, dispatch_uid=f"klu-lock-m2m-{through._meta.label}")
