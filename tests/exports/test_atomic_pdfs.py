"""Stored minutes PDFs are written whole, and only when their rows commit.

A sign-off whose second PDF hit a full disk once left half a members' edition, closed
items included, in MEDIA_ROOT. These tests fill the disk halfway through the second
file (the failure is injected where the bytes are written, nothing else is mocked)
and expect no file, no row and no change; and they roll back transactions around a
store that succeeded and expect its files gone by the end of the request.
"""

import errno
import os
import shutil
import tempfile
from unittest import mock

from django.conf import settings
from django.db import OperationalError, transaction
from django.test import TransactionTestCase, override_settings
from django.urls import reverse

from django_tasks_db.models import DBTaskResult

from meetings import services
from meetings.models import Decision, Meeting, MinutesCorrection, MinutesPdf
from tests.factories import make_decision, make_item, make_meeting, make_person, make_secretary, response_bytes
from tests.factories import sign_off as mark_signed_off
from tests.smtp_server import run_mail_worker

from .base import ExportTestCase

NOT_STORED = "Referatet kunne ikke gemmes som PDF"


def stored_files():
    """Every file under MEDIA_ROOT, temporary ones included, relative to it."""
    found = set()
    for folder, _dirs, names in os.walk(settings.MEDIA_ROOT):
        found.update(os.path.relpath(os.path.join(folder, name), settings.MEDIA_ROOT) for name in names)
    return found


def empty_media_root():
    """Start from an empty MEDIA_ROOT: a rolled-back test's database rows go, its files do not."""
    shutil.rmtree(settings.MEDIA_ROOT, ignore_errors=True)
    os.makedirs(settings.MEDIA_ROOT)


class _HalfWritten:
    """A file whose disk fills up halfway through the first write."""

    def __init__(self, handle):
        self._handle = handle

    def write(self, data):
        self._handle.write(data[:len(data) // 2])
        self._handle.flush()
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name):
        return getattr(self._handle, name)

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        self._handle.close()


class DiskFullAtPdf:
    """os.fdopen, but the disk fills up during the `nth` minutes PDF written from now on."""

    def __init__(self, nth=2):
        self.nth, self.seen = nth, 0
        self.real = os.fdopen

    def __call__(self, fd, *args, **kwargs):
        handle = self.real(fd, *args, **kwargs)
        try:
            path = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            return handle
        if not path.startswith(os.path.join(os.path.realpath(settings.MEDIA_ROOT), "minutes")):
            return handle
        self.seen += 1
        return _HalfWritten(handle) if self.seen == self.nth else handle

    def __enter__(self):
        self._patch = mock.patch("os.fdopen", self)
        self._patch.start()
        return self

    def __exit__(self, *exc_info):
        self._patch.stop()


def make_minutes_ready_to_sign_off():
    meeting = make_meeting(status=Meeting.Status.MINUTES_DRAFTED, minute_taker=make_person(name="Lars Lund"))
    make_decision(make_item(meeting, title="Mødekalender 2025"), text="Godkendt.")
    make_decision(make_item(meeting, title="Personalesag om en konsulent", is_closed=True),
                  text="Fortrolig beslutning om konsulentens ansættelse.")
    return meeting


class SignOffTests(ExportTestCase):
    def setUp(self):
        empty_media_root()
        self.secretary = make_secretary()
        self.meeting = make_minutes_ready_to_sign_off()
        self.client.force_login(self.secretary)

    def sign_off(self):
        return self.client.post(reverse("workspace:sign-off", args=[self.meeting.pk]), {"signoff-method": "chair"})

    # The sign-off writes no file (the worker does, meetings/tasks.py); a full disk meets the worker.

    def test_a_full_disk_in_the_worker_leaves_no_file_no_row_and_the_next_try_stores_both(self):
        self.assertRedirects(self.sign_off(), reverse("workspace:meeting", args=[self.meeting.pk]))
        with DiskFullAtPdf(nth=2) as disk:
            run_mail_worker()
        self.assertEqual(disk.seen, 2)
        self.assertEqual(stored_files(), set())
        self.assertFalse(MinutesPdf.objects.exists())
        self.assertEqual(DBTaskResult.objects.get(task_path="meetings.tasks.store_minutes_pdfs").status, "FAILED")
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.status, Meeting.Status.SIGNED_OFF)  # the decision stands
        # The first download tries again, and stores both, whole.
        response = self.client.get(reverse("exports:minutes-pdf", args=[self.meeting.pk]))
        self.assertEqual(response.status_code, 200)
        rows = MinutesPdf.objects.filter(meeting=self.meeting)
        self.assertEqual(stored_files(), {row.file.name for row in rows})
        self.assertEqual(len(rows), 2)
        for row in rows:
            with row.file.open("rb") as handle:
                self.assertEqual(len(handle.read()), row.size)

    def test_the_files_of_a_store_its_caller_rolls_back_are_gone_when_the_request_ends(self):
        with self.assertRaises(RuntimeError), transaction.atomic():
            services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair")
            run_mail_worker()
            self.assertEqual(len(stored_files()), 2)  # written, waiting for the commit
            raise RuntimeError("something after the sign-off failed")
        self.client.get(reverse("healthz"))  # any request: its end removes what rolled back
        self.assertEqual(stored_files(), set())
        self.assertFalse(MinutesPdf.objects.exists())
        self.assertFalse(DBTaskResult.objects.exists())  # nor is anything left to render


