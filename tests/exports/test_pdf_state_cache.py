"""A rendered PDF belongs to the state of its own meeting (meetings.exports.pdf.PdfJob).

A conditional request for a PDF in an unchanged state answers 304 before anything is
rendered; a change anywhere else on the site does not render it again; a change to the
meeting itself does. Whether a request rendered is read from the cache of rendered
bytes, which every rendering fills: no rendering code is replaced here.
"""

import datetime

from django.core.cache import cache
from django.urls import reverse

from meetings import pagecache
from meetings.models import Meeting
from tests.factories import make_item, make_meeting, make_secretary, response_bytes

from .base import ExportTestCase, pdf_text


def etag_key(response):
    return "pdf:" + response["ETag"].strip('"')


class PdfStateCacheTests(ExportTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.meeting = make_meeting(status=Meeting.Status.AGENDA_PUBLISHED, date=datetime.date(2024, 6, 27))
        cls.item = make_item(cls.meeting, title="Orientering om pilotprojektet")
        cls.other = make_meeting(status=Meeting.Status.AGENDA_PUBLISHED, committee=cls.meeting.committee,
                                 date=datetime.date(2024, 9, 19))
        cls.other_item = make_item(cls.other, title="Et andet møde")
        cls.url = reverse("exports:agenda-pdf", args=[cls.meeting.pk])

    def test_a_conditional_request_in_an_unchanged_state_gets_304_without_rendering(self):
        first = self.client.get(self.url)
        self.assertEqual(first.status_code, 200)
        self.assertEqual(cache.get(etag_key(first)), response_bytes(first))
        # A fresh process: nothing cached, neither the page nor the rendered bytes.
        pagecache.reset()
        again = self.client.get(self.url, headers={"if-none-match": first["ETag"]})
        self.assertEqual(again.status_code, 304)
        self.assertEqual(again["ETag"], first["ETag"])
        self.assertIsNone(cache.get(etag_key(first)), "the 304 rendered the PDF first")

    def test_a_change_to_another_meeting_renders_nothing_again(self):
        first = self.client.get(self.url)
        # Mark the stored bytes: if the next answer carries the mark, it was not rendered.
        marked = response_bytes(first) + b"%cached\n"
        cache.set(etag_key(first), marked)
        self.other_item.title = "Et andet møde, nyt emne"
        self.other_item.save()
        again = self.client.get(self.url)
        self.assertEqual(again.status_code, 200)
        self.assertEqual(again["ETag"], first["ETag"])
        self.assertEqual(response_bytes(again), marked)

    def test_a_change_to_the_meeting_itself_gives_a_new_pdf(self):
        first = self.client.get(self.url)
        self.item.title = "Orientering om pilotprojektet, status"
        self.item.save()
        changed = self.client.get(self.url, headers={"if-none-match": first["ETag"]})
        self.assertEqual(changed.status_code, 200)
        self.assertNotEqual(changed["ETag"], first["ETag"])
        self.assertIn("Orientering om pilotprojektet, status", pdf_text(response_bytes(changed)))

    def test_each_audience_has_its_own_state(self):
        public = self.client.get(self.url)
        self.client.force_login(make_secretary(self.meeting.committee))
        secretariat = self.client.get(self.url, headers={"if-none-match": public["ETag"]})
        self.assertEqual(secretariat.status_code, 200)
        self.assertNotEqual(secretariat["ETag"], public["ETag"])

    def test_the_unsigned_minutes_and_the_combined_document_answer_304_without_rendering(self):
        drafted = make_meeting(status=Meeting.Status.MINUTES_DRAFTED, committee=self.meeting.committee,
                               date=datetime.date(2024, 4, 4))
        make_item(drafted, title="Godkendelse af dagsordenen")
        self.client.force_login(make_secretary(self.meeting.committee))
        for url in (reverse("exports:minutes-pdf", args=[drafted.pk]),
                    reverse("exports:combined-pdf", args=[self.meeting.pk])):
            first = self.client.get(url)
            self.assertEqual(first.status_code, 200, url)
            pagecache.reset()
            again = self.client.get(url, headers={"if-none-match": first["ETag"]})
            self.assertEqual(again.status_code, 304, url)
            self.assertIsNone(cache.get(etag_key(first)), url)
