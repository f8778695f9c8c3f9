"""The PDFs laid out as a printed record, read back page by page with poppler.

Totals print once after the last body row, the header row repeats on every page a
table spans, no page ends on a heading, the contents are on page 1, every page of a
draft says UDKAST, a long word stays on the page and amounts are right-aligned.
"""

import datetime
import io
import re
import subprocess

import pypdf
from django.test import Client, SimpleTestCase
from django.urls import reverse

from meetings import access
from meetings.exports.pdf import is_number, print_tables, render_agenda_pdf, render_minutes_pdf
from meetings.models import Meeting
from meetings.presentation import build_meeting_view
from meetings.selectors import meeting_for_display
from tests.factories import make_decision, make_item, make_meeting, make_member, response_bytes

from .base import ExportTestCase, normalise, pdf_text, seed, seed_meeting

LONG_WORD = "Sundhedsklyngesamarbejdsaftale" * 5  # 150 characters, no place to break
assert len(LONG_WORD) == 150

# A budget table long enough to cross a page, with its total row in a <tfoot>.
BUDGET_ROWS = 70
AMOUNTS = ["1.234.567", "-12.500", "45"]
BUDGET_TABLE = (
    "<table><thead><tr><th>Budgetpost</th><th>Beløb i kr.</th></tr></thead><tbody>"
    + "".join(f"<tr><td>Række {n:02d}</td><td>{AMOUNTS[n % 3]}</td></tr>" for n in range(1, BUDGET_ROWS + 1))
    + "</tbody><tfoot><tr><td>I alt</td><td>1.222.112</td></tr></tfoot></table>"
)
# What the editor writes: the header row is the first row of the body, in th cells.
EDITOR_ROWS = 60
EDITOR_TABLE = (
    "<table><tbody><tr><th>Aktivitet</th><th>Tidspunkt</th></tr>"
    + "".join(f"<tr><td>Aktivitet nr. {n:02d}</td><td>Uge {n:02d}</td></tr>" for n in range(1, EDITOR_ROWS + 1))
    + "</tbody></table>"
)
ITEMS = 60
# A meeting held online: its place is a link longer than the line.
LONG_LINK = "https://teams.microsoft.com/l/meetup-join/" + "19%3ameeting_ZGQ4YjE3NTgtYzQ2OS00" * 4
# The labels of an item's parts, which must never end a page.
LABELS = {"Sagsbeskrivelse", "Indstilling", "Beslutning", "Vedlagt", "Opfølgning", "Godkendt"}


def page_texts(data: bytes) -> list[str]:
    """Each page's text as pdftotext -layout lays it out (pages end with a form feed)."""
    result = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                            check=True)
    pages = result.stdout.decode("utf-8").split("\f")
    return pages[:-1] if pages and not pages[-1].strip() else pages


def body_lines(page: str) -> list[str]:
    """A page's lines without the running header (first line) and footer ("Side X af Y")."""
    lines = [" ".join(line.split()) for line in page.splitlines() if line.strip()]
    lines = [line for line in lines if not re.search(r"Side \d+ af \d+", line)]
    # The draft's watermark is drawn at an angle: poppler reads it as loose letters.
    lines = [line for line in lines if not re.fullmatch(r"[UDKAST ]{1,6}", line)]
    return lines[1:]


def word_boxes(data: bytes, page: int) -> list[tuple[str, float, float]]:
    """(word, xMin, xMax) of every word on one page, from pdftotext -bbox."""
    result = subprocess.run(["pdftotext", "-bbox", "-f", str(page), "-l", str(page), "-enc", "UTF-8", "-", "-"],
                            input=data, capture_output=True, check=True)
    return [(word, float(x_min), float(x_max)) for x_min, x_max, word in re.findall(
        r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>',
        result.stdout.decode("utf-8"))]


def case_text(number):
    """Case descriptions of varying length, so that item parts meet page ends in many places."""
    sentence = (f"Punkt {number} beskriver en sag, som udvalget drøfter og træffer beslutning om på mødet, "
                "med de oplysninger sekretariatet har samlet til dagsordenen. ")
    return "".join(f"<p>{sentence * (1 + (number * 7 + k) % 4)}</p>" for k in range(1 + number % 3))


