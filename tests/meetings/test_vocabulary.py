"""Each committee's documents speak its own words: item numbers, the headings of case
text, recommendation, decision and attachments (issue 15)."""

import datetime
import io
import re

import pikepdf
from django.test import Client, TestCase
from django.urls import reverse

from meetings.committees import fingerprint
from meetings.models import Committee
from meetings.seed import chefforum_2024
from tests.exports.base import ExportTestCase, normalise, pdf_text, seed, seed_meeting
from tests.factories import (make_attachment, make_committee, make_decision, make_item, make_meeting,
                             make_secretary, response_bytes, sign_off)

KLU_2023 = datetime.date(2023, 11, 30)
CHEFFORUM_2024 = datetime.date(2024, 1, 15)
SOURCE = "../shared/seeds/002_3d1df66dfe53997b.txt"


def page_text(response) -> str:
    """The page's visible words, tags dropped, whitespace collapsed."""
    return normalise(re.sub(r"<[^>]+>", " ", response.content.decode()))


def outline_titles(data: bytes) -> list[str]:
    with pikepdf.open(io.BytesIO(data)) as pdf, pdf.open_outline() as outline:
        return [entry.title for entry in outline.root]


class ItemNumberTests(TestCase):
    def test_a_bare_number_ends_in_a_full_stop_and_a_worded_one_in_a_colon(self):
        self.assertEqual(Committee(slug="a", name="A").item_number("2.a"), "2.a.")
        self.assertEqual(Committee(slug="b", name="B", item_prefix="Punkt").item_number("3"), "Punkt 3:")

    def test_the_defaults_are_the_words_every_document_used_before(self):
        committee = Committee(slug="c", name="C")
        self.assertEqual((committee.item_prefix, committee.label_case_description, committee.label_recommendation,
                          committee.label_decision, committee.label_attachments),
                         ("", "Sagsbeskrivelse", "Indstilling", "Beslutning", "Vedlagt"))


class DefaultVocabularyTests(TestCase):
    """A committee nobody has set words for prints the minutes as they always were."""

    @classmethod
    def setUpTestData(cls):
        cls.committee = make_committee()
        cls.meeting = make_meeting(committee=cls.committee, date=datetime.date(2024, 3, 7))
        item = make_item(cls.meeting, number=1, title="Mødekalender", case_description="<p>Forslag til datoer.</p>",
                         recommendation_lead="Det indstilles, at udvalget", recommendations=["godkender datoerne"])
        make_decision(item)
        make_attachment(cls.meeting, item=item, title="Oversigt over datoer")
        sign_off(cls.meeting)

    def test_the_page_prints_a_bare_number_and_the_usual_headings(self):
        page = self.client.get(self.meeting.get_absolute_url()).content.decode()
        self.assertIn('<span class="agenda-item__number">1.</span>', page)
        for heading in ("Sagsbeskrivelse", "Indstilling", "Beslutning", "Vedlagt"):
            self.assertIn(f"<h3>{heading}</h3>", page)

    def test_the_pdf_prints_a_bare_number_and_the_usual_headings(self):
        text = pdf_text(response_bytes(self.client.get(reverse("exports:minutes-pdf", args=[self.meeting.pk]))))
        self.assertIn("1. Mødekalender", text)
        self.assertNotIn("Punkt 1:", text)
        for heading in ("Sagsbeskrivelse", "Indstilling", "Beslutning", "Vedlagt"):
            self.assertIn(heading, text)


class SeededVocabularyTests(ExportTestCase):
    """The seeded minutes of KLU (30 November 2023) and Chefforum (15 January 2024)."""

    @classmethod
    def setUpTestData(cls):
        seed()
        cls.klu = seed_meeting("klu", KLU_2023)
        cls.chefforum = seed_meeting("chefforum", CHEFFORUM_2024)
        cls.klu_pdf = response_bytes(Client().get(reverse("exports:minutes-pdf", args=[cls.klu.pk])))
        cls.chefforum_pdf = response_bytes(Client().get(reverse("exports:minutes-pdf", args=[cls.chefforum.pk])))

    def test_the_chefforum_source_writes_the_words_its_committee_is_seeded_with(self):
        with open(SOURCE, encoding="utf-8") as handle:
            lines = {line.strip().rstrip(":") for line in handle}
        self.assertIn("Punkt 3: Status for klyngemidler", lines)
        for word in ("Sagsfremstilling", "Beslutning", "Bilag"):
            self.assertIn(word, lines)
        self.assertNotIn("Sagsbeskrivelse", lines)
        self.assertNotIn("Vedlagt", lines)
        committee = self.chefforum.committee
        self.assertEqual((committee.item_prefix, committee.label_case_description, committee.label_decision,
                          committee.label_attachments), ("Punkt", "Sagsfremstilling", "Beslutning", "Bilag"))

    def test_the_chefforum_minutes_page_speaks_chefforums_words(self):
        text = page_text(self.client.get(self.chefforum.get_absolute_url()))
        self.assertIn("Punkt 3: Status for klyngemidler", text)
        for word in ("Sagsfremstilling", "Beslutning", "Bilag"):
            self.assertIn(word, text)
        for word in ("Sagsbeskrivelse", "Vedlagt"):
            self.assertNotIn(word, text)

    def test_the_chefforum_minutes_pdf_speaks_chefforums_words(self):
        text = pdf_text(self.chefforum_pdf)
        for item in chefforum_2024.MEETING_2024_01_15["items"]:
            if not item.get("is_closed"):
                self.assertIn(f"Punkt {item['label']}: {normalise(item['title'])}", text)
        for word in ("Sagsfremstilling", "Beslutning", "Bilag"):
            self.assertIn(word, text)
        for word in ("Sagsbeskrivelse", "Vedlagt"):
            self.assertNotIn(word, text)

    def test_the_chefforum_bookmarks_and_contents_number_items_as_the_source_does(self):
        titles = outline_titles(self.chefforum_pdf)
        self.assertIn("Punkt 3: Status for klyngemidler", titles)
        self.assertTrue(all(title.startswith("Punkt ") for title in titles), titles)
        # Once in the table of contents, once over the item.
        self.assertEqual(pdf_text(self.chefforum_pdf).count("Punkt 3: Status for klyngemidler"), 2)
        with pikepdf.open(io.BytesIO(self.chefforum_pdf)) as pdf:
            links = [str(a.Contents) for page in pdf.pages for a in page.get("/Annots", []) if "/Contents" in a]
        self.assertIn("Punkt 3: Status for klyngemidler", links)

    def test_the_klu_minutes_keep_klus_words(self):
        for text in (page_text(self.client.get(self.klu.get_absolute_url())), pdf_text(self.klu_pdf)):
            self.assertIn("1. Godkendelse af dagsordenen", text)
            self.assertIn("Sagsbeskrivelse", text)
            self.assertIn("Vedlagt", text)
            self.assertNotIn("Sagsfremstilling", text)
            self.assertNotIn("Punkt 1:", text)

    def test_the_english_interface_shows_the_committees_words_inside_the_minutes(self):
        self.client.get(reverse("switch-language", args=["en"]))
        text = page_text(self.client.get(self.chefforum.get_absolute_url()))
        self.assertIn("Punkt 3: Status for klyngemidler", text)
        self.assertIn("Sagsfremstilling", text)
        self.assertNotIn("Case description", text)


class VocabularySettingsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.committee = make_committee(slug="chefforum", name="Chefforum Sundhedsklynge Midt")
        cls.other = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg")
        cls.secretary = make_secretary(cls.committee, username="cf-sekretaer")
        cls.url = reverse("workspace:committee", args=["chefforum"])

    def setUp(self):
        self.client.force_login(self.secretary)

    def post(self, **changes):
        committee = Committee.objects.get(pk=self.committee.pk)
        data = {"name": committee.name, "short_name": "", "administration": "", "secretariat": "", "address": "",
                "default_location": "", "default_weekday": "", "default_start_time": "", "default_end_time": "",
                "rules_of_procedure": "", "meeting_windows_text": "", "fingerprint": fingerprint(committee),
                "item_prefix": committee.item_prefix, "label_case_description": committee.label_case_description,
                "label_recommendation": committee.label_recommendation, "label_decision": committee.label_decision,
                "label_attachments": committee.label_attachments}
        data.update(changes)
        return self.client.post(self.url, data)

    def test_the_settings_page_has_a_section_for_the_documents_words(self):
        response = self.client.get(self.url)
        self.assertContains(response, "Dokumenternes ord")
        for name, value in (("item_prefix", ""), ("label_case_description", "Sagsbeskrivelse"),
                            ("label_attachments", "Vedlagt")):
            self.assertContains(response, f'name="{name}"')
            if value:
                self.assertContains(response, f'value="{value}"')

    def test_the_secretary_saves_the_committees_words_and_the_minutes_use_them(self):
        response = self.post(item_prefix="Punkt", label_case_description="Sagsfremstilling",
                             label_attachments="Bilag")
        self.assertEqual(response.status_code, 302)
        committee = Committee.objects.get(pk=self.committee.pk)
        self.assertEqual((committee.item_prefix, committee.label_case_description, committee.label_attachments),
                         ("Punkt", "Sagsfremstilling", "Bilag"))
        self.assertEqual(committee.history.latest().history_user, self.secretary)
        self.assertEqual(Committee.objects.get(pk=self.other.pk).label_attachments, "Vedlagt")

        meeting = make_meeting(committee=committee, date=datetime.date(2024, 4, 25))
        item = make_item(meeting, number=3, title="Status", case_description="<p>Tekst.</p>")
        make_attachment(meeting, item=item, title="Katalog")
        make_decision(item)
        sign_off(meeting)
        page = Client().get(meeting.get_absolute_url()).content.decode()
        self.assertIn('<span class="agenda-item__number">Punkt 3:</span>', page)
        self.assertIn("<h3>Sagsfremstilling</h3>", page)
        self.assertIn("<h3>Bilag</h3>", page)
        self.assertNotIn("Sagsbeskrivelse", page)

    def test_an_emptied_heading_goes_back_to_the_usual_word(self):
        self.assertEqual(self.post(label_decision="Afgørelse").status_code, 302)
        self.assertEqual(Committee.objects.get(pk=self.committee.pk).label_decision, "Afgørelse")
        self.assertEqual(self.post(label_decision="  \u200b ").status_code, 302)
        self.assertEqual(Committee.objects.get(pk=self.committee.pk).label_decision, "Beslutning")

    def test_a_vocabulary_saved_meanwhile_is_not_overwritten(self):
        old = fingerprint(self.committee)
        self.assertEqual(self.post(label_attachments="Bilag").status_code, 302)
        committee = Committee.objects.get(pk=self.committee.pk)
        response = self.client.post(self.url, {
            "name": committee.name, "fingerprint": old, "label_attachments": "Vedhæftet"})
        self.assertEqual(response.status_code, 409)
        self.assertEqual(Committee.objects.get(pk=self.committee.pk).label_attachments, "Bilag")

    def test_a_member_who_is_not_its_secretary_cannot_change_the_words(self):
        self.client.force_login(make_secretary(self.other, username="klu-sekretaer"))
        response = self.post(label_attachments="Bilag")
        self.assertIn(response.status_code, (403, 404))
        self.assertEqual(Committee.objects.get(pk=self.committee.pk).label_attachments, "Vedlagt")
