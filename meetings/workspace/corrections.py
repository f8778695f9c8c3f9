"""Correcting signed-off minutes from the workspace: choose a part, correct it, say why.

The page lists the minutes' items with the parts they have and the attendance rows;
choosing one opens a form that starts from the text as stored and names what it
corrects. The change itself goes through meetings.corrections.correct_part (and so
through services.minutes_correct, the only door to signed-off minutes).

Posts without a part (item, text, reason, version: the decision-text form this page
had before) still correct that item's decision text.
"""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .. import corrections, services
from ..corrections import Part
from ..models import Meeting, MinutesCorrection
from ..permissions import get_meeting_for_user
from . import forms
from .correction_forms import FORMS
from .views import hub_url, login_on_anonymous

# The field that names the target of each part in the form (and in older posts).
TARGET_FIELD = {Part.NOTE: "note", Part.ATTENDANCE: "attendance", Part.APOLOGY: "attendance"}


def _chosen(request):
    """(part, key) the request asks to correct, or None when it asks for the list.

    A GET names it as ?ret=<part>:<key> (the list's buttons); a POST as its hidden
    fields part and item / note / attendance; a POST without a part is the decision
    text of `item`.
    """
    if request.method == "POST":
        part = request.POST.get("part") or Part.DECISION
        return part, request.POST.get(TARGET_FIELD.get(part, "item"))
    chosen = request.GET.get("ret", "")
    if not chosen:
        return None
    part, _sep, key = chosen.partition(":")
    return part, key


def _version_param(request):
    try:
        return int(request.GET.get("version", ""))
    except ValueError:
        return None


@login_on_anonymous
def correct(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    if meeting.status != Meeting.Status.SIGNED_OFF:
        messages.error(request, _("Kun et godkendt referat rettes med en rettelse."))
        return redirect(hub_url(meeting))
    version = services.minutes_version(meeting)
    chosen = _chosen(request)
    target = corrections.target_for(meeting, *chosen) if chosen else None
    if target is None:
        problems = [_("Vælg et punkt eller en person på listen.")] if chosen else []
        items, attendances = corrections.choices(meeting)
        return render(request, "workspace/correct.html", {
            "meeting": meeting, "version": version, "items": items, "attendances": attendances,
            "problems": problems, "corrections": MinutesCorrection.objects.filter(meeting=meeting),
        }, status=400 if problems else 200)

    form_class = FORMS[target.part]
    if request.method == "POST":
        form = form_class(request.POST, meeting=meeting)
    else:
        form = form_class(meeting=meeting, initial={**corrections.current_values(target), "version": version})
    read = _version_param(request)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            corrections.correct_part(
                meeting=meeting, user=request.user, part=target.part, values=form.values(),
                reason=form.cleaned_data["reason"], expected_version=form.cleaned_data["version"],
                item=target.item, note=target.note, attendance=target.attendance)
        except services.ConcurrentEdit as error:
            conflict = error.current
            forms.refuse_stale_save(form, _("En anden har rettet referatet, efter du åbnede det. Din rettelse er "
                                            "ikke gemt; den står i formularen, og den nyeste rettelse vises "
                                            "nedenfor. Gem igen for at rette den nyeste udgave."), conflict.version)
        except services.Refused as refused:
            for problem in refused.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, _("Rettelsen er registreret, og en ny udgave af referatet er dannet."))
            return redirect(hub_url(meeting))
    return render(request, "workspace/correct_part.html", {
        "meeting": meeting, "form": form, "conflict": conflict, "target": target,
        "target_field": TARGET_FIELD.get(target.part, "item"),
        "target_key": (target.note or target.attendance or target.item).pk,
        # The list was read from an older version: say the form shows the newest text.
        "newer_than_list": request.method == "GET" and read is not None and read < version,
    }, status=409 if conflict else 400 if request.method == "POST" else 200)
