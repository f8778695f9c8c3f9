"""The outbox: recorded before sending, sent through a real SMTP server, never lost."""

import datetime

from django.db import transaction
from django.test import TestCase, override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from mail import outbox
from mail.models import OutgoingMail
from mail.selectors import outbox_for_meeting
from tests.factories import make_committee, make_meeting, make_member, make_person, make_secretary, make_user
from tests.smtp_server import SmtpServer, SmtpServerMixin, run_mail_worker

CALENDAR = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


def queue(**kw):
    kw.setdefault("kind", OutgoingMail.Kind.AGENDA_PUBLISHED)
    kw.setdefault("to_address", "anne@example.dk")
    kw.setdefault("subject", "Dagsorden: KLU torsdag den 4. april 2024")
    kw.setdefault("text", "Dagsordenen er offentliggjort. Mødet holdes på Danmarksgade 17.")
    kw.setdefault("html", "<p>Dagsordenen er <strong>offentliggjort</strong>. Mødet holdes på Danmarksgade 17.</p>")
    return outbox.queue_mail(**kw)


@override_settings(SITE_URL="https://klu.example.dk", DEFAULT_FROM_EMAIL="KLU Møder <klu@aalborg.dk>")
class DeliveryTests(SmtpServerMixin, TestCase):
    def test_it_records_the_mail_before_anything_is_sent(self):
        mail = queue()
        mail.refresh_from_db()
        self.assertEqual(mail.status, OutgoingMail.Status.QUEUED)
        self.assertEqual((mail.attempts, mail.sent_at), (0, None))
        self.assertIsNotNone(mail.queued_at)
        self.assertEqual(self.smtp.messages, [])
        # and its delivery waits in the database queue for the worker
        self.assertEqual(DBTaskResult.objects.count(), 1)

    def test_it_delivers_one_message_to_its_recipient_only(self):
        person = make_person(name="Anne Andersen", email="anne@example.dk")
        meeting = make_meeting()
        first = queue(person=person, meeting=meeting,
                      attachments=[("moede.ics", CALENDAR, "text/calendar; method=REQUEST; charset=utf-8")])
        queue(to_address="bo@example.dk", meeting=meeting)
        run_mail_worker()

        self.assertEqual(len(self.smtp.messages), 2)
        message = next(m for m in self.smtp.messages if m["To"] == "anne@example.dk")
        self.assertEqual(self.smtp.envelopes[self.smtp.messages.index(message)][1], ["anne@example.dk"])
        self.assertIsNone(message["Cc"])
        self.assertIsNone(message["Bcc"])
        self.assertEqual(message["From"], "KLU Møder <klu@aalborg.dk>")
        self.assertEqual(message["Subject"], "Dagsorden: KLU torsdag den 4. april 2024")
        self.assertTrue(message["Message-ID"].endswith("@klu.example.dk>"), message["Message-ID"])
        self.assertIn("Mødet holdes", message.get_body(("plain",)).get_content())
        self.assertIn("<strong>offentliggjort</strong>", message.get_body(("html",)).get_content())
        [calendar] = [part for part in message.iter_attachments() if part.get_content_type() == "text/calendar"]
        self.assertEqual(calendar.get_param("method"), "REQUEST")
        self.assertEqual(calendar.get_filename(), "moede.ics")
        self.assertIn("METHOD:REQUEST", calendar.get_content())

        first.refresh_from_db()
        self.assertEqual(first.status, OutgoingMail.Status.SENT)
        self.assertEqual(first.attempts, 1)
        self.assertIsNotNone(first.sent_at)
        self.assertEqual(first.message_id, message["Message-ID"])
        self.assertEqual(first.history.first().history_change_reason, "Sendt")

    def test_a_rolled_back_transaction_queues_and_sends_nothing(self):
        with self.assertRaises(RuntimeError):
            with transaction.atomic():
                queue()
                raise RuntimeError("the publish failed")
        run_mail_worker()
        self.assertFalse(OutgoingMail.objects.exists())
        self.assertFalse(DBTaskResult.objects.exists())
        self.assertEqual(self.smtp.messages, [])

    @override_settings(MAIL_RETRY_SECONDS=0)
    def test_with_the_server_down_nothing_is_lost_and_it_goes_out_when_the_server_is_back(self):
        self.smtp.stop()
        mail = queue()  # the caller (a publish) sees no error
        run_mail_worker(max_tasks=1)

        mail.refresh_from_db()
        self.assertEqual(mail.status, OutgoingMail.Status.QUEUED)
        self.assertEqual(mail.attempts, 1)
        self.assertIn("ConnectionRefusedError", mail.last_error)
        self.assertIsNone(mail.sent_at)

        self.smtp.start()
        run_mail_worker()

        mail.refresh_from_db()
        self.assertEqual(mail.status, OutgoingMail.Status.SENT)
        self.assertEqual(mail.attempts, 2)
        self.assertEqual([m["To"] for m in self.smtp.messages], ["anne@example.dk"])

    def test_a_failed_attempt_is_retried_later_not_at_once(self):
        self.smtp.stop()
        mail = queue()
        before = datetime.datetime.now(datetime.timezone.utc)
        run_mail_worker()  # the retry is not due yet, so the pass ends after one attempt
        mail.refresh_from_db()
        self.assertEqual((mail.status, mail.attempts), (OutgoingMail.Status.QUEUED, 1))
        retry = DBTaskResult.objects.filter(status="READY").get()
        self.assertGreaterEqual(retry.run_after, before + datetime.timedelta(seconds=59))

    @override_settings(MAIL_RETRY_SECONDS=0, MAIL_MAX_ATTEMPTS=3)
    def test_it_gives_up_after_the_last_attempt_and_sends_again_on_request(self):
        self.smtp.stop()
        mail = queue()
        run_mail_worker()
        mail.refresh_from_db()
        self.assertEqual((mail.status, mail.attempts), (OutgoingMail.Status.FAILED, 3))
        self.assertTrue(mail.last_error)

        self.smtp.start()
        outbox.resend(mail, make_user())
        run_mail_worker()
        mail.refresh_from_db()
        self.assertEqual(mail.status, OutgoingMail.Status.SENT)
        self.assertEqual(len(self.smtp.messages), 1)

    def test_sending_again_never_sends_a_sent_mail_twice(self):
        mail = queue()
        run_mail_worker()
        outbox.resend(mail, make_user())
        run_mail_worker()
        self.assertEqual(len(self.smtp.messages), 1)


