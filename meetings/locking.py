"""Signed-off minutes are legal records: nothing may change them but a correction.

The guard sits in the models' save() and delete(), so every path (views, forms, the
admin, scripts) meets it. The only ways through are `minutes_unlocked(meeting_pk)`,
which services.minutes_correct uses after recording a reason, and
`minutes_unlocked()` with no meeting, which data import (seed_klu) uses to load
historic minutes that were signed off before they reached this system.
"""

import contextlib
import contextvars

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# frozenset of meeting pks, or None when everything is unlocked (data import).
_unlocked = contextvars.ContextVar("klu_minutes_unlocked", default=frozenset())


class MinutesLocked(ValidationError):
    """Raised when something tries to change signed-off minutes outside a correction."""

    def __init__(self):
        super().__init__(
            _("Referatet er godkendt og låst. Ændringer kan kun ske som en rettelse med en begrundelse."),
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


def ensure_editable(meeting_pk):
    """Raise MinutesLocked if the meeting's minutes are signed off. Runs one query."""
    from .models import Meeting

    if meeting_pk is None or is_unlocked(meeting_pk):
        return
    if Meeting.objects.filter(pk=meeting_pk, status=Meeting.Status.SIGNED_OFF).exists():
        raise MinutesLocked()


class MinutesContentMixin:
    """For records that are part of a meeting's agenda or minutes."""

    def lock_meeting_pk(self):
        raise NotImplementedError

    def save(self, *args, **kwargs):
        ensure_editable(self.lock_meeting_pk())
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        ensure_editable(self.lock_meeting_pk())
        return super().delete(*args, **kwargs)