def render(pk, kind, audience=access.Audience.SECRETARIAT):
    view = build_meeting_view(meeting_for_display(pk), audience)
    return render_minutes_pdf(view) if kind == "minutes" else render_agenda_pdf(view)


class PdfLayoutTests(ExportTestCase):
    """Draft minutes of a 60-item meeting with long tables, and a draft agenda."""

    @classmethod
    def setUpTestData(cls):
        meeting = make_meeting(status=Meeting.Status.MINUTES_DRAFTED, date=datetime.date(2024, 6, 27),
                               location=LONG_LINK)
        for number in range(1, ITEMS + 1):
            description = case_text(number)
            if number == 3:
                description += f"<p>Budgettet:</p>{BUDGET_TABLE}"
            if number == 5:
                description += f"<p>Tidsplanen:</p>{EDITOR_TABLE}"
            if number == 7:
                description += f"<p>Et langt ord: {LONG_WORD}</p>"
            item = make_item(meeting, title=f"Emne nummer {number:02d}", case_description=description)
            make_decision(item, text=f"<p>Godkendt med bemærkninger til punkt {number}.</p>" * (1 + number % 2))
        agenda = make_meeting(committee=meeting.committee, status=Meeting.Status.PLANNED,
                              date=datetime.date(2024, 9, 19))
        for number in range(1, 6):
            make_item(agenda, title=f"Dagsordenspunkt {number}", case_description=case_text(number)
                      + (BUDGET_TABLE if number == 2 else ""))
        cls.minutes = render(meeting.pk, "minutes")
        cls.agenda = render(agenda.pk, "agenda")
        # Only plain values: setUpTestData attributes are deep-copied for each test.
        cls.minutes_pages = page_texts(cls.minutes)
        cls.agenda_pages = page_texts(cls.agenda)

    def pages_with(self, pages, pattern):
        return [number for number, page in enumerate(pages, 1) if re.search(pattern, page)]

    def test_the_total_row_prints_once_after_the_last_body_row(self):
        table_pages = self.pages_with(self.minutes_pages, r"Række \d\d")
        self.assertGreater(len(table_pages), 1, "the table should cross a page")
        totals = self.pages_with(self.minutes_pages, r"I alt")
        self.assertEqual(totals, [table_pages[-1]])
        last_page = normalise(self.minutes_pages[table_pages[-1] - 1])
        self.assertEqual(last_page.count("I alt"), 1)
        self.assertGreater(last_page.index("I alt"), last_page.index(f"Række {BUDGET_ROWS}"))
        # In the draft agenda too, which carries the same table.
        self.assertEqual(sum(page.count("I alt") for page in self.agenda_pages), 1)

    def test_the_header_row_repeats_on_every_page_the_table_spans(self):
        for pages, rows, header in ((self.minutes_pages, r"Række \d\d", "Budgetpost"),
                                    (self.minutes_pages, r"Aktivitet nr\. \d\d", "Aktivitet Tidspunkt")):
            table_pages = self.pages_with(pages, rows)
            self.assertGreater(len(table_pages), 1, f"the table of {header!r} should cross a page")
            for number in table_pages:
                page = normalise(pages[number - 1])
                self.assertIn(header, page, f"page {number}")
                self.assertLess(page.index(header), re.search(rows, page).start(), f"page {number}")

    def test_no_page_ends_with_a_heading(self):
        titles = re.compile(r"\d+\. Emne nummer \d\d")
        checked = 0
        for number, page in enumerate(self.minutes_pages[:-1], 1):
            lines = body_lines(page)
            if not lines:
                continue
            checked += 1
            last = lines[-1]
            self.assertFalse(titles.fullmatch(last), f"page {number} ends with the title {last!r}")
            self.assertNotIn(last, LABELS, f"page {number} ends with the label {last!r}")
        self.assertGreater(checked, 15)

    def test_the_table_of_contents_is_on_page_1(self):
        for name, pages, first in (("minutes", self.minutes_pages, "1. Emne nummer 01"),
                                   ("agenda", self.agenda_pages, "1. Dagsordenspunkt 1")):
            page_1 = normalise(pages[0])
            self.assertIn("Indholdsfortegnelse", page_1, name)
            self.assertRegex(page_1, re.escape(first) + r" ?\.{5,} \d", name)
        # The five entries of the agenda all fit.
        for number in range(1, 6):
            self.assertIn(f"{number}. Dagsordenspunkt {number}", normalise(self.agenda_pages[0]))

    def test_contents_over_two_pages_give_each_items_page_and_count_the_pages(self):
        # The contents are laid out apart from the body (meetings.exports.pdf); they
        # must still give the page each item starts on and number their own pages.
        reader = pypdf.PdfReader(io.BytesIO(self.minutes))
        starts = {outline.title.split(".", 1)[0]: reader.get_destination_page_number(outline) + 1
                  for outline in reader.outline}
        self.assertEqual(len(starts), ITEMS)
        first_item_page = min(starts.values())
        self.assertGreater(first_item_page, 2, "the contents of 60 items should take two pages")
        contents = " ".join(normalise(page) for page in self.minutes_pages[:first_item_page - 1])
        for label, page in starts.items():
            match = re.search(rf"(?<!\d){label}\. Emne nummer {int(label):02d} ?\.+ ?(\d+)", contents)
            self.assertIsNotNone(match, label)
            self.assertEqual(int(match[1]), page, f"item {label}")
        total = len(self.minutes_pages)
        for number, page in enumerate(self.minutes_pages, 1):
            self.assertIn(f"Side {number} af {total}", normalise(page))

    def test_every_page_of_a_draft_says_udkast(self):
        self.assertGreater(len(self.agenda_pages), 2)
        for name, pages in (("agenda", self.agenda_pages), ("minutes", self.minutes_pages)):
            for number, page in enumerate(pages, 1):
                self.assertIn("UDKAST", page, f"{name}, page {number}")
        self.assertIn("UDKAST – dagsordenen er ikke offentliggjort", normalise(self.agenda_pages[-1]))
        self.assertIn("UDKAST – referatet er ikke godkendt", normalise(self.minutes_pages[-1]))

    def test_a_long_word_prints_whole_and_within_the_page(self):
        text = pdf_text(self.minutes).replace(" ", "")
        self.assertIn(LONG_WORD, text)
        self.assertIn(LONG_WORD[-20:], pdf_text(self.minutes))
        # Every word of the page lies between the page's edges (A4: 595 pt wide).
        page = self.pages_with(self.minutes_pages, "Et langt ord")[0]
        boxes = word_boxes(self.minutes, page)
        self.assertTrue(any(LONG_WORD[:20] in word for word, _, _ in boxes))
        for word, x_min, x_max in boxes:
            self.assertGreaterEqual(x_min, 0, word)
            self.assertLessEqual(x_max, 595.3 - 20 / 25.4 * 72 + 1, word)  # inside the right margin

    def test_a_long_link_as_the_place_stays_within_the_page(self):
        boxes = word_boxes(self.minutes, 1)
        self.assertIn(LONG_LINK, "".join(word for word, _, _ in boxes))
        for word, x_min, x_max in boxes:
            self.assertLessEqual(x_max, 595.3 - 20 / 25.4 * 72 + 1, word)

    def test_amounts_are_right_aligned(self):
        page = self.pages_with(self.minutes_pages, r"Række 0[1-9]")[0]
        boxes = word_boxes(self.minutes, page)
        right_edges = {word: x_max for word, _, x_max in boxes if word in AMOUNTS}
        left_edges = {word: x_min for word, x_min, _ in boxes if word in AMOUNTS}
        self.assertEqual(set(right_edges), set(AMOUNTS))
        # The same right edge, different left edges: the column is aligned on the right.
        self.assertLess(max(right_edges.values()) - min(right_edges.values()), 1)
        self.assertGreater(left_edges["45"] - left_edges["1.234.567"], 10)


