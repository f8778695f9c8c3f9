"""The read-only JSON API: the open-data contract later work builds on."""

import datetime

from django.conf import settings
from django.test import TestCase
from django.urls import reverse

from meetings.models import Meeting
from tests.factories import (
    make_committee,
    make_decision,
    make_item,
    make_meeting,
    make_member,
    make_secretary,
    sign_off,
)




class MeetingListApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.klu = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg")
        cls.other = make_committee(slug="chefforum", name="Chefforum")
        cls.april = make_meeting(committee=cls.klu, date=datetime.date(2024, 4, 4))
        cls.dec_2023 = make_meeting(committee=cls.klu, date=datetime.date(2023, 11, 30),
                                    start_time=None, end_time=None)
        cls.chefforum = make_meeting(committee=cls.other, date=datetime.date(2024, 1, 15),
                                     start_time=datetime.time(14, 0), end_time=None)

    def test_it_filters_by_committee_and_year(self):
        data = self.client.get(reverse("api-meeting-list"), {"committee": "klu", "year": "2024"}).json()
        self.assertEqual([m["id"] for m in data["meetings"]], [self.april.pk])

    def test_it_gives_times_in_iso_8601_with_the_copenhagen_offset(self):
        meeting = self.client.get(reverse("api-meeting-list"), {"committee": "klu", "year": "2024"}).json()["meetings"][0]
        self.assertEqual(meeting["start"], "2024-04-04T15:00:00+02:00")
        self.assertEqual(meeting["end"], "2024-04-04T17:00:00+02:00")
        self.assertEqual(meeting["committee"], "klu")
        self.assertEqual(meeting["location"], "Danmarksgade 17, 2. sal, mødelokale 1")
        self.assertEqual(meeting["status"], "planned")
        self.assertEqual(meeting["url"], f"{settings.SITE_URL}/meetings/{self.april.pk}/")

    def test_it_uses_the_winter_offset_in_january(self):
        data = self.client.get(reverse("api-meeting-list"), {"committee": "chefforum"}).json()
        self.assertEqual(data["meetings"][0]["start"], "2024-01-15T14:00:00+01:00")
        self.assertIsNone(data["meetings"][0]["end"])

    def test_it_gives_an_unknown_time_as_null_with_the_date(self):
        data = self.client.get(reverse("api-meeting-list"), {"year": "2023"}).json()
        self.assertEqual(data["meetings"][0]["date"], "2023-11-30")
        self.assertIsNone(data["meetings"][0]["start"])

    def test_it_answers_a_bad_year_with_400_and_a_danish_message(self):
        response = self.client.get(reverse("api-meeting-list"), {"year": "'; DROP TABLE"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("årstal", response.json()["error"])


class MeetingDetailApiTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.meeting = make_meeting(status=Meeting.Status.HELD)
        cls.open_item = make_item(cls.meeting, number=1, title="Godkendelse af dagsordenen")
        make_decision(cls.open_item, text="Godkendt.")
        cls.closed_item = make_item(cls.meeting, number=2, title="Personsag om fortrolige forhold", is_closed=True)
        make_decision(cls.closed_item, text="Fortrolig beslutning.")
        sign_off(cls.meeting)
        cls.member = make_member(cls.meeting.committee)
        cls.secretary = make_secretary()
        cls.draft = make_meeting(committee=cls.meeting.committee, date=datetime.date(2024, 6, 27))
        make_item(cls.draft, number=1, title="Udkast til punkt")

    def url(self, meeting):
        return reverse("api-meeting-detail", args=[meeting.pk])

    def test_it_lists_items_with_number_title_and_decision(self):
        data = self.client.get(self.url(self.meeting)).json()
        self.assertEqual(data["items"][0]["number"], "1")
        self.assertEqual(data["items"][0]["title"], "Godkendelse af dagsordenen")
        self.assertEqual(data["items"][0]["decision"]["text"], "Godkendt.")
        self.assertEqual(data["items"][0]["decision"]["outcome_label"], "Godkendt")

    def test_it_leaves_closed_items_out_for_anonymous_callers(self):
        body = self.client.get(self.url(self.meeting)).content.decode()
        self.assertNotIn("Personsag", body)
        self.assertNotIn("Fortrolig", body)

    def test_it_shows_closed_items_to_members(self):
        self.client.force_login(self.member)
        data = self.client.get(self.url(self.meeting)).json()
        self.assertEqual([i["number"] for i in data["items"]], ["1", "2"])
        self.assertTrue(data["items"][1]["closed"])

    def test_it_hides_an_unpublished_agenda_from_anonymous_and_members(self):
        for user in (None, self.member):
            self.client.logout()
            if user:
                self.client.force_login(user)
            self.assertEqual(self.client.get(self.url(self.draft)).json()["items"], [])

    def test_it_shows_the_draft_agenda_to_the_secretariat(self):
        self.client.force_login(self.secretary)
        self.assertEqual(self.client.get(self.url(self.draft)).json()["items"][0]["title"], "Udkast til punkt")

    def test_it_answers_404_for_an_unknown_meeting(self):
        self.assertEqual(self.client.get("/api/meetings/999999/").status_code, 404)

    def test_it_runs_a_fixed_number_of_queries(self):
        # content version (page cache), meeting+committee+minute taker, attendances,
        # items+decisions, decision notes, follow-ups, attachments, corrections (attendance
        # items are skipped when there are no attendances)
        with self.assertNumQueries(8):
            self.client.get(self.url(self.meeting))
