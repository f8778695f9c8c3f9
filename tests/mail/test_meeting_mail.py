"""What members are told about a meeting, end to end through a real SMTP server.

The secretariat works through the workspace; the outbox's worker (one pass of
`manage.py db_worker`) delivers to an aiosmtpd server on loopback; the invitations
are read by three independent iCal parsers, libical's iTIP check included.
"""

import datetime

from django.test import TestCase
from django.urls import reverse

from mail.models import OutgoingMail
from meetings.models import Meeting
from tests.factories import make_item, make_meeting, make_membership, make_person, make_secretary
from tests.ical_parsers import check_with_libical_itip, parse_with_ical, parse_with_icaljs
from tests.smtp_server import SmtpServerMixin, run_mail_worker


def calendar_part(message):
    return next(part for part in message.walk() if part.get_content_type() == "text/calendar")


class MeetingMailTests(SmtpServerMixin, TestCase):
    def setUp(self):
        super().setUp()
        self.secretary = make_secretary()
        self.client.force_login(self.secretary)
        self.meeting = make_meeting(minute_taker=make_person(name="Lars Lund"), date=datetime.date(2030, 4, 4))
        make_item(self.meeting, title="Godkendelse af dagsordenen")
        make_item(self.meeting, title="Drøftelse af en konkret patientsag", is_closed=True)
        self.anne = make_person(name="Anne Ahlers", email="anne@example.org")
        self.bo = make_person(name="Bo Bech", email="bo@example.org")
        self.carl = make_person(name="Carl Carlsen")  # no address in the register
        for person in (self.anne, self.bo, self.carl):
            make_membership(self.meeting.committee, person, start=datetime.date(2020, 1, 1))

    def publish(self):
        return self.client.post(reverse("workspace:publish", args=[self.meeting.pk]), follow=True)

    def test_publishing_sends_one_invitation_per_member_with_an_address(self):
        response = self.publish()
        # The screen claims what was queued, and names who could not be told.
        self.assertContains(response, "2 medlemmer får besked på mail.")
        self.assertContains(response, "Uden e-mailadresse i registret, så de har ikke fået besked: Carl Carlsen.")
        self.assertEqual(self.smtp.messages, [])  # nothing is sent inside the request
        run_mail_worker()

        self.assertEqual(sorted(rcpts for _sender, rcpts in self.smtp.envelopes),
                         [["anne@example.org"], ["bo@example.org"]])
        for message in self.smtp.messages:
            with self.subTest(to=message["To"]):
                self.assertNotIn("Bcc", message)
                self.assertIn("Dagsorden", message["Subject"])
                text = message.get_body(("plain",)).get_content()
                html = message.get_body(("html",)).get_content()
                self.assertIn("Godkendelse af dagsordenen", text)
                # Recipients hold a seat, so they may read the closed item; it is marked as closed.
                self.assertIn("2. Drøftelse af en konkret patientsag (lukket punkt)", text)
                self.assertIn('lang="da"', html)
                self.assertIn(f"/meetings/{self.meeting.pk}/", text)
                part = calendar_part(message)
                self.assertEqual(part.get_param("method"), "REQUEST")
                data = part.get_payload(decode=True)
                self.assertEqual(check_with_libical_itip(data), [])
                event = parse_with_ical(data).events[0]
                self.assertEqual(event.uid, self.meeting.ical_uid)
                parsed = parse_with_icaljs(data)
                self.assertEqual(parsed["method"], "REQUEST")
                self.assertIn(message["To"], " ".join(parsed["events"][0]["attendees"]))
        self.assertEqual(set(OutgoingMail.objects.values_list("status", flat=True)), {"sent"})

    def test_moving_and_cancelling_send_the_update_and_the_cancellation(self):
        self.publish()
        run_mail_worker()
        first = parse_with_icaljs(calendar_part(self.smtp.messages[0]).get_payload(decode=True))["events"][0]
        self.smtp.messages.clear()

        meeting = Meeting.objects.get(pk=self.meeting.pk)
        response = self.client.post(reverse("workspace:meeting", args=[meeting.pk]), {
            "meeting-title": meeting.title, "meeting-date": "2030-04-11", "meeting-start_time": "15:00",
            "meeting-end_time": "17:00", "meeting-location": meeting.location,
            "meeting-minute_taker": meeting.minute_taker_id, "meeting-case_number": "",
            "meeting-document_number": "", "meeting-version": meeting.version}, follow=True)
        self.assertContains(response, "2 medlemmer får besked på mail.")
        run_mail_worker()
        self.assertEqual(len(self.smtp.messages), 2)
        moved = calendar_part(self.smtp.messages[0]).get_payload(decode=True)
        self.assertEqual(check_with_libical_itip(moved), [])
        update = parse_with_icaljs(moved)["events"][0]
        self.assertEqual(update["uid"], first["uid"])
        self.assertGreater(update["sequence"], first["sequence"])
        self.assertTrue(update["dtstart"].startswith("2030-04-11"))
        self.smtp.messages.clear()

        response = self.client.post(reverse("workspace:cancel", args=[meeting.pk]),
                                    {"cancel-reason": "For få tilmeldte"}, follow=True)
        self.assertContains(response, "2 medlemmer får besked på mail.")
        run_mail_worker()
        self.assertEqual(len(self.smtp.messages), 2)
        cancel = calendar_part(self.smtp.messages[0])
        self.assertEqual(cancel.get_param("method"), "CANCEL")
        data = cancel.get_payload(decode=True)
        self.assertEqual(check_with_libical_itip(data), [])
        cancelled = parse_with_icaljs(data)
        self.assertEqual((cancelled["method"], cancelled["events"][0]["uid"], cancelled["events"][0]["status"]),
                         ("CANCEL", first["uid"], "CANCELLED"))

    def test_with_the_mail_server_down_publishing_succeeds_and_the_mails_arrive_later(self):
        self.smtp.stop()
        response = self.publish()
        self.assertContains(response, "Dagsordenen er offentliggjort.")
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).status, Meeting.Status.AGENDA_PUBLISHED)
        run_mail_worker()
        kept = OutgoingMail.objects.filter(meeting=self.meeting)
        self.assertEqual(sorted(kept.values_list("to_address", "status")),
                         [("anne@example.org", "queued"), ("bo@example.org", "queued")])
        self.assertTrue(all(mail.last_error for mail in kept))

        self.smtp.start()
        # The retry is due later; "Send igen" on the meeting's page makes it due now.
        for mail in kept:
            self.client.post(reverse("mail:resend", args=[mail.pk]))
        run_mail_worker()
        self.assertEqual(sorted(m["To"] for m in self.smtp.messages), ["anne@example.org", "bo@example.org"])
        self.assertEqual(set(kept.values_list("status", flat=True)), {"sent"})
        page = self.client.get(reverse("workspace:meeting", args=[self.meeting.pk]))
        self.assertContains(page, "anne@example.org")

    def test_no_member_with_an_address_means_the_screen_says_nobody_was_told(self):
        type(self.anne).objects.filter(pk__in=[self.anne.pk, self.bo.pk]).update(email="")
        response = self.publish()
        self.assertContains(response, "Ingen fik besked på mail.")
        self.assertNotContains(response, "får besked på mail")
        self.assertFalse(OutgoingMail.objects.exists())

    def test_circulating_and_signing_off_tell_the_members(self):
        from tests.factories import make_decision

        self.publish()
        for item in self.meeting.items.all():
            make_decision(item)
        Meeting.objects.filter(pk=self.meeting.pk).update(status=Meeting.Status.MINUTES_DRAFTED)
        self.client.post(reverse("workspace:circulate", args=[self.meeting.pk]))
        self.client.post(reverse("workspace:sign-off", args=[self.meeting.pk]), {"signoff-method": "chair"})
        run_mail_worker()  # stores the PDFs, then queues the sign-off mail with the stored file's hash
        kinds = list(OutgoingMail.objects.filter(to_address="anne@example.org").order_by("pk")
                     .values_list("kind", flat=True))
        self.assertEqual(kinds, ["agenda_published", "minutes_circulated", "minutes_signed_off"])
        signed = OutgoingMail.objects.get(to_address="anne@example.org", kind="minutes_signed_off")
        stored = self.meeting.minutes_pdfs.get(version=1, audience="public")
        self.assertIn(stored.sha256, signed.body_text)

    def test_an_item_added_after_publication_tells_the_members_what_changed(self):
        self.publish()
        self.client.post(reverse("workspace:item-new", args=[self.meeting.pk]),
                         {"new-title": "Orientering om vagtlægeordningen", "new-kind": "discussion"})
        run_mail_worker()
        # (Python's email package folds a non-ASCII subject after "Subject:", so it parses back
        # with a leading space; clients unfold and trim it.)
        changed = [m for m in self.smtp.messages if m["Subject"].strip().startswith("Ændret dagsorden")]
        self.assertEqual(sorted(m["To"] for m in changed), ["anne@example.org", "bo@example.org"])
        self.assertIn("Orientering om vagtlægeordningen", changed[0].get_body(("plain",)).get_content())
