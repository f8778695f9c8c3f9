"""`manage.py export_archive`: a year's signed-off minutes, attachments and metadata for the city archive.

The archive is checked against the database and the storage, never against the
exporter's own code: bytes are compared with the stored files, hashes with
hashlib and with coreutils' `sha256sum -c`, the PDF/A copies with pikepdf.

No independent PDF/A validator (veraPDF) can be installed from the registries this
project reaches (PyPI, Debian, npm), so the PDF/A-2b copies are checked for the
essentials of ISO 19005-2 level B here (pdfa_problems below): identification in the
XMP, an sRGB output intent, every font embedded, no encryption, no JavaScript or
other forbidden actions, printable annotations. That is not a full validation.
"""

import datetime
import hashlib
import io
import json
import pathlib
import shutil
import subprocess
import tempfile
import zipfile

import pikepdf
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from meetings import services
from meetings.exports.minutes_store import file_name
from meetings.models import Attachment, Decision, Meeting, MinutesPdf
from tests.factories import make_attachment, make_secretary
from tests.smtp_server import run_mail_worker

from .base import ExportTestCase, html_text_blocks, normalise, seed, seed_meeting

KLU_2023 = datetime.date(2023, 11, 30)


def stored_bytes(field):
    with field.storage.open(field.name, "rb") as handle:
        return handle.read()


def small_pdf(text: str) -> bytes:
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.docinfo["/Title"] = text
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def export(*args):
    out = io.StringIO()
    call_command("export_archive", *args, stdout=out)
    return out.getvalue()


