"""Log-in with a person's e-mail address (or a username), for accounts that belong to people.

An account is a person's (Person.user). Whether it may log in is decided from the
register, not from a role: the person must hold a current membership of some committee.
Administrators (superusers and the "Administratorer" group, as meetings.access counts
them; being staff alone grants nothing) are exempt, and accounts
that belong to nobody exist only in demo mode (the demo log-ins) or for administrators.

The rule is checked when someone logs in (authenticate), not on every request: a
session already open runs out within SESSION_COOKIE_AGE, and deactivating an account
(people.accounts) ends it at once, because Django refuses an inactive user's session.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Q
from django.utils import timezone

from meetings.access import current_membership_q, is_administrator
from meetings.models import Membership


# Whoever may log in without a seat is exactly whoever meetings.access treats as an
# administrator: is_administrator is imported from there, not written again.


def current_memberships(on=None):
    """A Q over Membership: the memberships current on `on` (today in Copenhagen by default)."""
    return current_membership_q(on or timezone.localdate())


def has_current_membership(person, on=None):
    """Does the person hold a current membership of any committee today? One query."""
    return Membership.objects.filter(current_memberships(on), person=person).exists()


def may_log_in(user):
    """May this (active) account log in now? Runs up to three queries."""
    if not user.is_active:
        return False
    if is_administrator(user):
        return True
    person = getattr(user, "person", None) if user.pk else None
    if person is None:
        # No shared or role accounts: only the demo log-ins belong to nobody.
        return settings.DEMO
    return has_current_membership(person)


def users_with_email(email):
    """Users whose address is `email`, any case: the person's address, or the user's own for
    an account that belongs to no person."""
    return get_user_model()._default_manager.filter(
        Q(person__email__iexact=email) | Q(person__isnull=True, email__iexact=email))


class EmailBackend(ModelBackend):
    """ModelBackend that also takes an e-mail address as the name, and asks the register."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        UserModel = get_user_model()
        if username is None:
            username = kwargs.get(UserModel.USERNAME_FIELD)
        if username is None or password is None:
            return None
        user = UserModel._default_manager.filter(**{UserModel.USERNAME_FIELD: username}).first()
        if user is None and "@" in username:
            # Two accounts with one address would make the address ambiguous; person_invite
            # refuses that, and an ambiguous address logs nobody in.
            candidates = list(users_with_email(username.strip())[:2])
            user = candidates[0] if len(candidates) == 1 else None
        if user is None:
            # Hash anyway, so the time taken does not tell whether the name exists.
            UserModel().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def user_can_authenticate(self, user):
        return may_log_in(user)

    def get_user(self, user_id):
        # A session already open needs only an active account (see the module docstring):
        # the membership rule is a log-in rule.
        UserModel = get_user_model()
        try:
            # Every logged-in page asks for the user's person (menu, rights): load it now.
            user = UserModel._default_manager.select_related("person").get(pk=user_id)
        except UserModel.DoesNotExist:
            return None
        return user if user.is_active else None
