"""The hand-over to the city archive: a year's signed-off meetings as files and metadata.

For every signed-off meeting of the year the archive holds each stored minutes PDF
(every version, both editions) exactly as stored, every attachment file (closed ones
too: the archive is the municipality's record, and the metadata says which are
closed), a metadata file per meeting (JSON, and the same in words), and at the top a
manifest and a SHA256SUMS file that `sha256sum -c SHA256SUMS` checks.

Nothing is re-rendered for the archive: the PDFs are the stored bytes, copied. Each
SHA-256 is computed from the bytes as they are written and must equal the one stored
with the row, or the export stops (a stored file that changed is not handed over in
silence).

The version of the minutes in force is also written as PDF/A-2b, which WeasyPrint
makes from the same HTML. That copy is made only where the stored version can be
shown to come from that HTML: the PDF/UA rendering of it (what was stored) must give
the stored bytes exactly. Earlier versions cannot be rendered again (their records
have changed since), so they have no PDF/A copy, and the metadata says why.

The archive is built in a hidden folder next to the target and renamed into place
when complete, so a failure leaves nothing under the target's name. Files are read
through their storage (local folder or S3), never by path.
"""

import dataclasses
import datetime
import hashlib
import json
import os
import pathlib
import re
import shutil
import tempfile
import zipfile

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from ..formatting import danish_date, danish_datetime, time_span
from ..models import Meeting, MinutesPdf
from ..presentation import build_meeting_view
from ..richtext import html_to_text
from ..selectors import meeting_for_display
from ..services import minutes_version
from . import pdf
from .minutes_store import EDITIONS, ensure_signed_minutes, file_name

FORMAT = "klu-moeder-arkiv/1"
PDFA_VARIANT = "pdf/a-2b"
SUMS_NAME = "SHA256SUMS"
MANIFEST_NAME = "manifest.json"
CHUNK = 1024 * 1024
# The archive's own words are Danish document text, as the minutes are: not translated.
PDFA_MADE = ("Dannet af den samme HTML som den gemte fil; den gemte fil blev dannet igen byte for byte som "
             "kontrol.")
PDFA_NOT_IN_FORCE = ("Ingen PDF/A-kopi: en tidligere version kan ikke dannes igen, fordi referatet er rettet "
                     "siden (version %(version)s er gældende).")
PDFA_NOT_REPRODUCIBLE = ("Ingen PDF/A-kopi: referatet dannes ikke længere til præcis de gemte bytes (fx efter en "
                         "opdatering af WeasyPrint eller en ny SITE_URL), så en kopi kunne afvige fra det "
                         "godkendte.")


class ArchiveError(Exception):
    """The archive could not be written; the message is Danish and for the operator. Nothing was left behind."""


@dataclasses.dataclass
class ArchiveResult:
    path: pathlib.Path
    meetings: int
    files: int
    pdfa: int


def signed_off_meetings(year: int, committee_slug: str | None = None):
    """The signed-off meetings of `year` (optionally of one committee), in date order. A queryset."""
    meetings = Meeting.objects.in_year(year).filter(status=Meeting.Status.SIGNED_OFF)
    if committee_slug:
        meetings = meetings.for_committee(committee_slug)
    return meetings.select_related("committee", "signed_off_by", "minute_taker").order_by("date", "start_time", "pk")


def default_output(year: int, committee_slug: str | None, as_zip: bool) -> pathlib.Path:
    name = f"arkiv-{year}" + (f"-{committee_slug}" if committee_slug else "")
    return pathlib.Path(name + (".zip" if as_zip else ""))


def check_output(output: pathlib.Path, as_zip: bool):
    """Refuse (ArchiveError) an output that exists and is not empty, or whose folder is missing."""
    if output.is_dir():
        if as_zip or any(output.iterdir()):
            raise ArchiveError(_("%(path)s findes allerede og er ikke tom. Vælg en ny placering med --output; "
                                 "intet er skrevet.") % {"path": output})
    elif output.exists() or output.is_symlink():
        if not as_zip or output.stat().st_size > 0:
            raise ArchiveError(_("%(path)s findes allerede og er ikke tom. Vælg en ny placering med --output; "
                                 "intet er skrevet.") % {"path": output})
    if not output.absolute().parent.is_dir():
        raise ArchiveError(_("Mappen %(path)s findes ikke; intet er skrevet.") % {"path": output.absolute().parent})


