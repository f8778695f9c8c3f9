"""Thin template filters over meetings.formatting."""

from django import template
from django.utils.translation import get_language

from .. import formatting

register = template.Library()


@register.filter
def da_date(value, weekday=True):
    if value is None:
        return ""
    if (get_language() or "da").startswith("en"):
        return formatting.english_date(value, weekday=bool(weekday))
    return formatting.danish_date(value, weekday=bool(weekday))


@register.filter
def meeting_when(meeting):
    return formatting.meeting_when(meeting.date, meeting.start_time, meeting.end_time,
                                   language=get_language() or "da")
