"""Every calendar feed meets RFC 5546 as three parsers read it; add-to-calendar links; HEAD on downloads.

Feeds carry no METHOD line (they are not iTIP messages): libical's iTIP restriction
check then has nothing to refuse, where METHOD:PUBLISH without an ORGANIZER failed it.
"""

import datetime
import html
import re
from urllib.parse import parse_qs, urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.test import SimpleTestCase, override_settings
from django.urls import reverse

from meetings.absolute_urls import webcal_url
from meetings.exports import calendar_links
from meetings.models import Attendance, CalendarToken, Committee, Meeting
from tests.factories import (
    make_attachment,
    make_attendance,
    make_committee,
    make_item,
    make_meeting,
    make_member,
    response_bytes,
    sign_off,
)
from tests.ical_parsers import check_with_libical_itip, parse_with_ical, parse_with_icaljs

from .base import ExportTestCase
from .test_calendar_feed import unfolded

ICAL = "text/calendar; charset=utf-8"


def hrefs(page: str, text: str) -> list[str]:
    """The (unescaped) href of every link whose text starts with `text`."""
    return [html.unescape(href) for href, label in re.findall(r'<a href="([^"]*)"[^>]*>([^<]*)', page)
            if label.strip().startswith(text)]


def query(url: str) -> dict:
    parts = urlsplit(url)
    return {key: value for key, [value] in parse_qs(parts.query, strict_parsing=True).items()}


