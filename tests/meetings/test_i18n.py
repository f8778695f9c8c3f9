"""Danish first, English through the language switch."""

import ast
import gettext
from pathlib import Path

from django.conf import settings
from django.test import TestCase
from django.urls import reverse

from meetings.models import Meeting
from tests.factories import make_committee, make_decision, make_item, make_meeting, sign_off




class LanguageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        committee = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg")
        cls.meeting = make_meeting(committee=committee, status=Meeting.Status.HELD)
        make_decision(make_item(cls.meeting, title="Godkendelse af dagsordenen"), outcome="approved")
        sign_off(cls.meeting)

    def switch_to(self, language):
        response = self.client.get(reverse("switch-language", args=[language]), {"next": "/"})
        self.assertRedirects(response, "/", fetch_redirect_response=False)

    def test_danish_is_the_default(self):
        response = self.client.get(self.meeting.get_absolute_url())
        self.assertContains(response, '<html lang="da">')
        self.assertContains(response, '<p class="doc-kind">Referat</p>', html=True)
        self.assertContains(response, "<dd>torsdag den 4. april 2024, kl. 15.00–17.00</dd>", html=True)
        # Choice labels from the models, in Danish. (The decision's outcome badge is left
        # out here: its text, "Godkendt.", says it already; issue 15.)
        self.assertContains(response, '<span class="badge badge-success">Referat godkendt</span>', html=True)

    def test_the_language_switch_shows_english(self):
        self.switch_to("en")
        response = self.client.get(self.meeting.get_absolute_url())
        self.assertContains(response, '<html lang="en">')
        self.assertContains(response, '<p class="doc-kind">Minutes</p>', html=True)
        self.assertContains(response, "<dt>Date</dt>", html=True)
        self.assertContains(response, "<dd>Thursday 4 April 2024, 15:00–17:00</dd>", html=True)
        # Choice labels from the models are translated too.
        self.assertContains(response, '<span class="badge badge-success">Approved</span>', html=True)
        self.assertContains(response, "Skip to content")
        self.assertContains(response, 'lang="da" hreflang="da">Dansk</a>')
        self.assertNotContains(response, "Gå til sidens indhold")

    def test_english_reaches_every_page_and_back(self):
        self.switch_to("en")
        for url, english in ((reverse("meetings:home"), "Upcoming meetings"),
                             (reverse("meetings:archive"), "Show meetings"),
                             (reverse("meetings:committee", args=["klu"]), "Members"),
                             (reverse("meetings:search") + "?q=dagsordenen", "1 result for")):
            with self.subTest(url=url):
                self.assertContains(self.client.get(url), english)
        self.switch_to("da")
        self.assertContains(self.client.get(reverse("meetings:home")), "Kommende møder")

    def test_every_message_has_an_english_translation_and_the_mo_file_matches(self):
        po = Path(settings.BASE_DIR, "locale", "en", "LC_MESSAGES", "django.po")
        entries = read_po(po.read_text(encoding="utf-8"))
        self.assertGreater(len(entries), 100)
        self.assertEqual([e["msgid"] for e in entries if e["fuzzy"]], [], "fuzzy entries are not used")
        self.assertEqual([e["msgid"] for e in entries if not all(e["msgstr"])], [], "untranslated")
        with po.with_suffix(".mo").open("rb") as mo_file:
            mo = gettext.GNUTranslations(mo_file)
        # The compiled file says what the .po file says (run `make messages` after editing it).
        def compiled(entry):
            if "msgctxt" in entry:
                return mo.pgettext(entry["msgctxt"], entry["msgid"])
            return mo.gettext(entry["msgid"])

        stale = [e["msgid"] for e in entries if "msgid_plural" not in e and compiled(e) != e["msgstr"][0]]
        self.assertEqual(stale, [], "django.mo is out of date: run compilemessages")


def read_po(text):
    """The entries of a .po file: msgid, msgid_plural, msgstr list, fuzzy. Obsolete entries are skipped."""
    entries = []
    for block in text.split("\n\n")[1:]:
        lines = [line for line in block.splitlines() if line and not line.startswith("#~")]
        entry, key = {"fuzzy": any(line.startswith("#,") and "fuzzy" in line for line in lines), "msgstr": []}, None
        for line in lines:
            if line.startswith("#"):
                continue
            keyword, _, rest = line.partition(" ") if not line.startswith('"') else (key, "", line)
            value = ast.literal_eval(rest)
            if keyword.startswith("msgstr"):
                if keyword != key:
                    entry["msgstr"].append("")
                entry["msgstr"][-1] += value
            else:
                entry[keyword] = entry.get(keyword, "") + value if keyword == key else value
            key = keyword
        if "msgid" in entry:
            entries.append(entry)
    return entries


class LanguageSwitchTests(TestCase):
    def test_it_refuses_to_redirect_off_site_and_ignores_unknown_languages(self):
        response = self.client.get(reverse("switch-language", args=["xx"]), {"next": "https://evil.example/"})
        self.assertEqual(response["Location"], "/")
        self.assertNotIn("django_language", response.cookies)

    def test_anonymous_pages_carry_no_csrf_token_so_they_can_be_shared(self):
        response = self.client.get("/")
        self.assertNotContains(response, "csrfmiddlewaretoken")
        self.assertNotIn("csrftoken", response.cookies)


class DanishFirstTests(TestCase):
    def test_an_english_browser_gets_danish_until_the_reader_switches(self):
        english_browser = {"accept-language": "en-US,en;q=0.9"}
        self.assertContains(self.client.get("/", headers=english_browser), '<html lang="da">')
        self.client.get(reverse("switch-language", args=["en"]))
        self.assertContains(self.client.get("/", headers=english_browser), '<html lang="en">')
