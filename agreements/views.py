"""Reading pages for agreements and the health agreement."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from meetings import access

from .models import Agreement, HealthAgreement


def register(request):
    agreements = Agreement.objects.prefetch_related("parties").order_by("title")
    if access.audience_for(request.user) < access.Audience.MEMBER:
        agreements = agreements.filter(is_public=True)
    return render(request, "agreements/register.html", {
        "nav": "agreements",
        "breadcrumbs": [(_("Samarbejdsaftaler"), None)],
        "agreements": agreements, "health_agreements": HealthAgreement.objects.all(),
    })


def agreement_detail(request, pk):
    agreements = Agreement.objects.select_related("committee").prefetch_related("parties", "links__attachment", "events", "themes")
    if access.audience_for(request.user) < access.Audience.MEMBER:
        agreements = agreements.filter(is_public=True)
    agreement = get_object_or_404(agreements, pk=pk)
    return render(request, "agreements/detail.html", {
        "nav": "agreements",
        "breadcrumbs": [(_("Samarbejdsaftaler"), reverse("agreements:register")), (agreement.title, None)],
        "agreement": agreement,
    })


def health_agreement_detail(request, pk):
    health_agreement = get_object_or_404(
        HealthAgreement.objects.prefetch_related("principles", "themes__goals", "milestones"), pk=pk)
    return render(request, "agreements/health_agreement.html", {
        "nav": "agreements",
        "breadcrumbs": [(_("Samarbejdsaftaler"), reverse("agreements:register")), (health_agreement.name, None)],
        "health_agreement": health_agreement,
    })
