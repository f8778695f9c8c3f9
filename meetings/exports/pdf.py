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

import ctypes
import ctypes.util
import dataclasses
import datetime
import functools
import gc
import hashlib
import importlib.metadata
import pathlib
import re
import sys
import typing
from html import escape, unescape
from html.parser import HTMLParser

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .. import access
from ..absolute_urls import site_url as configured_site_url
from ..formatting import danish_date
from ..presentation import ItemView, MeetingView
from . import pdf_ua

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
    """The agenda as A4 PDF bytes; one not yet published carries "UDKAST" on every page. Runs no queries.

    Links in the PDF point to `site_url`, settings.SITE_URL unless given: never to the
    Host a request named, since PDFs are cached for everyone and stored for good.
    """
    return agenda_job(view, site_url=site_url).render()


def agenda_job(view: MeetingView, *, site_url: str | None = None) -> "PdfJob":
    """The agenda PDF of `view`, to be rendered, with its state key already known. Runs no queries."""
    return _job(agenda_view(view), AGENDA, site_url=site_url)


def minutes_job(view: MeetingView, *, site_url: str | None = None, version: int = 1,
                correction_reason: str = "", corrected_at: datetime.datetime | None = None) -> "PdfJob":
    """The minutes PDF of `view`, to be rendered, with its state key already known.

    `version`, `correction_reason` and `corrected_at` describe a corrected version of
    signed-off minutes (version 2 onwards), as for render_minutes_pdf.
    """
    if not view.is_minutes:
        raise ValueError("This view shows no minutes.")
    return _job(view, MINUTES, site_url=site_url, version=version,
                correction_reason=correction_reason, corrected_at=corrected_at)


@dataclasses.dataclass(frozen=True)
class PdfJob:
    """A PDF about to be made. `key` is known before anything is rendered.

    The key is the SHA-256 of everything the bytes are made from: the HTML handed to
    WeasyPrint (which holds every word, date and style of the document), the link
    base, the file identifier and the renderer (this code and WeasyPrint's version).
    The rendering is a function of exactly these (see the module docstring), so equal
    keys mean equal bytes: the key serves as the ETag of a download, answered with 304
    without rendering, and as the cache key of the rendered bytes, so a PDF is rendered
    once per state of its own meeting, whatever else changes on the site.
    """

    key: str
    _render: typing.Callable[[], bytes]
    # The HTML given to WeasyPrint: every word and style of the document.
    html: str = ""
    # The same document as another WeasyPrint PDF variant (the archive's PDF/A-2b copy);
    # None for jobs that are not one WeasyPrint rendering (the combined document).
    _render_variant: typing.Callable[[str], bytes] | None = None

    def render(self) -> bytes:
        try:
            return self._render()
        finally:
            _return_memory()

    def render_as(self, variant: str) -> bytes:
        """The document as WeasyPrint's PDF `variant` (e.g. "pdf/a-2b"), tagged and repaired
        like the PDF/UA file, with a file identifier of its own. Not cached."""
        if self._render_variant is None:
            raise ValueError("This PDF is not made by one WeasyPrint rendering.")
        try:
            return self._render_variant(variant)
        finally:
            _return_memory()


def _return_memory():
    """Hand the memory a rendering used back to the system.

    A rendering's box tree is freed when it ends, but glibc keeps the freed pages for
    the process, so a web worker that rendered 200 items once stayed about 160 MB
    larger for good; trimming brings that to about 90 MB (what WeasyPrint's font and
    text caches keep, once per process). The box tree holds reference cycles, so they
    are collected first. Costs a few milliseconds; does nothing outside glibc.
    """
    gc.collect()
    trim = getattr(_libc(), "malloc_trim", None)
    if trim is not None:
        trim(0)


@functools.cache
def _libc():
    try:
        return ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
    except OSError:
        return None


def rendered(job: PdfJob) -> bytes:
    """The bytes of `job`: from the shared cache when this state was rendered before, else rendered and kept."""
    cache_key = f"pdf:{job.key}"
    data = cache.get(cache_key)
    if data is None:
        data = job.render()
        cache.set(cache_key, data, settings.PAGE_CACHE_SECONDS)
    return data


@functools.cache
def _renderer() -> str:
    """What else the bytes depend on: the code that renders and repairs them, and WeasyPrint's version."""
    sources = b"".join(pathlib.Path(module.__file__).read_bytes() for module in (sys.modules[__name__], pdf_ua))
    return f"{importlib.metadata.version('weasyprint')}|{importlib.metadata.version('pikepdf')}|" \
           f"{hashlib.sha256(sources).hexdigest()}"


