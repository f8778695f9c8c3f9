"""Reading pages: home, archive, one meeting, a committee, search, attachment downloads.

Every view asks meetings.access what the caller may see; none decides on its own.
"""

import logging
import mimetypes
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from search.models import SearchEntry
from search.query import FACET_CAP, MAX_QUERY_LENGTH, search_items

from . import access, selectors, stored_files
from .models import Attachment, Committee
from .pagecache import cached_page
from .presentation import build_meeting_view

logger = logging.getLogger(__name__)

SEARCH_PAGE_SIZE = 20
# About a year of four committees' monthly meetings; all 1,000 on one page made 259 KiB.
ARCHIVE_PAGE_SIZE = 50


@require_safe
@cached_page
def home(request):
    today = timezone.localdate()
    committees = selectors.committees()
    upcoming = selectors.upcoming_meetings(today)
    return render(request, "meetings/home.html", {
        "nav": "home",
        "committee_rows": [(c, upcoming.get(c.pk, [])) for c in committees],
        "latest_minutes": selectors.latest_signed_off(),
    })


def _year_param(value):
    """A year from the query string, or None for anything that is not a plausible year."""
    value = (value or "").strip()
    if value.isdigit() and 1900 <= int(value) <= 2200:
        return int(value)
    return None


def _committee_param(committees, value):
    return next((c for c in committees if c.slug == (value or "").strip()), None)


@require_safe
@cached_page
def meeting_archive(request):
    committees = selectors.committees()
    # Unknown values are ignored rather than refused: an old bookmark should still show the archive.
    committee = _committee_param(committees, request.GET.get("committee"))
    year = _year_param(request.GET.get("year"))
    meetings = selectors.archive_meetings(committee=committee, year=year)
    # A page "number" that is not a number gives the first page, one out of range the last.
    page = Paginator(meetings, ARCHIVE_PAGE_SIZE).get_page(request.GET.get("page"))
    by_year = {}
    for meeting in page.object_list:
        by_year.setdefault(meeting.date.year, []).append(meeting)
    # The page links carry the filters as understood, not whatever else the address held.
    filters = {"committee": committee.slug} if committee else {}
    if year:
        filters["year"] = year
    return render(request, "meetings/archive.html", {
        "nav": "archive",
        "breadcrumbs": [(_("Møder"), None)],
        "committees": committees,
        "committee": committee,
        "year": year,
        "years": selectors.meeting_years(committee),
        "meetings_by_year": list(by_year.items()),
        "meeting_count": page.paginator.count,
        "page": page,
        # One page either side and the ends: the numbers fit beside the arrows from 768 px on.
        "page_range": page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1),
        "page_query": urlencode(filters),
    })


@require_safe
@cached_page
def meeting_detail(request, pk):
    meeting = selectors.meeting_for_display(pk)
    view = build_meeting_view(meeting, access.audience_for(request.user, meeting.committee_id))
    return render(request, "meetings/detail.html", {
        "nav": "archive",
        "breadcrumbs": [
            (_("Møder"), reverse("meetings:archive")),
            (meeting.committee.short_name or meeting.committee.name,
             f"{reverse('meetings:archive')}?committee={meeting.committee.slug}"),
            (str(meeting.date.year), f"{reverse('meetings:archive')}?committee={meeting.committee.slug}&year={meeting.date.year}"),
            (meeting.display_title, None),
        ],
        "meeting": meeting,
        "view": view,
    })


@require_safe
@cached_page
def committee_detail(request, slug):
    committee = get_object_or_404(Committee, slug=slug)
    today = timezone.localdate()
    return render(request, "meetings/committee.html", {
        "nav": "archive",
        "breadcrumbs": [(_("Møder"), reverse("meetings:archive")), (committee.name, None)],
        "committee": committee,
        "groups": selectors.current_members_by_organisation(committee, today),
        "upcoming": selectors.upcoming_meetings(today, committee=committee, per_committee=5).get(committee.pk, []),
        "recent_minutes": selectors.latest_signed_off(committee=committee),
        "today": today,
    })


@require_safe
@cached_page
def search(request):
    viewer = access.viewer_for(request.user)
    committees = selectors.committees()
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    committee = _committee_param(committees, request.GET.get("committee"))
    year = _year_param(request.GET.get("year"))
    kind = request.GET.get("kind", "").strip()
    kind = kind if kind in SearchEntry.Kind.values else None
    newest_first = request.GET.get("order") == "newest"
    page = facets = None
    facets_capped = False
    if query:
        results = search_items(query, viewer=viewer, committee=committee, year=year, kind=kind,
                               newest_first=newest_first)
        page = Paginator(results, SEARCH_PAGE_SIZE).get_page(request.GET.get("page"))
        facets = results.facets
        # Above FACET_CAP matches the numbers count the newest FACET_CAP; the page says so.
        facets_capped = any(results.facets_capped.values())
    years = selectors.meeting_years()
    if facets is not None:
        years = sorted(set(years) | set(facets["year"]), reverse=True)
    params = request.GET.copy()
    params.pop("page", None)
    return render(request, "meetings/search.html", {
        "nav": "search",
        "breadcrumbs": [(_("Søg"), None)],
        "query": query,
        # Each choice with the number of hits choosing it gives (None before a search).
        "committee_choices": [(c, facets["committee"].get(c.pk, 0) if facets else None) for c in committees],
        "committee": committee,
        "year_choices": [(y, facets["year"].get(y, 0) if facets else None) for y in years],
        "year": year,
        "kind_choices": [(value, label, facets["kind"].get(value, 0) if facets else None)
                         for value, label in SearchEntry.Kind.choices],
        "kind": kind,
        "newest_first": newest_first,
        "facets_capped": facets_capped,
        "facet_cap": number_format(FACET_CAP, force_grouping=True),  # 1.000, or 1,000 in English
        "page": page,
        "page_query": params.urlencode(),
    })


@require_safe
def attachment_download(request, pk, attachment_pk):
    attachment = get_object_or_404(Attachment.objects.select_related("meeting", "item"), pk=attachment_pk,
                                   meeting_id=pk)
    if not attachment.file or not access.attachment_visible(
            access.audience_for(request.user, attachment.meeting.committee_id), attachment):
        # The same answer whether it exists or not, so closed files cannot be probed.
        raise Http404
    content_type = attachment.content_type or mimetypes.guess_type(attachment.file.name)[0] or "application/octet-stream"
    try:
        handle = attachment.file.open("rb")
    except stored_files.storage_errors():
        # Only after the access check: a reader who may not see the file learns nothing.
        logger.exception("The file of attachment %s could not be read.", attachment.pk)
        return file_unavailable_response(request)
    response = FileResponse(handle, as_attachment=True, filename=attachment.download_name,
                            content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    # Only what the public may read can sit in a shared cache.
    public = access.attachment_visible(access.Audience.PUBLIC, attachment)
    response["Cache-Control"] = "public, max-age=3600" if public else "private, no-cache"
    return response


def file_unavailable_response(request):
    """503 for a download whose stored file cannot be read now (a disk or an S3 store that
    does not answer): a page in Danish, never a traceback or the store's address."""
    response = render(request, "file_unavailable.html", status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response
