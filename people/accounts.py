"""Writes on accounts: every account belongs to a person, and each change is one function here.

person_invite creates (or reuses) the person's account and mails a one-time link that
expires; account_deactivate and account_reactivate are the secretariat's switch;
account_deactivate_if_former closes the account of someone whose last membership has
ended (the nightly `manage.py deactivate_former_members`, and the register when it ends
a membership). Each runs in a transaction, locks the person row, and writes a history
row on the person naming who did it and why (the User table keeps no history).
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode
from django.utils.translation import gettext as _

from meetings.absolute_urls import absolute_url
from meetings.formatting import danish_date
from meetings.models import Membership, Person
from meetings.services import Refused, _by

from .backends import current_memberships, is_administrator


class InvitationTokenGenerator(PasswordResetTokenGenerator):
    """The invitation link's token: Django's reset token with its own salt and lifetime.

    It works once: its hash covers the password (unusable and random until the person
    sets one) and the last log-in, so setting the password or inviting again spends it.
    It also covers the person's address, so a link mailed to an old address dies when
    the secretariat corrects it.
    """

    key_salt = "people.accounts.InvitationTokenGenerator"

    @staticmethod
    def lifetime_seconds():
        return settings.INVITATION_DAYS * 24 * 3600

    def _make_hash_value(self, user, timestamp):
        person = getattr(user, "person", None)
        return super()._make_hash_value(user, timestamp) + (person.email if person else "")

    def check_token(self, user, token):
        # Django's own check measures the age against PASSWORD_RESET_TIMEOUT; an
        # invitation lives INVITATION_DAYS, so this is Django's check with that lifetime.
        if not (user and token):
            return False
        try:
            ts_b36, _hash = token.split("-")
            timestamp = base36_to_int(ts_b36)
        except ValueError:
            return False
        if not any(constant_time_compare(self._make_token_with_timestamp(user, timestamp, secret), token)
                   for secret in [self.secret, *self.secret_fallbacks]):
            return False
        return self._num_seconds(self._now()) - timestamp <= self.lifetime_seconds()


invitation_token_generator = InvitationTokenGenerator()


def _locked(person):
    # Locks the person row only: the account is on the nullable side of the join.
    return Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)


def _username_for(person):
    """A free username for the person's account: the address if it fits, else one from the row."""
    UserModel = get_user_model()
    candidate = person.email.lower()
    if len(candidate) <= 150 and not UserModel._default_manager.filter(username__iexact=candidate).exists():
        return candidate
    return f"person-{person.pk}"


def _address_taken(person):
    """Is the person's address already another person's (or an unowned account's)? One query each."""
    email = person.email
    return (Person.objects.filter(email__iexact=email).exclude(pk=person.pk).exists()
            or get_user_model()._default_manager.filter(person__isnull=True, email__iexact=email)
            .exclude(pk=person.user_id or 0).exists())


def invitation_path(user):
    """The site-relative address of the user's invitation link (a fresh token)."""
    return reverse("people:invitation", args=[urlsafe_base64_encode(force_bytes(user.pk)),
                                             invitation_token_generator.make_token(user)])


