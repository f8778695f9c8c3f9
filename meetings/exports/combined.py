"""One combined PDF per meeting and audience ("Samlet dokument").

The agenda (before sign-off) or the signed-off minutes, followed by every attachment
the audience may download, in the order the meeting page lists them: each item's
attachments in item order (then position), and the meeting's own attachments after
the items. Which attachments come in is decided by the MeetingView (access.py), the
same rule as the attachment download view; closed ones reach members only.

The result keeps the minutes' or agenda's own bookmarks (one per item) and adds one
per attachment ("Bilag: <titel>"), nested under its item's bookmark. Page labels run
1…N through the whole document. A PDF attachment is appended page by page; any other
file (Word, PowerPoint, a PDF that cannot be read) becomes one page naming the file,
its title and size, with an absolute link to download it.

The appended pages are the attachments' own and are not tagged, so the combined
document does not claim PDF/UA (the minutes and agenda themselves still do).

Signed-off combined documents are stored once per minutes version and edition, as
files next to the stored minutes (`minutes/<meeting>/combined-v<version>-<edition>.pdf`),
and served from there; there is no row for them.
"""

import hashlib
import io
import logging
import pathlib

import pikepdf
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .. import access, stored_files
from ..absolute_urls import absolute_url
from ..formatting import danish_date
from ..models import Meeting, MinutesPdf
from ..presentation import MeetingView
from .minutes_store import edition_for, ensure_signed_minutes
from .pdf import PdfJob, agenda_job, agenda_view, rendered

logger = logging.getLogger(__name__)

PDF = "application/pdf"


def combined_attachments(view: MeetingView) -> list[tuple[object, object]]:
    """[(item or None, attachment), …]: what follows the document, in the page's order. Runs no queries.

    `view` is the view the document renders (the agenda view for an agenda), so the
    attachments are exactly those it lists for its audience.
    """
    listed = []
    for row in view.items:
        if row.hidden:
            continue
        listed.extend((row.item, attachment) for attachment in row.attachments if attachment.file)
    listed.extend((None, attachment) for attachment in view.meeting_attachments if attachment.file)
    return listed


def render_combined_pdf(view: MeetingView, document: bytes) -> bytes:
    """`document` (the agenda or minutes PDF of `view`) with the attachments `view` lists appended.

    Reads the attachments' files; runs no queries. The same inputs give the same bytes.
    """
    pdf = pikepdf.open(io.BytesIO(document))
    with pdf.open_outline() as outline:
        item_entries = _item_entries(outline.root, view)
        for item, attachment in combined_attachments(view):
            first_page = len(pdf.pages)
            _append(pdf, attachment, item, view)
            if len(pdf.pages) == first_page:
                continue
            with translation.override("da"):
                title = _("Bilag: %(title)s") % {"title": attachment.title}
            entry = pikepdf.OutlineItem(title, first_page)
            parent = item_entries.get(item.pk) if item is not None else None
            (parent.children if parent is not None else outline.root).append(entry)
    # One decimal numbering from the first page to the last: the viewer's page numbers
    # run through minutes and attachments alike.
    pdf.Root.PageLabels = pikepdf.Dictionary(Nums=pikepdf.Array([0, pikepdf.Dictionary(S=pikepdf.Name.D)]))
    _drop_pdf_ua_claim(pdf)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _item_entries(entries, view):
    """{item pk: its top-level bookmark}, found by the item's number as the committee
    writes it at the start of the heading ("2.a. …", "Punkt 3: …")."""
    committee = view.meeting.committee
    found = {}
    for row in view.items:
        number = committee.item_number(row.item.label) + " "
        entry = next((e for e in entries if str(e.title).startswith(number)), None)
        if entry is not None:
            found[row.item.pk] = entry
    return found


def _append(pdf, attachment, item, view):
    data = _read(attachment)
    if data is not None and _is_pdf(attachment, data):
        try:
            source = pikepdf.open(io.BytesIO(data))
        except pikepdf.PdfError:
            logger.warning("Attachment %s is not a readable PDF; a page names it instead.", attachment.pk)
        else:
            _extend(pdf, source)
            return
    _extend(pdf, pikepdf.open(io.BytesIO(render_placeholder(attachment, item, view))))


def _extend(pdf, source):
    for page in source.pages:
        # The page's marked content belongs to its own document's structure tree, which
        # does not come along: its keys would point into ours.
        for key in ("/StructParents", "/Tabs"):
            if key in page.obj:
                del page.obj[key]
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation:
                del annotation["/StructParent"]
        pdf.pages.append(page)


def _read(attachment):
    try:
        with attachment.file.open("rb") as handle:
            return handle.read()
    except stored_files.storage_errors():
        logger.warning("The file of attachment %s could not be read; a page names it instead.", attachment.pk)
        return None


