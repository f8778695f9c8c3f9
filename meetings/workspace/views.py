"""The secretariat's workspace: a meeting's whole life in the browser.

Every view starts with a permission helper (meetings.permissions) and changes state
only through meetings.services. A refused form is shown again with what was typed
and the reasons, with status 400; a refused action lists what is missing.
"""

import logging

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from mail.selectors import outbox_for_meeting

from .. import access, notifications, services
from ..attachments import hub_overview as attachments_hub_overview
from ..models import (
    AgendaItem,
    Attendance,
    Committee,
    Decision,
    FollowUpAction,
    Meeting,
)
from ..permissions import (
    NotLoggedIn,
    get_item_for_user,
    get_meeting_for_user,
    require_member,
    require_secretariat,
)
from ..presentation import build_meeting_view
from ..selectors import meeting_for_display
from ..uploads import UploadRefused, not_stored_message, store_upload
from . import forms
from .history import history_entries

logger = logging.getLogger(__name__)


def login_on_anonymous(view):
    """Send an anonymous caller of a workspace page to the log-in page instead of a 403."""

    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotLoggedIn:
            return redirect_to_login(request.get_full_path())

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


def hub_url(meeting):
    return reverse("workspace:meeting", args=[meeting.pk])


# ------------------------------------------------------------------ dashboard


@login_on_anonymous
def dashboard(request, new_meeting_form=None):
    viewer = require_secretariat(request.user)
    committees = _committees_served(viewer)
    meetings = (Meeting.objects.select_related("committee").exclude(status=Meeting.Status.SIGNED_OFF)
                .order_by("date", "start_time"))
    overdue = (FollowUpAction.objects.filter(status=FollowUpAction.Status.OPEN)
               .select_related("decision__item__meeting__committee").order_by("due_date"))
    if not viewer.is_admin:
        # The secretariat of a committee works on that committee's meetings only.
        mine = sorted(viewer.secretary_of)
        meetings = meetings.filter(committee_id__in=mine)
        overdue = overdue.filter(decision__item__meeting__committee_id__in=mine)
    overdue = overdue[:20]
    return render(request, "workspace/dashboard.html", {
        "committees": committees, "meetings": meetings, "follow_ups": overdue,
        "plan_form": forms.PlanYearForm(),
        "new_meeting_form": new_meeting_form or forms.NewMeetingForm(committees=committees, prefix="meeting"),
    }, status=400 if new_meeting_form is not None else 200)


def _committees_served(viewer):
    committees = Committee.objects.order_by("name")
    return committees if viewer.is_admin else committees.filter(pk__in=sorted(viewer.secretary_of))


@require_POST
@login_on_anonymous
def meeting_new(request):
    """One meeting, for any committee the caller is secretariat of (not only from the year plan)."""
    viewer = require_secretariat(request.user)
    form = forms.NewMeetingForm(request.POST, committees=_committees_served(viewer), prefix="meeting")
    if form.is_valid():
        data = form.cleaned_data
        require_secretariat(request.user, data["committee"].pk)
        try:
            meeting = services.meeting_create(user=request.user, **data)
        except services.ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Mødet er oprettet."))
            return redirect(hub_url(meeting))
    return dashboard(request, new_meeting_form=form)


@require_POST
@login_on_anonymous
def plan_year(request, slug):
    require_secretariat(request.user)
    committee = get_object_or_404(Committee, slug=slug)
    require_secretariat(request.user, committee.pk)
    form = forms.PlanYearForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Angiv et gyldigt årstal."))
        return redirect("workspace:dashboard")
    try:
        created = services.meeting_plan_year(committee=committee, year=form.cleaned_data["year"],
                                             user=request.user)
    except services.Refused as refused:
        for problem in refused.problems:
            messages.error(request, problem)
        return redirect("workspace:dashboard")
    messages.success(request, _("%(count)s møder planlagt for %(year)s.") % {
        "count": len(created), "year": form.cleaned_data["year"]})
    return redirect("workspace:dashboard")


# ------------------------------------------------------------------ the meeting hub


