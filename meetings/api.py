"""A read-only JSON view of the meetings: open data, and the contract later work builds on.

GET /api/meetings/?committee=klu&year=2024
GET /api/meetings/<id>/

What each caller sees follows meetings.access exactly (through presentation.MeetingView):
closed items and closed attachments are left out for the public, unpublished agendas
and unsigned minutes are not shown to anyone but the secretariat.
"""

from django.http import JsonResponse
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import access
from .absolute_urls import absolute_url
from .models import Meeting
from .pagecache import cached_page
from .presentation import build_meeting_view
from .selectors import meeting_for_display


def _iso(value):
    return value.isoformat() if value is not None else None


def _meeting_summary(meeting):
    return {
        "id": meeting.pk,
        "committee": meeting.committee.slug,
        "title": meeting.display_title,
        "date": meeting.date.isoformat(),
        "start": _iso(meeting.start),
        "end": _iso(meeting.end),
        "location": meeting.location,
        "status": meeting.status,
        "url": absolute_url(meeting.get_absolute_url()),
    }


def _bad_request(message):
    return JsonResponse({"error": message}, status=400)


@require_GET
@cached_page
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
    return JsonResponse({"meetings": [_meeting_summary(m) for m in meetings]})


def _attachment(meeting, attachment):
    return {
        "title": attachment.title,
        "part": attachment.part,
        "closed": attachment.is_closed,
        "url": absolute_url(reverse("meetings:attachment", args=[meeting.pk, attachment.pk]))
        if attachment.file else None,
    }


@require_GET
@cached_page
def meeting_detail(request, pk):
    meeting = meeting_for_display(pk)
    view = build_meeting_view(meeting, access.audience_for(request.user, meeting.committee_id))
    data = _meeting_summary(meeting)
    data["document"] = "minutes" if view.is_minutes else "agenda"
    data["draft"] = view.is_draft or view.is_agenda_draft
    data["attachments"] = [_attachment(meeting, a) for a in view.meeting_attachments]
    data["items"] = [
        {
            "number": row.item.label,
            "title": row.item.title,
            "closed": row.item.is_closed,
            "decision": None if row.decision is None else {
                "outcome": row.decision.outcome,
                "outcome_label": str(row.decision.get_outcome_display()) if row.decision.outcome else "",
                "text": row.decision.text,
                "notes": [{"date": _iso(note.noted_on), "text": note.text} for note in row.notes],
            },
            "attachments": [_attachment(meeting, a) for a in row.attachments],
        }
        # The public API leaves closed items out entirely (the page shows their number).
        for row in view.items if not row.hidden
    ]
    return JsonResponse(data)
