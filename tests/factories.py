"""Plain factory functions for tests: make_x(**overrides) with sensible defaults."""

import datetime
import itertools

from django.contrib.auth.models import Group, User

from meetings.access import ADMIN_GROUP
from meetings import pagecache
from meetings.locking import minutes_unlocked
from meetings.models import (
    AgendaItem,
    Attachment,
    Attendance,
    Committee,
    Decision,
    Meeting,
    Membership,
    Organisation,
    Person,
)

_counter = itertools.count(1)


def make_user(username=None, *, groups=(), **kw):
    username = username or f"user{next(_counter)}"
    user = User.objects.create_user(username=username, password="a-long-test-password", **kw)
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    return user


def _with_memberships(user, committees, role, start, end):
    """Link `user` to a new Person holding a membership of each committee (no committees: no Person)."""
    if not committees:
        return user
    person = make_person(name=f"{user.username.capitalize()} {next(_counter)}", user=user)
    for committee in committees:
        make_membership(committee, person, role=role, start=start, end=end)
    return user


def make_secretary(*committees, start=None, end=None, **kw):
    """A log-in whose Person is secretary of each of `committees`; with none given, an
    administrator of the whole installation (group Administratorer)."""
    username = kw.pop("username", "secretary")
    if not committees:
        # Administrators may also use /admin.
        kw.setdefault("is_staff", True)
        return make_user(username, groups=[ADMIN_GROUP], **kw)
    return _with_memberships(make_user(username, **kw), committees, Membership.Role.SECRETARY, start, end)


def make_member(*committees, start=None, end=None, role=None, **kw):
    """A log-in whose Person holds a current membership (or one from `start` to `end`)
    of each of `committees`; with none given, a log-in that is a member of nothing."""
    user = make_user(kw.pop("username", "member"), **kw)
    return _with_memberships(user, committees, role or Membership.Role.MEMBER, start, end)


def make_membership(committee, person, **kw):
    kw.setdefault("organisation", person.organisation or make_organisation())
    kw.setdefault("side", Membership.Side.MUNICIPALITY)
    return Membership.objects.create(committee=committee, person=person, **kw)


def make_organisation(**kw):
    kw.setdefault("name", f"Organisation {next(_counter)}")
    return Organisation.objects.create(**kw)


def make_person(**kw):
    kw.setdefault("name", f"Person {next(_counter)}")
    return Person.objects.create(**kw)


def make_committee(**kw):
    n = next(_counter)
    kw.setdefault("slug", f"udvalg-{n}")
    kw.setdefault("name", f"Udvalg {n}")
    kw.setdefault("default_location", "Danmarksgade 17")
    return Committee.objects.create(**kw)


def make_meeting(**kw):
    kw.setdefault("committee", kw.get("committee") or make_committee())
    kw.setdefault("date", datetime.date(2024, 4, 4))
    kw.setdefault("start_time", datetime.time(15, 0))
    kw.setdefault("end_time", datetime.time(17, 0))
    kw.setdefault("location", "Danmarksgade 17, 2. sal, mødelokale 1")
    if kw.get("status") == Meeting.Status.SIGNED_OFF:
        kw.setdefault("signed_off_at", datetime.datetime(2024, 4, 10, 12, 0, tzinfo=datetime.timezone.utc))
        kw.setdefault("sign_off_method", Meeting.SignOffMethod.CHAIR)
    return Meeting.objects.create(**kw)


def make_item(meeting, **kw):
    if "number" not in kw:
        last = meeting.items.order_by("-number").first()
        kw["number"] = (last.number + 1) if last else 1
    kw.setdefault("title", f"Punkt {kw['number']}")
    # Factories load fixtures the way an import does, also into signed-off meetings.
    with minutes_unlocked():
        return AgendaItem.objects.create(meeting=meeting, **kw)


def make_decision(item, **kw):
    kw.setdefault("outcome", Decision.Outcome.APPROVED)
    kw.setdefault("text", "Godkendt.")
    with minutes_unlocked():
        return Decision.objects.create(item=item, **kw)


def make_attendance(meeting, person=None, **kw):
    person = person or make_person()
    with minutes_unlocked():
        return Attendance.objects.create(meeting=meeting, person=person, **kw)


def make_attachment(meeting, **kw):
    kw.setdefault("title", f"Bilag {next(_counter)}")
    with minutes_unlocked():
        return Attachment.objects.create(meeting=meeting, **kw)


def sign_off(meeting):
    """Sign off minutes whose content is already written (signed-off minutes refuse new content)."""
    Meeting.objects.filter(pk=meeting.pk).update(
        status=Meeting.Status.SIGNED_OFF, sign_off_method=Meeting.SignOffMethod.CHAIR,
        signed_off_at=datetime.datetime(2024, 4, 10, 12, 0, tzinfo=datetime.timezone.utc))
    pagecache.bump()  # update() sends no signal, so neither the page cache nor the search index hears of it
    meeting.refresh_from_db()
    from search.index import index_meetings

    index_meetings([meeting.pk])


def response_bytes(response):
    """The body of a response, streamed (large files) or not (cached, small files)."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def make_follow_up(decision, **kw):
    """A follow-up action on a decision (open, due in the future unless told)."""
    from meetings.models import FollowUpAction

    kw.setdefault("what", f"Opfølgning {next(_counter)}")
    kw.setdefault("due_date", datetime.date(2030, 1, 1))
    with minutes_unlocked():
        return FollowUpAction.objects.create(decision=decision, **kw)


def make_agreement(**kw):
    """A public collaboration agreement with no parties, items or events."""
    from agreements.models import Agreement

    kw.setdefault("title", f"Samarbejdsaftale {next(_counter)}")
    kw.setdefault("kind", Agreement.Kind.AGREEMENT)
    return Agreement.objects.create(**kw)
