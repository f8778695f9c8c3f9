"""Downloads of a meeting in other formats (PDF, iCalendar) and the private calendar page.

Each view asks meetings.access first. Answers carry an ETag (and, where the records
say when they changed, Last-Modified) and a conditional request gets 304.
"""

import hashlib
import logging
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from .. import access, stored_files
from ..absolute_urls import absolute_url
from ..models import Attendance, CalendarToken, Committee, Meeting, MinutesPdf
from ..pagecache import cached_page
from ..presentation import build_meeting_view
from ..selectors import meeting_for_display
from ..views import file_unavailable_response
from .ical import committee_feed, meetings_to_ical, private_feed
from .minutes_store import MinutesNotStored, edition_for, ensure_signed_minutes
from .pdf import AGENDA, MINUTES, agenda_job, minutes_job, rendered

logger = logging.getLogger(__name__)

PDF = "application/pdf"
ICAL = "text/calendar; charset=utf-8"
MINUTES_STATUSES = {Meeting.Status.HELD, Meeting.Status.MINUTES_DRAFTED, Meeting.Status.SIGNED_OFF}


# Stored PDFs up to this size are served from memory (and cached); larger ones stream.
IN_MEMORY_PDF_BYTES = 8 * 1024 * 1024


def _meeting_or_404(pk):
    return get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)


@require_safe
@cached_page
def agenda_pdf(request, pk):
    meeting = _meeting_or_404(pk)
    audience = access.audience_for(request.user, meeting.committee_id)
    if not access.agenda_visible(audience, meeting):
        raise Http404
    job = agenda_job(build_meeting_view(meeting_for_display(pk), audience))
    return _rendered_pdf_response(request, job, download_name(meeting, AGENDA, audience=audience),
                                  audience=audience)


@require_safe
@cached_page
def minutes_pdf(request, pk):
    meeting = _meeting_or_404(pk)
    audience = access.audience_for(request.user, meeting.committee_id)
    if not access.minutes_visible(audience, meeting) or meeting.status not in MINUTES_STATUSES:
        raise Http404
    if meeting.is_signed_off:
        try:
            stored = ensure_signed_minutes(meeting)[edition_for(audience)]
        except MinutesNotStored as failure:
            return _not_stored(failure)
        return _stored_pdf_response(request, stored, download_name(meeting, MINUTES, audience=audience))
    # Unsigned minutes: only the secretariat gets here; rendered afresh, marked UDKAST.
    job = minutes_job(build_meeting_view(meeting_for_display(pk), audience))
    return _rendered_pdf_response(request, job, download_name(meeting, MINUTES, audience=audience, draft=True),
                                  audience=audience)


@require_safe
@cached_page
def minutes_pdf_version(request, pk, version):
    """An earlier (or the current) signed-off version, kept after a correction."""
    meeting = _meeting_or_404(pk)
    audience = access.audience_for(request.user, meeting.committee_id)
    if not meeting.is_signed_off or not access.minutes_visible(audience, meeting):
        raise Http404
    try:
        ensure_signed_minutes(meeting)
    except MinutesNotStored as failure:
        return _not_stored(failure)
    stored = get_object_or_404(MinutesPdf, meeting=meeting, version=version, audience=edition_for(audience))
    name = download_name(meeting, MINUTES, audience=audience).removesuffix(".pdf") + f" v{version}.pdf"
    return _stored_pdf_response(request, stored, name)


@require_safe
@cached_page
def combined_pdf(request, pk):
    """'Samlet dokument': the agenda (before sign-off) or the minutes, then every attachment the reader may see."""
    # Imported here: pikepdf is loaded only by a process that joins PDFs.
    from .combined import agenda_combined_job, download_name as combined_name, stored_combined_pdf

    meeting = _meeting_or_404(pk)
    audience = access.audience_for(request.user, meeting.committee_id)
    if not access.agenda_visible(audience, meeting):
        raise Http404
    name = combined_name(meeting, audience)
    if meeting.is_signed_off:
        try:
            data = stored_combined_pdf(meeting, audience,
                                       lambda: build_meeting_view(meeting_for_display(pk), audience))
        except MinutesNotStored as failure:
            return _not_stored(failure)
        except stored_files.storage_errors():
            # The combined file (or the minutes it starts with) could not be read or written.
            logger.exception("The combined document of meeting %s could not be stored.", meeting.pk)
            return _not_stored(MinutesNotStored())
        return _pdf_response(request, data, name, audience=audience)
    job = agenda_combined_job(build_meeting_view(meeting_for_display(pk), audience))
    return _rendered_pdf_response(request, job, name, audience=audience)


