"""Nobody waits for a PDF they did not ask for: sign-off and correction render nothing in the request.

The worker (meetings/tasks.py, run here as `manage.py db_worker --batch` runs it)
stores both editions afterwards; a download that comes first stores them itself, once;
the sign-off mail states the SHA-256 of the stored public file.
"""

import datetime
import hashlib
import shutil
import tempfile
from unittest import mock

from django.core.files.storage import default_storage
from django.test import override_settings
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from mail.models import OutgoingMail
from meetings import access, services
from meetings.exports import pdf
from meetings.models import Decision, Meeting, MinutesCorrection, MinutesPdf
from meetings.presentation import build_meeting_view
from meetings.selectors import meeting_for_display
from tests.factories import (
    make_committee, make_decision, make_item, make_meeting, make_member, make_person, make_secretary, response_bytes,
)
from tests.smtp_server import run_mail_worker

from .base import ExportTestCase, pdf_text
from .test_atomic_pdfs import DiskFullAtPdf

TASK = "meetings.tasks.store_minutes_pdfs"


def stored_bytes(row):
    with row.file.open("rb") as handle:
        return handle.read()


def fresh_render(meeting, audience, **kw):
    return pdf.render_minutes_pdf(build_meeting_view(meeting_for_display(meeting.pk), audience), **kw)


