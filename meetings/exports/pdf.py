"""Agenda and minutes as PDF, rendered by WeasyPrint from a MeetingView.

The PDF shows exactly what the view's audience may see, because it renders the same
MeetingView as the meeting page (and the page's partials, where they exist). The
renderers run no queries: everything comes from a meeting loaded by
selectors.meeting_for_display.

The output is a function of the records alone. WeasyPrint writes no dates and no
file identifier unless asked, so we give it both from the record (the sign-off time,
the meeting's UID): signed-off minutes rendered twice are the same bytes, which is
what lets a stored PDF be checked against its SHA-256.
"""

import dataclasses
import datetime
import hashlib

import weasyprint
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .. import access
from ..absolute_urls import site_url as configured_site_url
from ..formatting import danish_date
from ..presentation import ItemView, MeetingView

# PDF/UA-1 rather than PDF/A-3b: the minutes are public-sector documents that people
# read with screen readers, and PDF/UA is the standard for that (tagged structure,
# document title shown, language set, fonts embedded). Long-term integrity is
# covered by storing the signed-off bytes once and publishing their SHA-256, which
# PDF/A's conformance level B (visual appearance only) would not add to.
PDF_VARIANT = "pdf/ua-1"

AGENDA = "agenda"
MINUTES = "minutes"


def agenda_view(view: MeetingView) -> MeetingView:
    """The agenda part of a MeetingView: items as announced, no decisions or attendance.

    An agenda PDF of a meeting that has been held still shows the agenda, never the
    (possibly unsigned) decisions.
    """
    items = [
        ItemView(item=row.item, hidden=row.hidden,
                 attachments=[a for a in row.attachments if a.part == a.Part.AGENDA])
        for row in view.items
    ]
    return dataclasses.replace(
        view,
        show_minutes=False,
        items=items,
        participant_groups=[],
        guests=[],
        apologies=[],
        absent=[],
        secretariat=[],
        meeting_attachments=[a for a in view.meeting_attachments if a.part == a.Part.AGENDA],
    )


def render_agenda_pdf(view: MeetingView, *, site_url: str | None = None) -> bytes:
    """The agenda as A4 PDF bytes. Runs no queries.

    Links in the PDF point to `site_url`, settings.SITE_URL unless given: never to the
    Host a request named, since PDFs are cached for everyone and stored for good.
    """
    return _render(agenda_view(view), AGENDA, site_url=site_url)


def render_minutes_pdf(view: MeetingView, *, site_url: str | None = None, version: int = 1,
                       correction_reason: str = "", corrected_at: datetime.datetime | None = None) -> bytes:
    """The minutes as A4 PDF bytes; unsigned minutes carry "UDKAST" on every page. Runs no queries.

    `version`, `correction_reason` and `corrected_at` describe a corrected version of
    signed-off minutes (version 2 onwards); the PDF states the correction. Links point
    to `site_url`, as for render_agenda_pdf.
    """
    if not view.is_minutes:
        raise ValueError("This view shows no minutes.")
    return _render(view, MINUTES, site_url=site_url, version=version,
                   correction_reason=correction_reason, corrected_at=corrected_at)


def document_title(meeting, kind, *, draft=False) -> str:
    """'Referat – Kommunalt Lægeligt Udvalg, 30. november 2023': the PDF's title, which readers show."""
    with translation.override("da"):
        if kind == MINUTES:
            label = _("Referat (udkast)") if draft else _("Referat")
        else:
            label = _("Dagsorden")
        parts = [meeting.committee.name, meeting.title, danish_date(meeting.date, weekday=False)]
        return f"{label} – " + ", ".join(part for part in parts if part)


def _render(view, kind, *, site_url, version=1, correction_reason="", corrected_at=None):
    meeting = view.meeting
    committee = meeting.committee
    draft = kind == MINUTES and view.is_draft
    # Dates from the record, never the clock: WeasyPrint writes only what it is given.
    if kind == MINUTES and meeting.signed_off_at:
        created = meeting.signed_off_at
        modified = corrected_at or created
    else:
        created = meeting.agenda_published_at or meeting.updated_at
        modified = meeting.updated_at

    with translation.override("da"):
        title = document_title(meeting, kind, draft=draft)
        authors = []
        if kind == MINUTES and meeting.minute_taker_id:
            authors.append(meeting.minute_taker.name)
        authors.append(committee.secretariat or committee.name)
        context = {
            "view": view,
            "meeting": meeting,
            "committee": committee,
            "kind": kind,
            "is_minutes": kind == MINUTES,
            "draft": draft,
            "title": title,
            "authors": authors,
            "created": _w3c(created),
            "modified": _w3c(modified),
            "version": version,
            "correction_reason": correction_reason,
            "corrected_at": corrected_at,
            "members_edition": access.closed_visible(view.audience) and any(row.item.is_closed for row in view.items),
            # Margin boxes can only show CSS strings, so their text is escaped here.
            "css": {
                "running_left": css_string(committee.name),
                "running_right": css_string(danish_date(meeting.date, weekday=False)),
                "kind": css_string(_("Referat") if kind == MINUTES else _("Dagsorden")),
                "draft": css_string(_("UDKAST – referatet er ikke godkendt")),
                "page": css_string(_("Side") + " "),
                "of": css_string(" " + _("af") + " "),
            },
        }
        html = render_to_string("meetings/pdf/document.html", context)
    identifier = hashlib.sha256(
        f"{meeting.ical_uid}|{kind}|{int(view.audience >= access.Audience.MEMBER)}|{version}".encode()
    ).hexdigest()[:32].encode()
    # The document fetches nothing (styles are inline, fonts come from fontconfig),
    # so nothing outside the records can change the bytes or slow the rendering.
    # The base URL only turns the partials' site-relative links into absolute ones.
    fetcher = weasyprint.URLFetcher(allowed_protocols=())
    origin = configured_site_url() if site_url is None else site_url
    base_url = f"{origin.rstrip('/')}/" if origin else None
    return weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
        pdf_variant=PDF_VARIANT,
        pdf_identifier=identifier,
    )


def _w3c(value: datetime.datetime | None) -> str:
    if value is None:
        return ""
    return value.astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def css_string(text: str) -> str:
    """`text` as a double-quoted CSS string, every character outside plain ASCII escaped."""
    out = []
    for char in text:
        if char.isascii() and (char.isalnum() or char in " .,:;-()/"):
            out.append(char)
        else:
            # CSS takes one space after a hex escape as its end, so a real space that
            # follows the character survives.
            out.append(f"\\{ord(char):x} ")
    return '"' + "".join(out) + '"'
