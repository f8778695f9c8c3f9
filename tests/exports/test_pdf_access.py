"""Who gets which PDF: the access rules of meetings.access, applied to agenda.pdf and minutes.pdf."""

import datetime

from django.urls import reverse

from meetings.models import Meeting
from tests.factories import make_decision, make_item, make_meeting, make_member, make_secretary, response_bytes

from .base import ExportTestCase, normalise, pdf_reader, pdf_text


def body(response):
    return response_bytes(response)


class PdfAccessTests(ExportTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.secretary = make_secretary()
        cls.planned = make_meeting(status=Meeting.Status.PLANNED, date=datetime.date(2024, 9, 19))
        cls.member = make_member(cls.planned.committee)
        make_item(cls.planned, title="Forslag til tema for efteråret")
        cls.published = make_meeting(status=Meeting.Status.AGENDA_PUBLISHED, committee=cls.planned.committee,
                                     date=datetime.date(2024, 6, 27), title="2. møde 2024")
        make_item(cls.published, title="Orientering om pilotprojektet", case_description="<p>Status på projektet.</p>")
        make_item(cls.published, title="Personsag om en praksis", is_closed=True)
        cls.drafted = make_meeting(status=Meeting.Status.MINUTES_DRAFTED, committee=cls.planned.committee,
                                   date=datetime.date(2024, 4, 4))
        item = make_item(cls.drafted, title="Godkendelse af dagsordenen")
        make_decision(item, text="<p>Godkendt uden bemærkninger.</p>")

    def agenda(self, meeting):
        return self.client.get(reverse("exports:agenda-pdf", args=[meeting.pk]))

    def minutes(self, meeting):
        return self.client.get(reverse("exports:minutes-pdf", args=[meeting.pk]))

    def test_the_public_gets_no_unpublished_agenda(self):
        self.assertEqual(self.agenda(self.planned).status_code, 404)
        self.client.force_login(self.member)
        self.assertEqual(self.agenda(self.planned).status_code, 404)

    def test_the_secretariat_gets_the_unpublished_agenda(self):
        self.client.force_login(self.secretary)
        response = self.agenda(self.planned)
        self.assertEqual(response.status_code, 200)
        self.assertIn("Forslag til tema for efteråret", pdf_text(body(response)))

    def test_the_public_agenda_shows_a_closed_item_only_as_lukket_punkt(self):
        response = self.agenda(self.published)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Disposition"],
                         f'inline; filename="Dagsorden {self.published.committee.name} 2024-06-27.pdf"')
        text = pdf_text(body(response))
        self.assertIn("Orientering om pilotprojektet", text)
        self.assertIn("Status på projektet.", text)
        self.assertIn("2. Lukket punkt", text)
        self.assertNotIn("Personsag om en praksis", text)
        self.assertEqual(pdf_reader(body(response)).metadata.title,
                         f"Dagsorden – {self.published.committee.name}, 2. møde 2024, 27. juni 2024")

    def test_members_get_the_closed_item_in_full(self):
        self.client.force_login(self.member)
        text = pdf_text(body(self.agenda(self.published)))
        self.assertIn("Personsag om en praksis", text)
        self.assertIn("Medlemsudgave", text)

    def test_an_agenda_pdf_answers_304_to_its_etag(self):
        response = self.agenda(self.published)
        again = self.client.get(reverse("exports:agenda-pdf", args=[self.published.pk]),
                                headers={"if-none-match": response["ETag"]})
        self.assertEqual(again.status_code, 304)

    def test_nobody_but_the_secretariat_gets_unsigned_minutes(self):
        self.assertEqual(self.minutes(self.drafted).status_code, 404)
        self.client.force_login(self.member)
        self.assertEqual(self.minutes(self.drafted).status_code, 404)

    def test_unsigned_minutes_say_udkast_on_every_page(self):
        self.client.force_login(self.secretary)
        response = self.minutes(self.drafted)
        self.assertEqual(response.status_code, 200)
        self.assertIn("(udkast).pdf", response["Content-Disposition"])
        self.assertEqual(response["Cache-Control"], "private, no-cache")
        data = body(response)
        self.assertIn("Godkendt uden bemærkninger.", pdf_text(data))
        reader = pdf_reader(data)
        for page in reader.pages:
            self.assertIn("UDKAST – referatet er ikke godkendt", normalise(page.extract_text()))
        self.assertEqual(reader.metadata.title, f"Referat (udkast) – {self.drafted.committee.name}, 4. april 2024")

    def test_the_agenda_pdf_of_a_held_meeting_shows_no_decisions(self):
        self.client.force_login(self.secretary)
        text = pdf_text(body(self.agenda(self.drafted)))
        self.assertIn("Godkendelse af dagsordenen", text)
        self.assertNotIn("Godkendt uden bemærkninger.", text)
        self.assertNotIn("UDKAST – referatet", text)

    def test_there_are_no_minutes_before_the_meeting(self):
        self.client.force_login(self.secretary)
        self.assertEqual(self.minutes(self.published).status_code, 404)

    def test_an_unknown_meeting_is_404(self):
        self.assertEqual(self.client.get(reverse("exports:minutes-pdf", args=[999999])).status_code, 404)
        self.assertEqual(self.client.get(reverse("exports:agenda-pdf", args=[999999])).status_code, 404)
