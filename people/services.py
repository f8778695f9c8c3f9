"""Writes to the register of people: one function per change.

Each runs in a transaction, locks the row it changes (select_for_update), refuses a
save made from an older version (ConcurrentEdit, like meetings.services), and records
who made the change and why in the history (simple-history's _history_user and
_change_reason). The register's views call these; none changes a record itself.

Memberships are never deleted here: past attendance and signed-off minutes rest on
them, so a membership that ends gets an end date instead.
"""

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from meetings.models import Membership, Organisation, Person
from meetings.services import NOT_YET_CREATED, ConcurrentEdit, Refused, _by, check_expected_version


def _checked(model, obj, expected_version, gone_message):
    """Lock the stored row of `obj` and check the editor started from its version.

    Returns the stored row (None for a new record). Runs one query for a stored record.
    """
    check_expected_version(expected_version)
    if obj.pk is None:
        if expected_version != NOT_YET_CREATED:
            raise Refused([gone_message])
        return None
    current = model.objects.select_for_update().filter(pk=obj.pk).first()
    if current is None:
        raise Refused([gone_message])
    if current.version != expected_version:
        raise ConcurrentEdit(current)
    return current


def _save(obj, *, unique_message):
    """Save, turning a unique-name clash that slipped past the form into a Danish refusal."""
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError:
        raise Refused([unique_message]) from None


@transaction.atomic
def organisation_save(*, organisation: Organisation, user, expected_version: int, reason: str = "") -> Organisation:
    """Create an organisation or change its name or sector."""
    current = _checked(Organisation, organisation, expected_version, _("Organisationen findes ikke længere."))
    if current is not None:
        organisation.version = current.version
    default = _("Organisation oprettet") if current is None else _("Organisation ændret")
    _by(organisation, user, reason.strip() or default)
    _save(organisation, unique_message=_("Der findes allerede en organisation med det navn."))
    return organisation


@transaction.atomic
def person_save(*, person: Person, user, expected_version: int, reason: str = "") -> Person:
    """Create a person (a member to be, or a guest) or change their details.

    Signed-off minutes keep showing the person's title, workplace and organisation as
    they were (Attendance snapshots them); the name is shown as it is now.
    """
    current = _checked(Person, person, expected_version, _("Personen findes ikke længere."))
    if current is not None:
        person.version = current.version
        # The account link is the accounts part's business; an edit here never moves it.
        person.user_id = current.user_id
    default = _("Person oprettet") if current is None else _("Person ændret")
    _by(person, user, reason.strip() or default)
    _save(person, unique_message=_("Der findes allerede en person med det navn."))
    return person


def _check_period(start, end):
    if start and end and end < start:
        raise Refused([_("Et medlemskab kan ikke slutte, før det begynder.")])


@transaction.atomic
def membership_save(*, membership: Membership, user, expected_version: int, reason: str = "") -> Membership:
    """Give a person a seat on a committee, or change a seat's side, role or period."""
    current = _checked(Membership, membership, expected_version, _("Medlemskabet findes ikke længere."))
    if current is not None:
        membership.version = current.version
        # A seat belongs to one person; moving it would rewrite who sat where.
        membership.person_id = current.person_id
    _check_period(membership.start, membership.end)
    default = _("Medlemskab oprettet") if current is None else _("Medlemskab ændret")
    _by(membership, user, reason.strip() or default)
    membership.save()
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, user, end: datetime.date, expected_version: int,
                   reason: str = "") -> Membership:
    """End a seat on a given day (the last day the person holds it).

    Nothing else changes: past attendance keeps its snapshots and the membership stays,
    because the minutes of the meetings the person attended rest on it.
    """
    current = _checked(Membership, membership, expected_version, _("Medlemskabet findes ikke længere."))
    if end is None:
        raise Refused([_("Angiv den sidste dag i medlemskabet.")])
    _check_period(current.start, end)
    current.end = end
    _by(current, user, reason.strip() or _("Medlemskab afsluttet"))
    current.save(update_fields=["end"])
    # An account belongs to a member: when the last seat has ended, the account goes too
    # (a seat ending later is caught by `manage.py deactivate_former_members`).
    from .accounts import account_deactivate_if_former

    account_deactivate_if_former(person=current.person, user=user)
    return current


@transaction.atomic
def person_forget_contact_details(*, person: Person, user, expected_version: int, reason: str = "") -> Person:
    """Remove the e-mail address and telephone of a person who has left.

    The name stays: signed-off minutes are a public record and keep naming the people
    who took part. The details are removed from the person's earlier history rows as
    well, or the history would still hold what was meant to be removed. Refused while
    the person holds a membership that has not ended.
    """
    current = _checked(Person, person, expected_version, _("Personen findes ikke længere."))
    # A seat that has not ended yet (current, or starting later) means the person has not left.
    if current.memberships.filter(Q(end__isnull=True) | Q(end__gte=timezone.localdate())).exists():
        raise Refused([_("Personen har stadig et aktuelt medlemskab. Afslut medlemskabet først.")])
    current.email = ""
    current.phone = ""
    _by(current, user, reason.strip() or _("Kontaktoplysninger fjernet"))
    current.save(update_fields=["email", "phone"])
    Person.history.filter(id=current.pk).update(email="", phone="")
    return current
