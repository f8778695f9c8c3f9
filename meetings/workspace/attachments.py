"""The workspace's attachment actions (edit, replace, move, delete) and opening what was closed.

As in workspace.views: every view starts with a permission helper and changes state
only through a service (meetings.attachments). An attachment is addressed within its
meeting (/workspace/meetings/<meeting>/attachments/<attachment>/…), so one of another
meeting is not found. A refused form comes back with what was typed and the reasons
(400; 409 for a stale save); a refused action comes back on the hub.
"""

import logging
import mimetypes

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import attachments as service
from .. import stored_files
from ..models import Attachment, Meeting
from ..permissions import get_item_for_user, get_meeting_for_user
from ..services import ConcurrentEdit
from ..uploads import UploadRefused, not_stored_message
from ..views import file_unavailable_response
from . import forms
from .views import _render_hub, hub_url, login_on_anonymous

logger = logging.getLogger(__name__)


def _attachment_for_user(user, pk, attachment_pk):
    """The meeting (secretariat only) and its attachment; another meeting's attachment is not found."""
    meeting = get_meeting_for_user(user, pk, write=True)
    attachment = get_object_or_404(Attachment.objects.select_related("item"), pk=attachment_pk,
                                   meeting_id=meeting.pk)
    attachment.meeting = meeting
    return meeting, attachment


def _editable(meeting):
    return meeting.status not in {Meeting.Status.SIGNED_OFF, Meeting.Status.CANCELLED}


def _anchor(meeting, attachment=None):
    return hub_url(meeting) + (f"#attachment-{attachment.pk}" if attachment else "#bilag")


def _page(request, meeting, attachment, *, status=200, form=None, replace_form=None, conflict=None):
    version = service.attachment_version(attachment)
    if form is None:
        form = forms.AttachmentEditForm(meeting=meeting, attachment=attachment, initial={
            "version": version, "title": attachment.title, "item": attachment.item_id, "part": attachment.part,
            "is_closed": attachment.is_closed, "closed_until": attachment.closed_until,
            "closed_until_event": attachment.closed_until_event})
    return render(request, "workspace/attachment.html", {
        "meeting": meeting, "attachment": attachment, "form": form, "conflict": conflict,
        "replace_form": replace_form or forms.AttachmentReplaceForm(prefix="replace", initial={"version": version}),
        "earlier_files": service.earlier_files(attachment),
        "editable": _editable(meeting),
    }, status=status)


@login_on_anonymous
def attachment_edit(request, pk, attachment_pk):
    """Rename, move to another item or part, mark closed (until a date or event) or open."""
    meeting, attachment = _attachment_for_user(request.user, pk, attachment_pk)
    if request.method != "POST":
        return _page(request, meeting, attachment)
    form = forms.AttachmentEditForm(request.POST, meeting=meeting, attachment=attachment)
    conflict = None
    if form.is_valid():
        try:
            saved = service.attachment_update(attachment=attachment, user=request.user,
                                              data=form.attachment_data(),
                                              expected_version=form.cleaned_data["version"])
        except ConcurrentEdit as error:
            conflict = error.current
            forms.refuse_stale_save(form, _("En anden har gemt bilaget, efter du åbnede det. Intet er overskrevet: "
                                            "din udgave står i formularen, den gemte udgave vises nedenfor. Ret "
                                            "til og gem igen for at bruge din."),
                                    service.attachment_version(conflict))
        except ValidationError as error:  # Refused, or MinutesLocked from the lock
            form.add_error(None, error)
        else:
            messages.success(request, _("Bilaget „%(title)s“ er gemt.") % {"title": saved.title})
            return redirect(_anchor(meeting, saved))
    return _page(request, meeting, attachment, status=409 if conflict else 400, form=form, conflict=conflict)


@require_POST
@login_on_anonymous
def attachment_replace(request, pk, attachment_pk):
    """A new file for the attachment; the old one stays in the history."""
    meeting, attachment = _attachment_for_user(request.user, pk, attachment_pk)
    form = forms.AttachmentReplaceForm(request.POST, request.FILES, prefix="replace")
    conflict, status = None, 400
    if form.is_valid():
        try:
            service.attachment_replace(attachment=attachment, user=request.user, upload=form.cleaned_data["file"],
                                       expected_version=form.cleaned_data["version"])
        except UploadRefused as refused:
            form.add_error("file", str(refused))
        except OSError:
            # stored_files.save() says so when the disk or the S3 store did not take the file.
            logger.exception("The new file of attachment %s could not be stored.", attachment.pk)
            form.add_error("file", not_stored_message())
            status = 503
        except ConcurrentEdit as error:
            conflict = error.current
            forms.refuse_stale_save(form, _("En anden har ændret bilaget, efter du åbnede det. Filen er ikke "
                                            "erstattet. Se bilaget igen, og vælg filen på ny."),
                                    service.attachment_version(conflict))
            status = 409
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Filen til bilaget „%(title)s“ er erstattet.") % {"title": attachment.title})
            return redirect(_anchor(meeting, attachment))
    return _page(request, meeting, attachment, status=status, replace_form=form, conflict=conflict)