class RetryDelayTests(TestCase):
    @override_settings(MAIL_RETRY_SECONDS=60)
    def test_the_pause_doubles_up_to_an_hour(self):
        self.assertEqual([outbox.retry_delay(n) for n in (1, 2, 3, 7, 8)], [60, 120, 240, 3600, 3600])


class ResendViewTests(TestCase):
    def setUp(self):
        self.committee = make_committee()
        self.meeting = make_meeting(committee=self.committee)
        self.secretary = make_secretary(self.committee)
        self.mail = queue(meeting=self.meeting)
        OutgoingMail.objects.filter(pk=self.mail.pk).update(status=OutgoingMail.Status.FAILED, attempts=10,
                                                             last_error="SMTPServerDisconnected: gone")
        self.url = reverse("mail:resend", args=[self.mail.pk])

    def test_the_secretariat_sends_a_failed_mail_again(self):
        self.client.force_login(self.secretary)
        response = self.client.post(self.url)
        self.assertRedirects(response, reverse("workspace:meeting", args=[self.meeting.pk]) + "#udsendelser",
                             fetch_redirect_response=False)
        self.mail.refresh_from_db()
        self.assertEqual((self.mail.status, self.mail.attempts), (OutgoingMail.Status.QUEUED, 0))
        latest = self.mail.history.first()
        self.assertEqual((latest.history_user, latest.history_change_reason), (self.secretary, "Send igen"))

    def test_it_forbids_a_member(self):
        self.client.force_login(make_member(self.committee))
        self.assertEqual(self.client.post(self.url).status_code, 403)
        self.mail.refresh_from_db()
        self.assertEqual(self.mail.status, OutgoingMail.Status.FAILED)

    def test_it_forbids_an_outsider_and_another_committees_secretariat(self):
        for user in (make_user(), make_secretary(make_committee(), username="other")):
            self.client.force_login(user)
            with self.subTest(user=user):
                self.assertEqual(self.client.post(self.url).status_code, 403)
        self.mail.refresh_from_db()
        self.assertEqual(self.mail.status, OutgoingMail.Status.FAILED)

    def test_it_sends_anonymous_callers_to_log_in(self):
        response = self.client.post(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("login"), response["Location"])

    def test_it_answers_only_post(self):
        self.client.force_login(self.secretary)
        self.assertEqual(self.client.get(self.url).status_code, 405)

    def test_an_unknown_mail_is_404(self):
        self.client.force_login(self.secretary)
        self.assertEqual(self.client.post(reverse("mail:resend", args=[999999])).status_code, 404)


class OutboxPartialTests(TestCase):
    def test_it_lists_who_was_told_what_with_send_again_for_failures(self):
        from django.template.loader import render_to_string

        meeting = make_meeting()
        person = make_person(name="Anne Andersen", email="anne@example.dk")
        queue(meeting=meeting, person=person)
        failed = queue(meeting=meeting, to_address="bo@example.dk", kind=OutgoingMail.Kind.MEETING_CANCELLED)
        OutgoingMail.objects.filter(pk=failed.pk).update(status=OutgoingMail.Status.FAILED, attempts=10,
                                                          last_error="SMTPRecipientsRefused: no such user")
        # outbox rows with their people
        with self.assertNumQueries(1):
            mails = list(outbox_for_meeting(meeting))
        html = render_to_string("mail/_meeting_outbox.html", {"mails": mails})
        self.assertIn("Anne Andersen", html)
        self.assertIn("Dagsorden offentliggjort", html)
        self.assertIn("Møde aflyst", html)
        self.assertIn("Fejlet efter 10 forsøg", html)
        self.assertIn("SMTPRecipientsRefused: no such user", html)
        self.assertEqual(html.count("Send igen"), 1)
        self.assertIn(reverse("mail:resend", args=[failed.pk]), html)