def export_archive(year: int, *, output: pathlib.Path, committee_slug: str | None = None, as_zip: bool = False,
                   meetings=None, log=None) -> ArchiveResult:
    """Write the archive of `year` to `output` (a folder, or one ZIP file); return what was written.

    Runs queries, reads every stored file and renders the PDF/A copies (a few seconds a
    meeting). Stores the minutes PDFs of a meeting that has none yet, as its first
    download would (ensure_signed_minutes). Raises ArchiveError, leaving nothing at
    `output`, when the output is taken or a stored file does not match its SHA-256.
    """
    log = log or (lambda message: None)
    output = pathlib.Path(output)
    check_output(output, as_zip)
    meetings = list(signed_off_meetings(year, committee_slug) if meetings is None else meetings)
    if not meetings:
        raise ArchiveError(_("Der er ingen godkendte referater fra %(year)s at aflevere; intet er skrevet.")
                           % {"year": year})
    parent = output.absolute().parent
    work = pathlib.Path(tempfile.mkdtemp(prefix=f".{output.name}.", suffix=".part", dir=parent))
    try:
        writer = _Writer(work)
        summaries = []
        for meeting in meetings:
            # The archive's texts (edition and outcome labels) are Danish document text.
            log(f"Møde {meeting.date:%Y-%m-%d} ({meeting.committee.slug}) …")
            with translation.override("da"):
                summaries.append(_export_meeting(writer, meeting, year))
        manifest = {
            "format": FORMAT,
            "year": year,
            "committee": committee_slug or None,
            "exported_at": _iso(timezone.now()),
            "meetings": summaries,
            "files": [{"path": path, "sha256": sha, "size": size} for path, sha, size in writer.files],
        }
        writer.write_bytes(MANIFEST_NAME, _json(manifest))
        sums = "".join(f"{sha}  {path}\n" for path, sha, _size in writer.files)
        (work / SUMS_NAME).write_text(sums, encoding="ascii")
        count = len(writer.files) + 1
        pdfa = sum(s["pdfa_copies"] for s in summaries)
        if as_zip:
            _zip_into(work, output)
            shutil.rmtree(work)
        else:
            if output.is_dir():
                output.rmdir()  # check_output let it through only empty
            os.rename(work, output)
        return ArchiveResult(path=output, meetings=len(meetings), files=count, pdfa=pdfa)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise


class _Writer:
    """Writes files under the archive's root and remembers each one's SHA-256 and size, in order."""

    def __init__(self, root: pathlib.Path):
        self.root = root
        self.files: list[tuple[str, str, int]] = []

    def _target(self, relative: str) -> pathlib.Path:
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        return target

    def write_bytes(self, relative: str, data: bytes) -> tuple[str, int]:
        self._target(relative).write_bytes(data)
        sha = hashlib.sha256(data).hexdigest()
        self.files.append((relative, sha, len(data)))
        return sha, len(data)

    def copy_stored(self, relative: str, field) -> tuple[str, int]:
        """Copy a stored file (a FieldFile) through its storage; the hash is of the bytes written."""
        digest = hashlib.sha256()
        size = 0
        with field.storage.open(field.name, "rb") as source, open(self._target(relative), "wb") as target:
            while chunk := source.read(CHUNK):
                target.write(chunk)
                digest.update(chunk)
                size += len(chunk)
        sha = digest.hexdigest()
        self.files.append((relative, sha, size))
        return sha, size


def meeting_folder(meeting, year) -> str:
    """'2023/klu/2023-11-30-12': where one meeting's files go."""
    return f"{year}/{meeting.committee.slug}/{meeting.date:%Y-%m-%d}-{meeting.pk}"