def tree(root: pathlib.Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


class ArchiveTestCase(ExportTestCase):
    @classmethod
    def setUpTestData(cls):
        seed()
        cls.meeting = seed_meeting("klu", KLU_2023)
        # A closed attachment on an item, added as an import adds historic records:
        # the archive is the municipality's record and holds closed files too.
        item = cls.meeting.items.order_by("number", "sub_number").last()
        cls.closed = make_attachment(cls.meeting, item=item, title="Fortroligt notat", is_closed=True,
                                     closed_until=datetime.date(2030, 1, 1),
                                     file=ContentFile(small_pdf("Fortroligt notat"), name="fortroligt-notat.pdf"))
        call_command("store_minutes_pdfs", stdout=io.StringIO())
        run_mail_worker()

    def setUp(self):
        self.tmp = pathlib.Path(tempfile.mkdtemp(prefix="klu-archive-"))
        self.addCleanup(shutil.rmtree, self.tmp, ignore_errors=True)

    def folder_of(self, root, meeting):
        return root / "2023" / "klu" / f"{meeting.date:%Y-%m-%d}-{meeting.pk}"


class ExportArchiveTests(ArchiveTestCase):
    def test_it_writes_the_files_and_metadata_of_the_klu_meeting_of_30_november_2023(self):
        root = self.tmp / "arkiv"
        message = export("--year", "2023", "--output", str(root))
        self.assertIn("skrevet til", message)
        folder = self.folder_of(root, self.meeting)
        self.assertTrue(folder.is_dir())
        manifest = json.loads((root / "manifest.json").read_text())
        listed = {entry["path"]: entry for entry in manifest["files"]}
        relative = folder.relative_to(root).as_posix()
        metadata = json.loads((folder / "metadata.json").read_text())

        # Every stored minutes version and edition, byte for byte, with the hash of those bytes.
        rows = list(MinutesPdf.objects.filter(meeting=self.meeting))
        self.assertEqual({row.audience for row in rows}, {"public", "members"})
        for row in rows:
            stored = stored_bytes(row.file)
            path = f"{relative}/referat/{file_name(self.meeting, row.version, row.audience)}"
            self.assertEqual((root / path).read_bytes(), stored)
            self.assertEqual(listed[path]["sha256"], hashlib.sha256(stored).hexdigest())
            self.assertEqual(listed[path]["sha256"], row.sha256)
            self.assertEqual(listed[path]["size"], len(stored))
            entry = next(m for m in metadata["minutes"] if m["version"] == row.version and m["edition"] == row.audience)
            self.assertEqual(entry["sha256"], hashlib.sha256(stored).hexdigest())
            self.assertEqual(entry["size"], row.size)

        # Every attachment with a file, closed ones too, marked as closed.
        attachments = list(Attachment.objects.filter(meeting=self.meeting).exclude(file=""))
        self.assertGreater(len(attachments), 1)
        by_id = {entry["id"]: entry for entry in metadata["attachments"]}
        for attachment in attachments:
            stored = stored_bytes(attachment.file)
            entry = by_id[attachment.pk]
            self.assertEqual((folder / entry["file"]).read_bytes(), stored)
            self.assertEqual(entry["sha256"], hashlib.sha256(stored).hexdigest())
            self.assertEqual(listed[f"{relative}/{entry['file']}"]["sha256"], hashlib.sha256(stored).hexdigest())
            self.assertEqual(entry["title"], attachment.title)
            self.assertEqual(entry["is_closed"], attachment.is_closed)
            self.assertEqual(entry["item"], attachment.item.label if attachment.item else None)
        self.assertTrue(by_id[self.closed.pk]["is_closed"])
        self.assertEqual(by_id[self.closed.pk]["closed_until"], "2030-01-01")

        # The meeting as the database has it.
        self.assertEqual(metadata["committee"]["name"], self.meeting.committee.name)
        self.assertEqual(metadata["committee"]["slug"], "klu")
        self.assertEqual(metadata["meeting"]["date"], "2023-11-30")
        self.assertEqual(metadata["meeting"]["case_number"], self.meeting.case_number)
        self.assertEqual(metadata["meeting"]["document_number"], self.meeting.document_number)
        self.assertEqual(metadata["meeting"]["case_number"], "2023-000208")
        self.assertEqual(metadata["meeting"]["location"], self.meeting.location)
        # The sources do not say who approved these minutes or when: neither does the archive.
        self.assertEqual(metadata["sign_off"], {
            "stated": False, "note": "Kilden oplyser ikke, hvem der godkendte referatet, eller hvornår.",
            "signed_off_at": None, "signed_off_by": "", "method": None, "method_label": "", "approved_on": None})
        text = (folder / "metadata.txt").read_text()
        self.assertIn("Referatet godkendt: Kilden oplyser ikke", text)
        self.assertNotIn("formanden", text)
        self.assertNotIn("kl. 12.00", text)
        items = list(self.meeting.items.order_by("number", "sub_number"))
        self.assertEqual([(i["number"], i["title"], i["is_closed"]) for i in metadata["items"]],
                         [(i.label, i.title, i.is_closed) for i in items])
        decided = 0
        for item, entry in zip(items, metadata["items"]):
            decision = Decision.objects.filter(item=item).first()
            if decision is None or not decision.text:
                continue
            decided += 1
            self.assertNotIn("<", entry["decision"]["text"])
            for block in html_text_blocks(decision.text):
                self.assertIn(block, normalise(entry["decision"]["text"]))
        self.assertGreater(decided, 3)
        text = (folder / "metadata.txt").read_text()
        self.assertIn("30. november 2023", text)
        self.assertIn(self.meeting.case_number, text)

        # Every file is listed once, and coreutils agrees with every hash.
        on_disk = set(tree(root)) - {"SHA256SUMS"}
        sums = (root / "SHA256SUMS").read_text().splitlines()
        self.assertEqual({line.split("  ", 1)[1] for line in sums}, on_disk)
        check = subprocess.run(["sha256sum", "--check", "--strict", "SHA256SUMS"], cwd=root, capture_output=True,
                               text=True)
        self.assertEqual(check.returncode, 0, check.stdout + check.stderr)
        self.assertEqual(check.stdout.count(": OK"), len(on_disk))

        # The version in force also as PDF/A-2b, checked for the essentials.
        copies = [m["pdfa"] for m in metadata["minutes"] if m["pdfa"]]
        self.assertEqual(len(copies), 2, metadata["minutes"])
        for copy in copies:
            data = (folder / copy["file"]).read_bytes()
            self.assertEqual(copy["sha256"], hashlib.sha256(data).hexdigest())
            self.assertEqual(pdfa_problems(data), [])

    def test_the_pdfa_check_tells_a_stored_pdf_ua_file_from_a_pdf_a_copy(self):
        # The check finds what it looks for: the stored minutes are PDF/UA-1, not PDF/A.
        row = MinutesPdf.objects.filter(meeting=self.meeting, audience="public").first()
        problems = pdfa_problems(stored_bytes(row.file))
        self.assertIn("XMP identifies None/None", problems)
        self.assertIn("no single GTS_PDFA1 output intent", problems)

    def test_a_zip_holds_the_same_entries_as_the_folder(self):
        folder = self.tmp / "mappe"
        archive = self.tmp / "arkiv.zip"
        export("--year", "2023", "--committee", "klu", "--output", str(folder))
        export("--year", "2023", "--committee", "klu", "--output", str(archive), "--zip")
        files = tree(folder)
        with zipfile.ZipFile(archive) as opened:
            names = opened.namelist()
            self.assertEqual(names, sorted(names))
            self.assertEqual(set(names), set(files))
            for name in names:
                if name in ("manifest.json", "SHA256SUMS"):
                    continue  # they state the time of the export
                self.assertEqual(opened.read(name), files[name], name)
            listed = {e["path"]: e["sha256"] for e in json.loads(opened.read("manifest.json"))["files"]}
            for name, sha in listed.items():
                self.assertEqual(hashlib.sha256(opened.read(name)).hexdigest(), sha)
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), ["arkiv.zip", "mappe"])

    def test_minutes_signed_off_here_say_how_when_and_by_whom(self):
        secretary = make_secretary(self.meeting.committee, first_name="Sara", last_name="Sekretær")
        Meeting.objects.filter(pk=self.meeting.pk).update(signed_off_by=secretary,
                                                          approved_on=datetime.date(2023, 12, 7))
        root = self.tmp / "arkiv"
        export("--year", "2023", "--committee", "klu", "--output", str(root))
        folder = self.folder_of(root, self.meeting)
        sign_off = json.loads((folder / "metadata.json").read_text())["sign_off"]
        self.assertEqual((sign_off["stated"], sign_off["method"], sign_off["approved_on"]),
                         (True, "chair", "2023-12-07"))
        self.assertTrue(sign_off["signed_off_at"].startswith("2023-12-08"))
        self.assertIn("Sara Sekretær", sign_off["signed_off_by"])
        line = next(line for line in (folder / "metadata.txt").read_text().splitlines()
                    if line.startswith("Referatet godkendt"))
        self.assertIn("godkendt 7. december 2023", line)
        self.assertIn("Sara Sekretær", line)

    def test_a_correction_appears_as_a_second_version(self):
        secretary = make_secretary(self.meeting.committee)
        item = self.meeting.items.filter(decision__isnull=False).order_by("number", "sub_number").first()

        def apply():
            decision = Decision.objects.get(item=item)
            decision.text = "<p>Rettet beslutning til arkivet.</p>"
            decision.save()

        services.minutes_correct(meeting=self.meeting, user=secretary, reason="Beslutningen var skrevet forkert.",
                                 apply=apply, expected_version=1)
        run_mail_worker()
        root = self.tmp / "arkiv"
        export("--year", "2023", "--committee", "klu", "--output", str(root))
        folder = self.folder_of(root, self.meeting)
        metadata = json.loads((folder / "metadata.json").read_text())
        self.assertEqual([(m["version"], m["edition"]) for m in metadata["minutes"]],
                         [(1, "public"), (1, "members"), (2, "public"), (2, "members")])
        for row in MinutesPdf.objects.filter(meeting=self.meeting):
            entry = next(m for m in metadata["minutes"] if (m["version"], m["edition"]) == (row.version, row.audience))
            self.assertEqual((folder / entry["file"]).read_bytes(), stored_bytes(row.file))
            self.assertEqual(entry["sha256"], row.sha256)
        version_2 = [m for m in metadata["minutes"] if m["version"] == 2]
        self.assertTrue(all(m["reason"] == "Beslutningen var skrevet forkert." for m in version_2))
        self.assertTrue(all(m["pdfa"] for m in version_2))
        # Version 1 can no longer be rendered from the records; the archive says so.
        for entry in metadata["minutes"][:2]:
            self.assertIsNone(entry["pdfa"])
            self.assertIn("version 2 er gældende", entry["pdfa_note"])
        self.assertEqual(metadata["corrections"][0]["version"], 2)
        item_entry = next(i for i in metadata["items"] if i["number"] == item.label)
        self.assertEqual(item_entry["decision"]["text"], "Rettet beslutning til arkivet.")
        check = subprocess.run(["sha256sum", "--check", "--strict", "--quiet", "SHA256SUMS"], cwd=root)
        self.assertEqual(check.returncode, 0)


