"""Pages for accounts: the secretariat's invite and deactivate, the invitation link, "Glemt adgangskode".

The secretariat's views start with meetings.permissions.require_secretariat and change
state only through people.accounts. The public ones are Django's password views with
the project's templates, a token generator of their own for invitations, and a reset
form that finds people by the address in the register.
"""

import datetime
import logging
import time

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, password_validation
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.contrib.auth.views import (
    PasswordResetCompleteView,
    PasswordResetConfirmView,
    PasswordResetDoneView,
    PasswordResetView,
)
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from klu.middleware import client_ip_address
from meetings.absolute_urls import site_url
from meetings.access import Audience
from meetings.models import Membership, Person
from meetings.permissions import require_secretariat
from meetings.services import Refused
from meetings.workspace.forms import DesignSystemMixin, VisibleTextField
from meetings.workspace.views import login_on_anonymous

from . import accounts
from .backends import may_log_in, users_with_email

logger = logging.getLogger(__name__)

# ------------------------------------------------------------------ the secretariat


class ReasonForm(DesignSystemMixin, forms.Form):
    """Why the secretariat deactivates or reactivates an account (kept in the person's history)."""

    reason = VisibleTextField(label=gettext_lazy("Begrundelse"), max_length=300,
                              error_messages={"required": gettext_lazy("Skriv en begrundelse.")})


def _person_for_secretariat(user, pk):
    """The person, if the caller is secretariat of a committee the person sits (or sat) in.

    An administrator may act on anyone; a person with no membership (a guest) is any
    secretariat's. The KLU secretariat does not manage Chefforum's people.
    """
    viewer = require_secretariat(user)
    person = get_object_or_404(Person.objects.select_related("user"), pk=pk)
    committees = set(Membership.objects.filter(person=person).values_list("committee_id", flat=True))
    if committees and not viewer.is_admin and not any(
            viewer.audience_for_committee(committee) >= Audience.SECRETARIAT for committee in committees):
        raise PermissionDenied
    return person


def _account_page(request, person, *, status=200, problems=(), reason_form=None):
    return render(request, "people/account_status.html", {
        "person": person, "problems": list(problems), "reason_form": reason_form or ReasonForm(),
        "next": request.POST.get("next", "") if request.method == "POST" else "",
    }, status=status)


def _back(request, person):
    """Where a successful action returns: the page it was sent from (`next`), else the account page."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return redirect(target)
    return redirect("people:account", pk=person.pk)


@login_on_anonymous
def account_status(request, pk):
    person = _person_for_secretariat(request.user, pk)
    return _account_page(request, person)


@require_POST
@login_on_anonymous
def invite(request, pk):
    person = _person_for_secretariat(request.user, pk)
    try:
        accounts.person_invite(person=person, user=request.user)
    except Refused as refused:
        return _account_page(request, person, status=400, problems=refused.problems)
    messages.success(request, _("Invitationen er sendt til %(email)s.") % {"email": person.email})
    return _back(request, person)


def _switch(request, pk, service, done):
    person = _person_for_secretariat(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _account_page(request, person, status=400, reason_form=form)
    try:
        service(person=person, user=request.user, reason=form.cleaned_data["reason"])
    except Refused as refused:
        return _account_page(request, person, status=400, problems=refused.problems, reason_form=form)
    messages.success(request, done % {"name": person.name})
    return _back(request, person)


@require_POST
@login_on_anonymous
def deactivate(request, pk):
    return _switch(request, pk, accounts.account_deactivate, _("Kontoen for %(name)s er deaktiveret."))


@require_POST
@login_on_anonymous
def reactivate(request, pk):
    return _switch(request, pk, accounts.account_reactivate, _("Kontoen for %(name)s er genaktiveret."))


# ------------------------------------------------------------------ the invitation link


class PasswordForm(DesignSystemMixin, SetPasswordForm):
    """Django's set-password form (the project's validators, Django's Danish) in the design system."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The validators' hints as one sentence: the field partial shows a hint as inline text.
        self.fields["new_password1"].help_text = " ".join(password_validation.password_validators_help_texts())


class SpentLinkIsBadRequest:
    """A used, expired or forged link shows its explanation with status 400, GET or POST."""

    def render_to_response(self, context, **kwargs):
        if not context.get("validlink"):
            kwargs.setdefault("status", 400)
        return super().render_to_response(context, **kwargs)