class BackgroundPdfTests(ExportTestCase):
    def setUp(self):
        # A media folder per test: "no file yet" must not see another test's files.
        media = tempfile.mkdtemp(prefix="klu-background-")
        self.addCleanup(shutil.rmtree, media, ignore_errors=True)
        self.enterContext(override_settings(MEDIA_ROOT=media))
        self.committee = make_committee()
        self.secretary = make_secretary(self.committee, email="sekretaer@example.dk")
        self.member = make_member(self.committee, username="anne")
        self.member.person.email = "anne@example.org"
        self.member.person.save()
        self.meeting = make_meeting(committee=self.committee, status=Meeting.Status.MINUTES_DRAFTED,
                                    date=datetime.date(2024, 4, 4), minute_taker=make_person(name="Lars Lund"))
        self.item = make_item(self.meeting, title="Mødekalender 2025")
        make_decision(self.item, text="Godkendt med møder i marts og juni.")
        make_decision(make_item(self.meeting, title="Personalesag om en konsulent", is_closed=True),
                      text="Fortrolig beslutning.")
        # Counts renders without changing them: every WeasyPrint render of a meeting goes through PdfJob.render.
        renders = mock.patch.object(pdf.PdfJob, "render", autospec=True, side_effect=pdf.PdfJob.render)
        self.renders = renders.start()
        self.addCleanup(renders.stop)

    def sign_off(self):
        services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair")

    def stored(self, version=1):
        return {row.audience: row for row in MinutesPdf.objects.filter(meeting=self.meeting, version=version)}

    def signed_off_mails(self):
        return OutgoingMail.objects.filter(meeting=self.meeting, kind="minutes_signed_off")

    def test_signing_off_renders_nothing_and_the_worker_stores_what_a_fresh_render_gives(self):
        self.client.force_login(self.secretary)
        response = self.client.post(reverse("workspace:sign-off", args=[self.meeting.pk]),
                                    {"signoff-method": "chair"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).status, Meeting.Status.SIGNED_OFF)
        # Returned before any PDF was rendered: no render, no row, no file; one task waits.
        self.assertEqual(self.renders.call_count, 0)
        self.assertFalse(MinutesPdf.objects.exists())
        self.assertFalse(default_storage.exists(f"minutes/{self.meeting.pk}"))
        self.assertEqual(list(DBTaskResult.objects.filter(task_path=TASK).values_list("status", flat=True)),
                         ["READY"])
        self.assertFalse(self.signed_off_mails().exists())  # told once the PDF (and its hash) exists

        run_mail_worker()

        self.assertEqual(self.renders.call_count, 2)  # both editions, once
        rows = self.stored()
        self.assertEqual(set(rows), {"public", "members"})
        self.assertEqual(stored_bytes(rows["public"]), fresh_render(self.meeting, access.Audience.PUBLIC))
        self.assertEqual(stored_bytes(rows["members"]), fresh_render(self.meeting, access.Audience.MEMBER))
        self.assertNotIn("Fortrolig beslutning.", pdf_text(stored_bytes(rows["public"])))
        self.assertEqual(rows["public"].created_by, self.secretary)
        self.assertEqual(list(DBTaskResult.objects.filter(task_path=TASK).values_list("status", flat=True)),
                         ["SUCCESSFUL"])
        # Each member is told once, with the stored public file's SHA-256.
        digest = hashlib.sha256(stored_bytes(rows["public"])).hexdigest()
        mails = self.signed_off_mails()
        self.assertEqual(sorted(mails.values_list("to_address", flat=True)),
                         ["anne@example.org", "sekretaer@example.dk"] if self.secretary.person.email else
                         ["anne@example.org"])
        for mail in mails:
            self.assertIn(digest, mail.body_text)
            self.assertIn(digest, mail.body_html)

    def test_a_download_before_the_worker_stores_the_pdfs_once_and_the_mail_gives_their_hash(self):
        self.sign_off()
        response = self.client.get(reverse("exports:minutes-pdf", args=[self.meeting.pk]))
        self.assertEqual(response.status_code, 200)
        downloaded = response_bytes(response)
        self.assertEqual(downloaded, fresh_render(self.meeting, access.Audience.PUBLIC))
        first = self.stored()
        self.assertEqual(set(first), {"public", "members"})
        renders = self.renders.call_count

        run_mail_worker()

        # The worker found version 1 stored: no second render, the same rows and files.
        self.assertEqual(self.renders.call_count, renders)
        self.assertEqual({a: row.pk for a, row in self.stored().items()}, {a: row.pk for a, row in first.items()})
        self.assertEqual(MinutesPdf.objects.filter(meeting=self.meeting).count(), 2)
        self.assertEqual(stored_bytes(self.stored()["public"]), downloaded)
        mail = self.signed_off_mails().get(to_address="anne@example.org")
        self.assertIn("Den godkendte PDF har kontrolsummen (SHA-256):\n" + hashlib.sha256(downloaded).hexdigest(),
                      mail.body_text)

    def test_a_correction_renders_nothing_and_the_worker_stores_the_new_version(self):
        self.sign_off()
        run_mail_worker()
        version_1 = stored_bytes(self.stored()["public"])
        renders = self.renders.call_count

        result = self.correct("Datoen for 2. møde var skrevet forkert.", expected_version=1)

        self.assertEqual(self.renders.call_count, renders)
        self.assertEqual(result.pdfs, [])
        self.assertEqual(self.stored(2), {})
        run_mail_worker()
        rows = self.stored(2)
        self.assertEqual(set(rows), {"public", "members"})
        correction = MinutesCorrection.objects.get(meeting=self.meeting)
        expected = fresh_render(self.meeting, access.Audience.PUBLIC, version=2,
                                correction_reason=correction.reason, corrected_at=correction.created_at)
        self.assertEqual(stored_bytes(rows["public"]), expected)
        self.assertIn("Rettet udgave (version 2). Datoen for 2. møde var skrevet forkert.", pdf_text(expected))
        self.assertEqual(stored_bytes(self.stored(1)["public"]), version_1)  # version 1 kept as it was
        # A correction tells no one by mail: still one sign-off mail per person.
        self.assertEqual(self.signed_off_mails().filter(to_address="anne@example.org").count(), 1)

    def test_a_download_of_a_correction_before_the_worker_gets_the_new_version(self):
        self.sign_off()
        run_mail_worker()
        self.correct("Datoen for 2. møde var skrevet forkert.", expected_version=1)
        response = self.client.get(reverse("exports:minutes-pdf", args=[self.meeting.pk]))
        text = pdf_text(response_bytes(response))
        self.assertIn("Godkendt med møder i marts og september.", text)
        self.assertIn("Rettet udgave (version 2).", text)
        stored = {a: row.pk for a, row in self.stored(2).items()}
        run_mail_worker()
        self.assertEqual({a: row.pk for a, row in self.stored(2).items()}, stored)

    def test_corrections_before_the_worker_runs_keep_every_version_as_it_was(self):
        self.sign_off()
        version_1 = fresh_render(self.meeting, access.Audience.PUBLIC)
        # The worker has not run: the correction stores the version it changes first.
        self.correct("Datoen for 2. møde var skrevet forkert.", expected_version=1)
        self.assertEqual(stored_bytes(self.stored(1)["public"]), version_1)
        self.correct("Og måneden igen.", expected_version=2, text="Godkendt med møder i marts og oktober.")
        self.assertIn("marts og september", pdf_text(stored_bytes(self.stored(2)["public"])))

        run_mail_worker()

        self.assertEqual(sorted(MinutesPdf.objects.filter(meeting=self.meeting)
                                .values_list("version", flat=True)), [1, 1, 2, 2, 3, 3])
        self.assertEqual(stored_bytes(self.stored(1)["public"]), version_1)
        self.assertIn("marts og oktober", pdf_text(stored_bytes(self.stored(3)["public"])))
        self.assertEqual(set(DBTaskResult.objects.filter(task_path=TASK).values_list("status", flat=True)),
                         {"SUCCESSFUL"})
        mail = self.signed_off_mails().get(to_address="anne@example.org")
        self.assertIn(self.stored(1)["public"].sha256, mail.body_text)

    def test_a_worker_that_cannot_store_tells_the_members_without_a_hash_and_the_download_stores_them(self):
        self.sign_off()
        with DiskFullAtPdf(nth=2):
            run_mail_worker()
        self.assertFalse(MinutesPdf.objects.exists())
        self.assertEqual(DBTaskResult.objects.get(task_path=TASK).status, "FAILED")
        mail = self.signed_off_mails().get(to_address="anne@example.org")
        self.assertIn("Referatet af mødet i", mail.body_text)
        self.assertNotIn("SHA-256", mail.body_text)
        self.assertNotIn("SHA-256", mail.body_html)
        response = self.client.get(reverse("exports:minutes-pdf", args=[self.meeting.pk]))
        self.assertEqual(response_bytes(response), fresh_render(self.meeting, access.Audience.PUBLIC))
        self.assertEqual(set(self.stored()), {"public", "members"})

    def correct(self, reason, *, expected_version, text="Godkendt med møder i marts og september."):
        def apply():
            decision = Decision.objects.get(item=self.item)
            decision.text = text
            decision.save()

        return services.minutes_correct(meeting=self.meeting, user=self.secretary, reason=reason, apply=apply,
                                        expected_version=expected_version)
