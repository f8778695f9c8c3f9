"""Thin template filters over meetings.formatting, in the language of the request."""

from django import template
import datetime

from django.utils import timezone
from django.utils.translation import get_language

from .. import formatting

register = template.Library()


def _language():
    return get_language() or "da"


@register.filter
def da_date(value, weekday=True):
    """A date as the current language writes it: 'torsdag den 4. april 2024'."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        # A moment's date is the date where the reader is, not in UTC.
        value = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    if _language().startswith("en"):
        return formatting.english_date(value, weekday=bool(weekday))
    return formatting.danish_date(value, weekday=bool(weekday))


@register.filter
def da_time(value):
    """A time of day: 'kl. 15.00' (English '15:00'); empty when unknown."""
    if value is None:
        return ""
    if _language().startswith("en"):
        return f"{value:%H:%M}"
    return formatting.clock(value)


@register.filter
def da_datetime(value, weekday=False):
    """A moment in local time: '1. december 2026 kl. 20.01'. A date alone is written as a date."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime.datetime):
        return da_date(value, weekday)
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    if _language().startswith("en"):
        return formatting.english_datetime(value, weekday=bool(weekday))
    return formatting.danish_datetime(value, weekday=bool(weekday))


@register.filter
def meeting_when(meeting):
    """'torsdag den 4. april 2024, kl. 15.00–17.00', or the date alone when the time is unknown."""
    return formatting.meeting_when(meeting.date, meeting.start_time, meeting.end_time, language=_language())


@register.filter
def file_size(value):
    """'1,2 MB'; empty for an unknown (zero) size."""
    if not value:
        return ""
    return formatting.file_size(value, language=_language())


@register.filter
def partial_date(value, precision="day"):
    """A date to the precision it is known: 'oktober 2020', '2020' or '7. december 2021'."""
    if value is None:
        return ""
    return formatting.partial_date(value, precision or "day", language=_language())

