"""A member's private calendar feed: a revocable address that also shows their apologies."""

import datetime
import re

from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from meetings.models import Attendance, CalendarToken, Membership
from tests.factories import (
    make_attendance,
    make_committee,
    make_meeting,
    make_member,
    make_organisation,
    make_person,
    make_user,
)

from .base import ExportTestCase
from .test_calendar_feed import event_block, read_with_libical, unfolded


class PrivateCalendarTests(ExportTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.committee = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg", short_name="KLU")
        cls.other_committee = make_committee(slug="chefforum", name="Chefforum")
        cls.member = make_member()
        cls.person = make_person(name="Christine Houe", user=cls.member)
        Membership.objects.create(committee=cls.committee, person=cls.person, side=Membership.Side.GENERAL_PRACTICE,
                                  organisation=make_organisation(name="PLO-K-Aalborg"))
        cls.april = make_meeting(committee=cls.committee, date=datetime.date(2024, 4, 4))
        cls.june = make_meeting(committee=cls.committee, date=datetime.date(2024, 6, 27))
        cls.elsewhere = make_meeting(committee=cls.other_committee, date=datetime.date(2024, 1, 15))
        make_attendance(cls.april, cls.person, status=Attendance.Status.APOLOGIES)
        make_attendance(cls.june, cls.person, status=Attendance.Status.PRESENT)

    def create_token(self):
        self.client.force_login(self.member)
        response = self.client.post(reverse("exports:private-calendar"), {"action": "create"})
        self.assertRedirects(response, reverse("exports:private-calendar"))
        return CalendarToken.objects.get(user=self.member, revoked_at__isnull=True)

    def test_the_page_requires_a_log_in(self):
        response = self.client.get(reverse("exports:private-calendar"))
        self.assertEqual(response.status_code, 302)
        self.assertTrue(response["Location"].startswith(resolve_url(settings.LOGIN_URL)))

    def test_it_is_for_members_only(self):
        self.client.force_login(make_user("outsider"))
        self.assertEqual(self.client.get(reverse("exports:private-calendar")).status_code, 403)
        self.assertEqual(self.client.post(reverse("exports:private-calendar"), {"action": "create"}).status_code, 403)
        self.assertFalse(CalendarToken.objects.exists())

    def test_a_member_creates_an_address_and_the_page_shows_it(self):
        token = self.create_token()
        page = self.client.get(reverse("exports:private-calendar")).content.decode()
        path = f"/calendar/private/{token.token}.ics"
        site = settings.SITE_URL.split("://", 1)[1]
        self.assertIn(f"webcal://{site}{path}", page)
        self.assertIn(f"{settings.SITE_URL}{path}", page)
        self.assertGreaterEqual(len(token.token), 40)

    def test_the_feed_shows_the_members_apologies(self):
        token = self.create_token()
        self.client.logout()
        # Calendar clients fetch without a session: the token alone opens the feed.
        response = self.client.get(reverse("exports:private-ics", args=[token.token]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertEqual(response["Cache-Control"], "private, no-cache")
        text = unfolded(response.content)
        april = event_block(text, self.april.ical_uid)
        self.assertIn("SUMMARY:Kommunalt Lægeligt Udvalg (afbud)", april)
        self.assertIn("Du har meldt afbud til dette møde.", april)
        june = event_block(text, self.june.ical_uid)
        self.assertNotIn("afbud", june)
        # Only the member's own committee.
        self.assertNotIn(self.elsewhere.ical_uid, text)
        events = read_with_libical(response.content)
        self.assertEqual(events[self.april.ical_uid]["start"], "2024-04-04T13:00:00Z")

    def test_a_revoked_address_answers_404(self):
        token = self.create_token()
        self.client.post(reverse("exports:private-calendar"), {"action": "revoke"})
        token.refresh_from_db()
        self.assertIsNotNone(token.revoked_at)
        self.assertEqual(self.client.get(reverse("exports:private-ics", args=[token.token])).status_code, 404)

    def test_a_new_address_replaces_the_old(self):
        old = self.create_token()
        new = self.create_token()
        self.assertNotEqual(old.token, new.token)
        self.assertEqual(self.client.get(reverse("exports:private-ics", args=[old.token])).status_code, 404)
        self.assertEqual(self.client.get(reverse("exports:private-ics", args=[new.token])).status_code, 200)

    def test_an_unknown_action_changes_nothing(self):
        token = self.create_token()
        response = self.client.post(reverse("exports:private-calendar"), {"action": "slet-alt"})
        self.assertEqual(response.status_code, 400)
        token.refresh_from_db()
        self.assertIsNone(token.revoked_at)

    def test_an_unknown_address_answers_404(self):
        self.assertEqual(self.client.get("/calendar/private/ikke-en-rigtig-noegle.ics").status_code, 404)

    def test_the_address_dies_with_the_membership(self):
        token = self.create_token()
        membership = Membership.objects.get(person=self.person)
        membership.end = datetime.date(2024, 1, 1)
        membership.save()
        self.assertEqual(self.client.get(reverse("exports:private-ics", args=[token.token])).status_code, 404)

    def test_the_public_feed_never_shows_apologies(self):
        text = unfolded(self.client.get(reverse("exports:committee-ics", args=["klu"])).content)
        self.assertNotIn("afbud", text)
        self.assertIsNotNone(re.search(r"^SUMMARY:Kommunalt Lægeligt Udvalg$", text, re.M))
