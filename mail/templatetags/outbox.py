"""Times in the outbox as Danes write them: '4. april 2024 kl. 15.02'."""

from django import template
from django.utils import timezone

from meetings import formatting

register = template.Library()


@register.filter
def mail_time(value):
    """A moment in local time, 'torsdag den 4. april 2024 kl. 15.02'; '' for none."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    return f"{formatting.danish_date(local.date())} kl. {formatting.danish_time(local.time())}"
