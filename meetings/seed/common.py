"""Helpers the loader uses to write records only when they differ from the seed.

A second run of `seed_klu` must change nothing: no new rows, no changed fields, no
new history rows and no rewritten files. So every record is found by its natural
key and saved only when one of its seeded fields differs from what is stored;
simple-history writes a history row on every save(), so not saving is the only
way to write no history. Many-to-many sets are likewise changed only when they
differ (simple-history records a row for every add or remove).
"""

import collections
import hashlib

from django.core.files.base import ContentFile
from django.db import models

from meetings.richtext import sanitize

CHANGE_REASON = "Indlæst fra kildedokumenterne"


def label_to_numbers(label):
    """'2.a' -> (2, 1); '4' -> (4, 0)."""
    number, _, letter = str(label).partition(".")
    return int(number), (ord(letter) - ord("a") + 1) if letter else 0


class Stats:
    """Counts of what one run created, changed and left alone, per model."""

    def __init__(self):
        self.created = collections.Counter()
        self.updated = collections.Counter()
        self.unchanged = collections.Counter()
        self.files_written = 0
        self.files_unchanged = 0

    def record(self, model, outcome):
        name = model._meta.verbose_name_plural
        getattr(self, outcome)[str(name)] += 1

    @property
    def changed_anything(self):
        return bool(sum(self.created.values()) or sum(self.updated.values()) or self.files_written)

    def summary(self):
        return (f"{sum(self.created.values())} oprettet, {sum(self.updated.values())} ændret, "
                f"{sum(self.unchanged.values())} uændret; {self.files_written} filer skrevet, "
                f"{self.files_unchanged} filer uændret.")

    def details(self):
        """One line per kind of record that was created or changed."""
        for name in sorted(set(self.created) | set(self.updated)):
            parts = []
            if self.created[name]:
                parts.append(f"{self.created[name]} oprettet")
            if self.updated[name]:
                parts.append(f"{self.updated[name]} ændret")
            yield f"  {name}: {', '.join(parts)}"


def _stored_value(obj, field):
    value = getattr(obj, field.attname)
    if isinstance(field, models.FileField):
        return value.name or ""
    return value


def _wanted_value(field, value, rich):
    if field.is_relation and field.many_to_one:
        return value.pk if isinstance(value, models.Model) else value
    if field.name in rich:
        return sanitize(value)
    if isinstance(field, models.FileField):
        return value or ""
    return value


def upsert(stats, model, lookup, values=None, *, rich=()):
    """Find the `model` row matching `lookup`; create it, or update the fields in
    `values` that differ. Saves (and so writes history) only when something changed.

    `rich` names the fields the model sanitises in save(); they are compared in
    sanitised form so that the stored value and the seed's value agree.
    """
    values = values or {}
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model(**lookup, **values)
        obj._change_reason = CHANGE_REASON
        obj.save()
        stats.record(model, "created")
        return obj
    changed = False
    for name, value in values.items():
        field = model._meta.get_field(name)
        # Aware datetimes compare as instants, whatever their time zone.
        if _stored_value(obj, field) != _wanted_value(field, value, rich):
            setattr(obj, field.name, value)
            changed = True
    if changed:
        obj._change_reason = CHANGE_REASON
        obj.save()
        stats.record(model, "updated")
    else:
        stats.record(model, "unchanged")
    return obj


def set_m2m(obj, field_name, targets):
    """Make obj.<field_name> exactly `targets`, touching it only when it differs."""
    manager = getattr(obj, field_name)
    wanted = {t.pk for t in targets}
    current = set(manager.values_list("pk", flat=True))
    if wanted != current:
        obj._change_reason = CHANGE_REASON
        manager.set(list(targets))


def sha256_hex(data):
    return hashlib.sha256(data).hexdigest()


def store_file(stats, storage, name, data):
    """Write `data` to `name` in `storage` unless the file there already has the same bytes.

    Returns the stored name, always `name`: a stale file of another content is
    replaced rather than saved beside it under a random suffix.
    """
    if storage.exists(name):
        with storage.open(name, "rb") as handle:
            if sha256_hex(handle.read()) == sha256_hex(data):
                stats.files_unchanged += 1
                return name
        storage.delete(name)
    stored = storage.save(name, ContentFile(data))
    if stored != name:  # pragma: no cover - only if the storage renamed it anyway
        raise RuntimeError(f"Storage saved {name!r} as {stored!r}")
    stats.files_written += 1
    return stored