def render_minutes_pdf(view: MeetingView, *, site_url: str | None = None, version: int = 1,
                       correction_reason: str = "", corrected_at: datetime.datetime | None = None) -> bytes:
    """The minutes as A4 PDF bytes; unsigned minutes carry "UDKAST" on every page. Runs no queries.

    `version`, `correction_reason` and `corrected_at` describe a corrected version of
    signed-off minutes (version 2 onwards); the PDF states the correction. Links point
    to `site_url`, as for render_agenda_pdf.
    """
    return minutes_job(view, site_url=site_url, version=version, correction_reason=correction_reason,
                       corrected_at=corrected_at).render()


def document_title(meeting, kind, *, draft=False) -> str:
    """'Referat – Kommunalt Lægeligt Udvalg, 30. november 2023': the PDF's title, which readers show."""
    with translation.override("da"):
        if kind == MINUTES:
            label = _("Referat (udkast)") if draft else _("Referat")
        else:
            label = _("Dagsorden")
        parts = [meeting.committee.name, meeting.title, danish_date(meeting.date, weekday=False)]
        return f"{label} – " + ", ".join(part for part in parts if part)


def _job(view, kind, *, site_url, version=1, correction_reason="", corrected_at=None) -> PdfJob:
    meeting = view.meeting
    committee = meeting.committee
    # Unsigned minutes and an agenda not yet published say UDKAST on every page.
    draft = view.is_draft if kind == MINUTES else view.is_agenda_draft
    # Dates from the record, never the clock: WeasyPrint writes only what it is given.
    if kind == MINUTES and meeting.signed_off_at:
        created = meeting.signed_off_at
        modified = corrected_at or created
    else:
        created = meeting.agenda_published_at or meeting.updated_at
        modified = meeting.updated_at

    with translation.override("da"):
        title = document_title(meeting, kind, draft=draft and kind == MINUTES)
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
                "draft": css_string(_("UDKAST – referatet er ikke godkendt") if kind == MINUTES
                                    else _("UDKAST") + " – " + _("dagsordenen er ikke offentliggjort")),
                "page": css_string(_("Side") + " "),
                "of": css_string(" " + _("af") + " "),
            },
        }
    identifier = hashlib.sha256(
        f"{meeting.ical_uid}|{kind}|{int(view.audience >= access.Audience.MEMBER)}|{version}".encode()
    ).hexdigest()[:32].encode()
    origin = configured_site_url() if site_url is None else site_url
    base_url = f"{origin.rstrip('/')}/" if origin else None

    with translation.override("da"):
        html = print_tables(render_to_string("meetings/pdf/document.html", context))
    key = hashlib.sha256("\x1f".join([_renderer(), base_url or "", identifier.decode(), html]).encode()).hexdigest()

    def render(variant=PDF_VARIANT):
        # The document fetches nothing (styles are inline, fonts come from fontconfig),
        # so nothing outside the records can change the bytes or slow the rendering.
        # The base URL only turns the partials' site-relative links into absolute ones.
        # Imported here, not at the top: loading WeasyPrint costs about a second, and only
        # a process that renders should pay it (manage.py commands, the mail worker do not).
        import weasyprint

        fetcher = weasyprint.URLFetcher(allowed_protocols=())
        if variant == PDF_VARIANT:
            options = {"pdf_identifier": identifier}
        else:
            # Another file, so another identifier; tagged as the PDF/UA file is.
            options = {"pdf_identifier": hashlib.sha256(identifier + b"|" + variant.encode()).hexdigest()[:32].encode(),
                       "pdf_tags": True}
        data = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=fetcher).write_pdf(
            pdf_variant=variant, **options)
        # WeasyPrint's structure tree falls short of PDF/UA in places (see pdf_ua).
        return pdf_ua.fix_structure(data, **pdf_ua.link_descriptions(view))

    return PdfJob(key, render, html, render)


# A cell that holds one number or amount: "1.234.567", "-12.500 kr.", "45 %", "3,5".
_NUMBER = re.compile(
    r"[-−–+]?\s?(?:\d{1,3}(?:[. \u00a0]\d{3})+|\d+)(?:,\d+)?"
    r"(?:\s?(?:%|kr\.?|mio\.?(?:\s?kr\.?)?|mia\.?(?:\s?kr\.?)?|DKK))?"
)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def is_number(text: str) -> bool:
    """True when a table cell's text is a number or an amount, which prints right-aligned."""
    return bool(_NUMBER.fullmatch(" ".join(text.split())))


def print_tables(html: str) -> str:
    """The document's tables arranged for paper; the stored text is not touched.

    WeasyPrint repeats a `thead` on every page a table spans and, left to itself, a
    `tfoot` too, so: the header is a `thead` (the editor writes the header row as the
    first row of `th` cells in the body), the totals go after the last body row and
    print once (style.css), and cells that hold a number get the class "num" (right-
    aligned). Everything outside tables passes through as it was written.
    """
    parser = _TableParser()
    parser.feed(html)
    parser.close()
    return "".join(parser.out)


