"""The combined document ("Samlet dokument"): the minutes or agenda, then every attachment the reader may see.

Read back with real readers: pdftotext for the text of a page, pypdf for the pages,
bookmarks, page labels and link annotations.
"""

import datetime
import io
import os
import subprocess
import zipfile

import pikepdf
import weasyprint
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from meetings.absolute_urls import absolute_url
from meetings.models import Meeting
from tests.exports.base import ExportTestCase, normalise, pdf_reader, seed, seed_meeting
from tests.factories import make_attachment, make_committee, make_item, make_meeting, make_member, response_bytes
from tests.meetings.test_closed_item_doors import pdf_everything

# Words only the closed attachment carries, in its title and on its page.
SECRET_TITLE = "Trompetist"
SECRET_TEXT = "Kvæstelsesnotat"
WORD_TITLE = "Praksiskonsulentens skriftlige status"


def page_text(data, number):
    """The text of one page (1-based), as pdftotext reads it."""
    result = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), "-enc", "UTF-8", "-", "-"],
                            input=data, capture_output=True, check=True)
    return normalise(result.stdout.decode("utf-8"))


def a_pdf(text):
    return weasyprint.HTML(string=f'<html lang="da"><body><p>{text}</p></body></html>').write_pdf()


def a_docx():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><document/>')
    return buffer.getvalue()


def bookmarks(data):
    """[(title, parent title or None), …] in document order, with the page each starts on."""
    reader = pdf_reader(data)
    found = []

    def walk(outline, parent):
        previous = None
        for entry in outline:
            if isinstance(entry, list):
                walk(entry, previous)
            else:
                found.append((entry.title, parent, reader.get_destination_page_number(entry)))
                previous = entry.title

    walk(reader.outline, None)
    return found


def page_count(data):
    return len(pdf_reader(data).pages)


