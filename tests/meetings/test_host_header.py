"""A request's Host header never reaches another reader: absolute links come from SITE_URL.

The attack: requests with `Host: 127.0.0.1:6666` (Django checks the host without its
port, so this passes ALLOWED_HOSTS) fill the shared page cache, and every later
reader gets links to port 6666, in the API, the calendars, the PDFs and the pages;
the first download of signed-off minutes even stores them in the PDF for good.
"""

import datetime

from django.test import override_settings
from django.urls import reverse
from ical.calendar_stream import IcsCalendarStream

from meetings.models import Meeting, MinutesPdf
from tests.exports.base import ExportTestCase, pdf_reader, pdf_text
from tests.factories import make_committee, make_decision, make_item, make_meeting, response_bytes, sign_off

SITE = "https://klu.example.dk"
HOSTILE = "127.0.0.1:6666"


def link_targets(data: bytes) -> list[str]:
    """The addresses of the PDF's link annotations, as a PDF reader follows them."""
    targets = []
    for page in pdf_reader(data).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                targets.append(str(action["/URI"]))
    return targets


@override_settings(SITE_URL=SITE, ALLOWED_HOSTS=["testserver", "127.0.0.1"])
class HostHeaderTests(ExportTestCase):
    @classmethod
    def setUpTestData(cls):
        committee = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg", short_name="KLU")
        cls.older = make_meeting(committee=committee, date=datetime.date(2024, 2, 1),
                                 status=Meeting.Status.MINUTES_DRAFTED)
        make_decision(make_item(cls.older, title="Mødekalender 2024"))
        sign_off(cls.older)
        # Signed-off minutes whose item links to the minutes it approved: a link in the stored PDF.
        cls.signed = make_meeting(committee=committee, date=datetime.date(2024, 4, 4),
                                  status=Meeting.Status.MINUTES_DRAFTED)
        make_decision(make_item(cls.signed, title="Godkendelse af referat", previous_minutes=cls.older))
        sign_off(cls.signed)
        # A published agenda, linking to the minutes it will approve.
        cls.upcoming = make_meeting(committee=committee, date=datetime.date(2030, 6, 6),
                                    status=Meeting.Status.AGENDA_PUBLISHED)
        make_item(cls.upcoming, title="Godkendelse af referat", previous_minutes=cls.signed)
        cls.urls = [
            "/",
            reverse("meetings:committee", args=["klu"]),
            cls.signed.get_absolute_url(),
            reverse("api-meeting-list"),
            reverse("api-meeting-detail", args=[cls.signed.pk]),
            reverse("exports:committee-ics", args=["klu"]),
            reverse("exports:meeting-ics", args=[cls.upcoming.pk]),
            reverse("exports:agenda-pdf", args=[cls.upcoming.pk]),
            reverse("exports:minutes-pdf", args=[cls.signed.pk]),
            reverse("exports:minutes-pdf-version", args=[cls.signed.pk, 1]),
        ]

    def poison(self):
        for _round in range(9):
            for url in self.urls:
                response = self.client.get(url, headers={"host": HOSTILE})
                self.assertEqual(response.status_code, 200, url)

    def get(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response_bytes(response)

    def test_no_reader_after_a_hostile_host_gets_its_links(self):
        self.poison()
        for url in self.urls:
            with self.subTest(url=url):
                body = self.get(url)
                if url.endswith(".pdf"):
                    # A PDF's streams are compressed: "6666" may occur in their bytes by chance,
                    # so read what a reader sees: the text, the link targets and the metadata.
                    self.assertNotIn("6666", pdf_text(body))
                    self.assertFalse([target for target in link_targets(body) if "6666" in target])
                    self.assertNotIn("6666", str(pdf_reader(body).metadata or {}))
                    self.assertNotIn("6666", str(pdf_reader(body).xmp_metadata and
                                                 pdf_reader(body).xmp_metadata.rdf_root.toxml()))
                else:
                    self.assertNotIn(b"6666", body)

    def test_the_api_links_to_the_site_url(self):
        self.poison()
        meetings = self.client.get(reverse("api-meeting-list")).json()["meetings"]
        self.assertEqual({m["url"] for m in meetings},
                         {f"{SITE}/meetings/{m.pk}/" for m in (self.older, self.signed, self.upcoming)})
        detail = self.client.get(reverse("api-meeting-detail", args=[self.signed.pk])).json()
        self.assertEqual(detail["url"], f"{SITE}/meetings/{self.signed.pk}/")

    def test_calendar_events_link_to_the_site_url(self):
        self.poison()
        feed = self.get(reverse("exports:committee-ics", args=["klu"]))
        calendar = IcsCalendarStream.calendar_from_ics(feed.decode())
        self.assertEqual(sorted(event.url for event in calendar.events),
                         sorted(f"{SITE}/meetings/{m.pk}/" for m in (self.older, self.signed, self.upcoming)))

    def test_the_pages_offer_the_feed_at_the_site_url(self):
        self.poison()
        for url in ("/", reverse("meetings:committee", args=["klu"])):
            page = self.get(url).decode()
            self.assertIn('href="webcal://klu.example.dk/calendar/klu.ics"', page)
            self.assertIn(f"{SITE}/calendar/klu.ics", page)

    def test_the_agenda_pdf_links_to_the_site_url(self):
        self.poison()
        data = self.get(reverse("exports:agenda-pdf", args=[self.upcoming.pk]))
        self.assertIn(f"{SITE}/meetings/{self.signed.pk}/", link_targets(data))

    def test_signed_off_minutes_first_stored_for_a_hostile_host_link_to_the_site_url(self):
        # The first download stores the PDF; the bytes are kept for good.
        self.client.get(reverse("exports:minutes-pdf", args=[self.signed.pk]), headers={"host": HOSTILE})
        for stored in MinutesPdf.objects.filter(meeting=self.signed):
            with stored.file.open("rb") as handle:
                data = handle.read()
            self.assertIn(f"{SITE}/meetings/{self.older.pk}/", link_targets(data))
            self.assertFalse([target for target in link_targets(data) if "6666" in target])
