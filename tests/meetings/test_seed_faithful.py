"""The seeded minutes say what their sources say, and nothing else (issue 15, build item 1).

Every line the public and member minutes PDFs of the two seeded meetings print
(poppler's pdftotext, line by line) is either found in the source document
(`../shared/seeds/`, whitespace and the source's markup normalised) or is a label of
the layout from the short allow-list below. Derived records (follow-ups, agreement
links) may exist but are not printed; where the source does not say who approved the
minutes or when, the documents say nothing about it.
"""

import datetime
import os
import re
import subprocess
from pathlib import Path

from django.test import Client
from django.urls import reverse

from meetings.models import Attachment, FollowUpAction, Meeting
from tests.exports.base import ExportTestCase, normalise, seed, seed_meeting
from tests.factories import make_member, response_bytes

# The source documents sit in shared/ beside the checkout (as in CI); KLU_SEEDS overrides.
SEEDS = Path(os.environ.get("KLU_SEEDS", Path(__file__).resolve().parents[3] / "shared" / "seeds"))
KLU_2023 = datetime.date(2023, 11, 30)
CHEFFORUM_2024 = datetime.date(2024, 1, 15)


def source_text(name: str) -> str:
    """A source document as one line of words: markup the export left in it removed."""
    text = (SEEDS / name).read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", " ", text)  # the KLU participant HTML, the table's <i>
    text = re.sub(r"\[([^\]]*)\]\(#\)", r"\1", text)  # links whose address was lost
    text = text.replace("*", "").replace("\\(", "(").replace("\\)", ")").replace("•", " ")
    return normalise(text)


def loose(text: str) -> str:
    """Without hyphens: pdftotext joins a word hyphenated at a line's end ("E-" "sundhed")."""
    return normalise(text.replace("-", ""))


SOURCES = {
    "klu": source_text("000_8d9de3b6ae5d5181.txt"),
    "chefforum": source_text("002_3d1df66dfe53997b.txt"),
}

# One spelling per person and body (an attendance row prints the register's names):
# the KLU minutes run "Tina Maria" together where the Chefforum minutes do not, and
# Chefforum calls PLO-K-Aalborg "PLO-K Aalborg Kommune" (seed/people.py).
SPELLINGS = {"klu": {"Tina Maria Larsen": "TinaMaria Larsen"},
             "chefforum": {"PLO-K-Aalborg": "PLO-K Aalborg Kommune"}}

# The layout's own words: the document kind and edition, the facts' and the
# participants' labels, the committee's words for the parts of an item, the
# decision outcomes, the table of contents and the running page header and footer.
LAYOUT_LINES = {
    "Referat", "Medlemsudgave", "Indholdsfortegnelse", "Mødeoplysninger og deltagere",
    "Møde", "Dato", "Sted", "Status", "Referat godkendt",
    "Deltagere", "Gæster", "Afbud", "Sekretariat", "Referent", "Sagsnr./Dok.nr.",
    "Sagsbeskrivelse", "Sagsfremstilling", "Indstilling", "Beslutning", "Vedlagt", "Bilag",
    "Godkendt", "Ikke godkendt", "Drøftet", "Taget til efterretning", "Udsat", "Besluttet",
    # A decision note's label: the source's note begins "Efter mødet …" itself.
    "Tilføjet efter mødet:",
}
LAYOUT_PATTERNS = [
    re.compile(r"Side \d+ af \d+"),
    # The running header: committee and the meeting's date.
    re.compile(r"(Referat – )?(Kommunalt Lægeligt Udvalg|Chefforum Sundhedsklynge Midt)(,| –)? "
               r"(\w+dag den )?\d+\. \w+ \d{4}"),
    # The meeting's date (and time) in the facts, in Danish words.
    re.compile(r"\w+dag den \d+\. \w+ \d{4}(, kl\. \d\d\.\d\d)?"),
    # A postponed item's link to the meeting the source names ("næste møde i Chefforum (25. april 2024)").
    re.compile(r"Udsat til [^,]+, mødet \d+\. \w+ \d{4}"),
]
# Words the layout adds to a line whose other words come from the source.
LAYOUT_FRAGMENTS = [
    re.compile(r"^[•◦▪–-] "),  # a list's bullet
    re.compile(r"^(Oplæg ved|Gæster under punktet:) "),
    re.compile(r" \((under punkt|på vegne af) [^)]*\)"),
    re.compile(r" \(\d+(,\d+)? [kM]?B\)"),  # an attachment's size
    re.compile(r" ?Lukket bilag"),
    re.compile(r" ?Lukket indtil \d+\.( \w+ \d{4})?"),  # the date may wrap to the next line
]
# The separators of a participant line the layout composes ("name, role – note").
PARTS = re.compile(r", | – |; ")
# An item's number as the layout prints it ("2.a.", "Punkt 3:"), before its title.
ITEM_NUMBER = re.compile(r"^(Punkt )?\d+(\.[a-z])?[.:]( |$)")
# A table-of-contents entry's leader and page number.
TOC_TAIL = re.compile(r"( ?\.{2,})? ?\d+$")