class FeedFixture(ExportTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.committee = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg", short_name="KLU")
        cls.april = make_meeting(committee=cls.committee, title="Møde & dialog", date=datetime.date(2024, 4, 4),
                                 location="Rådhuset, Boulevarden 13 & 2. sal", status=Meeting.Status.AGENDA_PUBLISHED)
        make_item(cls.april, title="Godkendelse af dagsordenen")
        # Winter time: 15:00 in Copenhagen is 14:00 UTC.
        cls.december = make_meeting(committee=cls.committee, date=datetime.date(2024, 12, 12))
        cls.historic = make_meeting(committee=cls.committee, date=datetime.date(2023, 11, 30), start_time=None,
                                    end_time=None)
        cls.cancelled = make_meeting(committee=cls.committee, date=datetime.date(2024, 9, 19),
                                     status=Meeting.Status.CANCELLED, cancelled_reason="For få punkter.")
        cls.signed = make_meeting(committee=cls.committee, date=datetime.date(2024, 1, 25))
        make_item(cls.signed, title="Orientering")
        cls.attachment = make_attachment(cls.signed, title="Slides",
                                         file=ContentFile(b"%PDF-1.4 test\n", name="slides.pdf"))
        sign_off(cls.signed)
        cls.meetings = [cls.april, cls.december, cls.historic, cls.cancelled, cls.signed]

        cls.member = make_member(cls.committee)
        cls.person = cls.member.person
        make_attendance(cls.december, cls.person, status=Attendance.Status.APOLOGIES)
        cls.token = CalendarToken.objects.create(user=cls.member, token="t" * 43)

    def feed_urls(self):
        return {
            "committee": reverse("exports:committee-ics", args=["klu"]),
            "private": reverse("exports:private-ics", args=[self.token.token]),
            **{f"meeting {m.date}": reverse("exports:meeting-ics", args=[m.pk]) for m in self.meetings},
        }

    def feed(self, url) -> bytes:
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        self.assertEqual(response["Content-Type"], ICAL)
        return response.content


class FeedsFollowRfc5546Tests(FeedFixture):
    def test_every_feed_passes_libicals_itip_restriction_check(self):
        for name, url in self.feed_urls().items():
            with self.subTest(name):
                self.assertEqual(check_with_libical_itip(self.feed(url)), [])

    def test_the_check_refuses_publish_without_an_organizer(self):
        # The feeds' old header: the check above would have failed on every feed.
        data = self.feed(self.feed_urls()["committee"]).replace(b"CALSCALE:GREGORIAN\r\n",
                                                               b"CALSCALE:GREGORIAN\r\nMETHOD:PUBLISH\r\n")
        errors = check_with_libical_itip(data)
        self.assertTrue(errors)
        self.assertTrue(all("ORGANIZER" in error for error in errors), errors)

    def test_no_feed_has_a_method_without_an_organizer(self):
        for name, url in self.feed_urls().items():
            with self.subTest(name):
                text = unfolded(self.feed(url))
                if re.search(r"^METHOD:", text, re.M):
                    self.assertRegex(text, r"^METHOD:PUBLISH$")
                    for block in text.split("BEGIN:VEVENT")[1:]:
                        self.assertRegex(block, r"(?m)^ORGANIZER[;:]")
                # What we chose: a feed is not an iTIP message, so no METHOD at all.
                self.assertNotRegex(text, r"(?m)^METHOD")

    def test_the_ical_package_reads_every_feed(self):
        for name, url in self.feed_urls().items():
            with self.subTest(name):
                calendar = parse_with_ical(self.feed(url))
                self.assertTrue(calendar.events)
        events = {e.uid: e for e in parse_with_ical(self.feed(self.feed_urls()["committee"])).events}
        self.assertEqual(set(events), {m.ical_uid for m in self.meetings})
        self.assertEqual(events[self.cancelled.ical_uid].status.value, "CANCELLED")

    def test_icaljs_reads_every_feed(self):
        for name, url in self.feed_urls().items():
            with self.subTest(name):
                parsed = parse_with_icaljs(self.feed(url))
                self.assertIsNone(parsed["method"])
                self.assertTrue(parsed["events"])
        events = {e["uid"]: e for e in parse_with_icaljs(self.feed(self.feed_urls()["committee"]))["events"]}
        self.assertEqual(set(events), {m.ical_uid for m in self.meetings})
        april, december = events[self.april.ical_uid], events[self.december.ical_uid]
        self.assertEqual((april["dtstart"], april["dtend"]), ("2024-04-04T13:00:00Z", "2024-04-04T15:00:00Z"))
        self.assertEqual((december["dtstart"], december["dtend"]), ("2024-12-12T14:00:00Z", "2024-12-12T16:00:00Z"))
        self.assertEqual(april["summary"], "KLU: Møde & dialog")
        self.assertEqual(april["location"], "Rådhuset, Boulevarden 13 & 2. sal")
        self.assertEqual(april["sequence"], self.april.sequence)
        self.assertEqual(events[self.historic.ical_uid]["dtstart"], "2023-11-30")
        self.assertEqual(events[self.cancelled.ical_uid]["status"], "CANCELLED")
        private = {e["uid"]: e for e in parse_with_icaljs(self.feed(self.feed_urls()["private"]))["events"]}
        self.assertTrue(private[self.december.ical_uid]["summary"].endswith(" (afbud)"))
        self.assertFalse(private[self.april.ical_uid]["summary"].endswith(" (afbud)"))


class CalendarLinksTests(FeedFixture):
    def test_the_committee_page_offers_google_and_outlook_subscriptions_of_the_feed(self):
        page = self.client.get(reverse("meetings:committee", args=["klu"])).content.decode()
        feed_path = reverse("exports:committee-ics", args=["klu"])
        [google] = hrefs(page, "Tilføj til Google Kalender")
        self.assertTrue(google.startswith("https://calendar.google.com/calendar/r?cid="))
        self.assertEqual(query(google), {"cid": webcal_url(feed_path)})
        self.assertIn("cid=webcal%3A%2F%2F", google)
        [outlook] = hrefs(page, "Tilføj til Outlook")
        self.assertTrue(outlook.startswith("https://outlook.office.com/calendar/0/addfromweb?"))
        self.assertEqual(query(outlook), {"url": f"{settings.SITE_URL}{feed_path}",
                                          "name": "Kommunalt Lægeligt Udvalg – møder"})
        # Screen readers hear which calendar each link adds.
        self.assertIn('Tilføj til Outlook<span class="sr-only"> – KLUs møder</span>', page)

    def test_a_meeting_page_offers_the_meeting_to_google_and_outlook(self):
        page = self.client.get(reverse("meetings:detail", args=[self.april.pk])).content.decode()
        meeting_url = f"{settings.SITE_URL}/meetings/{self.april.pk}/"
        [google] = hrefs(page, "Tilføj til Google Kalender")
        self.assertTrue(google.startswith("https://calendar.google.com/calendar/render?"))
        self.assertEqual(query(google), {
            "action": "TEMPLATE", "text": "KLU: Møde & dialog", "dates": "20240404T130000Z/20240404T150000Z",
            "details": f"Dagsorden og referat: {meeting_url}", "location": "Rådhuset, Boulevarden 13 & 2. sal"})
        [outlook] = hrefs(page, "Tilføj til Outlook")
        self.assertTrue(outlook.startswith("https://outlook.office.com/calendar/0/deeplink/compose?"))
        fields = query(outlook)
        self.assertEqual((fields["subject"], fields["startdt"], fields["enddt"], fields["location"], fields["body"]),
                         ("KLU: Møde & dialog", "2024-04-04T13:00:00Z", "2024-04-04T15:00:00Z",
                          "Rådhuset, Boulevarden 13 & 2. sal", f"Dagsorden og referat: {meeting_url}"))
        # Encoded: the ampersand in the title cannot end the parameter, spaces are %20.
        self.assertIn("text=KLU%3A%20M%C3%B8de%20%26%20dialog", google)
        self.assertNotIn(" ", google + outlook)

    def test_a_meeting_without_a_known_time_is_offered_as_an_all_day_event(self):
        page = self.client.get(reverse("meetings:detail", args=[self.historic.pk])).content.decode()
        [google] = hrefs(page, "Tilføj til Google Kalender")
        self.assertEqual(query(google)["dates"], "20231130/20231201")
        [outlook] = hrefs(page, "Tilføj til Outlook")
        fields = query(outlook)
        self.assertEqual((fields["startdt"], fields["enddt"], fields["allday"]), ("2023-11-30", "2023-12-01", "true"))

    def test_a_cancelled_meeting_is_not_offered_for_adding(self):
        page = self.client.get(reverse("meetings:detail", args=[self.cancelled.pk])).content.decode()
        self.assertEqual(hrefs(page, "Tilføj til"), [])
        self.assertIn(f'href="/meetings/{self.cancelled.pk}/meeting.ics"', page)

    def test_the_private_calendar_page_offers_its_feed_to_google_and_outlook(self):
        self.client.force_login(self.member)
        page = self.client.get(reverse("exports:private-calendar")).content.decode()
        feed_path = reverse("exports:private-ics", args=[self.token.token])
        [google] = hrefs(page, "Tilføj til Google Kalender")
        self.assertEqual(query(google), {"cid": webcal_url(feed_path)})
        [outlook] = hrefs(page, "Tilføj til Outlook")
        self.assertEqual(query(outlook), {"url": f"{settings.SITE_URL}{feed_path}", "name": "KLU Møder – mine møder"})

    def test_the_links_use_site_url_not_the_requests_host(self):
        with override_settings(SITE_URL="https://klu.aalborg.dk", ALLOWED_HOSTS=["evil.example"]):
            page = self.client.get(reverse("meetings:detail", args=[self.april.pk]),
                                   HTTP_HOST="evil.example").content.decode()
        [google] = hrefs(page, "Tilføj til Google Kalender")
        self.assertIn("https://klu.aalborg.dk/meetings/", query(google)["details"])
        self.assertNotIn("evil.example", google)


class CalendarLinkHelperTests(SimpleTestCase):
    """The helpers alone, on unsaved records (no database)."""

    @override_settings(SITE_URL="https://klu.aalborg.dk")
    def test_a_meeting_with_a_start_but_no_end_gets_the_usual_end(self):
        committee = Committee(slug="klu", name="Kommunalt Lægeligt Udvalg", short_name="KLU",
                              default_end_time=datetime.time(17, 0))
        meeting = Meeting(pk=7, committee=committee, date=datetime.date(2024, 6, 27), start_time=datetime.time(15, 0))
        fields = query(calendar_links.google_event_url(meeting))
        self.assertEqual(fields["dates"], "20240627T130000Z/20240627T150000Z")
        self.assertEqual(fields["details"], "Dagsorden og referat: https://klu.aalborg.dk/meetings/7/")
        self.assertNotIn("location", fields)

    @override_settings(SITE_URL="https://klu.aalborg.dk")
    def test_feed_links_carry_the_site_urls_feed_address(self):
        self.assertEqual(calendar_links.google_subscribe_url("/calendar/klu.ics"),
                         "https://calendar.google.com/calendar/r?cid=webcal%3A%2F%2Fklu.aalborg.dk%2Fcalendar%2Fklu.ics")
        self.assertEqual(
            calendar_links.outlook_subscribe_url("/calendar/klu.ics", "KLU – møder"),
            "https://outlook.office.com/calendar/0/addfromweb?url=https%3A%2F%2Fklu.aalborg.dk%2Fcalendar%2Fklu.ics"
            "&name=KLU%20%E2%80%93%20m%C3%B8der")


class HeadTests(FeedFixture):
    def assert_head_matches_get(self, url, content_type):
        get = self.client.get(url)
        self.assertEqual(get.status_code, 200, url)
        body = response_bytes(get)
        self.assertTrue(body)
        head = self.client.head(url)
        self.assertEqual(head.status_code, 200, url)
        self.assertEqual(head["Content-Type"], content_type)
        self.assertEqual(response_bytes(head), b"")
        for header in ("ETag", "Last-Modified", "Content-Disposition", "Cache-Control"):
            self.assertEqual(head.get(header), get.get(header), header)
        if head.has_header("Content-Length"):
            self.assertEqual(int(head["Content-Length"]), len(body))
        return head

    def test_head_on_each_feed(self):
        for name, url in self.feed_urls().items():
            with self.subTest(name):
                self.assert_head_matches_get(url, ICAL)

    def test_head_on_the_pdfs(self):
        self.assert_head_matches_get(reverse("exports:agenda-pdf", args=[self.april.pk]), "application/pdf")
        self.assert_head_matches_get(reverse("exports:minutes-pdf", args=[self.signed.pk]), "application/pdf")
        self.assert_head_matches_get(reverse("exports:minutes-pdf-version", args=[self.signed.pk, 1]),
                                     "application/pdf")

    def test_head_on_an_attachment(self):
        head = self.assert_head_matches_get(reverse("meetings:attachment", args=[self.signed.pk, self.attachment.pk]),
                                            "application/pdf")
        self.assertIn("attachment", head["Content-Disposition"])

    def test_a_conditional_head_gets_304(self):
        url = self.feed_urls()["committee"]
        etag = self.client.head(url)["ETag"]
        self.assertEqual(self.client.head(url, headers={"if-none-match": etag}).status_code, 304)

    def test_other_methods_are_still_refused(self):
        self.assertEqual(self.client.post(self.feed_urls()["committee"]).status_code, 405)