class SeededCombinedDocumentTests(ExportTestCase):
    """The KLU meeting of 30 November 2023 (signed off), with a closed PDF and a Word attachment added."""

    @classmethod
    def setUpTestData(cls):
        seed()
        cls.meeting = seed_meeting("klu", datetime.date(2023, 11, 30))
        cls.member = make_member(cls.meeting.committee)
        cls.outsider = make_member(make_committee(slug="andet-udvalg", name="Andet udvalg"), username="outsider")
        items = {item.label: item for item in cls.meeting.items.all()}
        cls.closed = make_attachment(cls.meeting, item=items["3.a"], part="minutes", is_closed=True,
                                     title=f"Notat om {SECRET_TITLE}", position=5,
                                     file=ContentFile(a_pdf(f"Fortroligt: {SECRET_TEXT}."), name="notat.pdf"))
        cls.word = make_attachment(cls.meeting, item=items["2.e"], part="minutes", title=WORD_TITLE,
                                   file=ContentFile(a_docx(), name="Status praksiskonsulent.docx"))
        cls.url = reverse("exports:combined-pdf", args=[cls.meeting.pk])
        cls.public_pdf = response_bytes(Client().get(cls.url))
        member = Client()
        member.force_login(cls.member)
        cls.member_pdf = response_bytes(member.get(cls.url))
        cls.member_minutes = response_bytes(member.get(reverse("exports:minutes-pdf", args=[cls.meeting.pk])))
        cls.public_minutes = response_bytes(Client().get(reverse("exports:minutes-pdf", args=[cls.meeting.pk])))

    def visible_attachments(self, *, member):
        attachments = [a for a in self.meeting.attachments.all() if not a.is_closed or member]
        return attachments

    def test_it_opens_with_the_minutes(self):
        for combined, minutes in ((self.public_pdf, self.public_minutes), (self.member_pdf, self.member_minutes)):
            self.assertEqual(page_text(combined, 1), page_text(minutes, 1))
            self.assertIn("Referat", page_text(combined, 1))

    def test_it_has_a_bookmark_for_each_attachment_the_reader_may_see_under_its_item(self):
        for data, member in ((self.public_pdf, False), (self.member_pdf, True)):
            marks = {title: parent for title, parent, _page in bookmarks(data)}
            for attachment in self.visible_attachments(member=member):
                title = f"Bilag: {attachment.title}"
                self.assertIn(title, marks)
                self.assertTrue(marks[title].startswith(f"{attachment.item.label}. "), (title, marks[title]))
        self.assertIn(f"Bilag: Notat om {SECRET_TITLE}", [m[0] for m in bookmarks(self.member_pdf)])

    def test_it_keeps_the_minutes_bookmark_of_every_item(self):
        minutes_marks = [(title, page) for title, _parent, page in bookmarks(self.public_minutes)]
        combined_marks = [(title, page) for title, parent, page in bookmarks(self.public_pdf) if parent is None]
        self.assertEqual(combined_marks, minutes_marks)

    def test_the_page_count_is_the_minutes_and_the_attachments_and_one_page_per_other_file(self):
        for data, minutes, member in ((self.public_pdf, self.public_minutes, False),
                                      (self.member_pdf, self.member_minutes, True)):
            expected = page_count(minutes)
            for attachment in self.visible_attachments(member=member):
                with attachment.file.open("rb") as handle:
                    content = handle.read()
                expected += page_count(content) if content.startswith(b"%PDF") else 1
            self.assertEqual(page_count(data), expected)

    def test_page_numbers_run_through_the_whole_document(self):
        reader = pdf_reader(self.member_pdf)
        self.assertEqual(list(reader.page_labels), [str(n) for n in range(1, len(reader.pages) + 1)])

    def test_qpdf_finds_no_problem_and_it_no_longer_claims_pdf_ua(self):
        # The appended attachments are not tagged, so the whole is not PDF/UA.
        for data in (self.public_pdf, self.member_pdf):
            with pikepdf.open(io.BytesIO(data)) as pdf:
                self.assertEqual(pdf.check_pdf_syntax(), [])
                self.assertNotIn(b"pdfuaid:part", pdf.Root.Metadata.read_bytes())

    def test_each_attachment_starts_where_its_bookmark_points(self):
        pages = {title: page for title, _parent, page in bookmarks(self.member_pdf)}
        self.assertIn(SECRET_TEXT, page_text(self.member_pdf, pages[f"Bilag: Notat om {SECRET_TITLE}"] + 1))

    def test_a_word_attachment_becomes_a_page_naming_it_with_its_download_link(self):
        pages = {title: page for title, _parent, page in bookmarks(self.public_pdf)}
        number = pages[f"Bilag: {WORD_TITLE}"]
        text = page_text(self.public_pdf, number + 1)
        self.assertIn(f"Bilag: {WORD_TITLE}", text)
        self.assertIn("Status praksiskonsulent.docx", text)
        link = absolute_url(reverse("meetings:attachment", args=[self.meeting.pk, self.word.pk]))
        page = pdf_reader(self.public_pdf).pages[number]
        uris = [annotation.get_object()["/A"]["/URI"] for annotation in page.get("/Annots", [])]
        self.assertIn(link, uris)
        # The link leads to the file itself.
        download = self.client.get(link.removeprefix(absolute_url("/")[:-1]))
        with self.word.file.open("rb") as handle:
            self.assertEqual(response_bytes(download), handle.read())

    def test_the_public_edition_lacks_the_closed_attachment_the_members_edition_has(self):
        public, members = pdf_everything(self.public_pdf), pdf_everything(self.member_pdf)
        for word in (SECRET_TITLE, SECRET_TEXT):
            self.assertNotIn(word, public)
            self.assertIn(word, members)
        self.assertEqual(page_count(self.member_pdf) - page_count(self.public_pdf),
                         page_count(self.member_minutes) - page_count(self.public_minutes) + 1)

    def test_a_member_of_another_committee_gets_the_public_edition(self):
        self.client.force_login(self.outsider)
        response = self.client.get(self.url)
        self.assertEqual(response_bytes(response), self.public_pdf)
        self.assertEqual(response["Content-Disposition"], 'inline; filename="Samlet dokument KLU 2023-11-30.pdf"')

    def test_a_member_gets_the_members_edition_by_name(self):
        self.client.force_login(self.member)
        response = self.client.get(self.url)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("Samlet dokument KLU 2023-11-30 (medlemsudgave).pdf", response["Content-Disposition"])

    def test_head_answers_like_get_without_a_body(self):
        response = self.client.head(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertIn("Samlet dokument", response["Content-Disposition"])
        self.assertEqual(response_bytes(response), b"")

    def test_the_signed_off_document_is_stored_once_and_served_from_storage(self):
        folder = f"minutes/{self.meeting.pk}"
        stored = f"{folder}/combined-v1-public.pdf"
        self.assertTrue(default_storage.exists(stored))
        with default_storage.open(stored, "rb") as handle:
            self.assertEqual(handle.read(), self.public_pdf)
        written = os.stat(default_storage.path(stored)).st_mtime_ns
        cache.clear()  # past the page cache: the view itself answers
        second = response_bytes(self.client.get(self.url))
        self.assertEqual(second, self.public_pdf)
        # Not written again, and no second file beside it.
        self.assertEqual(os.stat(default_storage.path(stored)).st_mtime_ns, written)
        combined = sorted(name for name in default_storage.listdir(folder)[1] if name.startswith("combined"))
        self.assertEqual(combined, ["combined-v1-members.pdf", "combined-v1-public.pdf"])

        # A stored file that went missing is rendered and stored again on the next request.
        default_storage.delete(stored)
        cache.clear()
        self.assertEqual(response_bytes(self.client.get(self.url)), self.public_pdf)
        self.assertTrue(default_storage.exists(stored))


class AgendaCombinedDocumentTests(ExportTestCase):
    """Before sign-off the combined document is the agenda and its attachments, rendered on request."""

    @classmethod
    def setUpTestData(cls):
        committee = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg", short_name="KLU")
        cls.meeting = make_meeting(committee=committee, status=Meeting.Status.AGENDA_PUBLISHED,
                                   date=datetime.date(2024, 4, 4))
        cls.item = make_item(cls.meeting, number=1, title="Orientering om Sundhedsaftalen")
        cls.closed_item = make_item(cls.meeting, number=2, title=f"Personsag {SECRET_TITLE}", is_closed=True)
        make_attachment(cls.meeting, item=cls.item, title="Sundhedsaftalen",
                        file=ContentFile(a_pdf("Sundhedsaftalens tekst."), name="aftale.pdf"))
        make_attachment(cls.meeting, item=cls.closed_item, title="Sagens akter",
                        file=ContentFile(a_pdf(f"Akter om {SECRET_TEXT}."), name="akter.pdf"))
        make_attachment(cls.meeting, title="Mødekalender",
                        file=ContentFile(a_pdf("Kalender 2024."), name="kalender.pdf"))
        cls.member = make_member(committee)
        cls.url = reverse("exports:combined-pdf", args=[cls.meeting.pk])

    def test_it_opens_with_the_agenda_and_appends_the_open_attachments_for_the_public(self):
        data = response_bytes(self.client.get(self.url))
        agenda = response_bytes(self.client.get(reverse("exports:agenda-pdf", args=[self.meeting.pk])))
        self.assertEqual(page_text(data, 1), page_text(agenda, 1))
        marks = [(title, parent) for title, parent, _page in bookmarks(data)]
        self.assertIn(("Bilag: Sundhedsaftalen", "1. Orientering om Sundhedsaftalen"), marks)
        # Meeting-level attachments follow the items, at the top level (as the page lists them).
        self.assertEqual(marks[-1], ("Bilag: Mødekalender", None))
        self.assertEqual(page_count(data), page_count(agenda) + 2)
        everything = pdf_everything(data)
        self.assertNotIn(SECRET_TEXT, everything)
        self.assertNotIn(SECRET_TITLE, everything)
        self.assertNotIn("Sagens akter", everything)

    def test_a_member_gets_the_closed_items_attachment(self):
        self.client.force_login(self.member)
        data = response_bytes(self.client.get(self.url))
        parents = {title: parent for title, parent, _page in bookmarks(data)}
        self.assertTrue(parents["Bilag: Sagens akter"].startswith(f"2. Personsag {SECRET_TITLE}"))
        self.assertIn(SECRET_TEXT, pdf_everything(data))

    def test_an_unpublished_agenda_has_no_combined_document_for_the_public(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(status=Meeting.Status.PLANNED)
        cache.clear()
        self.assertEqual(self.client.get(self.url).status_code, 404)
        self.client.force_login(self.member)
        self.assertEqual(self.client.get(self.url).status_code, 404)
