"""Who may see what: the single place where the access rules live.

Three audiences:
- the public (anyone, logged in or not): published agendas and signed-off minutes,
  open items and open attachments only; a closed item shows as its number and
  "Lukket punkt";
- members (logged in, in the members group): everything published, closed items
  and closed attachments included;
- the secretariat (in the secretariat group, or a superuser): everything, drafts included.

Pages, downloads, search, exports and the API all ask these functions; none of them
decides visibility on its own. The predicates over one object (`agenda_visible`,
`attachment_visible` …) and the Q filters over querysets (`items_filter`,
`decisions_filter`, `attachments_filter`) state the same rules twice, once for
Python and once for SQL; tests/meetings/test_access_matrix.py holds them together.
"""

import enum

from django.db.models import Q

SECRETARIAT_GROUP = "Sekretariat"
MEMBER_GROUP = "Medlemmer"

# The statuses in which the agenda is public (mirrors Meeting.agenda_is_public).
AGENDA_PUBLIC_STATUSES = ("agenda_published", "held", "minutes_drafted", "signed_off")
MINUTES_PUBLIC_STATUSES = ("signed_off",)


class Audience(enum.IntEnum):
    PUBLIC = 0
    MEMBER = 1
    SECRETARIAT = 2


def audience_for(user):
    """The audience a user belongs to.

    Reads the user's groups at most once per state of the data: the answer is cached
    under the content version, which group-membership changes replace (signals in
    meetings/apps.py), so a change of role takes effect at once.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return Audience.PUBLIC
    cached = getattr(user, "_klu_audience", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        audience = Audience.SECRETARIAT
    else:
        from django.core.cache import cache

        from .pagecache import content_version

        key = f"audience:{user.pk}:{content_version()}"
        stored = cache.get(key)
        if stored is None:
            groups = set(user.groups.values_list("name", flat=True))
            if SECRETARIAT_GROUP in groups:
                stored = Audience.SECRETARIAT
            elif MEMBER_GROUP in groups:
                stored = Audience.MEMBER
            else:
                stored = Audience.PUBLIC
            cache.set(key, int(stored), 3600)
        audience = Audience(stored)
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


def item_visible(audience, item, meeting=None):
    """May this audience read this item's title and text (not just its number)?"""
    meeting = meeting or item.meeting
    if not agenda_visible(audience, meeting):
        return False
    return not item.is_closed or closed_visible(audience)


def decision_visible(audience, item, meeting=None):
    """May this audience read the decision on this item (and its notes and follow-ups)?"""
    meeting = meeting or item.meeting
    return item_visible(audience, item, meeting) and minutes_visible(audience, meeting)


def attachment_visible(audience, attachment, meeting=None, item=None):
    """May this audience download this attachment?

    Pass `meeting` (and `item`, for an item's attachment) when they are at hand, to
    avoid a query each.
    """
    meeting = meeting or attachment.meeting
    if attachment.item_id and item is None:
        item = attachment.item
    closed = attachment.is_closed or (item is not None and item.is_closed)
    if closed and not closed_visible(audience):
        return False
    if attachment.part == attachment.Part.MINUTES:
        return minutes_visible(audience, meeting)
    return agenda_visible(audience, meeting)


def items_filter(audience, prefix=""):
    """A Q over AgendaItem for the items whose *content* this audience may search or list.

    `prefix` lets another model filter through its relation, e.g. "item__" on Decision.
    """
    if audience >= Audience.SECRETARIAT:
        return Q()
    q = Q(**{f"{prefix}meeting__status__in": AGENDA_PUBLIC_STATUSES})
    if not closed_visible(audience):
        q &= Q(**{f"{prefix}is_closed": False})
    return q


def decisions_filter(audience, prefix=""):
    """A Q over AgendaItem (or, with `prefix`, a model related to it) for items whose decision may be read."""
    if audience >= Audience.SECRETARIAT:
        return Q()
    return items_filter(audience, prefix) & Q(**{f"{prefix}meeting__status__in": MINUTES_PUBLIC_STATUSES})


def attachments_filter(audience):
    """A Q over Attachment for the attachments this audience may see listed and download."""
    if audience >= Audience.SECRETARIAT:
        return Q()
    q = (Q(part="agenda", meeting__status__in=AGENDA_PUBLIC_STATUSES)
         | Q(part="minutes", meeting__status__in=MINUTES_PUBLIC_STATUSES))
    if not closed_visible(audience):
        q &= Q(is_closed=False) & (Q(item__isnull=True) | Q(item__is_closed=False))
    return q