class RefusalTests(ArchiveTestCase):
    def assertRefused(self, args, words):
        before = sorted(p.name for p in self.tmp.iterdir())
        with self.assertRaises(CommandError) as refused:
            export(*args)
        self.assertIn(words, str(refused.exception))
        # Nothing left behind: no archive, no half-written hidden folder or file.
        self.assertEqual(sorted(p.name for p in self.tmp.iterdir()), before)

    def test_it_refuses_an_output_that_is_not_empty(self):
        taken = self.tmp / "arkiv"
        taken.mkdir()
        (taken / "noget.txt").write_text("fra før")
        self.assertRefused(["--year", "2023", "--output", str(taken)], "findes allerede og er ikke tom")
        self.assertEqual([p.name for p in taken.iterdir()], ["noget.txt"])
        (self.tmp / "arkiv.zip").write_bytes(b"PK")
        self.assertRefused(["--year", "2023", "--output", str(self.tmp / "arkiv.zip"), "--zip"],
                           "findes allerede og er ikke tom")

    def test_its_help_is_danish(self):
        from meetings.management.commands.export_archive import Command

        text = Command().create_parser("manage.py", "export_archive").format_help()
        self.assertIn("som stadsarkivet kan tage imod", text)
        self.assertIn("Skriv én ZIP-fil i stedet for en mappe.", text)

    def test_it_refuses_an_invalid_year(self):
        for year in ("20x3", "23", "-2023"):
            self.assertRefused([f"--year={year}", "--output", str(self.tmp / "arkiv")], "Året skal være et årstal")

    def test_it_refuses_a_year_without_signed_off_minutes(self):
        self.assertRefused(["--year", "1999", "--output", str(self.tmp / "arkiv")],
                           "Der er ingen godkendte referater fra 1999")

    def test_it_refuses_an_unknown_committee(self):
        self.assertRefused(["--year", "2023", "--committee", "findes-ikke", "--output", str(self.tmp / "arkiv")],
                           "Der er intet udvalg")

    def test_a_stored_file_that_changed_is_not_handed_over(self):
        row = MinutesPdf.objects.filter(meeting=self.meeting).first()
        original = stored_bytes(row.file)
        self.addCleanup(self._restore, row, original)
        with row.file.storage.open(row.file.name, "wb") as handle:
            handle.write(original + b"% changed after sign-off\n")
        self.assertRefused(["--year", "2023", "--output", str(self.tmp / "arkiv")], "svarer ikke til sin gemte SHA-256")

    def test_a_stored_file_that_cannot_be_read_stops_the_hand_over_with_nothing_written(self):
        row = MinutesPdf.objects.filter(meeting=self.meeting).first()
        original = stored_bytes(row.file)
        self.addCleanup(self._restore, row, original)
        row.file.storage.delete(row.file.name)  # the disk or the object store does not give it back
        self.assertRefused(["--year", "2023", "--output", str(self.tmp / "arkiv")],
                           "Arkivet kunne ikke skrives, fordi en fil ikke kunne læses eller skrives")

    @staticmethod
    def _restore(row, data):
        with row.file.storage.open(row.file.name, "wb") as handle:
            handle.write(data)