def _export_meeting(writer: _Writer, meeting: Meeting, year: int) -> dict:
    ensure_signed_minutes(meeting)
    folder = meeting_folder(meeting, year)
    in_force = minutes_version(meeting)
    rows = list(MinutesPdf.objects.filter(meeting=meeting).select_related("created_by"))
    order = list(EDITIONS)
    rows.sort(key=lambda row: (row.version, order.index(row.audience)))
    loaded = meeting_for_display(meeting.pk)
    corrections = {c.version: c for c in loaded.corrections.all().select_related("created_by")}

    minutes = []
    pdfa_copies = 0
    for row in rows:
        name = file_name(meeting, row.version, row.audience)
        sha, size = writer.copy_stored(f"{folder}/referat/{name}", row.file)
        _check_hash(row.sha256, sha, row.file.name)
        entry = {
            "version": row.version,
            "edition": row.audience,
            "edition_label": str(row.get_audience_display()),
            "file": f"referat/{name}",
            "sha256": sha,
            "size": size,
            "created_at": _iso(row.created_at),
            "created_by": _user_name(row.created_by),
            "reason": row.reason,
            "pdfa": None,
            "pdfa_note": "",
        }
        if row.version != in_force:
            entry["pdfa_note"] = PDFA_NOT_IN_FORCE % {"version": in_force}
        else:
            made, note = _pdfa_copy(loaded, row, corrections.get(row.version))
            if made is None:
                entry["pdfa_note"] = note
            else:
                pdfa_name = name.removesuffix(".pdf") + "-pdfa-2b.pdf"
                pdfa_sha, pdfa_size = writer.write_bytes(f"{folder}/referat-pdfa/{pdfa_name}", made)
                entry["pdfa"] = {"file": f"referat-pdfa/{pdfa_name}", "sha256": pdfa_sha, "size": pdfa_size,
                                 "conformance": "PDF/A-2b"}
                entry["pdfa_note"] = PDFA_MADE
                pdfa_copies += 1
        minutes.append(entry)

    items = sorted(loaded.items.all(), key=lambda item: (item.number, item.sub_number))
    labels = {item.pk: item.label for item in items}
    attachments = []
    for attachment in sorted(loaded.attachments.all(), key=_attachment_order(labels)):
        entry = {
            "id": attachment.pk,
            "title": attachment.title,
            "item": labels.get(attachment.item_id),
            "part": attachment.part,
            "original_name": attachment.original_name,
            "content_type": attachment.content_type,
            "is_closed": attachment.is_closed,
            "closed_until": _iso(attachment.closed_until),
            "closed_until_event": attachment.closed_until_event,
            "opened_at": _iso(attachment.opened_at),
            "file": None,
            "sha256": None,
            "size": None,
        }
        if attachment.file:
            stored_name = attachment.file.name.rsplit("/", 1)[-1]
            relative = f"bilag/{attachment.pk}-{_safe_name(stored_name)}"
            sha, size = writer.copy_stored(f"{folder}/{relative}", attachment.file)
            _check_hash(attachment.sha256, sha, attachment.file.name)
            entry.update(file=relative, sha256=sha, size=size)
        attachments.append(entry)

    metadata = {
        "format": FORMAT,
        "committee": {"name": meeting.committee.name, "slug": meeting.committee.slug,
                      "short_name": meeting.committee.short_name},
        "meeting": {
            "id": meeting.pk,
            "title": meeting.title,
            "date": meeting.date.isoformat(),
            "start_time": _iso(meeting.start_time),
            "end_time": _iso(meeting.end_time),
            "location": meeting.location,
            "case_number": meeting.case_number,
            "document_number": meeting.document_number,
            "minute_taker": meeting.minute_taker.name if meeting.minute_taker_id else "",
            "source_note": meeting.source_note,
        },
        "sign_off": _sign_off_entry(meeting),
        "minutes_version_in_force": in_force,
        "items": [_item_entry(item) for item in items],
        "corrections": [
            {"version": c.version, "reason": c.reason, "created_at": _iso(c.created_at),
             "created_by": _user_name(c.created_by)}
            for c in sorted(corrections.values(), key=lambda c: c.version)
        ],
        "minutes": minutes,
        "attachments": attachments,
    }
    writer.write_bytes(f"{folder}/metadata.json", _json(metadata))
    writer.write_bytes(f"{folder}/metadata.txt", _metadata_text(metadata, meeting).encode("utf-8"))
    return {"folder": folder, "committee": meeting.committee.slug, "date": meeting.date.isoformat(),
            "id": meeting.pk, "pdfa_copies": pdfa_copies}


