"""A committee's settings in the workspace: its secretariat keeps them, not the admin."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from .. import committees as committee_services
from ..models import Committee
from ..permissions import require_secretariat
from ..services import Refused, ValidationError
from .committee_forms import CommitteeSettingsForm
from .forms import PlanYearForm
from .views import login_on_anonymous


@login_on_anonymous
def committee_settings(request, slug):
    require_secretariat(request.user)
    committee = get_object_or_404(Committee, slug=slug)
    require_secretariat(request.user, committee.pk)
    status, stored = 200, None
    if request.method == "POST":
        form = CommitteeSettingsForm(request.POST, instance=Committee.objects.get(pk=committee.pk))
        if form.is_valid():
            try:
                committee_services.committee_update(committee=committee, user=request.user,
                                                    data=form.settings_data(),
                                                    expected_fingerprint=form.cleaned_data["fingerprint"])
            except committee_services.StaleSettings as stale:
                stored = stale.current
                form.add_error(None, _("En anden har gemt udvalgets indstillinger, efter du åbnede dem. Intet er "
                                       "overskrevet: din udgave står i formularen, den gemte vises nedenfor. "
                                       "Gem igen for at bruge din."))
                data = form.data.copy()
                data["fingerprint"] = committee_services.fingerprint(stored)
                form.data = data
            except (Refused, ValidationError) as error:
                for message in getattr(error, "problems", None) or error.messages:
                    form.add_error(None, message)
            else:
                messages.success(request, _("Udvalgets indstillinger er gemt."))
                return redirect("workspace:committee", slug=committee.slug)
        status = 409 if stored is not None else 400
    else:
        form = CommitteeSettingsForm(instance=committee,
                                     initial={"fingerprint": committee_services.fingerprint(committee)})
    return render(request, "workspace/committee.html", {
        "committee": committee, "form": form, "stored": stored,
        "stored_windows": committee_services.windows_text(stored.meeting_windows) if stored else "",
        "windows": committee_services.windows_text(committee.meeting_windows),
        "plan_form": PlanYearForm(),
    }, status=status)