class CorrectionTests(ExportTestCase):
    def setUp(self):
        empty_media_root()
        self.secretary = make_secretary()
        self.meeting = make_minutes_ready_to_sign_off()
        services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair")
        self.item = self.meeting.items.get(number=1)
        self.client.force_login(self.secretary)

    def correct(self):
        return self.client.post(reverse("workspace:correct", args=[self.meeting.pk]), {
            "item": self.item.pk, "text": "Godkendt med møder i marts og september.",
            "reason": "Datoen var skrevet forkert.", "version": 1,
        })

    def test_a_full_disk_storing_the_version_it_corrects_changes_nothing_and_keeps_what_was_typed(self):
        # Before the worker has stored version 1, the correction stores it first, in the request.
        with DiskFullAtPdf(nth=2):
            response = self.correct()
        self.assertContains(response, NOT_STORED, status_code=400)
        self.assertContains(response, "møder i marts og september", status_code=400)
        self.assertEqual(stored_files(), set())
        self.assertFalse(MinutesPdf.objects.exists())
        self.assertFalse(MinutesCorrection.objects.exists())
        self.assertEqual(Decision.objects.get(item=self.item).text, "Godkendt.")

    def test_a_full_disk_in_the_worker_keeps_the_correction_and_the_first_download_stores_it(self):
        run_mail_worker()
        signed_off_files = stored_files()
        self.assertRedirects(self.correct(), reverse("workspace:meeting", args=[self.meeting.pk]))
        with DiskFullAtPdf(nth=2):
            run_mail_worker()
        self.assertEqual(stored_files(), signed_off_files)
        self.assertEqual(set(MinutesPdf.objects.values_list("version", flat=True)), {1})
        self.assertTrue(MinutesCorrection.objects.filter(meeting=self.meeting, version=2).exists())
        self.client.get(reverse("exports:minutes-pdf", args=[self.meeting.pk]))
        self.assertEqual(set(MinutesPdf.objects.values_list("version", flat=True)), {1, 2})
        self.assertEqual(len(stored_files()), 4)


class FirstDownloadTests(ExportTestCase):
    def setUp(self):
        empty_media_root()
        # Signed off without its PDFs, as imported minutes are: the first download stores them.
        self.meeting = make_minutes_ready_to_sign_off()
        mark_signed_off(self.meeting)

    def test_a_full_disk_at_the_first_download_answers_503_in_danish_and_stores_nothing(self):
        url = reverse("exports:minutes-pdf", args=[self.meeting.pk])
        with DiskFullAtPdf(nth=2):
            response = self.client.get(url)
        self.assertEqual(response.status_code, 503)
        self.assertIn(NOT_STORED, response.content.decode())
        self.assertEqual(stored_files(), set())
        self.assertFalse(MinutesPdf.objects.exists())
        again = self.client.get(url)
        self.assertEqual(again.status_code, 200)
        self.assertEqual(response_bytes(again)[:5], b"%PDF-")
        self.assertEqual(len(stored_files()), 2)


class CommittedFilesTests(TransactionTestCase):
    """Real commits (no test transaction around them), in a media folder of their own."""

    def setUp(self):
        media_root = tempfile.mkdtemp(prefix="klu-atomic-")
        self.addCleanup(shutil.rmtree, media_root, ignore_errors=True)
        override = override_settings(MEDIA_ROOT=media_root)
        override.enable()
        self.addCleanup(override.disable)
        self.secretary = make_secretary()
        self.meeting = make_minutes_ready_to_sign_off()

    def test_a_committed_sign_off_keeps_its_files_when_a_later_commit_callback_fails(self):
        def notify():
            raise RuntimeError("the mail server is down")

        with self.assertRaises(RuntimeError):
            with transaction.atomic():
                transaction.on_commit(notify)  # registered first, and runs after the commit
                services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair")
        self.client.get(reverse("healthz"))  # the end of a request removes what rolled back
        run_mail_worker()  # the task committed with the sign-off
        rows = MinutesPdf.objects.filter(meeting=self.meeting)
        self.assertEqual(len(rows), 2)
        self.assertEqual(stored_files(), {row.file.name for row in rows})

    def test_a_sign_off_whose_commit_fails_leaves_no_file(self):
        with mock.patch.object(transaction.get_connection(), "commit",
                               side_effect=OperationalError("the database went away")):
            with self.assertRaises(OperationalError), transaction.atomic():
                services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair")
        self.client.get(reverse("healthz"))
        run_mail_worker()
        self.assertEqual(stored_files(), set())
        self.assertFalse(MinutesPdf.objects.exists())
        self.assertFalse(DBTaskResult.objects.exists())
