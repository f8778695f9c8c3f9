"""PDF/UA structure of the PDFs, read back with pikepdf: header scopes, one tagged table per
table, every link annotation inside a Link element with a description a person understands."""

import datetime
import io
import re
import subprocess

import pikepdf
from django.test import Client
from django.urls import reverse

from meetings import access
from meetings.exports import pdf_ua
from meetings.exports.pdf import render_agenda_pdf, render_minutes_pdf
from meetings.models import Meeting
from meetings.presentation import build_meeting_view
from meetings.selectors import meeting_for_display
from tests.factories import make_item, make_meeting, make_member, response_bytes

from .base import ExportTestCase, normalise, seed, seed_meeting

CHEFFORUM_2024 = datetime.date(2024, 1, 15)
ANCHOR_LIKE = re.compile(r"^#?punkt-[\w-]*$")
SECRET_TITLE = "Fortrolig personalesag om lønforhold"

LONG_TABLE = (
    "<p>Fordelingen af midlerne:</p><table><tbody>"
    "<tr><th>Indsats</th><th>Kommune</th><th>Beløb</th></tr>"
    + "".join(f"<tr><td>Række {n}</td><td>Aalborg</td><td>{n * 1000}</td></tr>" for n in range(1, 91))
    + "</tbody></table>"
)
ROW_HEADER_TABLE = (
    "<p>Nøgletal:</p><table><tbody>"
    "<tr><th>Borgere</th><td>120</td><td>140</td></tr>"
    "<tr><th>Forløb</th><td>30</td><td>35</td></tr>"
    "</tbody></table>"
)


def elements(pdf):
    """Every structure element in document order."""
    stack = [pdf.Root.StructTreeRoot]
    while stack:
        node = stack.pop()
        kids = node.get("/K")
        kids = [] if kids is None else (list(kids) if isinstance(kids, pikepdf.Array) else [kids])
        if "/S" in node:
            yield node
        stack.extend(reversed([kid for kid in kids if isinstance(kid, pikepdf.Dictionary) and "/S" in kid]))


def kids_of(element):
    kids = element.get("/K")
    return [] if kids is None else (list(kids) if isinstance(kids, pikepdf.Array) else [kids])


def table_attributes(cell):
    attributes = cell.get("/A")
    entries = list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]
    return next((entry for entry in entries if isinstance(entry, pikepdf.Dictionary)
                 and entry.get("/O") == pikepdf.Name.Table), None)


def link_annotations(pdf):
    for number, page in enumerate(pdf.pages, start=1):
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") == pikepdf.Name.Link:
                yield number, annotation


def parent_tree(pdf):
    nums = list(pdf.Root.StructTreeRoot.ParentTree.Nums)
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def marked_pages(pdf, element):
    """The page numbers (from 1) of the marked content in `element`'s subtree."""
    index = {page.obj.objgen: number for number, page in enumerate(pdf.pages, start=1)}
    found, stack = set(), [element]
    while stack:
        node = stack.pop()
        for kid in kids_of(node):
            if isinstance(kid, int) and "/Pg" in node:
                found.add(index[node.Pg.objgen])
            elif isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                stack.append(kid)
    return found


