"""Who may see what: the single place where the access rules live.

Three audiences:
- the public (anyone, logged in or not): published agendas and signed-off minutes,
  open items and open attachments only; a closed item shows as its number and
  "Lukket punkt";
- members (logged in, in the members group): everything published, closed items
  and closed attachments included;
- the secretariat (in the secretariat group, or a superuser): everything, drafts included.

Pages, downloads, search, exports and the API all ask these functions; none of them
decides visibility on its own.
"""

import enum

from django.db.models import Q

SECRETARIAT_GROUP = "Sekretariat"
MEMBER_GROUP = "Medlemmer"


class Audience(enum.IntEnum):
    PUBLIC = 0
    MEMBER = 1
    SECRETARIAT = 2


def audience_for(user):
    """The audience a user belongs to. Reads the user's groups (one query, cached on the user)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Audience.PUBLIC
    cached = getattr(user, "_klu_audience", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        audience = Audience.SECRETARIAT
    else:
        groups = set(user.groups.values_list("name", flat=True))
        if SECRETARIAT_GROUP in groups:
            audience = Audience.SECRETARIAT
        elif MEMBER_GROUP in groups:
            audience = Audience.MEMBER
        else:
            audience = Audience.PUBLIC
    user._klu_audience = audience
    return audience


def agenda_visible(audience, meeting):
    """May this audience read the meeting's agenda (its items and agenda attachments)?"""
    return audience >= Audience.SECRETARIAT or meeting.agenda_is_public


def minutes_visible(audience, meeting):
    """May this audience read the meeting's minutes (attendance, decisions, minutes attachments)?"""
    return audience >= Audience.SECRETARIAT or meeting.is_signed_off


def closed_visible(audience):
    """May this audience read closed items and closed attachments?"""
    return audience >= Audience.MEMBER


def attachment_visible(audience, attachment, meeting=None):
    """May this audience download this attachment? Pass `meeting` to avoid a query."""
    meeting = meeting or attachment.meeting
    item = attachment.item if attachment.item_id else None
    closed = attachment.is_closed or (item is not None and item.is_closed)
    if closed and not closed_visible(audience):
        return False
    if attachment.part == attachment.Part.MINUTES:
        return minutes_visible(audience, meeting)
    return agenda_visible(audience, meeting)


def items_filter(audience):
    """A Q over AgendaItem for the items whose *content* this audience may search or list."""
    public_statuses = ["agenda_published", "held", "minutes_drafted", "signed_off"]
    if audience >= Audience.SECRETARIAT:
        return Q()
    q = Q(meeting__status__in=public_statuses)
    if not closed_visible(audience):
        q &= Q(is_closed=False)
    return q
