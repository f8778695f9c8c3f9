"""Closed until a date or an event: members read the condition, the public reads only
"Lukket punkt" (on the page, in the API, the feed and the public PDF), and opening an
item or attachment records who and when, after sign-off as a new minutes version."""

import datetime

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from meetings import attachments as service
from meetings.apps import shorten_reason
from meetings import services
from meetings.formatting import danish_date
from meetings.locking import minutes_unlocked
from meetings.models import AgendaItem, Attachment, Meeting, MinutesCorrection, MinutesPdf
from tests.exports.base import ExportTestCase, pdf_text
from tests.factories import (
    make_attachment,
    make_committee,
    make_decision,
    make_item,
    make_meeting,
    make_member,
    make_person,
    make_secretary,
    response_bytes,
)
from tests.smtp_server import run_mail_worker

EVENT = "Strategisk Sundhedsforum har behandlet retningspapiret"
# Words that appear only in the closed item, so they can be looked for in any format.
SECRET_TITLE = "Hemmeligtitel retningspapir udkast"
SECRET_TEXT = "Fortroligsagstekst om retningspapiret"


def today_text():
    return danish_date(timezone.localdate(), weekday=False)


class ItemFormTests(TestCase):
    def setUp(self):
        self.committee = make_committee()
        self.secretary = make_secretary(self.committee)
        self.meeting = make_meeting(committee=self.committee)
        self.item = make_item(self.meeting, title="Retningspapir", is_closed=True)
        self.client.force_login(self.secretary)
        self.url = reverse("workspace:item", args=[self.item.pk])

    def post(self, **changes):
        self.item.refresh_from_db()
        data = {"version": self.item.version, "title": self.item.title, "kind": self.item.kind,
                "case_description": "", "recommendation_lead": "", "presenter": "", "recommendations_text": "",
                "closed_until": self.item.closed_until.isoformat() if self.item.closed_until else "",
                "closed_until_event": self.item.closed_until_event}
        if self.item.is_closed:
            data["is_closed"] = "on"
        data.update(changes)
        return self.client.post(self.url, {k: v for k, v in data.items() if v is not None})

    def test_it_stores_a_date_and_an_event_on_a_closed_item(self):
        response = self.post(closed_until="2024-01-12", closed_until_event=f"  {EVENT} ")
        self.assertEqual(response.status_code, 302)
        self.item.refresh_from_db()
        self.assertEqual((self.item.closed_until, self.item.closed_until_event), (datetime.date(2024, 1, 12), EVENT))
        self.assertEqual(self.item.history.latest().history_user, self.secretary)
        page = self.client.get(self.url)
        self.assertContains(page, 'value="2024-01-12"')
        self.assertContains(page, "Lukket indtil dato")

    def test_it_refuses_a_date_or_an_event_on_an_open_item_and_keeps_what_was_typed(self):
        for changes in ({"closed_until": "2024-01-12"}, {"closed_until_event": EVENT}):
            with self.subTest(changes=changes):
                response = self.post(is_closed=None, title="Nyt navn", **changes)
                self.assertContains(response, "Kun et lukket punkt kan være lukket indtil en dato eller en hændelse.",
                                    status_code=400)
                self.assertContains(response, 'value="Nyt navn"', status_code=400)
        self.item.refresh_from_db()
        self.assertEqual((self.item.title, self.item.is_closed), ("Retningspapir", True))

    def test_making_a_closed_item_open_in_the_form_drops_its_condition(self):
        self.post(closed_until="2024-01-12", closed_until_event=EVENT)
        response = self.post(is_closed=None)
        self.assertEqual(response.status_code, 302)
        self.item.refresh_from_db()
        self.assertEqual((self.item.is_closed, self.item.closed_until, self.item.closed_until_event),
                         (False, None, ""))
        self.assertIsNone(self.item.opened_at)

    def test_an_opened_item_keeps_the_record_of_its_condition_when_edited(self):
        self.post(closed_until="2024-01-12", closed_until_event=EVENT)
        service.item_open(item=self.item, user=self.secretary)
        response = self.post(title="Retningspapir (åbnet)")
        self.assertEqual(response.status_code, 302)
        self.item.refresh_from_db()
        self.assertEqual((self.item.title, self.item.closed_until, self.item.closed_until_event),
                         ("Retningspapir (åbnet)", datetime.date(2024, 1, 12), EVENT))
        self.assertContains(self.client.get(self.url), "Åbnet for offentligheden")