def _hub_context(request, meeting, **overrides):
    items = list(meeting.items.select_related("decision", "presenter").order_by("number", "sub_number"))
    context = {
        "meeting": meeting,
        "items": items,
        # The hub shows several forms; prefixes keep their field ids apart.
        "meeting_form": forms.MeetingForm(instance=meeting, initial={"version": meeting.version}, prefix="meeting"),
        "new_item_form": forms.NewItemForm(prefix="new"),
        "attachment_form": forms.AttachmentForm(prefix="attachment"),
        "cancel_form": forms.CancelForm(prefix="cancel"),
        "publish_problems": services.agenda_publish_problems(meeting)
        if meeting.status == Meeting.Status.PLANNED else [],
        "sign_off_problems": services.sign_off_problems(meeting)
        if meeting.status in {Meeting.Status.MINUTES_DRAFTED, Meeting.Status.HELD,
                              Meeting.Status.AGENDA_PUBLISHED} else [],
        "offered": services.offered_items(meeting) if meeting.status == Meeting.Status.PLANNED else None,
        "attachments": list(meeting.attachments.select_related("item").order_by("position", "pk")),
        "approvals": list(meeting.approvals.select_related("user").order_by("approved_at")),
        "corrections": list(meeting.corrections.order_by("version")),
        "outbox": outbox_for_meeting(meeting),
        "editable": meeting.status not in {Meeting.Status.SIGNED_OFF, Meeting.Status.CANCELLED},
        "refused": [],
    }
    # The "Bilag" section: when files were replaced, what is closed and may be opened.
    context.update(attachments_hub_overview(meeting, items, context["attachments"]))
    context.update(overrides)
    return context


def _render_hub(request, meeting, status=200, **overrides):
    return render(request, "workspace/meeting.html", _hub_context(request, meeting, **overrides), status=status)


@login_on_anonymous
def meeting_hub(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    if request.method == "POST":
        form = forms.MeetingForm(request.POST, instance=Meeting.objects.get(pk=meeting.pk), prefix="meeting")
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.Meta.fields}
            try:
                updated = services.meeting_update(meeting=meeting, user=request.user, data=data,
                                                  expected_version=form.cleaned_data["version"])
            except services.MeetingEditConflict as error:
                fields = _field_names(form, error.clashes)
                forms.refuse_stale_save(form, ngettext(
                    "Mødet er ændret af en anden, efter du åbnede det, og I har begge ændret %(fields)s. Intet er "
                    "gemt: din udgave står i formularen, og den andens står ved feltet. Gem igen for at bruge din.",
                    "Mødet er ændret af en anden, efter du åbnede det, og I har begge ændret %(fields)s. Intet er "
                    "gemt: din udgave står i formularen, og den andens står ved felterne. Gem igen for at bruge "
                    "din.", len(error.clashes)) % {"fields": fields}, error.current.version)
                form.show_theirs(error.current, error.clashes)
                return _render_hub(request, meeting, status=409, meeting_form=form)
            except services.Refused as refused:
                for problem in refused.problems:
                    form.add_error(None, problem)
            except services.ValidationError as error:
                form.add_error(None, error)
            else:
                if updated.kept:
                    messages.success(request, ngettext(
                        "Gemt. En anden havde imens ændret %(fields)s; den ændring er bevaret.",
                        "Gemt. En anden havde imens ændret %(fields)s; de ændringer er bevaret.",
                        len(updated.kept)) % {"fields": _field_names(form, updated.kept)})
                else:
                    messages.success(request, _("Mødet er gemt."))
                tell_who_was_told(request, updated)
                return redirect(hub_url(meeting))
        return _render_hub(request, meeting, status=400, meeting_form=form)
    return _render_hub(request, meeting)


def _field_names(form, names):
    """'mødested', 'mødested og sluttidspunkt', 'titel, dato og mødested': fields as a sentence names them."""
    words = [str(form.fields[name].label).lower() for name in names]
    if len(words) == 1:
        return words[0]
    return _("%(first)s og %(last)s") % {"first": ", ".join(words[:-1]), "last": words[-1]}



