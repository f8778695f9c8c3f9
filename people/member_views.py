"""A member's own page, "Mine møder": their committees' coming meetings, their apologies,
their contact details.

Everything here is about the logged-in user's own Person (request.user.person); a user
whose account belongs to no person gets a page that says so (403). Writes go through
meetings.services (apology_send, apology_withdraw, person_update_contact). A refused
form is shown again with what was typed and the reasons, with status 400 (409 for a
stale contact edit); nothing here needs JavaScript.
"""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from meetings import services
from meetings.models import Meeting, Person
from meetings.templatetags.klu import meeting_when
from meetings.workspace.forms import DesignSystemMixin, refuse_stale_save, version_field


class ApologyForm(DesignSystemMixin, forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Bemærkning til sekretariatet"), required=False,
        max_length=services.APOLOGY_NOTE_MAX,
        help_text=gettext_lazy("Fx hvem der deltager i dit sted. Sekretariatet kan se bemærkningen."),
        error_messages={"max_length": gettext_lazy("Bemærkningen må højst være %(limit_value)d tegn.")},
    )


class ContactForm(DesignSystemMixin, forms.Form):
    version = version_field(min_value=1)
    email = forms.EmailField(
        label=gettext_lazy("E-mail"), max_length=Person._meta.get_field("email").max_length,
        help_text=gettext_lazy("Du logger ind med denne adresse, og møder og invitationer sendes hertil."),
        error_messages={"required": gettext_lazy("Skriv din e-mailadresse."),
                        "invalid": gettext_lazy("Skriv en gyldig e-mailadresse, fx navn@example.dk.")},
    )
    phone = forms.CharField(label=gettext_lazy("Telefon"), required=False,
                            max_length=Person._meta.get_field("phone").max_length)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["phone"].widget.input_type = "tel"


def _person_or_none(user):
    """The logged-in user's Person, or None. Runs one query unless already loaded."""
    try:
        return user.person
    except ObjectDoesNotExist:
        return None


def _no_person(request):
    return render(request, "people/member_no_person.html", {"nav": "mine"}, status=403)


def _rows(person, *, now=None):
    """The coming meetings of the person's committees, each with their own attendance.

    Lists meetings from today on of the committees the person holds a current
    membership of, as far as that membership reaches (a meeting after its end date is
    not theirs). Runs three queries: memberships, meetings, attendances.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    memberships = [m for m in person.memberships.select_related("committee") if m.is_current(today)]
    by_committee = {}
    for membership in memberships:
        by_committee.setdefault(membership.committee_id, []).append(membership)
    meetings = [
        meeting for meeting in Meeting.objects.filter(committee_id__in=by_committee, date__gte=today)
        .select_related("committee").order_by("date", "start_time", "pk")
        if any(m.is_current(meeting.date) for m in by_committee[meeting.committee_id])
    ]
    attendances = {a.meeting_id: a for a in person.attendances.filter(meeting__in=[m.pk for m in meetings])}
    rows = []
    for meeting in meetings:
        attendance = attendances.get(meeting.pk)
        closed = meeting.status in {Meeting.Status.CANCELLED, Meeting.Status.SIGNED_OFF}
        rows.append({
            "meeting": meeting,
            "attendance": attendance,
            "has_apologised": attendance is not None and attendance.status == attendance.Status.APOLOGIES,
            "started": now >= services.apology_deadline(meeting),
            "open": not closed and now < services.apology_deadline(meeting),
            "form": ApologyForm(prefix=f"m{meeting.pk}"),
            "problems": [],
        })
    return rows, memberships


def _contact_form(person, data=None):
    return ContactForm(data, initial={"version": person.version, "email": person.email, "phone": person.phone},
                       prefix="contact")


def _render(request, person, *, status=200, rows=None, memberships=None, contact_form=None):
    if rows is None:
        rows, memberships = _rows(person)
    return render(request, "people/member_meetings.html", {
        "nav": "mine",
        "person": person,
        "rows": rows,
        "committees": sorted({m.committee for m in memberships or []}, key=lambda c: c.name),
        "contact_form": contact_form or _contact_form(person),
    }, status=status)


@login_required
@require_GET
def my_meetings(request):
    person = _person_or_none(request.user)
    if person is None:
        return _no_person(request)
    return _render(request, person)


def _meeting_for_apology(request, pk):
    """The person and the meeting, or a refusal: 403 when the meeting's committee is not theirs."""
    person = _person_or_none(request.user)
    if person is None:
        return None, None
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    if services.apology_membership(meeting, person) is None:
        raise PermissionDenied
    return person, meeting


def _refused(request, person, meeting, problems, form=None):
    """The page again, with the problems (and what was typed) at the meeting's row; 400."""
    rows, memberships = _rows(person)
    for row in rows:
        if row["meeting"].pk == meeting.pk:
            row["problems"] = problems
            if form is not None:
                row["form"] = form
            break
    else:
        messages.error(request, " ".join(problems))
    return _render(request, person, status=400, rows=rows, memberships=memberships)


@login_required
@require_POST
def apology_send(request, pk):
    person, meeting = _meeting_for_apology(request, pk)
    if person is None:
        return _no_person(request)
    form = ApologyForm(request.POST, prefix=f"m{meeting.pk}")
    if not form.is_valid():
        return _refused(request, person, meeting, [e for errors in form.errors.values() for e in errors], form)
    try:
        services.apology_send(meeting=meeting, person=person, user=request.user, note=form.cleaned_data["note"])
    except services.Refused as refused:
        return _refused(request, person, meeting, refused.problems, form)
    except services.ValidationError as error:
        return _refused(request, person, meeting, error.messages, form)
    messages.success(request, _("Dit afbud til mødet %(when)s er sendt til sekretariatet.")
                     % {"when": meeting_when(meeting)})
    return redirect("people:my-meetings")


@login_required
@require_POST
def apology_withdraw(request, pk):
    person, meeting = _meeting_for_apology(request, pk)
    if person is None:
        return _no_person(request)
    try:
        services.apology_withdraw(meeting=meeting, person=person, user=request.user)
    except services.Refused as refused:
        return _refused(request, person, meeting, refused.problems)
    except services.ValidationError as error:
        return _refused(request, person, meeting, error.messages)
    messages.success(request, _("Dit afbud til mødet %(when)s er trukket tilbage.") % {"when": meeting_when(meeting)})
    return redirect("people:my-meetings")


@login_required
@require_POST
def contact_update(request):
    person = _person_or_none(request.user)
    if person is None:
        return _no_person(request)
    form = _contact_form(person, request.POST)
    status = 400
    if form.is_valid():
        try:
            services.person_update_contact(person=person, user=request.user, email=form.cleaned_data["email"],
                                           phone=form.cleaned_data["phone"],
                                           expected_version=form.cleaned_data["version"])
        except services.ConcurrentEdit as error:
            refuse_stale_save(form, _("Dine oplysninger er ændret af en anden, efter du åbnede siden. Intet er "
                                      "overskrevet: din udgave står i formularen. Gem igen for at bruge den."),
                              error.current.version)
            status = 409
        except services.Refused as refused:
            for problem in refused.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, _("Dine kontaktoplysninger er gemt."))
            return redirect("people:my-meetings")
    person.refresh_from_db()
    return _render(request, person, status=status, contact_form=form)
