"""Who may see what: the single place where the access rules live.

Rights come from the membership register, per committee. For the meetings of one
committee a reader is one of three audiences:
- the public (anyone, logged in or not): published agendas and signed-off minutes,
  open items and open attachments only; a closed item shows as its number and
  "Lukket punkt";
- members (a logged-in user whose Person holds a current membership of that committee,
  in any role but secretary): everything published, closed items and closed
  attachments included, and the draft minutes circulated for approval;
- the secretariat (a current secretary membership of that committee, or an
  administrator: a superuser or a member of the ADMIN_GROUP group): everything,
  drafts included.

`viewer_for(user)` reads this once per request into a Viewer (the committees the user
is a member and secretary of). Code about one meeting asks
`viewer.audience_for_committee(meeting.committee_id)` and passes that Audience to the
predicates; code that filters querysets across committees passes the Viewer itself to
the Q filters. Auth groups other than ADMIN_GROUP grant nothing.

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

import dataclasses
import enum
import hashlib

from django.db.models import Q

# Members of this auth group administer the whole installation: secretariat of every committee.
ADMIN_GROUP = "Administratorer"

# The statuses in which the agenda is public (mirrors Meeting.agenda_is_public).
AGENDA_PUBLIC_STATUSES = ("agenda_published", "held", "minutes_drafted", "signed_off")
MINUTES_PUBLIC_STATUSES = ("signed_off",)


class Audience(enum.IntEnum):
    """What a reader is for one meeting (that is, for its committee)."""

    PUBLIC = 0
    MEMBER = 1
    SECRETARIAT = 2


@dataclasses.dataclass(frozen=True)
class Viewer:
    """What one reader may see, per committee, as the membership register says today.

    `member_of`: ids of the committees the reader holds a current membership of (any
    role but secretary); `secretary_of`: those they hold a current secretary membership
    of; `is_admin`: the reader administers the installation (secretariat everywhere).
    """

    member_of: frozenset = frozenset()
    secretary_of: frozenset = frozenset()
    is_admin: bool = False

    def audience_for_committee(self, committee_id):
        """The Audience this reader is for a meeting of the committee with this id."""
        if self.is_admin or committee_id in self.secretary_of:
            return Audience.SECRETARIAT
        if committee_id in self.member_of:
            return Audience.MEMBER
        return Audience.PUBLIC

    @property
    def can_see_closed(self):
        """Ids of the committees whose closed items and attachments this reader may read
        (meaningless for an administrator, who reads everything)."""
        return self.member_of | self.secretary_of

    @property
    def is_secretariat(self):
        """Secretariat of at least one committee (or an administrator): the workspace opens."""
        return self.is_admin or bool(self.secretary_of)

    @property
    def is_member(self):
        """A current member or secretary of at least one committee, or an administrator."""
        return self.is_admin or bool(self.member_of or self.secretary_of)

    @property
    def is_public(self):
        return not self.is_member

    @property
    def key(self):
        """A short stable string that tells readers with different rights apart (cache keys)."""
        if self.is_admin:
            return "admin"
        if self.is_public:
            return "public"
        text = ",".join(map(str, sorted(self.member_of))) + ";" + ",".join(map(str, sorted(self.secretary_of)))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


ANONYMOUS = Viewer()
ADMINISTRATOR = Viewer(is_admin=True)


def viewer_for(user):
    """The Viewer a user is today, from their Person's current memberships and their groups.

    Runs at most one query, and only once per state of the data and day: the answer is
    cached under the content version (which a change of membership, of Person.user or
    of groups replaces: signals in meetings/apps.py) and the date (a membership ends
    on its end date without anything being saved), so a change of rights takes effect
    at once.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return ANONYMOUS
    cached = getattr(user, "_klu_viewer", None)
    if cached is not None:
        return cached
    if user.is_superuser:
        viewer = ADMINISTRATOR
    else:
        from django.core.cache import cache
        from django.utils import timezone

        from .pagecache import content_version

        today = timezone.localdate()
        key = f"viewer:{user.pk}:{content_version()}:{today.isoformat()}"
        viewer = cache.get(key)
        if viewer is None:
            viewer = _viewer_from_records(user, today)
            cache.set(key, viewer, 3600)
    user._klu_viewer = viewer
    return viewer


def current_membership_q(on, prefix=""):
    """A Q over Membership (or, with `prefix`, a model related to it): held on the day `on`."""
    return ((Q(**{f"{prefix}start__isnull": True}) | Q(**{f"{prefix}start__lte": on}))
            & (Q(**{f"{prefix}end__isnull": True}) | Q(**{f"{prefix}end__gte": on})))


def is_administrator(user):
    """Superuser or in ADMIN_GROUP: secretariat of every committee. One query at most."""
    return user.is_superuser or user.groups.filter(name=ADMIN_GROUP).exists()