@require_POST
@login_on_anonymous
def item_new(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = forms.NewItemForm(request.POST, prefix="new")
    if not form.is_valid():
        return _render_hub(request, meeting, status=400, new_item_form=form)
    try:
        item = services.agenda_item_create(meeting=meeting, user=request.user, title=form.cleaned_data["title"],
                                           kind=form.cleaned_data["kind"],
                                           as_sub_item=form.cleaned_data["as_sub_item"])
    except services.ValidationError as error:
        form.add_error(None, error)
        return _render_hub(request, meeting, status=400, new_item_form=form)
    messages.success(request, _("Punkt %(label)s er tilføjet.") % {"label": item.label})
    return redirect(hub_url(meeting) + f"#item-{item.pk}")


def _action(request, pk, service, success=None):
    """Run a state change that takes no input; a refusal comes back on the hub with its reasons."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    try:
        changed = service(meeting=meeting, user=request.user)
    except services.ValidationError as refused:  # Refused, or MinutesLocked from the lock
        return _render_hub(request, meeting, status=400, refused=list(refused.messages))
    if success:
        messages.success(request, success)
    tell_who_was_told(request, changed)
    return redirect(hub_url(meeting))


def tell_who_was_told(request, changed):
    """Say exactly who was queued a mail by the change just made, and who has no address.

    Never more than was queued: the count is the outbox rows written in the change.
    """
    notified = getattr(changed, "notified", None)
    if notified is None:
        return
    count = len(notified.queued)
    if count:
        messages.info(request, ngettext("%(count)s medlem får besked på mail.",
                                        "%(count)s medlemmer får besked på mail.", count) % {"count": count})
    else:
        messages.warning(request, _("Ingen fik besked på mail."))
    if notified.without_address:
        names = ", ".join(person.name for person in notified.without_address)
        messages.warning(request, _("Uden e-mailadresse i registret, så de har ikke fået besked: %(names)s.")
                         % {"names": names})


@require_POST
@login_on_anonymous
def items_standard(request, pk):
    return _action(request, pk, services.agenda_add_standard_items)


@require_POST
@login_on_anonymous
def item_offered(request, pk):
    """Add a postponed item or a due follow-up to this agenda."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    offered = services.offered_items(meeting)
    source = request.POST.get("source", "")
    try:
        if source.startswith("item-"):
            original = next(i for i in offered["postponed"] if str(i.pk) == source[5:])
            item = services.agenda_item_create(meeting=meeting, user=request.user, title=original.title,
                                               kind=original.kind, case_description=original.case_description,
                                               recommendation_lead=original.recommendation_lead,
                                               recommendations=original.recommendations,
                                               is_closed=original.is_closed, postponed_from=original)
        elif source.startswith("follow-up-"):
            action = next(a for a in offered["follow_ups"] if str(a.pk) == source[10:])
            item = services.agenda_item_create(
                meeting=meeting, user=request.user, title=_("Opfølgning: %(what)s") % {"what": action.what[:400]},
                kind=AgendaItem.Kind.DISCUSSION, follows_up=action)
        elif source.startswith("agreement-"):
            from agreements.services import agreement_link_item

            agreement = next(a for a in offered["agreements"] if str(a.pk) == source[10:])
            item = services.agenda_item_create(
                meeting=meeting, user=request.user,
                title=_("Opfølgning på %(title)s") % {"title": agreement.title[:400]},
                kind=AgendaItem.Kind.DISCUSSION)
            agreement_link_item(agreement=agreement, user=request.user, item=item)
        else:
            return HttpResponseBadRequest(_("Ukendt forslag."))
    except StopIteration:
        return HttpResponseBadRequest(_("Forslaget findes ikke længere."))
    except services.ValidationError as error:
        return _render_hub(request, meeting, status=400, refused=list(error.messages))
    messages.success(request, _("Punkt %(label)s er tilføjet.") % {"label": item.label})
    return redirect(hub_url(meeting))


@require_POST
@login_on_anonymous
def reorder(request, pk):
    """Reorder the agenda. With JavaScript the page posts the whole order ("order" =
    "12,13:sub,14"); without it, each item has buttons that post one move."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    current = [(i.pk, i.sub_number > 0) for i in meeting.items.order_by("number", "sub_number")]
    try:
        if "order" in request.POST:
            order = []
            for part in request.POST["order"].split(","):
                pk_text, _sep, flag = part.strip().partition(":")
                order.append((int(pk_text), flag == "sub"))
        else:
            order = _move(current, int(request.POST["item"]), request.POST.get("move", ""))
        services.agenda_reorder(meeting=meeting, user=request.user, order=order)
    except (ValueError, KeyError):
        return HttpResponseBadRequest(_("Ugyldig rækkefølge."))
    except StopIteration:  # an item that is not on this agenda
        return _render_hub(request, meeting, status=400,
                           refused=[_("Punktet findes ikke på denne dagsorden. Genindlæs siden.")])
    except services.ValidationError as error:
        return _render_hub(request, meeting, status=400, refused=list(error.messages))
    if request.headers.get("Accept") == "application/json":
        from django.http import JsonResponse

        return JsonResponse({"items": [
            {"id": i.pk, "label": i.label} for i in meeting.items.order_by("number", "sub_number")]})
    return redirect(hub_url(meeting) + f"#item-{request.POST.get('item', '')}")


def _move(order, item_pk, move):
    index = next(i for i, (pk, _sub) in enumerate(order) if pk == item_pk)
    pk, is_sub = order[index]
    if move == "up" and index > 0:
        order[index - 1], order[index] = order[index], order[index - 1]
    elif move == "down" and index < len(order) - 1:
        order[index + 1], order[index] = order[index], order[index + 1]
    elif move == "indent":
        order[index] = (pk, True)
    elif move == "outdent":
        order[index] = (pk, False)
    else:
        raise ValueError(move)
    return order


# ------------------------------------------------------------------ items


@login_on_anonymous
def item_edit(request, pk):
    item = get_item_for_user(request.user, pk, write=True)
    meeting = item.meeting
    conflict = None
    if request.method == "POST":
        form = forms.ItemForm(request.POST, instance=AgendaItem.objects.get(pk=item.pk))
        if form.is_valid():
            try:
                services.agenda_item_update(item=item, user=request.user, data=form.item_data(),
                                            expected_version=form.cleaned_data["version"])
            except services.ConcurrentEdit as error:
                conflict = error.current
                forms.refuse_stale_save(form, _("En anden har gemt punktet, efter du åbnede det. Intet er "
                                                "overskrevet: din udgave står i formularen, den gemte udgave "
                                                "vises nedenfor. Ret til og gem igen for at bruge din."),
                                        conflict.version)
            except services.ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Punkt %(label)s er gemt.") % {"label": item.label})
                return redirect(hub_url(meeting) + f"#item-{item.pk}")
        status = 409 if conflict else 400
    else:
        form = forms.ItemForm(instance=item, initial={"version": item.version})
        status = 200
    return render(request, "workspace/item.html", {
        "item": item, "meeting": meeting, "form": form, "conflict": conflict,
        "editable": meeting.status not in {Meeting.Status.SIGNED_OFF, Meeting.Status.CANCELLED},
    }, status=status)


@require_POST
@login_on_anonymous
def item_delete(request, pk):
    item = get_item_for_user(request.user, pk, write=True)
    meeting = item.meeting
    try:
        services.agenda_item_delete(item=item, user=request.user)
    except services.ValidationError as error:
        return _render_hub(request, meeting, status=400, refused=list(error.messages))
    messages.success(request, _("Punktet er slettet."))
    return redirect(hub_url(meeting))


@login_on_anonymous
def decision_edit(request, pk):
    item = get_item_for_user(request.user, pk, write=True)
    meeting = item.meeting
    decision = Decision.objects.filter(item=item).first()
    status = 200
    conflict = None
    if request.method == "POST":
        form = forms.DecisionForm(request.POST, meeting=meeting)
        if form.is_valid():
            try:
                services.decision_record(item=item, user=request.user, outcome=form.cleaned_data["outcome"],
                                         text=form.cleaned_data["text"],
                                         postponed_to=form.cleaned_data["postponed_to"],
                                         expected_version=form.cleaned_data["version"])
            except services.ConcurrentEdit as error:
                conflict = error.current
                forms.refuse_stale_save(form, _("En anden har gemt beslutningen, efter du åbnede den. Intet er "
                                                "overskrevet: din udgave står i formularen, den gemte vises "
                                                "nedenfor."), conflict.version)
            except services.ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Beslutningen på punkt %(label)s er gemt.") % {"label": item.label})
                return redirect(hub_url(meeting) + f"#item-{item.pk}")
        status = 409 if conflict else 400
    else:
        initial = {"outcome": decision.outcome, "text": decision.text, "postponed_to": decision.postponed_to,
                   "version": decision.version} if decision else {"version": services.NOT_YET_CREATED}
        form = forms.DecisionForm(initial=initial, meeting=meeting)
    return render(request, "workspace/decision.html", {
        "item": item, "meeting": meeting, "form": form, "conflict": conflict, "decision": decision,
        "follow_up_form": forms.FollowUpForm(),
        "follow_ups": list(decision.follow_ups.all()) if decision else [],
    }, status=status)


@require_POST
@login_on_anonymous
def follow_up_new(request, pk):
    item = get_item_for_user(request.user, pk, write=True)
    decision = Decision.objects.filter(item=item).first()
    form = forms.FollowUpForm(request.POST)
    if decision is None:
        messages.error(request, _("Registrér beslutningen, før du tilføjer opfølgninger."))
        return redirect("workspace:decision", pk=item.pk)
    if not form.is_valid():
        return render(request, "workspace/decision.html", {
            "item": item, "meeting": item.meeting, "decision": decision, "follow_up_form": form,
            "form": forms.DecisionForm(initial={"outcome": decision.outcome, "text": decision.text,
                                                "version": decision.version}, meeting=item.meeting),
            "follow_ups": list(decision.follow_ups.all()),
        }, status=400)
    try:
        services.follow_up_add(decision=decision, user=request.user, **form.cleaned_data)
    except services.ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("workspace:decision", pk=item.pk)


# ------------------------------------------------------------------ attachments and attendance


@require_POST
@login_on_anonymous
def attachment_upload(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = forms.AttachmentForm(request.POST, request.FILES, prefix="attachment")
    valid = form.is_valid()
    item = None
    if request.POST.get("item"):
        item_pk = request.POST["item"]
        item = meeting.items.filter(pk=int(item_pk)).first() if item_pk.isdecimal() and len(item_pk) < 19 else None
        if item is None:
            form.add_error(None, _("Punktet, bilaget skulle høre til, findes ikke på denne dagsorden."))
            valid = False
    status = 400
    if valid:
        try:
            stored = store_upload(meeting=meeting, item=item, user=request.user, upload=form.cleaned_data["file"],
                                  title=form.cleaned_data["title"], part=form.cleaned_data["part"],
                                  is_closed=form.cleaned_data["is_closed"])
        except UploadRefused as refused:
            form.add_error("file", str(refused))
        except services.ValidationError as error:
            form.add_error(None, error)
        except OSError:
            # stored_files.save() says so when the disk or the S3 store did not take the file.
            logger.exception("An attachment of meeting %s could not be stored.", meeting.pk)
            form.add_error("file", not_stored_message())
            status = 503
        else:
            messages.success(request, _("Bilaget er gemt."))
            return redirect(hub_url(meeting) + f"#attachment-{stored.pk}")
    return _render_hub(request, meeting, status=status, attachment_form=form)


@login_on_anonymous
def attendance(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = forms.AttendanceForm(meeting=meeting)
    status = 200
    if request.method == "POST":
        if "bulk" in request.POST:
            # The whole table at once: status_<attendance pk> and reason_<attendance pk>.
            try:
                for row in meeting.attendances.select_related("person"):
                    new_status = request.POST.get(f"status_{row.pk}", row.status)
                    if new_status not in Attendance.Status.values:
                        return HttpResponseBadRequest(_("Ukendt fremmødestatus."))
                    reason = request.POST.get(f"reason_{row.pk}", "")[:300]
                    if new_status != row.status or reason != row.apology_reason:
                        services.attendance_set(meeting=meeting, user=request.user, person=row.person,
                                                capacity=row.capacity, status=new_status, apology_reason=reason,
                                                items=None)
            except services.ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Fremmødet er gemt."))
            return redirect("workspace:attendance", pk=meeting.pk)
        form = forms.AttendanceForm(request.POST, meeting=meeting)
        if form.is_valid():
            try:
                services.attendance_set(meeting=meeting, user=request.user, **form.cleaned_data)
            except services.ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(name)s er registreret.") % {"name": form.cleaned_data["person"]})
                return redirect("workspace:attendance", pk=meeting.pk)
        status = 400
    if not meeting.attendances.exists() and meeting.status != Meeting.Status.SIGNED_OFF and request.method == "GET":
        members = meeting.committee.memberships.select_related("person")
        suggested = [m for m in members if m.is_current(meeting.date)]
    else:
        suggested = []
    return render(request, "workspace/attendance.html", {
        "meeting": meeting, "form": form, "suggested": suggested,
        "rows": meeting.attendances.select_related("person", "organisation").prefetch_related("items")
                .order_by("position", "pk"),
        "statuses": Attendance.Status.choices,
        "editable": meeting.status not in {Meeting.Status.SIGNED_OFF, Meeting.Status.CANCELLED},
    }, status=status)


@require_POST
@login_on_anonymous
def attendance_from_members(request, pk):
    """Fill the attendance list with the committee's current members, all present."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    try:
        services.attendance_from_members(meeting=meeting, user=request.user)
    except services.ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("workspace:attendance", pk=meeting.pk)


# ------------------------------------------------------------------ state changes


@require_http_methods(["GET", "POST"])
@login_on_anonymous
def publish(request, pk):
    """GET: what publishing does and whom it tells; POST (the button there, or the API): publish."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    if request.method != "POST":
        return _confirm_publish(request, meeting)
    try:
        published = services.meeting_publish(meeting=meeting, user=request.user)
    except services.ValidationError as refused:
        return _confirm_publish(request, meeting, status=400, refused=list(refused.messages))
    messages.success(request, _("Dagsordenen er offentliggjort."))
    tell_who_was_told(request, published)
    return redirect(hub_url(meeting))


@require_POST
@login_on_anonymous
def start_minutes(request, pk):
    return _action(request, pk, services.minutes_start)


@require_http_methods(["GET", "POST"])
@login_on_anonymous
def sign_off(request, pk):
    """GET: how and when the minutes were approved, and what signing off does; POST: sign off.

    A POST without a date (the API's) means approved today."""
    meeting = get_meeting_for_user(request.user, pk, write=True)
    if request.method != "POST":
        return _confirm_sign_off(request, meeting, forms.SignOffForm(prefix="signoff", meeting=meeting))
    form = forms.SignOffForm(request.POST, prefix="signoff", meeting=meeting)
    if not form.is_valid():
        return _confirm_sign_off(request, meeting, form, status=400)
    try:
        signed = services.minutes_sign_off(meeting=meeting, user=request.user, method=form.cleaned_data["method"],
                                           approved_on=form.cleaned_data["approved_on"])
    except services.Refused as refused:
        return _confirm_sign_off(request, meeting, form, status=400, refused=refused.problems)
    messages.success(request, _("Referatet er godkendt og låst."))
    tell_who_was_told(request, signed)
    return redirect(hub_url(meeting))


SIGN_OFF_STATUSES = {Meeting.Status.AGENDA_PUBLISHED, Meeting.Status.HELD, Meeting.Status.MINUTES_DRAFTED}


def _confirm_publish(request, meeting, status=200, refused=None):
    """The page that says what publishing the agenda does before it is done."""
    possible = meeting.status == Meeting.Status.PLANNED
    if refused is None:
        refused = (services.agenda_publish_problems(meeting) if possible
                   else [_("Dagsordenen er allerede offentliggjort.")] if meeting.agenda_is_public
                   else [_("Mødet er aflyst.")])
    return render(request, "workspace/confirm_publish.html", {
        "meeting": meeting, "possible": possible, "problems": refused, "posted": status != 200,
        "told": notifications.who_would_be_told(meeting),
    }, status=status)


def _confirm_sign_off(request, meeting, form, status=200, refused=None):
    """The page that asks how and when the minutes were approved and says what signing off does."""
    possible = meeting.status in SIGN_OFF_STATUSES
    if refused is None:
        refused = services.sign_off_problems(meeting) if possible else [
            _("Referatet kan ikke godkendes i mødets nuværende tilstand (%(status)s).")
            % {"status": meeting.get_status_display()}]
    return render(request, "workspace/confirm_sign_off.html", {
        "meeting": meeting, "possible": possible, "problems": refused, "form": form, "posted": status != 200,
        "told": notifications.who_would_be_told(meeting),
    }, status=status)


@require_POST
@login_on_anonymous
def cancel(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    form = forms.CancelForm(request.POST, prefix="cancel")
    if not form.is_valid():
        return _render_hub(request, meeting, status=400, cancel_form=form)
    try:
        cancelled = services.meeting_cancel(meeting=meeting, user=request.user, reason=form.cleaned_data["reason"])
    except services.Refused as refused:
        return _render_hub(request, meeting, status=400, cancel_form=form, refused=refused.problems)
    messages.success(request, _("Mødet er aflyst. Kalenderen viser det som aflyst."))
    tell_who_was_told(request, cancelled)
    return redirect(hub_url(meeting))


@require_POST
@login_on_anonymous
def circulate(request, pk):
    return _action(request, pk, services.minutes_request_approval,
                   _("Referatudkastet er sendt til godkendelse hos medlemmerne."))


@login_on_anonymous
def approve(request, pk):
    """A member reads the circulated draft and approves it."""
    if not request.user.is_authenticated:
        raise NotLoggedIn()
    meeting = get_object_or_404(Meeting, pk=pk)
    require_member(request.user, meeting.committee_id)
    if meeting.approval_requested_at is None or meeting.status != Meeting.Status.MINUTES_DRAFTED:
        return render(request, "workspace/approve.html", {"meeting": meeting, "closed": True}, status=404)
    view = build_meeting_view_with_minutes(meeting_for_display(pk), access.Audience.MEMBER)
    approved = meeting.approvals.filter(user=request.user).first()
    if request.method == "POST":
        try:
            approved = services.minutes_approve(meeting=meeting, user=request.user,
                                                comment=request.POST.get("comment", "")[:2000])
        except services.Refused as refused:
            messages.error(request, " ".join(refused.problems))
        else:
            messages.success(request, _("Tak. Din godkendelse er registreret."))
            return redirect("workspace:approve", pk=meeting.pk)
    return render(request, "workspace/approve.html", {"meeting": meeting, "view": view, "approved": approved})


def build_meeting_view_with_minutes(meeting, audience):
    """A view of draft minutes as `audience` will see them once signed off (the preview)."""
    status = meeting.status
    meeting.status = Meeting.Status.SIGNED_OFF  # in memory only, to apply the readers' rules
    try:
        view = build_meeting_view(meeting, audience)
    finally:
        meeting.status = status
    return view


@login_on_anonymous
def preview(request, pk):
    """The minutes exactly as readers will see them (public or member edition)."""
    get_meeting_for_user(request.user, pk, write=True)
    audience = access.Audience.MEMBER if request.GET.get("as") == "member" else access.Audience.PUBLIC
    view = build_meeting_view_with_minutes(meeting_for_display(pk), audience)
    return render(request, "workspace/preview.html", {"meeting": view.meeting, "view": view,
                                                      "audience": audience, "Audience": access.Audience})


@login_on_anonymous
def history(request, pk):
    meeting = get_meeting_for_user(request.user, pk, write=True)
    items = list(meeting.items.only("pk", "meeting_id", "number", "sub_number", "title").order_by("number", "sub_number"))
    # ?item= narrows to one of this meeting's items; anything else shows the whole history.
    chosen = next((item for item in items if str(item.pk) == request.GET.get("item", "").strip()), None)
    return render(request, "workspace/history.html", {
        "meeting": meeting, "items": items, "chosen": chosen,
        "entries": history_entries(meeting, item_id=chosen.pk if chosen else None),
    })