class ReadersTests(ExportTestCase):
    """A meeting with a closed item closed until a date and an event, and a closed attachment."""

    def setUp(self):
        self.committee = make_committee(slug="klu")
        self.secretary = make_secretary(self.committee)
        self.member = make_member(self.committee)
        self.meeting = make_meeting(committee=self.committee, status=Meeting.Status.MINUTES_DRAFTED,
                                    minute_taker=make_person(name="Lars Lund"))
        self.open_item = make_item(self.meeting, title="Mødekalender")
        self.closed = make_item(self.meeting, title=SECRET_TITLE, is_closed=True, case_description=SECRET_TEXT,
                                closed_until=datetime.date(2024, 1, 12), closed_until_event=EVENT)
        make_decision(self.open_item)
        make_decision(self.closed, text="Drøftet.")
        self.attachment = make_attachment(self.meeting, title="Lukketbilagtitel", is_closed=True,
                                          closed_until=datetime.date(2024, 2, 1))

    def page(self):
        return self.client.get(self.meeting.get_absolute_url()).content.decode()

    def assert_nothing_closed(self, text):
        for secret in (SECRET_TITLE, SECRET_TEXT, EVENT, "Lukketbilagtitel", "Lukket indtil"):
            self.assertNotIn(secret, text)

    def test_members_read_the_condition_and_the_public_only_lukket_punkt(self):
        self.client.force_login(self.member)
        member_page = self.page()
        self.assertIn(f"Lukket indtil 12. januar 2024 og indtil {EVENT}", member_page)
        self.assertIn("Lukket indtil 1. februar 2024", member_page)
        self.client.logout()
        public_page = self.page()
        self.assertIn("Lukket punkt", public_page)
        self.assert_nothing_closed(public_page)
        api = self.client.get(reverse("api-meeting-detail", args=[self.meeting.pk])).content.decode()
        self.assert_nothing_closed(api)
        feed = response_bytes(self.client.get(reverse("exports:committee-ics", args=["klu"]))).decode()
        self.assert_nothing_closed(feed)

    def test_the_member_pdf_states_the_condition_and_the_public_pdf_does_not(self):
        services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair")
        run_mail_worker()  # the worker stores the signed-off PDFs
        public = pdf_text(MinutesPdf.objects.get(meeting=self.meeting, version=1, audience="public").file.read())
        self.assertIn("Lukket punkt", public)
        self.assert_nothing_closed(public)
        members = pdf_text(MinutesPdf.objects.get(meeting=self.meeting, version=1, audience="members").file.read())
        self.assertIn(SECRET_TITLE, members)
        self.assertIn("Lukket indtil 12. januar 2024 og indtil Strategisk Sundhedsforum", members)

    def test_opening_before_sign_off_records_who_and_when_and_the_public_reads_it(self):
        self.client.force_login(self.secretary)
        response = self.client.post(reverse("workspace:item-open", args=[self.closed.pk]))
        self.assertEqual(response.status_code, 302)
        self.closed.refresh_from_db()
        self.assertFalse(self.closed.is_closed)
        self.assertEqual(self.closed.opened_by, self.secretary)
        self.assertIsNotNone(self.closed.opened_at)
        # The condition stays, as the record of what it was.
        self.assertEqual((self.closed.closed_until, self.closed.closed_until_event), (datetime.date(2024, 1, 12), EVENT))
        row = self.closed.history.latest()
        self.assertEqual(row.history_user, self.secretary)
        # The reason names the item and the condition, within the history's 100 characters.
        self.assertEqual(row.history_change_reason,
                         "Punkt 2 er åbnet for offentligheden. Det var lukket indtil 12. januar 2024 og indtil "
                         "Strategisk…")
        self.assertFalse(MinutesCorrection.objects.exists())
        services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair")
        self.client.logout()
        page = self.page()
        self.assertIn(SECRET_TITLE, page)
        self.assertIn(f"Åbnet {today_text()}", page)

    def test_opening_after_sign_off_stores_a_new_minutes_version_that_the_public_reads(self):
        services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair")
        self.client.force_login(self.secretary)
        hub = self.client.get(reverse("workspace:meeting", args=[self.meeting.pk]))
        self.assertContains(hub, 'aria-label="Åbn punkt 2 for offentligheden"')
        self.assertContains(hub, "Kan nu åbnes")
        response = self.client.post(reverse("workspace:item-open", args=[self.closed.pk]), {"version": 1})
        self.assertEqual(response.status_code, 302)
        self.closed.refresh_from_db()
        self.assertEqual((self.closed.is_closed, self.closed.opened_by), (False, self.secretary))
        correction = MinutesCorrection.objects.get(meeting=self.meeting)
        self.assertEqual((correction.version, correction.created_by), (2, self.secretary))
        self.assertTrue(correction.reason.startswith(
            "Punkt 2 er åbnet for offentligheden. Det var lukket indtil 12. januar 2024"), correction.reason)
        run_mail_worker()  # the worker stores version 2
        public = pdf_text(MinutesPdf.objects.get(meeting=self.meeting, version=2, audience="public").file.read())
        self.assertIn(SECRET_TITLE, public)
        self.assertIn(SECRET_TEXT, public)
        self.assertIn(f"Åbnet {today_text()}", public)
        # The version signed off stays as it was.
        first = pdf_text(MinutesPdf.objects.get(meeting=self.meeting, version=1, audience="public").file.read())
        self.assertNotIn(SECRET_TITLE, first)

    def test_an_opening_after_sign_off_needs_the_current_minutes_version(self):
        services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair")
        self.client.force_login(self.secretary)
        url = reverse("workspace:item-open", args=[self.closed.pk])
        self.assertContains(self.client.post(url), "Formularen mangler den udgave", status_code=400)
        self.assertContains(self.client.post(url, {"version": "x"}), "Formularen mangler den udgave", status_code=400)
        self.closed.refresh_from_db()
        self.assertTrue(self.closed.is_closed)
        attachment_url = reverse("workspace:attachment-open", args=[self.meeting.pk, self.attachment.pk])
        self.assertEqual(self.client.post(attachment_url, {"version": 1}).status_code, 302)
        self.assertContains(self.client.post(url, {"version": 1}), "Referatet er rettet af en anden",
                            status_code=409)
        self.closed.refresh_from_db()
        self.assertTrue(self.closed.is_closed)
        self.assertEqual(MinutesCorrection.objects.filter(meeting=self.meeting).count(), 1)

    def test_an_attachment_opened_after_sign_off_reaches_the_public(self):
        services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair")
        self.client.force_login(self.secretary)
        response = self.client.post(reverse("workspace:attachment-open", args=[self.meeting.pk, self.attachment.pk]),
                                    {"version": 1})
        self.assertEqual(response.status_code, 302)
        self.attachment.refresh_from_db()
        self.assertEqual((self.attachment.is_closed, self.attachment.opened_by), (False, self.secretary))
        self.assertEqual(self.attachment.history.latest().history_user, self.secretary)
        self.client.logout()
        page = self.page()
        self.assertIn("Lukketbilagtitel", page)
        self.assertIn(f"Åbnet {today_text()}", page)

    def test_an_attachment_of_a_closed_item_is_not_opened_after_sign_off(self):
        with minutes_unlocked():
            Attachment.objects.filter(pk=self.attachment.pk).update(item=self.closed)
        services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair")
        self.client.force_login(self.secretary)
        response = self.client.post(reverse("workspace:attachment-open", args=[self.meeting.pk, self.attachment.pk]),
                                    {"version": 1})
        self.assertContains(response, "Bilaget hører til et lukket punkt. Åbn punktet først.", status_code=400)
        self.assertFalse(MinutesCorrection.objects.exists())

    def test_an_item_that_is_open_is_not_opened_again(self):
        self.client.force_login(self.secretary)
        response = self.client.post(reverse("workspace:item-open", args=[self.open_item.pk]))
        self.assertContains(response, "Punkt 1 er ikke lukket.", status_code=400)

    def test_members_cannot_open(self):
        self.client.force_login(self.member)
        self.assertEqual(self.client.post(reverse("workspace:item-open", args=[self.closed.pk])).status_code, 403)
        self.closed.refresh_from_db()
        self.assertTrue(self.closed.is_closed)