def _viewer_from_records(user, today):
    """Read the user's current memberships and whether they are an administrator. One query."""
    from django.contrib.auth.models import Group
    from django.db.models import Value

    from .models import Membership

    memberships = (Membership.objects.filter(current_membership_q(today), person__user_id=user.pk).order_by()
                   .values_list("committee_id", "role"))
    admin = Group.objects.filter(name=ADMIN_GROUP, user__pk=user.pk).order_by().values_list(Value(0), Value("admin"))
    member_of, secretary_of, is_admin = set(), set(), False
    for committee_id, role in memberships.union(admin, all=True):
        if role == "admin":
            is_admin = True
        elif role == Membership.Role.SECRETARY:
            secretary_of.add(committee_id)
        else:
            member_of.add(committee_id)
    return Viewer(member_of=frozenset(member_of), secretary_of=frozenset(secretary_of), is_admin=is_admin)


def viewer_for_person(person, today=None):
    """The Viewer a Person is today, whether or not they have an account (mail recipients).

    From the person's current memberships; if their account is an active administrator
    (a superuser or in ADMIN_GROUP), they are secretariat everywhere, as viewer_for says.
    Runs one or two queries and caches nothing: a mail is built once per recipient.
    """
    from django.utils import timezone

    from .models import Membership

    if person is None or person.pk is None:
        return ANONYMOUS
    user = person.user if person.user_id else None
    if user is not None and user.is_active and is_administrator(user):
        return ADMINISTRATOR
    today = today or timezone.localdate()
    current = current_membership_q(today)
    member_of, secretary_of = set(), set()
    for committee_id, role in (Membership.objects.filter(current, person_id=person.pk).order_by()
                               .values_list("committee_id", "role")):
        (secretary_of if role == Membership.Role.SECRETARY else member_of).add(committee_id)
    return Viewer(member_of=frozenset(member_of), secretary_of=frozenset(secretary_of))


def audience_for(user, committee_id):
    """The Audience `user` is for a meeting of the committee with this id (see viewer_for)."""
    return viewer_for(user).audience_for_committee(committee_id)


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


def _of_committees(prefix, committee_ids):
    return Q(**{f"{prefix}meeting__committee_id__in": sorted(committee_ids)})


def _open_or_readable(viewer, prefix, q_open):
    """`q_open` (the row is not closed), widened to the committees whose closed rows `viewer` may read."""
    if viewer.can_see_closed:
        return q_open | _of_committees(prefix, viewer.can_see_closed)
    return q_open


def _or_secretariat(viewer, prefix, q):
    """`q`, widened to everything of the committees `viewer` is secretariat of."""
    if viewer.secretary_of:
        return q | _of_committees(prefix, viewer.secretary_of)
    return q


def items_filter(viewer, prefix=""):
    """A Q over AgendaItem for the items whose *content* this Viewer may search or list.

    `prefix` lets another model filter through its relation, e.g. "item__" on Decision.
    """
    if viewer.is_admin:
        return Q()
    q = Q(**{f"{prefix}meeting__status__in": AGENDA_PUBLIC_STATUSES}) & _open_or_readable(
        viewer, prefix, Q(**{f"{prefix}is_closed": False}))
    return _or_secretariat(viewer, prefix, q)


def decisions_filter(viewer, prefix=""):
    """A Q over AgendaItem (or, with `prefix`, a model related to it) for items whose decision this Viewer may read."""
    if viewer.is_admin:
        return Q()
    q = (Q(**{f"{prefix}meeting__status__in": MINUTES_PUBLIC_STATUSES})
         & _open_or_readable(viewer, prefix, Q(**{f"{prefix}is_closed": False})))
    return _or_secretariat(viewer, prefix, q)


def attachments_filter(viewer, prefix=""):
    """A Q over Attachment for the attachments this Viewer may see listed and download.

    `prefix` lets another model filter through its relation, e.g. "attachment__".
    """
    if viewer.is_admin:
        return Q()
    q = (Q(**{f"{prefix}part": "agenda", f"{prefix}meeting__status__in": AGENDA_PUBLIC_STATUSES})
         | Q(**{f"{prefix}part": "minutes", f"{prefix}meeting__status__in": MINUTES_PUBLIC_STATUSES}))
    q_open = Q(**{f"{prefix}is_closed": False}) & (
        Q(**{f"{prefix}item__isnull": True}) | Q(**{f"{prefix}item__is_closed": False}))
    return _or_secretariat(viewer, prefix, q & _open_or_readable(viewer, prefix, q_open))


def linked_items_filter(viewer, field):
    """A Q over a model whose nullable `field` points at an AgendaItem: the rows
    `linked_item_visible` lets this Viewer see."""
    if viewer.is_admin:
        return Q()
    return Q(**{f"{field}__isnull": True}) | items_filter(viewer, prefix=f"{field}__")


def linked_attachments_filter(viewer, field):
    """A Q over a model whose nullable `field` points at an Attachment: the rows
    `linked_attachment_visible` lets this Viewer see."""
    if viewer.is_admin:
        return Q()
    return Q(**{f"{field}__isnull": True}) | attachments_filter(viewer, prefix=f"{field}__")
