"""Correcting a wrongly recorded apology in signed-off minutes, in real Chromium, and
reading the correction on the public page and in the next PDF version."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.formatting import danish_date
from meetings.models import Attendance, Committee, Meeting, MinutesCorrection, Person
from tests.browser.base import BrowserTestCase
from tests.exports.base import OwnMediaRoot, pdf_text
from tests.factories import make_attendance, make_decision, make_item, make_meeting, make_secretary


@pytest.mark.browser
class CorrectionOfAnApologyTests(OwnMediaRoot, BrowserTestCase):
    media_prefix = "klu-correction-"

    @classmethod
    def setUpClassData(cls):
        committee = Committee.objects.create(slug="klu", name="Kommunalt Lægeligt Udvalg", short_name="KLU",
                                             default_location="Danmarksgade 17")
        cls.secretary = make_secretary(committee, username="sekretaer", first_name="Lars", last_name="Lund")
        cls.meeting = make_meeting(committee=committee, status=Meeting.Status.MINUTES_DRAFTED,
                                   date=datetime.date(2025, 3, 6), title="1. møde 2025",
                                   minute_taker=Person.objects.create(name="Lars Lund"))
        make_decision(make_item(cls.meeting, title="Godkendelse af dagsordenen"), text="Dagsordenen blev godkendt.")
        # Anna Jensen had sent apologies, but the minutes record her as present.
        cls.anna = make_attendance(cls.meeting, Person.objects.create(name="Anna Jensen"))
        make_attendance(cls.meeting, Person.objects.create(name="Bente Graversen"))
        services.minutes_sign_off(meeting=cls.meeting, user=cls.secretary, method="chair")

    def pdf(self, path):
        """The PDF at `path`, fetched with the browser's own session, as text."""
        response = self.page.request.get(self.url(path))
        self.assertEqual(response.headers["content-type"], "application/pdf")
        return pdf_text(response.body())

    def open_apology_form(self):
        self.page.get_by_role("button", name="Ret afbud for Anna Jensen", exact=True).click()
        self.page.get_by_role("heading", name="Fremmøde: Anna Jensen – afbud").wait_for()

    def test_the_secretariat_corrects_an_apology_and_readers_see_what_changed_and_why(self):
        page = self.page
        self.log_in(self.secretary)
        self.visit(f"/workspace/meetings/{self.meeting.pk}/")
        page.get_by_role("link", name="Ret referatet").click()
        page.get_by_role("heading", name="Ret godkendt referat", exact=True).wait_for()
        self.assert_no_axe_violations("the list of what can be corrected")

        # The form starts from what the minutes say: present, so no reason yet.
        self.open_apology_form()
        reason = page.get_by_label("Årsag til afbud")
        self.assertEqual(reason.input_value(), "")
        self.assert_no_axe_violations("the apology correction form")
        reason.fill("Kursus i Odense")
        page.get_by_label("Begrundelse for rettelsen").fill("Anna Jensen havde meldt afbud før mødet.")
        page.get_by_role("button", name="Registrér rettelsen").click()
        page.get_by_text("Rettelsen er registreret, og en ny udgave af referatet er dannet.").wait_for()
        self.assert_no_axe_violations("the meeting hub after the correction")

        self.anna.refresh_from_db()
        self.assertEqual((self.anna.status, self.anna.apology_reason),
                         (Attendance.Status.APOLOGIES, "Kursus i Odense"))
        correction = MinutesCorrection.objects.get(meeting=self.meeting)
        self.assertEqual((correction.version, correction.reason), (2, "Anna Jensen havde meldt afbud før mødet."))
        self.assertEqual([(c["part"], c["person"], c["before"], c["after"]) for c in correction.changes],
                         [("apology", "Anna Jensen", "Til stede", "Afbud: Kursus i Odense")])

        # Opened again, the form starts from the reason now stored.
        self.visit(f"/workspace/meetings/{self.meeting.pk}/correct/")
        self.open_apology_form()
        self.assertEqual(page.get_by_label("Årsag til afbud").input_value(), "Kursus i Odense")

        # The secretariat's PDF (the members' edition) names the corrected apology and its reason.
        members_v2 = self.pdf(reverse("exports:minutes-pdf", args=[self.meeting.pk]))
        self.assertIn("Rettet udgave (version 2).", members_v2)
        self.assertIn("Anna Jensen havde meldt afbud før mødet.", members_v2)
        self.assertIn("Fremmøde: Anna Jensen, afbud", members_v2)
        self.assertIn("Rettet til: Afbud: Kursus i Odense Før: Til stede", members_v2)

        # A citizen reads the correction on the public page.
        self.context.clear_cookies()
        self.visit(self.meeting.get_absolute_url())
        corrections = page.locator(".corrections").inner_text()
        today = danish_date(timezone.localdate(), weekday=False)
        self.assertIn(f"Rettet den {today}: Anna Jensen havde meldt afbud før mødet.", corrections)
        self.assertIn("Anna Jensen havde meldt afbud før mødet.", corrections)
        self.assertIn("Fremmøde: Anna Jensen, afbud", corrections)
        # Why a member sent apologies is between them and the secretariat.
        self.assertNotIn("Kursus i Odense", page.content())
        self.assertIn("Anna Jensen", page.locator("dt:text-is('Afbud') + dd").inner_text())
        self.assert_no_axe_violations("the public minutes with a correction")

        # The public PDF version 2 lists her under the apologies and states the correction;
        # version 1, as signed off, still lists her as present and has no correction.
        current = self.pdf(reverse("exports:minutes-pdf", args=[self.meeting.pk]))
        self.assertIn("Afbud Anna Jensen", current)
        self.assertIn("Deltagere Bente Graversen", current)
        self.assertIn("Fremmøde: Anna Jensen, afbud", current)
        self.assertIn("Anna Jensen havde meldt afbud før mødet.", current)
        self.assertNotIn("Kursus i Odense", current)
        first = self.pdf(reverse("exports:minutes-pdf-version", args=[self.meeting.pk, 1]))
        self.assertIn("Deltagere Anna Jensen Bente Graversen", first)
        self.assertNotIn("Afbud", first)
        self.assertNotIn("Rettet", first)