def _not_stored(failure):
    # The first download stores signed-off minutes that were signed off without their
    # PDFs; when the disk refuses, the reader may simply try again later.
    response = HttpResponse(" ".join(failure.problems), status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = "60"
    return response


def download_name(meeting, kind, *, audience, draft=False):
    """'Referat KLU 2023-11-30.pdf', 'Dagsorden KLU 2024-04-04 (medlemsudgave).pdf'.

    Danish whatever the reader's language, like the document it names.
    """
    with translation.override("da"):
        label = _("Referat") if kind == MINUTES else _("Dagsorden")
        committee = meeting.committee.short_name or meeting.committee.name
        name = f"{label} {committee} {meeting.date:%Y-%m-%d}"
        if draft:
            name += f" ({_('udkast')})"
        elif access.closed_visible(audience):
            name += f" ({_('medlemsudgave')})"
    return f"{name}.pdf"


def _pdf_response(request, data, filename, *, audience):
    etag = f'"{hashlib.sha256(data).hexdigest()}"'
    response = HttpResponse(data, content_type=PDF)
    _set_cache_headers(response, etag=etag, private=audience > access.Audience.PUBLIC)
    response["Content-Disposition"] = content_disposition_header(False, filename)
    # The original response, or a 304 (412) carrying its headers.
    return get_conditional_response(request, etag=etag, response=response)


def _rendered_pdf_response(request, job, filename, *, audience):
    """A PDF rendered from the records, once per state: a request that names the
    state's ETag gets 304 before anything is rendered, and the bytes of a state
    rendered before come from the cache, whatever else on the site has changed."""
    etag = f'"{job.key}"'
    headers = HttpResponse(content_type=PDF)
    _set_cache_headers(headers, etag=etag, private=audience > access.Audience.PUBLIC)
    conditional = get_conditional_response(request, etag=etag, response=headers)
    if conditional is not headers:
        return conditional
    response = HttpResponse(rendered(job), content_type=PDF)
    for name, value in headers.items():
        response[name] = value
    response["Content-Disposition"] = content_disposition_header(False, filename)
    return response


def _stored_pdf_response(request, stored, filename):
    etag = f'"{stored.sha256}"'
    last_modified = int(stored.created_at.timestamp())
    headers = HttpResponse(content_type=PDF)
    _set_cache_headers(headers, etag=etag, last_modified=last_modified,
                       private=stored.audience != stored.Audience.PUBLIC)
    conditional = get_conditional_response(request, etag=etag, last_modified=last_modified, response=headers)
    if conditional is not headers:
        # 304 (or 412): the file is not even opened.
        return conditional
    try:
        if stored.size <= IN_MEMORY_PDF_BYTES:
            # Small enough to keep: a bytes response can go into the page cache.
            with stored.file.open("rb") as handle:
                response = HttpResponse(handle.read(), content_type=PDF)
        else:
            response = FileResponse(stored.file.open("rb"), content_type=PDF)
    except stored_files.storage_errors():
        logger.exception("The stored minutes PDF %s could not be read.", stored.pk)
        return file_unavailable_response(request)
    for name, value in headers.items():
        response[name] = value
    response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Content-Length"] = str(stored.size)
    return response


def _set_cache_headers(response, *, etag, last_modified=None, private=False):
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = http_date(last_modified)
    # Revalidate every time: a 304 costs little and the content may change.
    response["Cache-Control"] = "private, no-cache" if private else "no-cache"
    response["X-Content-Type-Options"] = "nosniff"


# Calendar -----------------------------------------------------------------------------


def _page_url(meeting):
    return absolute_url(meeting.get_absolute_url())


@require_safe
@cached_page
def committee_ics(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    meetings = list(Meeting.objects.filter(committee=committee).select_related("committee")
                    .order_by("date", "start_time", "pk"))
    data = meetings_to_ical(meetings, url_for=_page_url, feed=committee_feed(committee))
    last_modified = max((m.updated_at for m in meetings), default=None)
    return _ical_response(request, data, last_modified=last_modified)


@require_safe
@cached_page
def meeting_ics(request, pk):
    # The date, time and place of every meeting are public (the archive lists them all).
    meeting = _meeting_or_404(pk)
    data = meetings_to_ical([meeting], url_for=_page_url)
    filename = f"{meeting.committee.short_name or meeting.committee.name} {meeting.date:%Y-%m-%d}.ics"
    return _ical_response(request, data, last_modified=meeting.updated_at, filename=filename)


@require_safe
def private_ics(request, token):
    calendar_token = (CalendarToken.objects.select_related("user")
                      .filter(token=token, revoked_at__isnull=True).first())
    if calendar_token is None:
        raise Http404
    user = calendar_token.user
    # Someone who has left every committee keeps no private feed, whatever token they hold.
    viewer = access.viewer_for(user)
    if not user.is_active or not viewer.is_member:
        raise Http404
    person = getattr(user, "person", None)
    meetings = Meeting.objects.select_related("committee").order_by("date", "start_time", "pk")
    apologies = frozenset()
    if person is not None:
        # The meetings of the committees they sit on now, and any they attended.
        committee_ids = viewer.can_see_closed
        attended = set(person.attendances.values_list("meeting_id", flat=True))
        if committee_ids or attended:
            meetings = meetings.filter(committee_id__in=committee_ids) | meetings.filter(pk__in=attended)
        apologies = frozenset(person.attendances.filter(status=Attendance.Status.APOLOGIES)
                              .values_list("meeting_id", flat=True))
    data = meetings_to_ical(list(meetings), url_for=_page_url, feed=private_feed(), apologies=apologies)
    # No Last-Modified: an apology changes the feed without changing any meeting's
    # updated_at, so only the ETag can tell whether it changed.
    return _ical_response(request, data, private=True)


def _ical_response(request, data, *, last_modified=None, filename=None, private=False):
    etag = f'"{hashlib.sha256(data).hexdigest()}"'
    stamp = int(last_modified.timestamp()) if last_modified else None
    response = HttpResponse(data, content_type=ICAL)
    _set_cache_headers(response, etag=etag, last_modified=stamp, private=private)
    if filename:
        response["Content-Disposition"] = content_disposition_header(True, filename)
    return get_conditional_response(request, etag=etag, last_modified=stamp, response=response)


@login_required
@require_http_methods(["GET", "POST"])
def private_calendar(request):
    if not access.viewer_for(request.user).is_member:
        raise PermissionDenied
    if request.method == "POST":
        action = request.POST.get("action")
        if action not in {"create", "revoke"}:
            return HttpResponseBadRequest()
        with transaction.atomic():
            # One live token per user (a database constraint): revoke before issuing.
            revoked = CalendarToken.objects.filter(user=request.user, revoked_at__isnull=True).update(
                revoked_at=timezone.now())
            if action == "create":
                CalendarToken.objects.create(user=request.user, token=secrets.token_urlsafe(32))
                messages.success(request, _("Din private kalenderadresse er oprettet."))
            elif revoked:
                messages.success(request, _("Din private kalenderadresse er tilbagekaldt og virker ikke længere."))
        return redirect("exports:private-calendar")
    live = CalendarToken.objects.filter(user=request.user, revoked_at__isnull=True).first()
    feed_path = reverse("exports:private-ics", args=[live.token]) if live else None
    return render(request, "meetings/calendar_private.html", {"token": live, "feed_path": feed_path})
