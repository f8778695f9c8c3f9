"""The register of people in the secretariat's workspace: organisations, people,
memberships and guests, so that nothing needs /admin.

Every view starts with one access call (below), and changes records only through
people.services. A refused form is shown again with what was typed and why: 400 for
bad input, 409 when someone else saved first (with the stored version shown).
"""

import datetime

from django.contrib import messages
from django.db.models import Exists, OuterRef, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from meetings import access, formatting
from meetings.models import Committee, Membership, Organisation, Person
from meetings.permissions import require_secretariat
from meetings.services import ConcurrentEdit, Refused
from meetings.workspace.forms import refuse_stale_save
from meetings.workspace.views import login_on_anonymous

from . import forms, services

# ------------------------------------------------------------------ access
#
# Each view makes exactly one access call. People and organisations are shared by the
# committees, so the secretariat of any committee keeps them; seats are kept by the
# secretariat of their committee (an administrator keeps all).


def require_register(user):
    """May keep the register of people and organisations: secretariat of some committee."""
    require_secretariat(user)


def require_committee_secretariat(user, committee):
    """May give, change or end seats on this committee."""
    require_secretariat(user, committee.pk)


def committees_for(user):
    """The committees on which this user may give seats (the choices of a new membership)."""
    viewer = access.viewer_for(user)
    committees = Committee.objects.order_by("name")
    return committees if viewer.is_admin else committees.filter(pk__in=sorted(viewer.secretary_of))


def get_membership_for_user(user, pk):
    """The membership, if this user keeps its committee's seats; else 404/403 (log-in if anonymous)."""
    require_register(user)
    membership = get_object_or_404(Membership.objects.select_related("person", "committee", "organisation"), pk=pk)
    require_committee_secretariat(user, membership.committee)
    return membership


def _conflict_text(kind):
    return {
        "person": _("En anden har gemt personen, efter du åbnede den. Intet er overskrevet: din udgave står i "
                    "formularen, den gemte udgave vises nedenfor. Ret til og gem igen for at bruge din."),
        "organisation": _("En anden har gemt organisationen, efter du åbnede den. Intet er overskrevet: din "
                          "udgave står i formularen, den gemte udgave vises nedenfor. Ret til og gem igen for "
                          "at bruge din."),
        "membership": _("En anden har gemt medlemskabet, efter du åbnede det. Intet er overskrevet: din udgave "
                        "står i formularen, den gemte udgave vises nedenfor. Ret til og gem igen for at bruge "
                        "din."),
    }[kind]


def _save_with(form, save, kind):
    """Run a service save for a valid form; returns (saved, conflict) and puts refusals on the form."""
    try:
        return save(), None
    except ConcurrentEdit as error:
        refuse_stale_save(form, _conflict_text(kind), error.current.version)
        return None, error.current
    except Refused as refused:
        for problem in refused.problems:
            form.add_error(None, problem)
    return None, None


def _status(request, conflict):
    if conflict is not None:
        return 409
    return 400 if request.method == "POST" else 200


# ------------------------------------------------------------------ organisations


@login_on_anonymous
def organisation_list(request):
    require_register(request.user)
    organisations = Organisation.objects.order_by("name")
    return render(request, "people/register_organisations.html", {"organisations": organisations})


@login_on_anonymous
def organisation_edit(request, pk=None):
    require_register(request.user)
    organisation = get_object_or_404(Organisation, pk=pk) if pk else Organisation()
    form = forms.OrganisationForm(request.POST or None, instance=organisation,
                                  initial={"version": organisation.version if pk else 0})
    conflict = None
    if request.method == "POST" and form.is_valid():
        saved, conflict = _save_with(form, lambda: services.organisation_save(
            organisation=form.save(commit=False), user=request.user,
            expected_version=form.cleaned_data["version"], reason=form.cleaned_data["reason"]), "organisation")
        if saved:
            messages.success(request, _("Organisationen %(name)s er gemt.") % {"name": saved.name})
            return redirect("people:organisation-list")
    return render(request, "people/register_organisation.html", {
        "organisation": organisation, "form": form, "conflict": conflict,
    }, status=_status(request, conflict))


# ------------------------------------------------------------------ people