def _item_entry(item) -> dict:
    decision = getattr(item, "decision", None)
    return {
        "number": item.label,
        "title": item.title,
        "kind": item.kind,
        "is_closed": item.is_closed,
        "closed_until": _iso(item.closed_until),
        "closed_until_event": item.closed_until_event,
        "opened_at": _iso(item.opened_at),
        "decision": None if decision is None else {
            "outcome": decision.outcome,
            "outcome_label": str(decision.get_outcome_display()) if decision.outcome else "",
            "text": html_to_text(decision.text),
            "notes": [{"date": _iso(note.noted_on), "text": html_to_text(note.text)}
                      for note in decision.notes.all()],
        },
    }


def _attachment_order(labels):
    def key(attachment):
        return (attachment.item_id is not None, labels.get(attachment.item_id, ""), attachment.position,
                attachment.pk)
    return key


def _pdfa_copy(loaded, row: MinutesPdf, correction):
    """(PDF/A-2b bytes, "") for the stored version in force, or (None, why not)."""
    view = build_meeting_view(loaded, EDITIONS[row.audience])
    job = pdf.minutes_job(view, site_url=None, version=row.version,
                          correction_reason=correction.reason if correction else "",
                          corrected_at=correction.created_at if correction else None)
    # The proof that job.html is the stored version's content: rendering it as it was
    # stored gives the stored bytes. If not (WeasyPrint upgraded, SITE_URL changed),
    # a PDF/A copy could differ from the record in ways nobody checks, so none is made.
    if hashlib.sha256(job.render()).hexdigest() != row.sha256:
        return None, PDFA_NOT_REPRODUCIBLE
    return job.render_as(PDFA_VARIANT), ""


def _check_hash(recorded: str, written: str, name: str):
    if recorded and recorded != written:
        raise ArchiveError(_("Filen %(name)s svarer ikke til sin gemte SHA-256 (gemt %(recorded)s, læst "
                             "%(written)s). Intet er skrevet; kontakt driften.")
                           % {"name": name, "recorded": recorded, "written": written})


def _metadata_text(metadata: dict, meeting: Meeting) -> str:
    """The metadata in words, in Danish, for a reader without a JSON viewer."""
    m = metadata["meeting"]
    lines = [
        f"{metadata['committee']['name']} – {danish_date(meeting.date)}",
        "",
        f"Udvalg: {metadata['committee']['name']} ({metadata['committee']['slug']})",
        f"Dato: {danish_date(meeting.date)}",
        f"Tid: {time_span(meeting.start_time, meeting.end_time) or 'ikke oplyst'}",
        f"Sted: {m['location'] or 'ikke oplyst'}",
        f"Sagsnummer: {m['case_number'] or 'ikke oplyst'}",
        f"Dokumentnummer: {m['document_number'] or 'ikke oplyst'}",
        f"Referent: {m['minute_taker'] or 'ikke oplyst'}",
        _sign_off_line(meeting, metadata["sign_off"]),
        "",
        "Punkter",
    ]
    for item in metadata["items"]:
        closed = _closed_mark("lukket punkt", item)
        lines.append(f"{item['number']}. {item['title']}{closed}")
        decision = item["decision"]
        if decision:
            if decision["outcome_label"]:
                lines.append(f"   Udfald: {decision['outcome_label']}")
            lines += [f"   {text_line}" for text_line in decision["text"].splitlines()]
            for note in decision["notes"]:
                when = f" {danish_date(datetime.date.fromisoformat(note['date']), weekday=False)}" \
                    if note["date"] else ""
                lines.append(f"   Note efter mødet{when}:")
                lines += [f"      {text_line}" for text_line in note["text"].splitlines()]
    lines += ["", "Referat (PDF)"]
    for entry in metadata["minutes"]:
        lines.append(f"v{entry['version']} {entry['edition_label']}: {entry['file']}  SHA-256 {entry['sha256']}")
        if entry["reason"]:
            lines.append(f"   Rettelse: {entry['reason']}")
        if entry["pdfa"]:
            lines.append(f"   PDF/A-2b: {entry['pdfa']['file']}  SHA-256 {entry['pdfa']['sha256']}")
        elif entry["pdfa_note"]:
            lines.append(f"   {entry['pdfa_note']}")
    lines += ["", "Bilag"]
    for entry in metadata["attachments"]:
        closed = _closed_mark("lukket bilag", entry)
        where = f" (punkt {entry['item']})" if entry["item"] else ""
        lines.append(f"{entry['title']}{where}{closed}: {entry['file'] or 'ingen fil'}"
                     + (f"  SHA-256 {entry['sha256']}" if entry["sha256"] else ""))
    return "\n".join(lines) + "\n"