class InvitationView(SpentLinkIsBadRequest, PasswordResetConfirmView):
    """The link in the invitation: set a password once, then be logged in.

    Django's view checks the link, moves the token into the session and away from the
    address bar (so it does not leak through the Referer), and shows the form; a used or
    expired link shows the same template with `validlink` false.
    """

    token_generator = accounts.invitation_token_generator
    template_name = "people/account_invitation.html"
    form_class = PasswordForm
    success_url = reverse_lazy("people:invitation-done")

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "days": settings.INVITATION_DAYS}

    def form_valid(self, form):
        user = accounts.account_set_password(account=form.user, password=form.cleaned_data["new_password1"],
                                             reason=_("Adgangskode oprettet fra invitationen"))
        del self.request.session["_password_reset_token"]
        if may_log_in(user):
            login(self.request, user, backend="people.backends.EmailBackend")
        # Logged in, or (a membership that has not begun yet) told to log in later.
        return redirect(self.get_success_url())


@require_GET
def invitation_done(request):
    return render(request, "people/account_invitation_done.html")


# ------------------------------------------------------------------ "Glemt adgangskode"


class PersonPasswordResetForm(PasswordResetForm):
    """Finds the account by the address in the register (the person's), any case.

    Accounts that may not log in get no mail; the page says the same either way, so
    nobody learns from it whether an address is known.
    """

    def get_users(self, email):
        return (user for user in users_with_email(email).filter(is_active=True).select_related("person")
                if may_log_in(user))

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        # The register's address is the one to write to; the account's copy may be old.
        person = getattr(context["user"], "person", None)
        if person is not None and person.email:
            to_email = person.email
        # Through the outbox like every mail: recorded, sent by the worker with retries,
        # and the page answers as fast for a known address as for an unknown one.
        from mail.models import OutgoingMail
        from mail.outbox import queue_mail

        recent = OutgoingMail.objects.filter(kind="password_reset", to_address__iexact=to_email,
                                             queued_at__gte=timezone.now() - datetime.timedelta(hours=1))
        if recent.count() >= settings.PASSWORD_RESET_MAILS_PER_HOUR:
            # Enough links are on their way; the page says the same as ever.
            logger.info("Glemt adgangskode: no further link to %s this hour.", to_email)
            return

        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        queue_mail(kind="password_reset", to_address=to_email, subject=subject,
                   text=render_to_string(email_template_name, context),
                   html=render_to_string(html_email_template_name, context) if html_email_template_name else "",
                   person=person)


class PasswordReset(PasswordResetView):
    form_class = PersonPasswordResetForm
    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    html_email_template_name = "registration/password_reset_email.html"
    subject_template_name = "registration/password_reset_subject.txt"
    success_url = reverse_lazy("people:password-reset-done")

    def post(self, request, *args, **kwargs):
        if _too_many_reset_requests(request):
            form = self.get_form()
            form.is_valid()  # what was typed stays, with its own errors if any
            form.add_error(None, _("Der er bedt om for mange links fra denne forbindelse. Prøv igen om en time, "
                                   "eller kontakt sekretariatet."))
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().post(request, *args, **kwargs)

    @property
    def extra_email_context(self):
        # Links in mail start at SITE_URL, never at the request's Host (meetings/absolute_urls.py).
        return {"site_url": site_url()}


def _too_many_reset_requests(request) -> bool:
    """Count this request against its client address; True once the hour's allowance is used."""
    address = client_ip_address(request)
    if address is None:
        return False
    key = f"password-reset:{address}:{int(time.time() // 3600)}"
    # get and set, not incr: a cache that does not answer (klu/cache.py) then only
    # loses the count, and two requests at the same moment may both be let through.
    count = (cache.get(key) or 0) + 1
    cache.set(key, count, 3600)
    return count > settings.PASSWORD_RESET_REQUESTS_PER_HOUR


class PasswordResetDone(PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class PasswordResetConfirm(SpentLinkIsBadRequest, PasswordResetConfirmView):
    template_name = "registration/password_reset_confirm.html"
    form_class = PasswordForm
    success_url = reverse_lazy("people:password-reset-complete")

    def form_valid(self, form):
        accounts.account_set_password(account=form.user, password=form.cleaned_data["new_password1"],
                                      reason=_("Ny adgangskode via ”Glemt adgangskode”"))
        del self.request.session["_password_reset_token"]
        return redirect(self.get_success_url())


class PasswordResetComplete(PasswordResetCompleteView):
    template_name = "registration/password_reset_complete.html"