@login_on_anonymous
def person_list(request):
    require_register(request.user)
    search = forms.PersonSearchForm(request.GET or None)
    today = timezone.localdate()
    current = Membership.objects.filter(access.current_membership_q(today), person=OuterRef("pk"))
    people = (Person.objects.select_related("organisation")
              .annotate(has_current=Exists(current),
                        has_any=Exists(Membership.objects.filter(person=OuterRef("pk"))))
              .prefetch_related(Prefetch("memberships", to_attr="current_memberships",
                                         queryset=Membership.objects.filter(access.current_membership_q(today))
                                         .select_related("committee")))
              .order_by("name"))
    show = ""
    if search.is_valid():
        query = " ".join(search.cleaned_data["q"].split())
        for word in query.split():
            people = people.filter(name__icontains=word)
        show = search.cleaned_data["show"]
        if show == "members":
            people = people.filter(has_current=True)
        elif show == "guests":
            people = people.filter(has_any=False)
        elif show == "former":
            people = people.filter(has_any=True, has_current=False)
    return render(request, "people/register_people.html", {
        "people": people, "search": search, "show": show,
    })


def _describe(field, value, names):
    """A changed value as a person reads it: names for links, labels for choices, Danish dates."""
    if value in (None, ""):
        return "–"
    if field.is_relation:
        return names.get((field.related_model, value), _("(slettet)"))
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return formatting.danish_date(value, weekday=False)
    return str(value)


def _author(user):
    """Who made a change, by name. No user: data import (seed_klu) or a script."""
    if user is None:
        return _("systemet (dataindlæsning eller script)")
    person = getattr(user, "person", None)
    return user.get_full_name() or (person.name if person else "") or user.get_username()


IGNORED = {"version", "position"}


def person_history(person):
    """The person's history and that of their memberships, newest first, as people read it.

    Runs one query per record kind, one per entry for the previous version, and one per
    kind of linked record named in a change.
    """
    records = sorted(
        [*Person.history.filter(id=person.pk).select_related("history_user", "history_user__person"),
         *Membership.history.filter(person_id=person.pk).select_related("history_user", "history_user__person")],
        key=lambda r: r.history_date, reverse=True)
    committees = {c.pk: c for c in Committee.objects.all()}
    changes_by_record = []
    wanted = {}
    for record in records:
        changes = []
        if record.history_type == "~" and record.prev_record is not None:
            delta = record.diff_against(record.prev_record, excluded_fields=IGNORED)
            for change in delta.changes:
                field = record.instance_type._meta.get_field(change.field)
                if field.is_relation:
                    for value in (change.old, change.new):
                        if value is not None:
                            wanted.setdefault(field.related_model, set()).add(value)
                changes.append((field, change.old, change.new))
        changes_by_record.append((record, changes))
    names = {}
    for model, pks in wanted.items():
        for obj in model._default_manager.filter(pk__in=pks):
            names[(model, obj.pk)] = _author(obj) if hasattr(obj, "get_username") else str(obj)
    entries = []
    for record, changes in changes_by_record:
        if record.instance_type is Membership:
            committee = committees.get(record.committee_id)
            what = _("Medlemskab af %(committee)s") % {
                "committee": (committee.short_name or committee.name) if committee else _("(slettet udvalg)")}
        else:
            what = _("Personen")
        when = timezone.localtime(record.history_date)
        entries.append({
            "when": _("%(date)s kl. %(time)s") % {"date": formatting.danish_date(when.date(), weekday=False),
                                                   "time": formatting.danish_time(when.time())},
            "who": _author(record.history_user),
            "what": what,
            "kind": {"+": _("Oprettet"), "~": _("Ændret"), "-": _("Slettet")}[record.history_type],
            "reason": record.history_change_reason or "",
            "changes": [{"field": str(field.verbose_name), "old": _describe(field, old, names),
                         "new": _describe(field, new, names)} for field, old, new in changes],
        })
    return entries


def _person_context(person, **overrides):
    today = timezone.localdate()
    memberships = list(person.memberships.select_related("committee", "organisation")
                       .order_by("-start", "committee__name"))
    context = {
        "person": person,
        "memberships": [(m, m.is_current(today)) for m in memberships],
        "has_open_membership": any(m.end is None or m.end >= today for m in memberships),
        "forget_form": forms.ForgetContactDetailsForm(initial={"version": person.version}, prefix="forget"),
        "attended": person.attendances.select_related("meeting__committee").order_by("-meeting__date")[:20],
        "history": person_history(person),
        "conflict": None,
    }
    context.update(overrides)
    return context


