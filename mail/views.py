"""The outbox in the workspace: send a failed mail again."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings.permissions import NotLoggedIn, require_admin, require_secretariat

from . import outbox
from .models import OutgoingMail


def get_mail_for_secretariat(user, pk):
    """The mail, for the secretariat of its meeting's committee (an administrator for a
    mail about no meeting); Http404/PermissionDenied/NotLoggedIn otherwise."""
    # Someone who is secretariat nowhere learns nothing, not even whether the mail exists.
    require_secretariat(user)
    mail = get_object_or_404(OutgoingMail.objects.select_related("meeting"), pk=pk)
    if mail.meeting_id is None:
        require_admin(user)
    else:
        require_secretariat(user, mail.meeting.committee_id)
    return mail


@require_POST
def resend(request, pk):
    try:
        mail = get_mail_for_secretariat(request.user, pk)
    except NotLoggedIn:
        return redirect_to_login(request.get_full_path())
    if mail.status == OutgoingMail.Status.SENT:
        messages.info(request, _("Mailen til %(address)s er allerede sendt.") % {"address": mail.to_address})
    else:
        outbox.resend(mail, request.user)
        messages.success(request, _("Mailen til %(address)s er sat i kø igen.") % {"address": mail.to_address})
    if mail.meeting_id:
        return redirect(reverse("workspace:meeting", args=[mail.meeting_id]) + "#udsendelser")
    return redirect("workspace:dashboard")