@transaction.atomic
def person_invite(*, person: Person, user, reason: str = ""):
    """Give the person an account (or reuse theirs) and mail them a one-time link to set a password.

    The account has no usable password until the link is used. Inviting again sends a
    new link and spends every earlier one. Refused, in Danish, for a person without an
    address, with an address someone else has, without a current or coming membership,
    or with a deactivated account. The mail is sent inside the transaction: if it
    cannot be sent, nothing is saved and the secretariat is told.
    """
    person = _locked(person)
    problems = []
    if not person.email:
        problems.append(_("Personen har ingen e-mailadresse. Tilføj en, før du inviterer."))
    elif _address_taken(person):
        problems.append(_("En anden person eller konto har allerede e-mailadressen %(email)s.")
                        % {"email": person.email})
    today = timezone.localdate()
    has_seat = Membership.objects.filter(person=person).filter(
        current_memberships(today) | Q(start__gt=today)).exists()
    account = person.user
    if not has_seat and not (account and is_administrator(account)):
        problems.append(_("Personen har intet nuværende eller kommende medlemskab og kan derfor ikke logge ind."))
    if account is not None and not account.is_active:
        problems.append(_("Personens konto er deaktiveret. Genaktivér den, før du inviterer igen."))
    if problems:
        raise Refused(problems)

    if account is None:
        account = get_user_model()(username=_username_for(person), is_active=True)
    account.email = person.email
    account.set_unusable_password()
    account.save()
    if person.user_id != account.pk:
        person.user = account
    _by(person, user, reason or _("Inviteret til at oprette en adgangskode"))
    person.save()

    expires = timezone.localdate() + datetime.timedelta(days=settings.INVITATION_DAYS)
    context = {
        "person": person,
        "link": absolute_url(invitation_path(account)),
        "login_link": absolute_url(reverse("login")),
        "expires": danish_date(expires, weekday=False),
        "days": settings.INVITATION_DAYS,
    }
    subject = "".join(render_to_string("people/account_invitation_subject.txt", context).splitlines())
    # Through the outbox like every mail: recorded with the invitation, sent after the
    # commit, retried while the mail server is away, and listed with its fate.
    from mail.outbox import queue_mail

    queue_mail(kind="invitation", to_address=person.email, subject=subject,
               text=render_to_string("people/account_invitation_email.txt", context),
               html=render_to_string("people/account_invitation_email.html", context), person=person, user=user)
    return account


@transaction.atomic
def account_deactivate(*, person: Person, user, reason: str):
    """Close the person's account: they cannot log in, and an open session ends at its next request."""
    return _set_active(person=person, user=user, active=False, reason=reason)


@transaction.atomic
def account_reactivate(*, person: Person, user, reason: str):
    """Open a deactivated account again (log-in still needs a current membership)."""
    return _set_active(person=person, user=user, active=True, reason=reason)


def _set_active(*, person, user, active, reason):
    person = _locked(person)
    if person.user is None:
        raise Refused([_("Personen har ingen konto.")])
    if person.user.is_active == active:
        raise Refused([_("Kontoen er allerede aktiv.") if active else _("Kontoen er allerede deaktiveret.")])
    person.user.is_active = active
    person.user.save(update_fields=["is_active"])
    if active:
        change = _("Konto genaktiveret: %(reason)s") % {"reason": reason} if reason else _("Konto genaktiveret")
    else:
        change = _("Konto deaktiveret: %(reason)s") % {"reason": reason} if reason else _("Konto deaktiveret")
    _by(person, user, change)
    person.save()
    return person.user


def is_former_member(person, on=None):
    """Has every one of the person's memberships ended (and none is coming)? One query."""
    on = on or timezone.localdate()
    return not Membership.objects.filter(person=person).filter(
        current_memberships(on) | Q(start__gt=on)).exists()


def account_deactivate_if_former(*, person: Person, user=None, reason: str = ""):
    """Deactivate the person's account if their last membership has ended; True if it did.

    Administrators keep their account. Safe to call again: an inactive account is left alone.
    """
    with transaction.atomic():
        person = _locked(person)
        account = person.user
        if account is None or not account.is_active or is_administrator(account) or not is_former_member(person):
            return False
        account_deactivate(person=person, user=user,
                           reason=reason or _("det sidste medlemskab er udløbet"))
        return True


@transaction.atomic
def account_set_password(*, account, password: str, reason: str):
    """Set the account's password (validated by the form that asks for it); spends every open link.

    Written on the person's history with the account holder as the author.
    """
    account = get_user_model()._default_manager.select_for_update().get(pk=account.pk)
    account.set_password(password)
    account.save(update_fields=["password"])
    person = Person.objects.filter(user=account).first()
    if person is not None:
        _by(person, account, reason)
        person.save()
    return account
