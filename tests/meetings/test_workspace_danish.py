"""The workspace writes dates and times in Danish words, selects say what to choose,
and no label says "(valgfri)" twice (issue 14, item 8)."""

import datetime
import re
from html.parser import HTMLParser

from django.test import TestCase
from django.urls import reverse

from meetings.locking import minutes_unlocked
from meetings.models import Meeting, MinutesApproval, MinutesCorrection
from tests.factories import (
    make_attendance,
    make_committee,
    make_decision,
    make_follow_up,
    make_item,
    make_meeting,
    make_member,
    make_person,
    make_secretary,
    sign_off,
)

ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
NUMERIC_DATE = re.compile(r"\b\d{1,2}\.\d{1,2}\.\d{4}\b")


class VisibleText(HTMLParser):
    """The text a person reads: element content, without tags, attribute values or scripts."""

    def __init__(self):
        super().__init__()
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in {"script", "style"}:
            self._hidden += 1

    def handle_endtag(self, tag):
        if tag in {"script", "style"}:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden:
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


class WorkspaceDanishTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.committee = make_committee(slug="klu", short_name="KLU")
        cls.secretary = make_secretary(cls.committee)
        cls.meeting = make_meeting(committee=cls.committee, date=datetime.date(2026, 12, 3),
                                   status=Meeting.Status.MINUTES_DRAFTED)
        make_meeting(committee=cls.committee, date=datetime.date(2027, 2, 4))  # a meeting to postpone to
        cls.item = make_item(cls.meeting, title="Status for klyngemidler")
        decision = make_decision(cls.item)
        make_follow_up(decision, what="Send notat til udvalget", due_date=datetime.date(2027, 1, 15))
        make_attendance(cls.meeting, make_person(name="Anna Jensen"), status="afbud",
                        apology_reason="Ferie")
        cls.signed = make_meeting(committee=cls.committee, date=datetime.date(2026, 6, 19))
        signed_item = make_item(cls.signed, title="Godkendelse af dagsordenen")
        make_decision(signed_item)
        sign_off(cls.signed)
        with minutes_unlocked():
            MinutesCorrection.objects.create(
                meeting=cls.signed, version=2, reason="Stavefejl rettet",
                created_at=datetime.datetime(2026, 6, 25, 18, 1, tzinfo=datetime.timezone.utc))

    def setUp(self):
        self.client.force_login(self.secretary)

    def pages(self):
        return {
            "dashboard": reverse("workspace:dashboard"),
            "meeting hub": reverse("workspace:meeting", args=[self.meeting.pk]),
            "item": reverse("workspace:item", args=[self.item.pk]),
            "decision": reverse("workspace:decision", args=[self.item.pk]),
            "attendance": reverse("workspace:attendance", args=[self.meeting.pk]),
            "signed-off meeting hub": reverse("workspace:meeting", args=[self.signed.pk]),
            "correction": reverse("workspace:correct", args=[self.signed.pk]),
        }

    def read(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return response.content.decode(), visible_text(response.content.decode())

    def test_no_page_shows_an_iso_or_numeric_date(self):
        for name, url in self.pages().items():
            with self.subTest(name):
                _, text = self.read(url)
                self.assertIsNone(ISO_DATE.search(text), f"{name}: {ISO_DATE.search(text)}")
                self.assertIsNone(NUMERIC_DATE.search(text), f"{name}: {NUMERIC_DATE.search(text)}")

    def test_no_select_offers_the_django_dashes(self):
        for name, url in self.pages().items():
            with self.subTest(name):
                html, _ = self.read(url)
                self.assertNotIn("---------", html)

    def test_no_label_says_optional_twice(self):
        for name, url in self.pages().items():
            with self.subTest(name):
                _, text = self.read(url)
                self.assertNotIn("(valgfri) (valgfri)", text)
                self.assertNotRegex(text, r"valgfri\)?\s*\(valgfri")

    def test_dates_are_written_in_words(self):
        _, dashboard = self.read(reverse("workspace:dashboard"))
        self.assertIn("torsdag den 3. december 2026, kl. 15.00–17.00", dashboard)
        self.assertIn("senest 15. januar 2027", dashboard)
        _, decision = self.read(reverse("workspace:decision", args=[self.item.pk]))
        self.assertIn("4. februar 2027", decision)  # the meeting the item may be postponed to

    def test_a_correction_is_dated_in_local_time_in_words(self):
        _, hub = self.read(reverse("workspace:meeting", args=[self.signed.pk]))
        self.assertIn("Rettet den 25. juni 2026: Stavefejl rettet", hub)

    def test_every_workspace_table_sits_in_a_labelled_scroll_box(self):
        for name, url in self.pages().items():
            with self.subTest(name):
                html, _ = self.read(url)
                tables = html.count("<table")
                boxes = len(re.findall(r'<div class="table-scroll" tabindex="0" role="region" aria-label="[^"]+">',
                                       html))
                self.assertEqual(tables, boxes, name)

    def test_a_member_reads_when_they_approved_the_draft_in_words(self):
        member = make_member(self.committee)
        Meeting.objects.filter(pk=self.meeting.pk).update(
            approval_requested_at=datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.timezone.utc))
        MinutesApproval.objects.create(meeting=self.meeting, user=member,
                                       approved_at=datetime.datetime(2026, 12, 1, 19, 1, tzinfo=datetime.timezone.utc))
        self.client.force_login(member)
        _, text = self.read(reverse("workspace:approve", args=[self.meeting.pk]))
        self.assertIn("Du godkendte udkastet 1. december 2026 kl. 20.01.", text)
        self.assertIsNone(ISO_DATE.search(text))
        self.assertIsNone(NUMERIC_DATE.search(text))