def _is_pdf(attachment, data):
    return attachment.content_type == PDF or data.lstrip()[:5] == b"%PDF-"


def _drop_pdf_ua_claim(pdf):
    if "/Metadata" not in pdf.Root:
        return
    # Not pdf.open_metadata(): it stamps the current time, and the bytes must be stable.
    xmp = pdf.Root.Metadata.read_bytes()
    cleaned = xmp.replace(b"<pdfuaid:part>1</pdfuaid:part>", b"").replace(b'pdfuaid:part="1"', b"")
    if cleaned != xmp:
        pdf.Root.Metadata.write(cleaned)


def render_placeholder(attachment, item, view) -> bytes:
    """One A4 page naming an attachment that is not a PDF, with an absolute link to it. Runs no queries."""
    import weasyprint

    meeting = view.meeting
    link = absolute_url(reverse("meetings:attachment", args=[meeting.pk, attachment.pk]))
    with translation.override("da"):
        html = render_to_string("meetings/pdf/attachment_placeholder.html", {
            "attachment": attachment,
            "item": item,
            "meeting": meeting,
            "date": danish_date(meeting.date, weekday=False),
            "link": link,
        })
    identifier = hashlib.sha256(f"{meeting.ical_uid}|bilag|{attachment.pk}|{attachment.sha256}".encode())
    return weasyprint.HTML(string=html, url_fetcher=weasyprint.URLFetcher(allowed_protocols=())).write_pdf(
        pdf_identifier=identifier.hexdigest()[:32].encode(),
    )


def agenda_combined_pdf(view: MeetingView) -> bytes:
    """The combined document before sign-off: the agenda and its attachments. Runs no queries."""
    return agenda_combined_job(view).render()


def agenda_combined_job(view: MeetingView) -> PdfJob:
    """agenda_combined_pdf() as a job whose key is known before rendering (see pdf.PdfJob).

    The key adds to the agenda's own key each attachment that follows it (its record,
    file and SHA-256) and this module's code; the agenda's bytes come from the cache
    when the agenda alone was rendered in this state before.
    """
    agenda = agenda_job(view)
    listed = combined_attachments(agenda_view(view))
    parts = [agenda.key, hashlib.sha256(pathlib.Path(__file__).read_bytes()).hexdigest()]
    parts += [f"{attachment.pk}|{attachment.title}|{attachment.file.name}|{attachment.sha256}|"
              f"{attachment.content_type}|{item.pk if item else ''}" for item, attachment in listed]
    key = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    return PdfJob(key, lambda: render_combined_pdf(agenda_view(view), rendered(agenda)))


def stored_combined_pdf(meeting, audience, view_for) -> bytes:
    """The stored combined document of signed-off `meeting` for `audience`, storing it first if absent.

    Builds on the latest stored minutes version of the audience's edition (storing the
    minutes first if they are missing, see minutes_store.ensure_signed_minutes). Runs
    queries, may render and writes a file once; raises MinutesNotStored when the
    minutes cannot be stored and OSError when the combined file cannot be written.
    """
    edition = edition_for(audience)
    minutes = ensure_signed_minutes(meeting)[edition]
    name = file_name(minutes.version, edition)
    path = f"minutes/{meeting.pk}/{name}"
    storage = minutes.file.storage
    if storage.exists(path):
        with storage.open(path, "rb") as handle:
            return handle.read()
    try:
        with transaction.atomic():
            # One writer per meeting: a concurrent first request waits here, then finds the file.
            Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
            if storage.exists(path):
                with storage.open(path, "rb") as handle:
                    return handle.read()
            with minutes.file.open("rb") as handle:
                document = handle.read()
            view = view_for()
            data = render_combined_pdf(view, document)
            # An unsaved row lends its file field (folder and storage) to the atomic writer.
            carrier = MinutesPdf(meeting_id=meeting.pk, version=minutes.version, audience=edition)
            stored_files.save(carrier.file, name, data)
            return data
    finally:
        stored_files.discard_rolled_back()


def file_name(version, edition) -> str:
    """'combined-v1-public.pdf': the stored file's name in the meeting's folder."""
    return f"combined-v{version}-{edition}.pdf"


def download_name(meeting, audience) -> str:
    """'Samlet dokument KLU 2023-11-30 (medlemsudgave).pdf', Danish whatever the reader's language."""
    with translation.override("da"):
        committee = meeting.committee.short_name or meeting.committee.name
        name = f"{_('Samlet dokument')} {committee} {meeting.date:%Y-%m-%d}"
        if access.closed_visible(audience):
            name += f" ({_('medlemsudgave')})"
    return f"{name}.pdf"