class PdfUaChecks:
    """The checks every PDF gets: subclasses set self.pdfs to {name: bytes}."""

    pdfs: dict

    def each(self):
        for name, data in self.pdfs.items():
            with self.subTest(name):
                yield name, pikepdf.open(io.BytesIO(data))

    def test_every_header_cell_has_a_scope(self):
        for _name, pdf in self.each():
            headers = [element for element in elements(pdf) if element.S == pikepdf.Name.TH]
            self.assertTrue(headers)
            for cell in headers:
                attributes = table_attributes(cell)
                self.assertIsNotNone(attributes)
                self.assertIn(attributes.get("/Scope"), (pikepdf.Name.Column, pikepdf.Name.Row, pikepdf.Name.Both))

    def test_every_link_annotation_is_the_object_of_a_link_element(self):
        for _name, pdf in self.each():
            owner = {}
            for element in elements(pdf):
                for kid in kids_of(element):
                    if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == pikepdf.Name.OBJR:
                        owner[kid.Obj.objgen] = element
            tree = parent_tree(pdf)
            annotations = list(link_annotations(pdf))
            self.assertTrue(annotations)
            for page, annotation in annotations:
                element = owner.get(annotation.objgen)
                self.assertIsNotNone(element, f"link on page {page} outside the structure tree")
                self.assertEqual(element.S, pikepdf.Name.Link, f"link on page {page}")
                # Assistive technology finds the element from the annotation through the parent tree.
                self.assertEqual(tree[int(annotation.StructParent)].objgen, element.objgen)

    def test_every_link_has_a_description_in_words(self):
        for _name, pdf in self.each():
            for page, annotation in link_annotations(pdf):
                contents = str(annotation.get("/Contents", "")).strip()
                self.assertTrue(contents, f"link on page {page}")
                self.assertNotRegex(contents, ANCHOR_LIKE)

    def test_the_parent_tree_matches_the_marked_content(self):
        # Every marked-content sequence a page draws belongs to the element the tree says,
        # and no element points at content the pages no longer mark (repeated headers).
        for _name, pdf in self.each():
            tree = parent_tree(pdf)
            claimed = {}
            for element in elements(pdf):
                for kid in kids_of(element):
                    if isinstance(kid, int):
                        page = pdf.pages.index(pikepdf.Page(element.Pg))
                        claimed[(page, kid)] = element.objgen
            drawn = set()
            for number, page in enumerate(pdf.pages):
                for operands, operator in pikepdf.parse_content_stream(page):
                    if str(operator) == "BDC" and isinstance(operands[1], pikepdf.Dictionary) \
                            and "/MCID" in operands[1]:
                        drawn.add((number, int(operands[1].MCID)))
                entries = tree[int(page.obj.StructParents)]
                for mcid, entry in enumerate(entries):
                    if (number, mcid) in drawn:
                        self.assertEqual(entry.objgen, claimed[(number, mcid)])
            self.assertEqual(drawn, set(claimed))

    def test_qpdf_finds_no_errors(self):
        for _name, pdf in self.each():
            self.assertEqual(pdf.check_pdf_syntax(), [])


class MeetingPdfUaTests(PdfUaChecks, ExportTestCase):
    """An agenda (factories) with a table long enough to cross pages, a row-header table, links between items."""

    @classmethod
    def setUpTestData(cls):
        meeting = make_meeting(status=Meeting.Status.AGENDA_PUBLISHED,
                               agenda_published_at=datetime.datetime(2024, 3, 20, 9, 0, tzinfo=datetime.timezone.utc))
        make_item(meeting, title="Godkendelse af dagsordenen",
                  case_description='<p>Se <a href="#punkt-3">budgettet</a> og '
                                   '<a href="https://www.example.dk/sundhed">sundhedsaftalen</a>.</p>')
        make_item(meeting, title=SECRET_TITLE, is_closed=True, case_description="<p>Lukket sag.</p>")
        make_item(meeting, title="Budget for klyngemidler", case_description=LONG_TABLE + ROW_HEADER_TABLE)
        cls.meeting_pk = meeting.pk
        # Rendered once for the class; only bytes, which setUpTestData copies for each test.
        cls.pdfs = {"public agenda": cls.render(access.Audience.PUBLIC),
                    "members' agenda": cls.render(access.Audience.MEMBER)}

    @classmethod
    def render(cls, audience):
        return render_agenda_pdf(build_meeting_view(meeting_for_display(cls.meeting_pk), audience))

    def test_a_table_crossing_a_page_is_one_table_element(self):
        data = self.pdfs["public agenda"]
        pdf = pikepdf.open(io.BytesIO(data))
        pages = page_texts(data)
        first = next(n for n, text in enumerate(pages, start=1) if "Række 1 " in text)
        last = next(n for n, text in enumerate(pages, start=1) if "Række 90 " in text)
        self.assertGreater(last, first)  # the test means something: the table does cross a page
        tables = [element for element in elements(pdf) if element.S == pikepdf.Name.Table]
        self.assertEqual(len(tables), 2)
        long_table = tables[0]
        self.assertEqual(marked_pages(pdf, long_table), set(range(first, last + 1)))
        groups = [str(group.S) for group in kids_of(long_table)]
        self.assertEqual(groups.count("/THead"), 1)
        rows = [element for element in elements(pdf) if element.S == pikepdf.Name.TR
                and element.P.P.objgen == long_table.objgen and element.P.S == pikepdf.Name.TBody]
        self.assertEqual(len(rows), 90)
        # Every body cell names the one header of its column.
        header_ids = [str(cell.ID) for cell in elements(pdf) if cell.S == pikepdf.Name.TH
                      and cell.P.P.objgen == kids_of(long_table)[0].objgen]
        self.assertEqual(len(header_ids), 3)
        for row in rows:
            cells = kids_of(row)
            self.assertEqual([str(h) for cell in cells for h in table_attributes(cell).Headers], header_ids)

    def test_header_cells_heading_a_row_have_row_scope(self):
        pdf = pikepdf.open(io.BytesIO(self.pdfs["public agenda"]))
        scopes = {}
        for cell in elements(pdf):
            if cell.S == pikepdf.Name.TH:
                scopes.setdefault(str(table_attributes(cell).Scope), []).append(cell)
        self.assertEqual(len(scopes["/Row"]), 2)
        self.assertEqual(len(scopes["/Column"]), 3)

    def test_a_link_to_an_item_says_its_number_and_title(self):
        pdf = pikepdf.open(io.BytesIO(self.pdfs["public agenda"]))
        descriptions = {str(annotation.Contents) for _page, annotation in link_annotations(pdf)}
        self.assertIn("Punkt 3: Budget for klyngemidler", descriptions)
        self.assertIn("Punkt 1: Godkendelse af dagsordenen", descriptions)
        self.assertIn("https://www.example.dk/sundhed", descriptions)

    def test_a_link_to_a_closed_item_keeps_its_title_from_the_public(self):
        public = pikepdf.open(io.BytesIO(self.pdfs["public agenda"]))
        descriptions = {str(annotation.Contents) for _page, annotation in link_annotations(public)}
        self.assertIn("Punkt 2: Lukket punkt", descriptions)
        self.assertFalse([text for text in descriptions if SECRET_TITLE in text])
        members = pikepdf.open(io.BytesIO(self.pdfs["members' agenda"]))
        self.assertIn(f"Punkt 2: {SECRET_TITLE}",
                      {str(annotation.Contents) for _page, annotation in link_annotations(members)})

    def test_rendering_twice_gives_the_same_bytes(self):
        self.assertEqual(self.render(access.Audience.PUBLIC), self.pdfs["public agenda"])

    def test_a_link_annotation_outside_the_tree_gets_a_link_element(self):
        # WeasyPrint tags every annotation it writes; this takes one out of the tree
        # the way older versions (and other tools) leave them.
        pdf = pikepdf.open(io.BytesIO(self.pdfs["public agenda"]))
        _page, annotation = next(link_annotations(pdf))
        for element in list(elements(pdf)):
            kids = kids_of(element)
            kept = [kid for kid in kids if not (isinstance(kid, pikepdf.Dictionary)
                                               and kid.get("/Type") == pikepdf.Name.OBJR
                                               and kid.Obj.objgen == annotation.objgen)]
            if len(kept) != len(kids):
                element.K = pikepdf.Array(kept)
        del annotation.StructParent
        out = io.BytesIO()
        pdf.save(out)
        self.pdfs = {"repaired": pdf_ua.fix_structure(out.getvalue())}
        self.test_every_link_annotation_is_the_object_of_a_link_element()
        self.test_qpdf_finds_no_errors()

    def test_a_second_pass_finds_nothing_to_fix(self):
        def summary(data):
            pdf = pikepdf.open(io.BytesIO(data))
            types = sorted(str(element.S) for element in elements(pdf))
            return types, [str(annotation.Contents) for _page, annotation in link_annotations(pdf)]

        data = self.pdfs["public agenda"]
        self.assertEqual(summary(pdf_ua.fix_structure(data)), summary(data))


