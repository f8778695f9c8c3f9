"""Object access for views: one helper per object kind, called on a view's first line.

Each returns the object or raises Http404/PermissionDenied. Writes need the
secretariat; an anonymous caller of a write is sent to log in (the view turns
NotLoggedIn into a redirect), a member or outsider gets 403. Reading rules are
in meetings.access.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from . import access
from .models import AgendaItem, Meeting


class NotLoggedIn(PermissionDenied):
    """The caller must log in first."""


def require_secretariat(user):
    if not user.is_authenticated:
        raise NotLoggedIn()
    if access.audience_for(user) < access.Audience.SECRETARIAT:
        raise PermissionDenied


def require_member(user):
    if not user.is_authenticated:
        raise NotLoggedIn()
    if access.audience_for(user) < access.Audience.MEMBER:
        raise PermissionDenied


def get_meeting_for_user(user, pk, *, write=False):
    if write:
        require_secretariat(user)
    return get_object_or_404(Meeting.objects.select_related("committee", "minute_taker"), pk=pk)


def get_item_for_user(user, pk, *, write=False):
    if write:
        require_secretariat(user)
    return get_object_or_404(AgendaItem.objects.select_related("meeting", "meeting__committee"), pk=pk)
