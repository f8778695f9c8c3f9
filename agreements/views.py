"""Agreements, the health agreement and follow-ups: reading pages for everyone, editing
for the secretariat. Reads go through agreements.selectors and meetings.access; writes
through agreements.services and meetings.services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from meetings import access
from meetings import services as meeting_services
from meetings.models import FollowUpAction
from meetings.pagecache import cached_page
from meetings.permissions import require_secretariat
from meetings.workspace.forms import refuse_stale_save
from meetings.workspace.views import login_on_anonymous

from . import forms, selectors, services
from .models import Agreement, HealthAgreement


def _crumbs(*extra):
    return [(_("Samarbejdsaftaler"), reverse("agreements:register")), *extra]


@require_safe
@cached_page
def register(request):
    viewer = access.viewer_for(request.user)
    agreements = (selectors.agreements_visible_to(request.user)
                  .select_related("committee").prefetch_related("parties", "themes").order_by("title"))
    form = forms.RegisterFilterForm(request.GET or None)
    if form.is_valid():
        data = form.cleaned_data
        if data.get("status"):
            agreements = agreements.filter(status=data["status"])
        if data.get("party"):
            agreements = agreements.filter(parties=data["party"])
        if data.get("theme"):
            agreements = agreements.filter(themes=data["theme"])
    return render(request, "agreements/register.html", {
        "nav": "agreements",
        "breadcrumbs": [(_("Samarbejdsaftaler"), None)],
        "agreements": agreements.distinct(), "filter_form": form,
        "health_agreements": HealthAgreement.objects.all(),
        "can_edit": viewer.is_secretariat,
        "today": timezone.localdate(),
    })


@require_safe
@cached_page
def agreement_detail(request, pk):
    return render(request, "agreements/detail.html", _detail_context(request, pk))


def _detail_context(request, pk, **overrides):
    view = selectors.agreement_for_display(request.user, pk)
    agreement = view.agreement
    context = {
        "nav": "agreements",
        "breadcrumbs": _crumbs((agreement.title, None)),
        "agreement": agreement,
        "approval": view.approval,
        "links": view.links,
        "timeline": view.timeline,
        "can_edit": _may_edit(request.user, agreement),
    }
    if context["can_edit"]:
        context.update({
            "status_form": forms.StatusChangeForm(initial={"status": agreement.status}),
            "link_form": forms.LinkItemForm(agreement=agreement),
            "history": agreement.history.select_related("history_user").order_by("-history_date")[:20],
        })
    context.update(overrides)
    return context


@require_safe
@cached_page
def health_agreement_detail(request, pk):
    try:
        health_agreement = selectors.health_agreement_for_display(pk, access.viewer_for(request.user))
    except HealthAgreement.DoesNotExist:
        from django.http import Http404

        raise Http404 from None
    milestones = {}
    for milestone in health_agreement.milestones.all():
        milestones.setdefault(milestone.year, []).append(milestone)
    return render(request, "agreements/health_agreement.html", {
        "nav": "agreements",
        "breadcrumbs": _crumbs((health_agreement.name, None)),
        "health_agreement": health_agreement,
        "milestones_by_year": sorted(milestones.items()),
    })


@require_safe
@cached_page
def follow_ups(request):
    """Open follow-up actions across meetings and committees, overdue ones first and marked."""
    viewer = access.viewer_for(request.user)
    actions = (FollowUpAction.objects.filter(status=FollowUpAction.Status.OPEN)
               .filter(access.decisions_filter(viewer, prefix="decision__item__"))
               .select_related("decision__item__meeting__committee", "responsible_person")
               .order_by("due_date", "pk"))
    can_edit = viewer.is_secretariat
    rows = []
    for action in actions:
        # Only the secretariat of the decision's committee closes its follow-ups.
        closes = viewer.audience_for_committee(
            action.decision.item.meeting.committee_id) >= access.Audience.SECRETARIAT
        rows.append({"action": action, "overdue": action.due_date is not None and action.due_date < timezone.localdate(),
                     "close_form": forms.CloseFollowUpForm(action=action, prefix=f"f{action.pk}") if closes else None})
    return render(request, "agreements/follow_ups.html", {
        "nav": "follow-ups",
        "breadcrumbs": [(_("Opfølgninger"), None)],
        "rows": rows, "can_edit": can_edit, "today": timezone.localdate(),
    })


# ------------------------------------------------------------------ secretariat


def _may_edit(user, agreement):
    """The secretariat of the agreement's committee edits it; one that follows no
    committee (or a new one) any committee's secretariat."""
    viewer = access.viewer_for(user)
    if agreement.committee_id is None:
        return viewer.is_secretariat
    return viewer.audience_for_committee(agreement.committee_id) >= access.Audience.SECRETARIAT