def pdftotext_lines(data: bytes) -> list[str]:
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=data, capture_output=True, check=True)
    return [normalise(line) for line in result.stdout.decode("utf-8").splitlines() if line.strip()]


def unsourced_lines(data: bytes, slug: str) -> list[str]:
    """The printed lines that are neither in the source nor a label of the layout."""
    source, loose_source = SOURCES[slug], loose(SOURCES[slug])

    def sourced(text):
        return text in source or loose(text) in loose_source

    missing = []
    for line in pdftotext_lines(data):
        text = line
        for fragment in LAYOUT_FRAGMENTS:
            text = fragment.sub("", text)
        text = TOC_TAIL.sub("", ITEM_NUMBER.sub("", text)) if ITEM_NUMBER.match(text) else text
        text = TOC_TAIL.sub("", text) if "...." in text else text
        if not text or text in LAYOUT_LINES or any(p.fullmatch(text) for p in LAYOUT_PATTERNS):
            continue
        for ours, theirs in SPELLINGS[slug].items():
            text = text.replace(ours, theirs)
        if sourced(text) or all(sourced(part) for part in PARTS.split(text)):
            continue
        missing.append(line)
    return missing


class SeedFaithfulTests(ExportTestCase):
    @classmethod
    def setUpTestData(cls):
        seed()
        cls.klu = seed_meeting("klu", KLU_2023)
        cls.chefforum = seed_meeting("chefforum", CHEFFORUM_2024)
        member = Client()
        member.force_login(make_member(cls.klu.committee, cls.chefforum.committee))

        def pdf(client, meeting):
            return response_bytes(client.get(reverse("exports:minutes-pdf", args=[meeting.pk])))

        cls.pdfs = {
            ("klu", "public"): pdf(Client(), cls.klu), ("klu", "member"): pdf(member, cls.klu),
            ("chefforum", "public"): pdf(Client(), cls.chefforum),
            ("chefforum", "member"): pdf(member, cls.chefforum),
        }
        cls.texts = {key: normalise(" ".join(pdftotext_lines(data))) for key, data in cls.pdfs.items()}

    def test_every_printed_line_is_in_the_source_or_a_label_of_the_layout(self):
        for (slug, edition), data in self.pdfs.items():
            with self.subTest(slug=slug, edition=edition):
                self.assertEqual(unsourced_lines(data, slug), [])

    def test_the_check_catches_a_line_no_source_says(self):
        # The allow-list is no blanket: an invented line is reported.
        self.assertNotIn("Godkendt af formanden", SOURCES["klu"])
        self.assertNotIn("Afbud Rikke Svendstrup", SOURCES["chefforum"])
        self.assertIn("Tina Maria Larsen, Aalborg Kommune", SOURCES["chefforum"])

    def test_no_approval_line_is_invented(self):
        for (slug, edition), text in self.texts.items():
            with self.subTest(slug=slug, edition=edition):
                self.assertNotIn("Godkendt af", text)
                self.assertNotIn("Godkendt ved", text)
        for meeting in (self.klu, self.chefforum):
            self.assertIsNone(meeting.approved_on)
            self.assertIsNone(meeting.signed_off_by)

    def test_follow_ups_exist_but_are_not_printed(self):
        self.assertTrue(FollowUpAction.objects.filter(decision__item__meeting=self.klu).exists())
        for (slug, edition), text in self.texts.items():
            with self.subTest(slug=slug, edition=edition):
                self.assertNotIn("Opfølgning ", text.replace("Opfølgning på", ""))
                self.assertNotIn("ansvarlig:", text)
                self.assertNotIn("Signe Gyldendal Rasmussen", text)

    def test_the_follow_ups_page_still_lists_them(self):
        page = Client().get(reverse("agreements:follow-ups")).content.decode()
        self.assertIn("pilotprojektet i efteråret 2024", page)

    def test_an_outcome_the_decision_text_states_is_printed_once(self):
        text = self.texts[("klu", "public")]
        self.assertIn("Beslutning Godkendt. 2.a.", text)
        self.assertNotIn("Godkendt Godkendt.", text)
        self.assertNotIn("Drøftet Drøftet.", text)

    def test_vedlagt_intet_is_printed_where_the_source_says_it(self):
        for edition in ("public", "member"):
            with self.subTest(edition=edition):
                text = self.texts[("klu", edition)]
                # 2.a, 2.b and 2.c write "Intet.", 2.e "Intet" (as the source does).
                self.assertEqual(text.count("Vedlagt: Intet."), 3)
                self.assertEqual(text.count("Vedlagt: Intet"), 4)
        self.assertNotIn("Intet", self.texts[("chefforum", "public")])

    def test_tina_maria_larsen_keeps_her_space_in_chefforum(self):
        text = self.texts[("chefforum", "public")]
        self.assertIn("Tina Maria Larsen", text)
        self.assertNotIn("TinaMaria", text)

    def test_no_apology_is_invented_for_rikke_svendstrup(self):
        for edition in ("public", "member"):
            text = self.texts[("chefforum", edition)]
            self.assertNotIn("Afbud", text)
            self.assertIn("Camilla Donslund", text)
            self.assertIn("Camilla Donslund (på vegne af Rikke Svendstrup)", text)
            self.assertNotIn("deltog på vegne af Rikke Svenstrup –", text)

    def test_the_chefforum_secretariat_keeps_its_organisations(self):
        text = self.texts[("chefforum", "public")]
        for line in ("Dorte Rosendal-Meier, Jammerbugt Kommune", "Bibi Bording Pedersen, Aalborg Kommune",
                     "Maja Lynderup Behrmann, Region Nordjylland"):
            self.assertIn(line, SOURCES["chefforum"])
            self.assertIn("Sekretariat", text)
            self.assertIn(line, text.split("Sekretariat", 1)[1])

    def test_both_names_of_each_chefforum_attachment_are_printed(self):
        pairs = [
            ("Katalog med de samlede udvidede indsatsbeskrivelser_050124",
             "Katalog med de samlede udvidede indsatsbeskrivelser."),
            ("Udkast til ny fælles kommissoriumtekst_Driftsfora_Sundhedsklynge Midt december 2023.docx",
             "Udkast til ny fælles kommissoriums tekst – Driftsfora – Sundhedsklynge Midt december 2023"),
            ("Sundhedsaftalen 2024-2027 for Region Nordjylland.pdf", "Sundhedsaftalen 2024-2027"),
            ("Vejldning til klyngerne 2024-2025.pptx", "Vejledning til klyngerne 2024-2025"),
        ]
        for edition in ("public", "member"):
            text = self.texts[("chefforum", edition)]
            for first, second in pairs:
                self.assertIn(first, text)
                self.assertIn(second, text)
            self.assertIn("Retning for det nordjyske e-sundhedsvæsen (udsendes særskilt på mail).", text)
        # The closed paper's file name: for members only.
        self.assertIn("Retning for det nordjyske eSundhedsvæsen_20-12-2023.docx", self.texts[("chefforum", "member")])
        self.assertNotIn("Retning for det nordjyske eSundhedsvæsen_20-12-2023.docx",
                         self.texts[("chefforum", "public")])

    def test_item_6_is_public_and_its_paper_is_closed_until_12_january(self):
        item = self.chefforum.items.get(number=6)
        self.assertFalse(item.is_closed)
        paper = Attachment.objects.get(item=item)
        self.assertEqual((paper.is_closed, paper.closed_until), (True, datetime.date(2024, 1, 12)))
        public = self.texts[("chefforum", "public")]
        self.assertRegex(public, r"(Punkt 6:|6\.) Fremtidsværksteder for Nordjysk eSundhedsvæsen")
        self.assertIn("Retningspapiret sendes særskilt på mail, da det er et lukket punkt", public)
        self.assertNotIn("Lukket punkt", public)
        self.assertFalse(self.chefforum.items.filter(is_closed=True).exists())

    def test_7_december_2021_is_a_meeting_known_from_another_document_not_signed_off_minutes(self):
        meeting = Meeting.objects.get(committee=self.klu.committee, date=datetime.date(2021, 12, 7))
        self.assertEqual(meeting.status, Meeting.Status.HELD)
        self.assertIn("Kendt fra omtale i referatet af 30. november 2023", meeting.source_note)
        page = Client().get(meeting.get_absolute_url())
        self.assertEqual(page.status_code, 200)
        html = page.content.decode()
        self.assertIn(meeting.source_note, html)
        self.assertNotIn("Referat godkendt", html)
        self.assertNotIn("Kommunalt Lægeligt Udvalg godkendte en vejledning", html)
        # No minutes to download.
        response = Client().get(reverse("exports:minutes-pdf", args=[meeting.pk]))
        self.assertEqual(response.status_code, 404)