@dataclasses.dataclass
class _Node:
    tag: str
    attrs: list
    children: list = dataclasses.field(default_factory=list)

    def text(self) -> str:
        return "".join(c.text() if isinstance(c, _Node) else unescape(c) for c in self.children)

    def add_class(self, name):
        for i, (key, value) in enumerate(self.attrs):
            if key == "class":
                self.attrs[i] = (key, f"{value} {name}".strip())
                return
        self.attrs.append(("class", name))

    def html(self) -> str:
        attrs = "".join(f' {k}="{escape(v or "", quote=True)}"' for k, v in self.attrs)
        if self.tag in _VOID:
            return f"<{self.tag}{attrs}>"
        inner = "".join(c.html() if isinstance(c, _Node) else c for c in self.children)
        return f"<{self.tag}{attrs}>{inner}</{self.tag}>"


class _TableParser(HTMLParser):
    """Copies the document token by token; builds a small tree of each table and rewrites it."""

    def __init__(self):
        super().__init__(convert_charrefs=False)
        self.out = []
        self.stack = []  # open elements inside the outermost table

    def _emit(self, raw):
        if self.stack:
            self.stack[-1].children.append(raw)
        else:
            self.out.append(raw)

    def handle_starttag(self, tag, attrs):
        if not self.stack and tag != "table":
            self.out.append(self.get_starttag_text())
            return
        node = _Node(tag, list(attrs))
        if self.stack:
            self.stack[-1].children.append(node)
        if tag not in _VOID:
            self.stack.append(node)

    def handle_startendtag(self, tag, attrs):
        if not self.stack:
            self.out.append(self.get_starttag_text())
        else:
            self.stack[-1].children.append(_Node(tag, list(attrs)))

    def handle_endtag(self, tag):
        if not self.stack:
            self.out.append(f"</{tag}>")
            return
        # Close up to the matching element (sanitised text closes everything it opens).
        while self.stack:
            node = self.stack.pop()
            if node.tag == tag:
                break
        if not self.stack:
            self.out.append(_arrange_table(node).html())

    def handle_data(self, data):
        self._emit(data)

    def handle_entityref(self, name):
        self._emit(f"&{name};")

    def handle_charref(self, name):
        self._emit(f"&#{name};")

    def handle_comment(self, data):
        self._emit(f"<!--{data}-->")

    def handle_decl(self, decl):
        self._emit(f"<!{decl}>")

    def handle_pi(self, data):
        self._emit(f"<?{data}>")

    def unknown_decl(self, data):
        self._emit(f"<![{data}]>")


def _elements(node, *tags):
    return [c for c in node.children if isinstance(c, _Node) and c.tag in tags]


def _arrange_table(table: _Node) -> _Node:
    for cell in _cells(table):
        for inner in _descendants(cell, "table"):
            _arrange_table(inner)
    head = _elements(table, "thead")
    bodies = _elements(table, "tbody")
    rows_outside = _elements(table, "tr")
    foot = _elements(table, "tfoot")
    # The editor's header: a first row of th cells, in the table's only body.
    if not head and len(bodies) == 1 and not rows_outside:
        rows = _elements(bodies[0], "tr")
        if len(rows) > 1 and _is_header_row(rows[0]):
            bodies[0].children.remove(rows[0])
            head = [_Node("thead", [], [rows[0]])]
    # A row of th cells inside a body heads the rows under it ("2024", "2025"): it
    # stays with the next row rather than end a page.
    for body in bodies:
        for row in _elements(body, "tr"):
            if _is_header_row(row):
                row.add_class("row-head")
    for group in [*bodies, *rows_outside, *foot]:
        for row in ([group] if group.tag == "tr" else _elements(group, "tr")):
            # Header cells stay as they are: "2024" over a section is a heading, not an amount.
            for cell in _elements(row, "td"):
                if is_number(cell.text()):
                    cell.add_class("num")
    grouped = {id(n) for n in [*head, *bodies, *rows_outside, *foot]}
    others = [c for c in table.children if not (isinstance(c, _Node) and id(c) in grouped)]
    table.children = others + head + bodies + rows_outside + foot
    return table


def _is_header_row(row: _Node) -> bool:
    cells = _elements(row, "td", "th")
    return bool(cells) and all(c.tag == "th" for c in cells)


def _cells(table):
    return _descendants(table, "td", "th")


def _descendants(node, *tags):
    found = []
    for child in node.children:
        if isinstance(child, _Node):
            if child.tag in tags:
                found.append(child)
            else:
                found.extend(_descendants(child, *tags))
    return found


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