@login_on_anonymous
def person_new(request):
    require_register(request.user)
    form = forms.PersonForm(request.POST or None, initial={"version": 0})
    if request.method == "POST" and form.is_valid():
        saved, _conflict = _save_with(form, lambda: services.person_save(
            person=form.save(commit=False), user=request.user, expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"]), "person")
        if saved:
            messages.success(request, _("%(name)s er oprettet.") % {"name": saved.name})
            return redirect("people:person", pk=saved.pk)
    return render(request, "people/register_person_new.html", {"form": form},
                  status=_status(request, None))


@login_on_anonymous
def person_detail(request, pk):
    require_register(request.user)
    person = get_object_or_404(Person.objects.select_related("organisation", "user"), pk=pk)
    conflict = None
    if request.method == "POST":
        form = forms.PersonForm(request.POST, instance=Person.objects.get(pk=person.pk))
        if form.is_valid():
            saved, conflict = _save_with(form, lambda: services.person_save(
                person=form.save(commit=False), user=request.user, expected_version=form.cleaned_data["version"],
                reason=form.cleaned_data["reason"]), "person")
            if saved:
                messages.success(request, _("%(name)s er gemt.") % {"name": saved.name})
                return redirect("people:person", pk=saved.pk)
    else:
        form = forms.PersonForm(instance=person, initial={"version": person.version})
    return render(request, "people/register_person.html", _person_context(person, form=form, conflict=conflict),
                  status=_status(request, conflict))


@require_POST
@login_on_anonymous
def person_forget(request, pk):
    require_register(request.user)
    person = get_object_or_404(Person.objects.select_related("organisation", "user"), pk=pk)
    form = forms.ForgetContactDetailsForm(request.POST, prefix="forget")
    conflict = None
    if form.is_valid():
        saved, conflict = _save_with(form, lambda: services.person_forget_contact_details(
            person=person, user=request.user, expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"]), "person")
        if saved:
            messages.success(request, _("Kontaktoplysningerne for %(name)s er fjernet.") % {"name": saved.name})
            return redirect("people:person", pk=saved.pk)
    edit_form = forms.PersonForm(instance=person, initial={"version": person.version})
    return render(request, "people/register_person.html",
                  _person_context(person, form=edit_form, forget_form=form, forget_conflict=conflict),
                  status=_status(request, conflict))


# ------------------------------------------------------------------ memberships


@login_on_anonymous
def membership_new(request, pk):
    require_register(request.user)
    person = get_object_or_404(Person.objects.select_related("organisation"), pk=pk)
    form = forms.MembershipForm(request.POST or None, committees=committees_for(request.user), initial={
        "version": 0, "organisation": person.organisation_id, "start": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        membership = form.save(commit=False)
        membership.person = person
        saved, _conflict = _save_with(form, lambda: services.membership_save(
            membership=membership, user=request.user, expected_version=form.cleaned_data["version"],
            reason=form.cleaned_data["reason"]), "membership")
        if saved:
            messages.success(request, _("%(name)s er nu medlem af %(committee)s.") % {
                "name": person.name, "committee": saved.committee.name})
            return redirect("people:person", pk=person.pk)
    return render(request, "people/register_membership.html", {
        "person": person, "membership": None, "form": form, "conflict": None,
    }, status=_status(request, None))


@login_on_anonymous
def membership_edit(request, pk):
    membership = get_membership_for_user(request.user, pk)
    conflict = None
    if request.method == "POST":
        form = forms.MembershipForm(request.POST, instance=Membership.objects.get(pk=membership.pk))
        if form.is_valid():
            saved, conflict = _save_with(form, lambda: services.membership_save(
                membership=form.save(commit=False), user=request.user,
                expected_version=form.cleaned_data["version"], reason=form.cleaned_data["reason"]), "membership")
            if saved:
                messages.success(request, _("Medlemskabet er gemt."))
                return redirect("people:person", pk=membership.person_id)
    else:
        form = forms.MembershipForm(instance=membership, initial={"version": membership.version})
    return render(request, "people/register_membership.html", {
        "person": membership.person, "membership": membership, "form": form, "conflict": conflict,
        "end_form": forms.MembershipEndForm(membership=membership, prefix="end", initial={
            "version": membership.version, "end": membership.end or timezone.localdate()}),
    }, status=_status(request, conflict))


@require_POST
@login_on_anonymous
def membership_end(request, pk):
    membership = get_membership_for_user(request.user, pk)
    form = forms.MembershipEndForm(request.POST, membership=membership, prefix="end")
    conflict = None
    if form.is_valid():
        saved, conflict = _save_with(form, lambda: services.membership_end(
            membership=membership, user=request.user, end=form.cleaned_data["end"],
            expected_version=form.cleaned_data["version"], reason=form.cleaned_data["reason"]), "membership")
        if saved:
            messages.success(request, _("Medlemskabet af %(committee)s slutter %(date)s.") % {
                "committee": membership.committee.name,
                "date": formatting.danish_date(saved.end, weekday=False)})
            return redirect("people:person", pk=membership.person_id)
    return render(request, "people/register_membership.html", {
        "person": membership.person, "membership": membership, "conflict": conflict,
        "form": forms.MembershipForm(instance=membership, initial={"version": membership.version}),
        "end_form": form,
    }, status=_status(request, conflict))