class CanOpenNowTests(TestCase):
    def setUp(self):
        self.committee = make_committee()
        self.secretary = make_secretary(self.committee)
        self.meeting = make_meeting(committee=self.committee)
        today = timezone.localdate()
        self.due = make_item(self.meeting, title="Datoen er nået", is_closed=True,
                             closed_until=today - datetime.timedelta(days=1))
        self.later = make_item(self.meeting, title="Datoen er ikke nået", is_closed=True,
                               closed_until=today + datetime.timedelta(days=30))
        self.client.force_login(self.secretary)

    def test_the_hub_lists_what_may_be_opened_now_first(self):
        response = self.client.get(reverse("workspace:meeting", args=[self.meeting.pk]))
        html = response.content.decode()
        section = html[html.index('id="h-closed"'):]
        self.assertEqual(section.count("Kan nu åbnes"), 1)
        self.assertLess(section.index("Datoen er nået"), section.index("Kan nu åbnes"))
        self.assertLess(section.index("Kan nu åbnes"), section.index("Datoen er ikke nået"))
        self.assertContains(response, 'aria-label="Åbn punkt 2 for offentligheden"')

    def test_can_open_now_is_a_matter_of_the_date(self):
        today = timezone.localdate()
        self.assertTrue(service.can_open_now(self.due, today))
        self.assertTrue(service.can_open_now(AgendaItem(is_closed=True, closed_until=today), today))
        self.assertFalse(service.can_open_now(self.later, today))
        self.assertFalse(service.can_open_now(AgendaItem(is_closed=True, closed_until_event=EVENT), today))


class ReasonTests(TestCase):
    def test_a_long_reason_is_cut_after_a_whole_word_to_fit_the_history(self):
        reason = shorten_reason("Punkt 2 er åbnet. " + "Strategisk Sundhedsforum har behandlet " * 5, 100)
        self.assertLessEqual(len(reason), 100)
        self.assertTrue(reason.endswith("…"))
        self.assertFalse(reason[:-1].endswith(" "))
        self.assertEqual(shorten_reason("Kort.", 100), "Kort.")