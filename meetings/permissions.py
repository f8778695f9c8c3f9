"""Object access for views: one helper per object kind, called on a view's first line.

Each returns the object or raises Http404/PermissionDenied. Writes need the
secretariat of the object's committee (meetings.access.viewer_for: a current
secretary membership of that committee, or an administrator); an anonymous caller
of a write is sent to log in (the view turns NotLoggedIn into a redirect), anyone
else without the right gets 403. Reading rules are in meetings.access.
"""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from . import access
from .models import AgendaItem, Meeting


class NotLoggedIn(PermissionDenied):
    """The caller must log in first."""


def _viewer(user):
    if not user.is_authenticated:
        raise NotLoggedIn()
    return access.viewer_for(user)


def require_secretariat(user, committee_id=None):
    """Secretariat of the committee with this id; with None, of at least one committee.

    Returns the caller's Viewer.
    """
    viewer = _viewer(user)
    if committee_id is None:
        allowed = viewer.is_secretariat
    else:
        allowed = viewer.audience_for_committee(committee_id) >= access.Audience.SECRETARIAT
    if not allowed:
        raise PermissionDenied
    return viewer


def require_admin(user):
    """An administrator of the whole installation. Returns the caller's Viewer."""
    viewer = _viewer(user)
    if not viewer.is_admin:
        raise PermissionDenied
    return viewer


def require_member(user, committee_id):
    """A current member (or the secretariat) of the committee with this id. Returns the caller's Viewer."""
    viewer = _viewer(user)
    if viewer.audience_for_committee(committee_id) < access.Audience.MEMBER:
        raise PermissionDenied
    return viewer


def get_meeting_for_user(user, pk, *, write=False):
    if write:
        # Someone who is secretariat nowhere learns nothing, not even whether the meeting exists.
        require_secretariat(user)
    meeting = get_object_or_404(Meeting.objects.select_related("committee", "minute_taker"), pk=pk)
    if write:
        require_secretariat(user, meeting.committee_id)
    return meeting


def get_item_for_user(user, pk, *, write=False):
    if write:
        require_secretariat(user)
    item = get_object_or_404(AgendaItem.objects.select_related("meeting", "meeting__committee"), pk=pk)
    if write:
        require_secretariat(user, item.meeting.committee_id)
    return item