@require_POST
@login_on_anonymous
def attachment_move(request, pk, attachment_pk):
    """Move the attachment one place up or down (buttons; no script needed)."""
    meeting, attachment = _attachment_for_user(request.user, pk, attachment_pk)
    try:
        service.attachment_move(attachment=attachment, user=request.user, move=request.POST.get("move", ""))
    except ValidationError as error:
        return _render_hub(request, meeting, status=400, refused=list(error.messages))
    messages.success(request, _("Bilaget „%(title)s“ er flyttet.") % {"title": attachment.title})
    return redirect(_anchor(meeting, attachment))


@login_on_anonymous
def attachment_delete(request, pk, attachment_pk):
    """GET asks "Slet bilaget …?"; POST deletes it."""
    meeting, attachment = _attachment_for_user(request.user, pk, attachment_pk)
    problems = []
    if request.method == "POST":
        try:
            service.attachment_delete(attachment=attachment, user=request.user)
        except ValidationError as error:
            problems = list(error.messages)
        else:
            messages.success(request, _("Bilaget „%(title)s“ er slettet.") % {"title": attachment.title})
            return redirect(_anchor(meeting))
    return render(request, "workspace/attachment_delete.html", {
        "meeting": meeting, "attachment": attachment, "problems": problems, "editable": _editable(meeting),
    }, status=400 if problems else 200)


def _posted_version(request):
    """The minutes version a form says it started from; None (refused by the service) if missing or bad."""
    value = request.POST.get("version", "").strip()
    return int(value) if value.isdecimal() and len(value) < 10 else None


def _opened(request, meeting, run, success):
    """Run an opening; a refusal or a stale minutes version comes back on the hub."""
    signed_off = meeting.status == Meeting.Status.SIGNED_OFF
    try:
        run(expected_version=_posted_version(request) if signed_off else None)
    except ConcurrentEdit:
        return _render_hub(request, meeting, status=409, refused=[
            _("Referatet er rettet af en anden, efter du åbnede siden. Intet er åbnet. Se listen igen og prøv "
              "på ny.")])
    except ValidationError as error:
        return _render_hub(request, meeting, status=400, refused=list(error.messages))
    messages.success(request, success)
    if signed_off:
        messages.info(request, _("Rettelsen er registreret, og en ny udgave af referatet er dannet."))
    return redirect(hub_url(meeting) + "#h-closed")


@require_POST
@login_on_anonymous
def attachment_open(request, pk, attachment_pk):
    """Open a closed attachment to the public (after sign-off: as a correction of the minutes)."""
    meeting, attachment = _attachment_for_user(request.user, pk, attachment_pk)
    return _opened(request, meeting, lambda expected_version: service.attachment_open(
        attachment=attachment, user=request.user, expected_version=expected_version),
        _("Bilaget „%(title)s“ er åbnet for offentligheden.") % {"title": attachment.title})


@require_POST
@login_on_anonymous
def item_open(request, pk):
    """Open a closed item to the public (after sign-off: as a correction of the minutes)."""
    item = get_item_for_user(request.user, pk, write=True)
    meeting = item.meeting
    return _opened(request, meeting, lambda expected_version: service.item_open(
        item=item, user=request.user, expected_version=expected_version),
        _("Punkt %(label)s er åbnet for offentligheden.") % {"label": item.label})


@login_on_anonymous
def attachment_earlier_file(request, pk, history_id):
    """A file an attachment of this meeting held before it was replaced or deleted (secretariat only)."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    row = get_object_or_404(Attachment.history.model, history_id=history_id, meeting_id=meeting.pk)
    storage = Attachment._meta.get_field("file").storage
    if not row.file:
        raise Http404
    try:
        handle = storage.open(row.file, "rb")
    except FileNotFoundError:
        raise Http404 from None
    except stored_files.storage_errors():
        logger.exception("The earlier file %s of an attachment could not be read.", row.file)
        return file_unavailable_response(request)
    content_type = row.content_type or mimetypes.guess_type(row.file)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True,
                            filename=row.original_name or row.file.rsplit("/", 1)[-1], content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache"
    return response
