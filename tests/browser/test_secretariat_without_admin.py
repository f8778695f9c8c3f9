"""The secretariat of Chefforum plans its meetings in the workspace, never in /admin,
and a secretary reads the history of a seeded meeting as an audit trail (real Chromium)."""

import datetime
import re

import pytest
from django.core.management import call_command

from meetings.models import Committee, Meeting
from tests.browser.base import BrowserTestCase
from tests.factories import make_secretary


@pytest.mark.browser
class ChefforumPlanningTests(BrowserTestCase):
    @classmethod
    def setUpClassData(cls):
        call_command("seed_klu", stdout=open("/dev/null", "w"))
        cls.chefforum = Committee.objects.get(slug="chefforum")
        cls.klu = Committee.objects.get(slug="klu")
        cls.secretary = make_secretary(cls.chefforum, username="cf-sekretaer", first_name="Sara")
        cls.klu_secretary = make_secretary(cls.klu, username="klu-sekretaer", first_name="Lars")

    def test_a_chefforum_meeting_is_created_and_a_year_planned_without_the_admin(self):
        self.assertFalse(self.secretary.is_staff or self.secretary.is_superuser)
        self.log_in(self.secretary)
        self.visit("/workspace/")
        self.assert_no_axe_violations("the dashboard")
        form = self.page.locator("form").filter(has=self.page.get_by_role("button", name="Opret mødet"))
        form.get_by_label("Udvalg").select_option(label=self.chefforum.name)
        form.get_by_label("Dato").fill("2027-01-18")
        form.get_by_label("Starttidspunkt").fill("14:00")
        form.get_by_label("Titel").fill("Ekstraordinært møde")
        form.get_by_role("button", name="Opret mødet").click()
        self.page.wait_for_load_state()
        single = Meeting.objects.get(committee=self.chefforum, date=datetime.date(2027, 1, 18))
        self.assertEqual(self.page.url, self.url(f"/workspace/meetings/{single.pk}/"))
        self.assertEqual(single.location, "Mødelokale B, Regionshuset")  # from the committee's settings
        self.assertIn("Mødet er oprettet.", self.page.inner_text("main"))
        self.assertIn("18. januar 2027", self.page.inner_text("h1"))
        self.assert_no_axe_violations("the new meeting's hub")
        # Planned: it gets its agenda in the workspace too.
        new_item = self.page.locator("form").filter(has=self.page.get_by_role("button", name="Tilføj punkt"))
        new_item.get_by_label("Titel").fill("Økonomi i klyngen")
        new_item.get_by_role("button", name="Tilføj punkt").click()
        self.page.wait_for_load_state()
        self.assertEqual(list(single.items.values_list("title", flat=True)), ["Økonomi i klyngen"])

        # Chefforum's sources give no meeting windows: its secretariat sets them, then plans a year.
        self.visit("/workspace/")
        self.page.get_by_role("link", name=re.compile("Forretningsorden og indstillinger for")).filter(
            has_text=self.chefforum.short_name or self.chefforum.name).first.click()
        self.page.wait_for_load_state()
        self.assertEqual(self.page.url, self.url("/workspace/committees/chefforum/"))
        self.assert_no_axe_violations("the committee settings")
        self.page.get_by_label("Mødevinduer").fill("mar, jun, sep, dec")
        self.page.get_by_label("Fast ugedag").select_option(label="mandag")
        self.page.get_by_role("button", name="Gem indstillingerne").click()
        self.page.wait_for_load_state()
        self.assertIn("Udvalgets indstillinger er gemt.", self.page.inner_text("main"))
        self.assertIn("marts, juni, september, december", self.page.inner_text("main"))
        self.page.get_by_label("År", exact=True).fill("2027")
        self.page.get_by_role("button", name=re.compile("Opret årets møder for")).click()
        self.page.wait_for_load_state()
        self.assertIn("4 møder planlagt for 2027.", self.page.inner_text("main"))
        planned = Meeting.objects.filter(committee=self.chefforum, date__year=2027).exclude(pk=single.pk)
        self.assertEqual(sorted(m.date.month for m in planned), [3, 6, 9, 12])
        self.assertTrue(all(m.date.weekday() == 0 for m in planned))
        self.assert_no_axe_violations("the dashboard after planning")
        # The admin stays closed to this secretary.
        self.page.goto(self.url("/admin/"))
        self.assertIn("/admin/login/", self.page.url)

    def test_a_secretary_reads_the_history_of_a_seeded_meeting(self):
        meeting = Meeting.objects.get(committee=self.klu, date=datetime.date(2023, 11, 30))
        self.log_in(self.klu_secretary)
        self.visit(f"/workspace/meetings/{meeting.pk}/")
        self.page.get_by_role("link", name="Historik", exact=True).click()
        self.page.wait_for_load_state()
        self.assertEqual(self.page.url, self.url(f"/workspace/meetings/{meeting.pk}/history/"))
        table = self.page.inner_text("table")
        rows = self.page.locator("tbody tr")
        self.assertGreater(rows.count(), 3)
        # A person reads it: Danish dates and local times, words, no ids, codes or booleans.
        self.assertRegex(table, r"\d{1,2}\. (januar|februar|marts|april|maj|juni|juli|august|september|oktober|"
                                r"november|december) \d{4} kl\. \d{1,2}\.\d{2}")
        for raw in ("punkt-id", "True", "False", "None", "chair", "signed_off", "+00:00", "UTC"):
            self.assertNotIn(raw, table)
        self.assertNotRegex(table, r"\d{4}-\d{2}-\d{2}")
        self.assert_no_axe_violations("the history of the seeded meeting")
        # Filtered to one item, by keyboard-reachable form.
        item = meeting.items.order_by("number", "sub_number")[1]
        self.page.get_by_label("Vis historik for").select_option(value=str(item.pk))
        self.page.get_by_role("button", name="Vis historik").click()
        self.page.wait_for_load_state()
        self.assertIn(f"Historik: punkt {item.label}", self.page.inner_text("h1"))
        self.assertGreater(self.page.locator("tbody tr").count(), 0)
        self.assert_no_axe_violations("the history of one item")