def _closed_mark(words, entry) -> str:
    if not entry["is_closed"]:
        return ""
    until = entry["closed_until_event"]
    if entry["closed_until"]:
        until = danish_date(datetime.date.fromisoformat(entry["closed_until"]), weekday=False)
    return f" [{words}" + (f" indtil {until}" if until else "") + "]"


def _zip_into(work: pathlib.Path, output: pathlib.Path):
    """Zip the finished folder in sorted order into `output`, written under a temporary name and renamed."""
    handle, partial = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".part", dir=output.absolute().parent)
    os.close(handle)
    try:
        files = sorted((p for p in work.rglob("*") if p.is_file()), key=lambda p: p.relative_to(work).as_posix())
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for path in files:
                info = zipfile.ZipInfo(path.relative_to(work).as_posix(), date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                with open(path, "rb") as source, archive.open(info, "w") as target:
                    shutil.copyfileobj(source, target, CHUNK)
        os.replace(partial, output)
    except BaseException:
        pathlib.Path(partial).unlink(missing_ok=True)
        raise


def _safe_name(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("._") or "fil"


def _user_name(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def _iso(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.timezone.utc).isoformat().replace("+00:00", "Z")
    return value.isoformat()


def _json(value) -> bytes:
    return (json.dumps(value, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


# Imported minutes (the seeded ones) were signed off by no user here and carry no
# approval date: their sources do not say who approved them or when, and the method
# and moment the record must hold are no statements of theirs. The archive then says
# so instead of handing them over as facts (as the PDFs print no approval line,
# templates/meetings/_sign_off_line.html).
SIGN_OFF_NOT_STATED = "Kilden oplyser ikke, hvem der godkendte referatet, eller hvornår."


def _sign_off_stated(meeting) -> bool:
    return bool(meeting.approved_on or meeting.signed_off_by_id)


def _sign_off_entry(meeting) -> dict:
    if not _sign_off_stated(meeting):
        return {"stated": False, "note": SIGN_OFF_NOT_STATED, "signed_off_at": None, "signed_off_by": "",
                "method": None, "method_label": "", "approved_on": None}
    return {
        "stated": True,
        "signed_off_at": _iso(meeting.signed_off_at),
        "signed_off_by": _user_name(meeting.signed_off_by),
        "method": meeting.sign_off_method,
        "method_label": str(meeting.get_sign_off_method_display()),
        "approved_on": _iso(meeting.approved_on),
    }


def _sign_off_line(meeting, entry) -> str:
    if not entry["stated"]:
        return f"Referatet godkendt: {SIGN_OFF_NOT_STATED}"
    parts = [entry["method_label"]]
    if meeting.approved_on:
        parts.append(f"godkendt {danish_date(meeting.approved_on, weekday=False)}")
    if entry["signed_off_by"]:
        parts.append(entry["signed_off_by"])
    return (f"Referatet godkendt i systemet: {danish_datetime(timezone.localtime(meeting.signed_off_at))}"
            f" ({', '.join(parts)})")
