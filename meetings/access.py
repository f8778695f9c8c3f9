"""Who may see what: the single place where the access rules live.

Three audiences:
- the public (anyone, logged in or not): published agendas and signed-off minutes,
  open items and open attachments only; a closed item shows as its number and
  "Lukket punkt";
- members (logged in, in the members group): everything published, closed items
  and closed attachments included;
- the secretariat (in the secretariat group, or a superuser): everything, drafts included.

Pages, downloads, search, exports, the API and the agreement pages all ask these
functions; none of them decides visibility on its own. The predicates over one object
(`agenda_visible`, `attachment_visible`, `linked_item_visible` …) and the Q filters
over querysets (`items_filter`, `decisions_filter`, `attachments_filter`,
`linked_items_filter`, `linked_attachments_filter`) state the same rules twice, once
for Python and once for SQL; tests/meetings/test_access_matrix.py holds them together.

A record that points at an item or an attachment (a guest's "under punkt 3", an
agreement's event or document link) tells something about what it points at, so it
is shown only where its target is.
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


def attendance_visible(audience, attendance, meeting=None, items=None):
    """May this audience see this person's attendance (present, apologies or absent)?

    Attendance belongs to the minutes. A person who took part under certain items only
    (a guest) is shown only while at least one of those items may be read: a guest
    listed at a closed item would tell whom or what the closed item concerns.

    Pass `meeting` and `items` (the attendance's items) when they are at hand, to
    avoid a query each.
    """
    meeting = meeting or attendance.meeting
    if not minutes_visible(audience, meeting):
        return False
    items = list(attendance.items.all()) if items is None else items
    return not items or any(item_visible(audience, item, meeting) for item in items)


def linked_item_visible(audience, item, meeting=None):
    """May this audience see a record that points at `item` (None: at no item)?

    Used for an agreement's events: "Drøftet i KLU – se punktet" next to a closed item
    or an unpublished agenda says what the item is about.
    """
    return item is None or item_visible(audience, item, meeting)


def linked_attachment_visible(audience, attachment, meeting=None, item=None):
    """May this audience see a record that points at `attachment` (None: at no attachment)?

    Used for an agreement's document links, whose titles name the document.
    """
    return attachment is None or attachment_visible(audience, attachment, meeting, item)


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


def attachments_filter(audience, prefix=""):
    """A Q over Attachment for the attachments this audience may see listed and download.

    `prefix` lets another model filter through its relation, e.g. "attachment__".
    """
    if audience >= Audience.SECRETARIAT:
        return Q()
    q = (Q(**{f"{prefix}part": "agenda", f"{prefix}meeting__status__in": AGENDA_PUBLIC_STATUSES})
         | Q(**{f"{prefix}part": "minutes", f"{prefix}meeting__status__in": MINUTES_PUBLIC_STATUSES}))
    if not closed_visible(audience):
        q &= Q(**{f"{prefix}is_closed": False}) & (
            Q(**{f"{prefix}item__isnull": True}) | Q(**{f"{prefix}item__is_closed": False}))
    return q


def linked_items_filter(audience, field):
    """A Q over a model whose nullable `field` points at an AgendaItem: the rows
    `linked_item_visible` lets this audience see."""
    if audience >= Audience.SECRETARIAT:
        return Q()
    return Q(**{f"{field}__isnull": True}) | items_filter(audience, prefix=f"{field}__")


def linked_attachments_filter(audience, field):
    """A Q over a model whose nullable `field` points at an Attachment: the rows
    `linked_attachment_visible` lets this audience see."""
    if audience >= Audience.SECRETARIAT:
        return Q()
    return Q(**{f"{field}__isnull": True}) | attachments_filter(audience, prefix=f"{field}__")
