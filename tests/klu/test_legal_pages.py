"""The accessibility statement and the privacy notice, linked from the footer of every page type."""

import datetime

from django.core.management import call_command
from django.test import RequestFactory, TestCase, override_settings
from django.urls import reverse
from django.views.defaults import server_error

from meetings import pagecache
from meetings.models import Meeting
from tests.factories import make_secretary

ACCESSIBILITY = 'href="/tilgaengelighed/"'
PRIVACY = 'href="/privatliv/"'


class LegalPagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_klu", stdout=open("/dev/null", "w"))
        cls.minutes = Meeting.objects.get(committee__slug="klu", date=datetime.date(2023, 11, 30))
        cls.secretary = make_secretary(cls.minutes.committee)

    def test_the_footer_of_every_page_type_links_both_pages(self):
        public = ["/", "/meetings/", self.minutes.get_absolute_url(), "/committees/klu/", "/search/?q=aftale",
                  "/agreements/", reverse("accessibility"), reverse("privacy"), reverse("login"),
                  "/findes-ikke/"]
        for path in public:
            with self.subTest(path=path):
                body = self.client.get(path).content.decode()
                self.assertIn(ACCESSIBILITY, body)
                self.assertIn(PRIVACY, body)
        self.client.force_login(self.secretary)
        for path in ("/workspace/", self.minutes.get_absolute_url(),
                     reverse("workspace:history", args=[self.minutes.pk])):
            with self.subTest(path=path, reader="secretariat"):
                body = self.client.get(path).content.decode()
                self.assertIn(ACCESSIBILITY, body)
                self.assertIn(PRIVACY, body)

    def test_the_500_page_links_both_pages_too(self):
        # Django renders it without the request's context, so the links are written out.
        with override_settings(DEBUG=False):
            body = server_error(RequestFactory().get("/")).content.decode()
        self.assertIn(ACCESSIBILITY, body)
        self.assertIn(PRIVACY, body)

    def test_the_municipalitys_own_statement_replaces_the_built_in_one(self):
        url = "https://www.was.digst.dk/klu-aalborg-dk"
        with override_settings(ACCESSIBILITY_STATEMENT_URL=url):
            pagecache.reset()
            body = self.client.get("/meetings/").content.decode()
        self.assertIn(f'href="{url}"', body)
        self.assertNotIn(ACCESSIBILITY, body)

    def test_the_accessibility_statement_says_what_is_met_and_how_to_report(self):
        body = self.client.get(reverse("accessibility")).content.decode()
        self.assertIn("<h1>Tilgængelighedserklæring</h1>", body)
        self.assertIn("WCAG 2.1", body)
        self.assertIn("axe-core", body)
        self.assertIn("Digitaliseringsstyrelsen", body)

    def test_the_privacy_notice_names_the_controller_the_data_and_the_rights(self):
        with override_settings(PRIVACY_CONTROLLER="Aalborg Kommune, Sundhed og Kultur",
                               PRIVACY_CONTACT_EMAIL="klu@aalborg.example", PRIVACY_DPO_EMAIL="dpo@aalborg.example"):
            pagecache.reset()
            body = self.client.get(reverse("privacy")).content.decode()
        for text in ("Aalborg Kommune, Sundhed og Kultur", 'href="mailto:klu@aalborg.example"',
                     'href="mailto:dpo@aalborg.example"', "artikel 13 og 14", "Datatilsynet", "arkivlovgivningen",
                     "cookies"):
            self.assertIn(text, body)

    def test_both_pages_read_in_english(self):
        for name, heading in (("accessibility", "Accessibility statement"), ("privacy", "Privacy notice")):
            with self.subTest(page=name):
                self.client.get(reverse("switch-language", args=["en"]))
                body = self.client.get(reverse(name)).content.decode()
                self.assertIn(f"<h1>{heading}</h1>", body)
