"""axe-core (WCAG 2.1 A/AA and best practice) finds nothing on any page type, desktop and phone."""

import datetime

import pytest
from django.core.management import call_command

from meetings.models import Meeting
from tests.browser.base import PHONE, BrowserTestCase
from tests.factories import make_attachment, make_decision, make_item, make_meeting, make_secretary


@pytest.mark.browser
class AccessibilityTests(BrowserTestCase):
    @classmethod
    def setUpClassData(cls):
        call_command("seed_klu", stdout=open("/dev/null", "w"))
        cls.minutes = Meeting.objects.get(committee__slug="klu", date=datetime.date(2023, 11, 30))
        klu = cls.minutes.committee
        # A published agenda (the seed's 2024 meetings are only planned).
        cls.agenda = make_meeting(committee=klu, date=datetime.date(2031, 3, 6), title="1. møde 2031",
                                  status=Meeting.Status.AGENDA_PUBLISHED)
        make_item(cls.agenda, number=1, title="Godkendelse af dagsordenen")
        item = make_item(cls.agenda, number=2, title="Psykiatriens Hus",
                         case_description="<p>Oplæg fra lederen af <strong>Psykiatriens Hus</strong>.</p>",
                         recommendation_lead="Det indstilles, at udvalget:",
                         recommendations=["tager orienteringen til efterretning", "drøfter samarbejdet"])
        make_attachment(cls.agenda, item=item, title="Program for mødet", size=2048)
        make_item(cls.agenda, number=3, title="Lukket punkt om en personsag", is_closed=True)
        # Unsigned minutes, which only the secretariat reads (marked UDKAST).
        cls.draft = make_meeting(committee=klu, date=datetime.date(2031, 1, 9), status=Meeting.Status.MINUTES_DRAFTED)
        drafted = make_item(cls.draft, number=1, title="Status for klyngemidler")
        make_decision(drafted, outcome="decided", text="<p>Besluttet som indstillet.</p>")
        cls.secretary = make_secretary()

    def check(self, path, label=None):
        self.visit(path)
        self.assert_no_axe_violations(label or path)

    def test_home(self):
        self.check("/")

    def test_the_legal_pages_and_the_footer_links_to_them(self):
        for path, heading in (("/tilgaengelighed/", "Tilgængelighedserklæring"), ("/privatliv/", "Privatlivspolitik")):
            self.visit("/meetings/")
            self.page.locator("footer").get_by_role("link", name=heading).click()
            self.page.wait_for_url(f"**{path}")
            self.assertEqual(self.page.locator("h1").inner_text(), heading)
            self.assert_no_axe_violations(heading)

    def test_the_page_for_a_file_that_cannot_be_read_now(self):
        from django.core.files.base import ContentFile

        attachment = make_attachment(self.minutes, title="Bilag der ikke kan læses",
                                     file=ContentFile(b"%PDF-1.4\n%%EOF\n", name="ulaeseligt.pdf"))
        attachment.file.storage.delete(attachment.file.name)  # the disk or the store does not answer
        response = self.page.goto(self.url(f"/meetings/{self.minutes.pk}/attachments/{attachment.pk}/"))
        self.assertEqual(response.status, 503)
        self.assertEqual(self.page.locator("h1").inner_text(), "Filen kan ikke hentes lige nu")
        self.assertEqual(self.page.locator("footer").get_by_role("link", name="Privatlivspolitik").count(), 1)
        self.assert_no_axe_violations("503 file unavailable")

    def test_archive(self):
        self.check("/meetings/")

    def test_archive_filtered(self):
        self.check("/meetings/?committee=klu&year=2023")

    def test_minutes(self):
        self.check(self.minutes.get_absolute_url(), "the minutes of 30 November 2023")

    def test_agenda(self):
        self.check(self.agenda.get_absolute_url(), "a published agenda")

    def test_draft_minutes_for_the_secretariat(self):
        self.log_in(self.secretary)
        self.visit(self.draft.get_absolute_url())
        self.assertIn("UDKAST", self.page.inner_text("main"))
        self.assert_no_axe_violations("draft minutes")

    def test_unpublished_agenda(self):
        self.check(Meeting.objects.get(committee__slug="klu", date=datetime.date(2024, 4, 4)).get_absolute_url())

    def test_committee(self):
        self.check("/committees/klu/")

    def test_search_results(self):
        self.visit("/search/?q=samarbejdsaftalen")
        self.assertGreater(self.page.locator(".search-result mark").count(), 0)
        self.assert_no_axe_violations("search results")

    def test_search_without_results_and_empty_search(self):
        self.check("/search/?q=ingenting-her")
        self.check("/search/")

    def test_agreements(self):
        from agreements.models import Agreement, HealthAgreement

        self.check("/agreements/")
        self.check(Agreement.objects.filter(is_public=True).first().get_absolute_url())
        self.check(HealthAgreement.objects.first().get_absolute_url())

    def test_login(self):
        self.check("/login/")

    def test_phone(self):
        self.page.set_viewport_size(PHONE)
        for path in ("/", self.minutes.get_absolute_url(), "/meetings/", "/search/?q=samarbejdsaftalen"):
            with self.subTest(path=path):
                self.check(path, f"{path} on a phone")

    def test_english(self):
        self.context.add_cookies([{"name": "django_language", "value": "en", "url": self.live_server_url}])
        for path in ("/", self.minutes.get_absolute_url()):
            with self.subTest(path=path):
                self.check(path, f"{path} in English")
