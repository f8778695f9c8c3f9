"""Reading the seed minutes in a real browser, by mouse and by keyboard, on a desktop and a phone."""

import datetime
import html
import re

import pytest
from django.core.management import call_command
from django.utils.html import strip_tags

from meetings.models import Decision, Meeting
from tests.browser.base import PHONE, BrowserTestCase


def plain(markup):
    """The text a reader sees of stored HTML, with whitespace folded (blocks and line breaks part words)."""
    spaced = re.sub(r"<(/p|/li|br|/h\d|/tr|/td|/th|/blockquote)\b[^>]*>", " ", markup)
    return " ".join(html.unescape(strip_tags(spaced)).split())


@pytest.mark.browser
class SeedMinutesReadingTests(BrowserTestCase):
    @classmethod
    def setUpClassData(cls):
        call_command("seed_klu", stdout=open("/dev/null", "w"))
        cls.meeting = Meeting.objects.get(committee__slug="klu", date=datetime.date(2023, 11, 30))

    def main_text(self):
        return " ".join(self.page.inner_text("main").split())

    def test_the_minutes_page_shows_every_decision_text_of_the_seed(self):
        self.visit(self.meeting.get_absolute_url())
        text = self.main_text()
        decisions = list(Decision.objects.filter(item__meeting=self.meeting).prefetch_related("notes"))
        # Every item of the source minutes (1, 2.a–2.e, 3.a) has a decision; 4. Eventuelt may have none.
        self.assertGreaterEqual(len(decisions), 7)
        for decision in decisions:
            if decision.text:
                self.assertIn(plain(decision.text), text, f"decision on {decision.item.label}")
            for note in decision.notes.all():
                self.assertIn(plain(note.text), text, f"note on {decision.item.label}")
        # Word for word from the source document, so an empty seed cannot pass.
        for words in ("Godkendt.", "Ikke godkendt på mødet.", "Drøftet.",
                      "Orienteringen blev taget til efterretning.",
                      "1. møde: torsdag den 4. april 2024, kl. 15-17"):
            self.assertIn(words, text)
        self.assertIn("torsdag den 30. november 2023", text)
        self.assertNotIn("Indtast klokkeslæt", self.page.content())

    def test_a_keyboard_reader_goes_from_the_skip_link_to_a_meeting_and_its_attachment(self):
        self.visit("/")
        self.page.keyboard.press("Tab")
        skip = self.focused()
        self.assertEqual(skip["href"], "#main-content")
        self.assertTrue(skip["onScreen"] and skip["outline"], f"the skip link must show when focused: {skip}")

        self.page.keyboard.press("Enter")
        self.assertEqual(self.focused()["id"], "main-content", "Enter on the skip link must move focus to main")

        path = self.meeting.get_absolute_url()
        link = self.tab_until(lambda f: f["href"] == path)
        self.assertTrue(link["outline"] and link["onScreen"], f"focus must be visible on the meeting link: {link}")
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        self.assertTrue(self.page.url.endswith(path))

        attachment = self.tab_until(lambda f: "/attachments/" in f["href"])
        self.assertTrue(attachment["outline"] and attachment["onScreen"],
                        f"focus must be visible on the attachment link: {attachment}")
        with self.page.expect_download() as download:
            self.page.keyboard.press("Enter")
        self.assertTrue(download.value.suggested_filename.endswith(".pdf"))

    def test_the_item_list_jumps_to_an_item(self):
        self.visit(self.meeting.get_absolute_url())
        self.page.get_by_role("link", name=re.compile(r"^2\.d\. Opfølgning på samarbejdsaftalen")).click()
        self.assertTrue(self.page.url.endswith("#punkt-2-d"))
        self.assertTrue(self.page.locator("#punkt-2-d-title").is_visible())

    def test_the_language_switch_shows_the_minutes_in_english(self):
        self.visit(self.meeting.get_absolute_url())
        with self.page.expect_navigation():
            self.page.get_by_role("link", name="English").click()
        self.assertEqual(self.page.get_attribute("html", "lang"), "en")
        text = self.main_text()
        self.assertIn("Minutes", text)
        self.assertIn("Thursday 30 November 2023", text)
        self.assertIn("Decision", text)
        self.assertTrue(self.page.url.endswith(self.meeting.get_absolute_url()))

    def test_on_a_phone_the_page_fits_the_screen_and_the_menu_is_reachable(self):
        self.page.set_viewport_size(PHONE)
        for path in ("/", self.meeting.get_absolute_url(), "/meetings/", "/committees/klu/"):
            with self.subTest(path=path):
                self.visit(path)
                overflow = self.page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
                self.assertLessEqual(overflow, 0, f"{path} scrolls sideways on a phone")
                self.assertTrue(self.page.get_by_role("navigation", name="Hovedmenu")
                                .get_by_role("link", name="Møder").is_visible())
