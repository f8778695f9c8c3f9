"""The seed minutes as PDF, read back with poppler (pdftotext, pdffonts) and pypdf."""

import datetime
import hashlib
import re

from django.test import Client
from django.urls import reverse

from meetings.models import MinutesPdf
from meetings.seed import chefforum_2024, klu_2023
from tests.factories import make_member, response_bytes

from .base import ExportTestCase, html_text_blocks, normalise, pdf_fonts, pdf_reader, pdf_text, seed, seed_meeting

KLU_2023 = datetime.date(2023, 11, 30)
CHEFFORUM_2024 = datetime.date(2024, 1, 15)


def struct_types(reader):
    """Every structure type (/Table, /TR, /TD, /H2 …) in the tagged PDF's structure tree."""
    found = set()
    stack = [reader.trailer["/Root"]["/StructTreeRoot"].get_object()]
    while stack:
        node = stack.pop()
        if hasattr(node, "get_object"):
            node = node.get_object()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not hasattr(node, "get"):
            continue
        if "/S" in node:
            found.add(str(node["/S"]))
        kids = node.get("/K")
        if kids is not None:
            stack.append(kids)
    return found


class SeedMinutesPdfTests(ExportTestCase):
    """The minutes of 30 November 2023 (seed 000) and of Chefforum, 15 January 2024 (seed 002)."""

    @classmethod
    def setUpTestData(cls):
        seed()
        cls.meeting = seed_meeting("klu", KLU_2023)
        cls.chefforum = seed_meeting("chefforum", CHEFFORUM_2024)
        member = Client()
        member.force_login(make_member(cls.meeting.committee, cls.chefforum.committee))
        # Rendered once for the class: each download of signed-off minutes stores both editions.
        response = Client().get(reverse("exports:minutes-pdf", args=[cls.meeting.pk]))
        # Only plain values: setUpTestData attributes are deep-copied for each test.
        cls.public_headers = {"status": response.status_code, **response.headers}
        cls.public = response_bytes(response)
        cls.text = pdf_text(cls.public)
        cls.chefforum_public = response_bytes(Client().get(reverse("exports:minutes-pdf", args=[cls.chefforum.pk])))
        cls.chefforum_member = response_bytes(member.get(reverse("exports:minutes-pdf", args=[cls.chefforum.pk])))

    def test_it_is_served_as_a_pdf_named_in_danish(self):
        self.assertEqual(self.public_headers["status"], 200)
        self.assertEqual(self.public_headers["Content-Type"], "application/pdf")
        self.assertEqual(self.public_headers["Content-Disposition"], 'inline; filename="Referat KLU 2023-11-30.pdf"')
        self.assertTrue(self.public.startswith(b"%PDF-1.7"))

    def test_it_prints_every_item_title_and_decision(self):
        items = klu_2023.MEETING_2023_11_30["items"]
        self.assertEqual(len(items), 8)
        for item in items:
            self.assertIn(f"{item['label']}. {normalise(item['title'])}", self.text)
            for block in html_text_blocks(item["decision"]["text"]):
                self.assertIn(block, self.text)

    def test_it_prints_the_header_block_of_the_minutes(self):
        for expected in (
            "Referat", "Sundhed og Kultur", "Sundhedsstrategisk Sekretariat", "Danmarksgade 17", "9000 Aalborg",
            "Møde Kommunalt Lægeligt Udvalg", "Dato torsdag den 30. november 2023",
            "Sted Danmarksgade 17, 2. sal, mødelokale 1",
            "Deltagere PLO-K-Aalborg Mette Bolvig Poulsen, Formand, Kennedy Arkaden",
            "Aalborg Kommune Bente Graversen, Formand for udvalget, Direktør, Sundhed- og Kultur",
            "Gæster Tina Maria Larsen, Centerchef, Center for Sociale Indsatser, Job- og Velfærd",
            "Referent Lars Lund, konsulent, Sundhed og Kultur",
            "Sagsnr./Dok.nr. 2023-000208 / 2023-000208-27",
        ):
            self.assertIn(expected, self.text)

    def test_it_lists_every_apology(self):
        apologies = [line["person"] for line in klu_2023.MEETING_2023_11_30["attendance"]
                     if line["status"] == "apologies"]
        self.assertEqual(apologies, ["Jan Nybo", "Kirsten Fonager", "Carsten Møller Beck"])
        section = self.text.split("Afbud", 1)[1].split("Referent", 1)[0]
        for name in apologies:
            self.assertIn(name, section)

    def test_it_prints_no_raw_html_and_no_placeholder(self):
        for leftover in ("<p>", "</p>", "<ul", "<u>", "&lt;", "&gt;", "&amp;", "Indtast klokkeslæt", "list-style"):
            self.assertNotIn(leftover, self.text)

    def test_signed_off_minutes_carry_no_draft_mark(self):
        self.assertNotIn("UDKAST", self.text)

    def test_every_page_is_a4_and_names_committee_date_and_side_x_af_y(self):
        reader = pdf_reader(self.public)
        pages = len(reader.pages)
        self.assertGreaterEqual(pages, 2)
        for number, page in enumerate(reader.pages, start=1):
            # A4 is 210 × 297 mm: 595.28 × 841.89 points.
            self.assertEqual((round(float(page.mediabox.width)), round(float(page.mediabox.height))), (595, 842))
            text = normalise(page.extract_text())
            self.assertIn(f"Side {number} af {pages}", text)
            self.assertIn("Kommunalt Lægeligt Udvalg", text)
            self.assertIn("30. november 2023", text)

    def test_it_bookmarks_every_item(self):
        reader = pdf_reader(self.public)
        titles = [outline.title for outline in reader.outline]
        self.assertEqual(titles, [f"{item['label']}. {item['title']}" for item in klu_2023.MEETING_2023_11_30["items"]])

    def test_its_table_of_contents_gives_the_page_of_each_item(self):
        reader = pdf_reader(self.public)
        # Layout mode keeps each printed line whole, so a running footer cannot land inside an entry.
        contents = pdf_text(self.public, layout=True).split("Indholdsfortegnelse", 1)[1]
        for outline in reader.outline:
            page = reader.get_destination_page_number(outline) + 1
            label, title = outline.title.split(" ", 1)
            match = re.search(re.escape(label) + r" " + re.escape(normalise(title)) + r" ?\.+ ?(\d+)", contents)
            self.assertIsNotNone(match, outline.title)
            self.assertEqual(int(match[1]), page, outline.title)

    def test_every_font_is_embedded(self):
        fonts = pdf_fonts(self.public)
        self.assertTrue(fonts)
        self.assertEqual([font for font in fonts if font["emb"] != "yes"], [])

    def test_its_metadata_gives_title_author_and_language(self):
        reader = pdf_reader(self.public)
        self.assertEqual(reader.metadata.title, "Referat – Kommunalt Lægeligt Udvalg, 30. november 2023")
        self.assertEqual(reader.metadata.author, "Lars Lund, Sundhedsstrategisk Sekretariat")
        catalog = reader.trailer["/Root"]
        self.assertEqual(catalog["/Lang"], "da")
        # The dates come from the sign-off, not from the moment of rendering.
        self.assertEqual(reader.metadata.creation_date, self.meeting.signed_off_at)

    def test_it_is_a_tagged_pdf_ua_document(self):
        reader = pdf_reader(self.public)
        catalog = reader.trailer["/Root"]
        self.assertTrue(catalog["/MarkInfo"]["/Marked"])
        self.assertTrue(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
        self.assertIn(b"pdfuaid:part", catalog["/Metadata"].get_object().get_data())
        self.assertTrue({"/H1", "/H2", "/L", "/LI"} <= struct_types(reader))

    def test_tables_in_case_text_stay_tables(self):
        reader = pdf_reader(self.chefforum_public)
        self.assertTrue({"/Table", "/TR", "/TD"} <= struct_types(reader))
        text = pdf_text(self.chefforum_public)
        self.assertIn("5. Claudicatio Intermittens 270.000 850.000 0 1.120.000", text)

    def test_the_public_edition_leaves_out_the_closed_paper_of_item_6(self):
        # The seeded minutes have no closed item since issue 15 (the source publishes
        # item 6 in full; its paper was closed): closed items in the PDF are tried with
        # factories in tests/exports/test_pdf_access.py and
        # tests/meetings/test_closed_item_doors.py.
        [item] = [item for item in chefforum_2024.MEETING_2024_01_15["items"] if item["label"] == "6"]
        [paper] = item["attachments"]
        self.assertTrue(paper["is_closed"])
        public, member = pdf_text(self.chefforum_public), pdf_text(self.chefforum_member)
        for text in (public, member):
            self.assertIn(normalise(item["title"]), text)
            for block in html_text_blocks(item["decision"]["text"])[:3]:
                self.assertIn(block, text)
        self.assertNotIn(paper["title"], public)
        self.assertIn(paper["title"], member)

    def test_the_page_shows_the_sha256_of_the_stored_pdf(self):
        stored = MinutesPdf.objects.get(meeting=self.meeting, version=1, audience=MinutesPdf.Audience.PUBLIC)
        page = self.client.get(reverse("meetings:detail", args=[self.meeting.pk])).content.decode()
        [shown] = re.findall(r'data-sha256="([0-9a-f]{64})"', page)
        self.assertEqual(shown, hashlib.sha256(self.public).hexdigest())
        self.assertEqual(shown, stored.sha256)