class PrintTablesTests(SimpleTestCase):
    """The tables handed to WeasyPrint; the stored text stays as it was."""

    def test_it_moves_the_editors_header_row_into_a_thead(self):
        html = print_tables("<p>a</p><table><tbody><tr><th>Post</th><th>Beløb</th></tr>"
                            "<tr><td>Løn</td><td>1.234.567</td></tr></tbody></table><p>b</p>")
        self.assertEqual(html, '<p>a</p><table><thead><tr><th>Post</th><th>Beløb</th></tr></thead>'
                               '<tbody><tr><td>Løn</td><td class="num">1.234.567</td></tr></tbody></table><p>b</p>')

    def test_it_puts_the_totals_after_the_body(self):
        html = print_tables("<table><tfoot><tr><td>I alt</td><td>10</td></tr></tfoot>"
                            "<tbody><tr><td>A</td><td>10</td></tr></tbody></table>")
        self.assertEqual(html, '<table><tbody><tr><td>A</td><td class="num">10</td></tr></tbody>'
                               '<tfoot><tr><td>I alt</td><td class="num">10</td></tr></tfoot></table>')

    def test_section_rows_of_several_bodies_stay_in_their_body(self):
        html = print_tables("<table><tbody><tr><th colspan=\"2\">2024</th></tr><tr><td>a</td><td>b</td></tr></tbody>"
                            "<tbody><tr><th colspan=\"2\">2025</th></tr><tr><td>c</td><td>d</td></tr></tbody></table>")
        self.assertNotIn("<thead>", html)
        self.assertEqual(html.count('<tr class="row-head"><th colspan="2">'), 2)

    def test_everything_outside_tables_passes_unchanged(self):
        html = ('<!DOCTYPE html>\n<html lang="da"><head><meta charset="utf-8"><style>a::after { content: "<"; }'
                '</style></head><body><p class=x>Tom &amp; Jerry &#8211; <br/>x<br>y</p><!-- note --></body></html>')
        self.assertEqual(print_tables(html), html)

    def test_it_knows_a_number_from_a_word(self):
        for text in ("1.234.567", "-12.500 kr.", "45 %", "0", "3,5", "−1.022.190", "2.000.000 kr"):
            self.assertTrue(is_number(text), text)
        for text in ("", "I alt", "1. januar", "Gruppe 1", "2024-2027", "1a.", "12. juni"):
            self.assertFalse(is_number(text), text)


