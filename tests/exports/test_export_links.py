"""The links to the other formats on the pages: what each audience is offered."""

import datetime

from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from django.urls import reverse

from meetings.exports.minutes_store import store_signed_minutes
from meetings.locking import minutes_unlocked
from meetings.models import Meeting
from tests.factories import make_committee, make_item, make_meeting, make_member, make_secretary

from .base import ExportTestCase


class ExportLinksTests(ExportTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.secretary = make_secretary()
        with minutes_unlocked():
            cls.signed = make_meeting(status=Meeting.Status.SIGNED_OFF)
            make_item(cls.signed, title="Godkendelse af dagsordenen")
        cls.member = make_member(cls.signed.committee)
        cls.planned = make_meeting(committee=cls.signed.committee, date=datetime.date(2024, 9, 19))
        make_item(cls.planned, title="Punkt under forberedelse")

    def page(self, meeting):
        return self.client.get(reverse("meetings:detail", args=[meeting.pk])).content.decode()

    def test_the_public_gets_agenda_minutes_and_calendar_links_of_signed_minutes(self):
        page = self.page(self.signed)
        self.assertIn(f'href="/meetings/{self.signed.pk}/agenda.pdf"', page)
        self.assertIn(f'href="/meetings/{self.signed.pk}/minutes.pdf"', page)
        self.assertIn(f'href="/meetings/{self.signed.pk}/meeting.ics"', page)

    def test_the_public_gets_only_the_calendar_link_of_a_planned_meeting(self):
        page = self.page(self.planned)
        self.assertNotIn("agenda.pdf", page)
        self.assertNotIn("minutes.pdf", page)
        self.assertIn(f'href="/meetings/{self.planned.pk}/meeting.ics"', page)
        self.client.force_login(self.secretary)
        self.assertIn("agenda.pdf", self.page(self.planned))

    def test_each_audience_sees_the_sha256_of_its_own_edition(self):
        public, members = store_signed_minutes(self.signed)
        self.assertIn(f'data-sha256="{public.sha256}"', self.page(self.signed))
        self.assertNotIn(members.sha256, self.page(self.signed))
        self.client.force_login(self.member)
        self.assertIn(f'data-sha256="{members.sha256}"', self.page(self.signed))
        self.assertNotIn(public.sha256, self.page(self.signed))

    def test_the_calendar_links_subscribe_and_download(self):
        committee = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg", short_name="KLU")
        request = RequestFactory().get("/")
        with override_settings(SITE_URL="https://klu.example.dk"):
            html = render_to_string("meetings/_calendar_links.html", {"committee": committee}, request=request)
        # From SITE_URL, whatever host and scheme the request came with.
        self.assertIn('href="webcal://klu.example.dk/calendar/klu.ics"', html)
        self.assertIn("https://klu.example.dk/calendar/klu.ics", html)
        self.assertNotIn("testserver", html)
        self.assertIn('href="/calendar/klu.ics" download="klu.ics"', html)
        self.assertIn("Abonnér på KLUs møder", html)