def pdfa_problems(data: bytes) -> list[str]:
    """What keeps `data` from meeting the essentials of PDF/A-2b that pikepdf can see (not a full validation)."""
    problems = []
    with pikepdf.open(io.BytesIO(data)) as pdf:
        if pdf.is_encrypted or "/Encrypt" in pdf.trailer:
            problems.append("encrypted")
        if "/ID" not in pdf.trailer:
            problems.append("no file identifier")
        meta = pdf.open_metadata()
        if meta.get("pdfaid:part") != "2" or meta.get("pdfaid:conformance") != "B":
            problems.append(f"XMP identifies {meta.get('pdfaid:part')}/{meta.get('pdfaid:conformance')}")
        intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFA1"]
        if len(intents) != 1:
            problems.append("no single GTS_PDFA1 output intent")
        else:
            profile = intents[0].get("/DestOutputProfile")
            if profile is None or int(profile.get("/N", 0)) != 3 or profile.read_bytes()[36:40] != b"acsp":
                problems.append("output intent without an RGB ICC profile")
        names = pdf.Root.get("/Names", {})
        if "/JavaScript" in names or "/EmbeddedFiles" in names:
            problems.append("JavaScript or embedded files in the name tree")
        if "/AA" in pdf.Root or "/OpenAction" in pdf.Root and "/JavaScript" in str(pdf.Root.OpenAction):
            problems.append("document actions")
        for number, page in enumerate(pdf.pages, 1):
            if "/AA" in page.obj:
                problems.append(f"page {number} has actions")
            for annot in page.obj.get("/Annots", []):
                action = annot.get("/A")
                if action is not None and action.get("/S") not in ("/URI", "/GoTo"):
                    problems.append(f"page {number}: action {action.get('/S')}")
                flags = int(annot.get("/F", 0))
                if annot.get("/Subtype") != "/Popup" and (not flags & 4 or flags & 2 or flags & 1):
                    problems.append(f"page {number}: annotation not printable")
            for font in _fonts(page):
                if not _embedded(font):
                    problems.append(f"font {font.get('/BaseFont')} not embedded")
    return sorted(set(problems))


def _fonts(page):
    seen = []
    resources = [page.obj.get("/Resources", {})]
    while resources:
        res = resources.pop()
        for font in res.get("/Font", {}).values():
            seen.append(font)
        for xobject in res.get("/XObject", {}).values():
            if "/Resources" in xobject:
                resources.append(xobject.Resources)
    return seen


def _embedded(font) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True
    fonts = list(font.get("/DescendantFonts", [])) or [font]
    for f in fonts:
        descriptor = f.get("/FontDescriptor")
        if descriptor is None or not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            return False
    return True