class ChefforumPdfUaTests(PdfUaChecks, ExportTestCase):
    """The seeded Chefforum minutes of 15 January 2024, member and public editions."""

    @classmethod
    def setUpTestData(cls):
        seed()
        cls.meeting = seed_meeting("chefforum", CHEFFORUM_2024)
        member = Client()
        member.force_login(make_member(cls.meeting.committee))
        url = reverse("exports:minutes-pdf", args=[cls.meeting.pk])
        cls.public = response_bytes(Client().get(url))
        cls.member = response_bytes(member.get(url))

        cls.pdfs = {"public minutes": cls.public, "members' minutes": cls.member}

    def test_the_table_of_contents_links_say_which_item(self):
        pdf = pikepdf.open(io.BytesIO(self.member))
        descriptions = {str(annotation.Contents) for _page, annotation in link_annotations(pdf)}
        title = self.meeting.items.filter(number=3).order_by("sub_number").first().title
        self.assertIn(f"Punkt 3: {' '.join(title.split())}", descriptions)
        self.assertIn("Mødeoplysninger og deltagere", descriptions)

    def test_rendering_twice_gives_the_same_bytes(self):
        # The stored editions were rendered once at the first download; a new render is the same.
        view = build_meeting_view(meeting_for_display(self.meeting.pk), access.Audience.MEMBER)
        self.assertEqual(render_minutes_pdf(view), render_minutes_pdf(view))
        self.assertEqual(render_minutes_pdf(view), self.member)


def page_texts(data):
    """The text of each page, as pdftotext reads it."""
    count = len(pikepdf.open(io.BytesIO(data)).pages)
    return [normalise(subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-enc", "UTF-8", "-", "-"],
                                     input=data, capture_output=True, check=True).stdout.decode("utf-8"))
            for n in range(1, count + 1)]
