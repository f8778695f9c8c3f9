"""A read-only JSON view of the meetings: open data, and the contract later work builds on.

GET /api/meetings/?committee=klu&year=2024
GET /api/meetings/<id>/

What each caller sees follows meetings.access exactly: closed items are left out
for the public, unpublished agendas and unsigned minutes are not shown.
"""

from django.http import JsonResponse
from django.views.decorators.http import require_GET

from . import access
from .models import Meeting
from .selectors import meeting_for_display


def _iso(value):
    return value.isoformat() if value is not None else None


def _meeting_summary(request, meeting):
    return {
        "id": meeting.pk,
        "committee": meeting.committee.slug,
        "title": meeting.display_title,
        "date": meeting.date.isoformat(),
        "start": _iso(meeting.start),
        "end": _iso(meeting.end),
        "location": meeting.location,
        "status": meeting.status,
        "url": request.build_absolute_uri(meeting.get_absolute_url()),
    }


def _bad_request(message):
    return JsonResponse({"error": message}, status=400)


@require_GET
def meeting_list(request):
    meetings = Meeting.objects.select_related("committee").order_by("date", "start_time", "pk")
    committee = request.GET.get("committee", "").strip()
    if committee:
        meetings = meetings.for_committee(committee)
    year = request.GET.get("year", "").strip()
    if year:
        if not year.isdigit() or not 1900 <= int(year) <= 2200:
            return _bad_request("year skal være et årstal, fx 2024.")
        meetings = meetings.in_year(int(year))
    return JsonResponse({"meetings": [_meeting_summary(request, m) for m in meetings]})


@require_GET
def meeting_detail(request, pk):
    meeting = meeting_for_display(pk)
    audience = access.audience_for(request.user)
    data = _meeting_summary(request, meeting)
    items = []
    if access.agenda_visible(audience, meeting):
        show_minutes = access.minutes_visible(audience, meeting)
        for item in meeting.items.all():
            if item.is_closed and not access.closed_visible(audience):
                continue
            decision = getattr(item, "decision", None) if show_minutes else None
            items.append({
                "number": item.label,
                "title": item.title,
                "closed": item.is_closed,
                "decision": None if decision is None else {
                    "outcome": decision.outcome,
                    "outcome_label": str(decision.get_outcome_display()) if decision.outcome else "",
                    "text": decision.text,
                },
            })
    data["items"] = items
    return JsonResponse(data)