def _require_editor(user, agreement):
    require_secretariat(user)
    if not _may_edit(user, agreement):
        raise PermissionDenied


@login_on_anonymous
def agreement_edit(request, pk=None):
    require_secretariat(request.user)
    agreement = get_object_or_404(Agreement, pk=pk) if pk else Agreement()
    _require_editor(request.user, agreement)
    form = forms.AgreementForm(request.POST or None, instance=agreement,
                               initial={"version": agreement.version if agreement.pk else 0})
    conflict = None
    if request.method == "POST" and form.is_valid() and not _may_edit(request.user, form.instance):
        # Moving an agreement to (or creating it for) another committee needs that committee's secretariat.
        form.add_error("committee", _("Du er ikke sekretariat for dette udvalg."))
    if request.method == "POST" and form.is_valid():
        m2m = {name: form.cleaned_data[name] for name in ("parties", "themes", "goals")}
        try:
            saved = services.agreement_save(agreement=form.save(commit=False), user=request.user, m2m=m2m,
                                            expected_version=form.cleaned_data["version"])
        except meeting_services.ConcurrentEdit as error:
            conflict = error.current
            refuse_stale_save(form, _("En anden har gemt aftalen, efter du åbnede den. Intet er overskrevet: din "
                                      "udgave står i formularen, den gemte udgave vises nedenfor. Ret til og gem "
                                      "igen for at bruge din."), conflict.version)
        except meeting_services.Refused as refused:
            for problem in refused.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, _("Aftalen er gemt."))
            return redirect(saved.get_absolute_url())
    return render(request, "agreements/edit.html", {
        "nav": "agreements", "form": form, "agreement": agreement, "conflict": conflict,
        "breadcrumbs": _crumbs((agreement.title or _("Ny aftale"), None)),
    }, status=409 if conflict else 400 if request.method == "POST" else 200)


@require_POST
@login_on_anonymous
def agreement_status(request, pk):
    require_secretariat(request.user)
    agreement = get_object_or_404(Agreement, pk=pk)
    _require_editor(request.user, agreement)
    form = forms.StatusChangeForm(request.POST)
    if form.is_valid():
        try:
            services.agreement_change_status(agreement=agreement, user=request.user, **form.cleaned_data)
        except meeting_services.Refused as refused:
            for problem in refused.problems:
                form.add_error(None, problem)
        else:
            messages.success(request, _("Status er ændret."))
            return redirect(agreement.get_absolute_url())
    return _detail_with_errors(request, agreement, status_form=form)


@require_POST
@login_on_anonymous
def agreement_link_item(request, pk):
    require_secretariat(request.user)
    agreement = get_object_or_404(Agreement, pk=pk)
    _require_editor(request.user, agreement)
    form = forms.LinkItemForm(request.POST, agreement=agreement)
    if form.is_valid():
        services.agreement_link_item(agreement=agreement, user=request.user, item=form.cleaned_data["item"])
        messages.success(request, _("Punktet er knyttet til aftalen."))
        return redirect(agreement.get_absolute_url())
    return _detail_with_errors(request, agreement, link_form=form)


def _detail_with_errors(request, agreement, **refused_forms):
    """The agreement page again, with the refused form and what was typed in it."""
    return render(request, "agreements/detail.html", _detail_context(request, agreement.pk, **refused_forms),
                  status=400)


@require_POST
@login_on_anonymous
def follow_up_close(request, pk):
    require_secretariat(request.user)
    action = get_object_or_404(FollowUpAction.objects.select_related("decision__item__meeting"), pk=pk)
    require_secretariat(request.user, action.decision.item.meeting.committee_id)
    form = forms.CloseFollowUpForm(request.POST, action=action, prefix=f"f{action.pk}")
    if form.is_valid():
        meeting_services.follow_up_close(action=action, user=request.user, status=form.cleaned_data["status"],
                                         settled_by=form.cleaned_data["settled_by"])
        messages.success(request, _("Opfølgningen er afsluttet."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("agreements:follow-ups")

