"""Reading pages: home, archive, one meeting, a committee, attachment downloads.

Every view asks meetings.access what the caller may see; none decides on its own.
"""

import datetime
import mimetypes

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from . import access
from .models import Attachment, Committee, Meeting, Membership
from .presentation import build_meeting_view
from .selectors import meeting_for_display


def home(request):
    today = timezone.localdate()
    committees = list(Committee.objects.order_by("name"))
    upcoming = {c.pk: [] for c in committees}
    for meeting in (Meeting.objects.filter(date__gte=today).exclude(status=Meeting.Status.CANCELLED)
                    .select_related("committee").order_by("date", "start_time")):
        if len(upcoming[meeting.committee_id]) < 3:
            upcoming[meeting.committee_id].append(meeting)
    latest_minutes = (Meeting.objects.filter(status=Meeting.Status.SIGNED_OFF)
                      .select_related("committee").order_by("-date")[:5])
    return render(request, "meetings/home.html", {
        "committee_rows": [(c, upcoming[c.pk]) for c in committees],
        "latest_minutes": latest_minutes,
    })


def meeting_archive(request):
    meetings = Meeting.objects.select_related("committee").order_by("-date", "-start_time")
    committee = request.GET.get("committee", "")
    if committee:
        meetings = meetings.for_committee(committee)
    year = request.GET.get("year", "")
    if year.isdigit():
        meetings = meetings.in_year(int(year))
    return render(request, "meetings/archive.html", {"meetings": meetings})


def meeting_detail(request, pk):
    audience = access.audience_for(request.user)
    view = build_meeting_view(meeting_for_display(pk), audience)
    return render(request, "meetings/detail.html", {"meeting": view.meeting, "view": view})


def committee_detail(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    today = datetime.date.today()
    memberships = [m for m in Membership.objects.filter(committee=committee)
                   .select_related("person", "organisation").order_by("position", "person__name")
                   if m.is_current(today)]
    groups = {}
    for membership in memberships:
        groups.setdefault(membership.organisation.name, []).append(membership)
    return render(request, "meetings/committee.html", {"committee": committee, "groups": list(groups.items())})


def attachment_download(request, pk, attachment_pk):
    attachment = get_object_or_404(Attachment.objects.select_related("meeting", "item"), pk=attachment_pk,
                                   meeting_id=pk)
    if not attachment.file or not access.attachment_visible(access.audience_for(request.user), attachment):
        # The same answer whether it exists or not, so closed files cannot be probed.
        raise Http404
    content_type = attachment.content_type or mimetypes.guess_type(attachment.file.name)[0] or "application/octet-stream"
    response = FileResponse(attachment.file.open("rb"), as_attachment=True,
                            filename=attachment.file.name.rsplit("/", 1)[-1], content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-cache" if attachment.is_closed else "public, max-age=3600"
    return response