class SeedLayoutTests(ExportTestCase):
    """The seeded meetings: the Chefforum member edition still renders; contents on page 1."""

    @classmethod
    def setUpTestData(cls):
        seed()
        klu = seed_meeting("klu", datetime.date(2023, 11, 30))
        chefforum = seed_meeting("chefforum", datetime.date(2024, 1, 15))
        member = Client()
        member.force_login(make_member(chefforum.committee))
        cls.chefforum_member = response_bytes(member.get(reverse("exports:minutes-pdf", args=[chefforum.pk])))
        cls.klu_pages = page_texts(render(klu.pk, "minutes", access.Audience.PUBLIC))

    def test_the_chefforum_member_edition_renders_its_budget_totals_once(self):
        pages = page_texts(self.chefforum_member)
        text = normalise(" ".join(pages))
        # The member edition: the closed paper of item 6 is named (issue 15: the seed
        # has a closed attachment, no closed item).
        self.assertIn("Retning for det nordjyske eSundhedsvæsen_20-12-2023.docx", text)
        for total in ("I alt ultimo 2023", "Klyngemidler 2022+2023", "Balance -1.022.190"):
            self.assertEqual(text.count(total), 1, total)
        self.assertLess(text.index("13. E- sundhedsvæsen"), text.index("I alt ultimo 2023"))
        self.assertEqual(len([page for page in pages if "9.245" in page]), 1)

    def test_the_klu_minutes_have_their_whole_table_of_contents_on_page_1(self):
        page_1 = normalise(self.klu_pages[0])
        self.assertIn("Indholdsfortegnelse", page_1)
        for entry in ("1. Godkendelse af dagsordenen", "2.d. Opfølgning på samarbejdsaftalen", "4. Eventuelt"):
            self.assertIn(entry, page_1)
