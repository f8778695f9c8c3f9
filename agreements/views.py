"""Reading pages for agreements and the health agreement."""

from django.shortcuts import get_object_or_404, render

from meetings import access

from .models import Agreement, HealthAgreement


def register(request):
    agreements = Agreement.objects.prefetch_related("parties").order_by("title")
    if access.audience_for(request.user) < access.Audience.MEMBER:
        agreements = agreements.filter(is_public=True)
    return render(request, "agreements/register.html", {
        "agreements": agreements, "health_agreements": HealthAgreement.objects.all(),
    })


def agreement_detail(request, pk):
    agreements = Agreement.objects.prefetch_related("parties", "links", "events", "themes")
    if access.audience_for(request.user) < access.Audience.MEMBER:
        agreements = agreements.filter(is_public=True)
    agreement = get_object_or_404(agreements, pk=pk)
    return render(request, "agreements/detail.html", {"agreement": agreement})


def health_agreement_detail(request, pk):
    health_agreement = get_object_or_404(
        HealthAgreement.objects.prefetch_related("principles", "themes__goals", "milestones"), pk=pk)
    return render(request, "agreements/health_agreement.html", {"health_agreement": health_agreement})
