"""Attachments and stored PDFs on a real S3-compatible store (SeaweedFS, `weed server -s3`).

MEDIA_STORAGE_URL=s3://… (klu/service_urls.py) puts every file the app stores in a
bucket. These tests point STORAGES["default"] at the session's SeaweedFS
(tests/services_fixtures.py), each case under a prefix of its own, and check what
lands there with boto3 behind the app's back: the uploaded bytes, the minutes PDFs,
the combined document; nothing left over by a transaction that rolled back; access
checks before every download, which streams the stored bytes and never hands out the
store's address or a signed URL. With the store away the workspace and the downloads
answer in Danish (503), never a 500, and nothing stored before is lost.

The FileFields' storage is Django's lazy `default_storage`, which override_settings
of STORAGES resets (Django's setting_changed handler), so the models follow the
override without any help.
"""

import hashlib
import os
import shutil
import socket

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client, TestCase, override_settings
from django.urls import reverse

from django_tasks_db.models import DBTaskResult
from klu.service_urls import storage_from_url
from meetings import attachments as service
from meetings import services, stored_files
from meetings.models import Attachment, Meeting, MinutesPdf
from meetings.uploads import store_upload
from tests import services_fixtures
from tests.factories import (
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

PDF = b"%PDF-1.7\n% Notat om oekonomi, til punkt 1\n" + bytes(range(256)) * 40 + b"\n%%EOF\n"
CLOSED_PDF = b"%PDF-1.7\n% Fortroligt notat om en personalesag\n%%EOF\n"
NOT_WRITTEN = "Filen kunne ikke gemmes, fordi serveren ikke kunne skrive den"
NOT_READ = "Filen kan ikke hentes lige nu, fordi serveren ikke kan læse den"
MINUTES_NOT_STORED = "Referatet kunne ikke gemmes som PDF"


def storages_for(url):
    """STORAGES as in settings, with the default storage at `url`."""
    return {**settings.STORAGES, "default": storage_from_url(url)}


def closed_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class ObjectStorageCase(TestCase):
    """A TestCase whose stored files go to the session's SeaweedFS, under a prefix of its own."""

    @classmethod
    def setUpClass(cls):
        cls.s3 = services_fixtures.seaweedfs()
        cls.storage_url, cls.prefix = services_fixtures.storage_url()
        cls.enterClassContext(override_settings(STORAGES=storages_for(cls.storage_url)))
        cls.bucket = cls.s3.client()
        super().setUpClass()

    def setUp(self):
        # The store outlives each test's rolled-back rows: start from an empty prefix.
        for key in self.keys():
            self.bucket.delete_object(Bucket="klu", Key=key)

    def keys(self):
        listing = self.bucket.list_objects_v2(Bucket="klu", Prefix=self.prefix + "/")
        return {entry["Key"] for entry in listing.get("Contents", [])}

    def key(self, name):
        return f"{self.prefix}/{name}"

    def object_bytes(self, name):
        return self.bucket.get_object(Bucket="klu", Key=self.key(name))["Body"].read()

    def assert_reveals_no_store(self, response):
        """Nothing in the answer points at the store: no address, no bucket path, no signed URL."""
        text = (b"".join(f"{k}: {v}\n".encode() for k, v in response.items())
                + (b"" if response.streaming else response.content))
        for needle in (f"127.0.0.1:{self.s3.port}".encode(), self.prefix.encode(), b"X-Amz", b"x-amz",
                       b"Signature=", b"AWSAccessKeyId", b"klu-test-access"):
            self.assertNotIn(needle, text)
        self.assertFalse(response.has_header("Location"))


class StorageFollowsTheSettingsTests(ObjectStorageCase):
    def test_the_file_fields_use_the_lazy_default_storage_which_is_now_s3(self):
        for model in (Attachment, MinutesPdf):
            self.assertIs(model._meta.get_field("file").storage, default_storage)
        self.assertEqual(default_storage.bucket_name, "klu")
        self.assertEqual(type(default_storage._wrapped).__name__, "S3Storage")
        self.assertEqual(default_storage.location, self.prefix)


class AttachmentTests(ObjectStorageCase):
    def setUp(self):
        super().setUp()
        self.committee = make_committee()
        self.secretary = make_secretary(self.committee)
        self.member = make_member(self.committee)
        self.meeting = make_meeting(committee=self.committee, status=Meeting.Status.AGENDA_PUBLISHED)
        self.item = make_item(self.meeting, title="Økonomi")
        self.workspace = Client()
        self.workspace.force_login(self.secretary)

    def upload(self, content, *, name="Notat om økonomi.pdf", closed=False, client=None):
        data = {"attachment-title": "Notat om økonomi", "attachment-part": "agenda",
                "attachment-file": SimpleUploadedFile(name, content, content_type="application/pdf")}
        if closed:
            data["attachment-is_closed"] = "on"
        return (client or self.workspace).post(reverse("workspace:attachment-upload", args=[self.meeting.pk]), data)

    def download(self, attachment, client=None):
        return (client or Client()).get(reverse("meetings:attachment", args=[self.meeting.pk, attachment.pk]))

    def test_an_upload_through_the_workspace_lands_in_the_bucket_and_downloads_byte_for_byte(self):
        response = self.upload(PDF)
        self.assertEqual(response.status_code, 302)
        attachment = Attachment.objects.get(meeting=self.meeting)
        self.assertRegex(attachment.file.name, rf"^attachments/{self.meeting.pk}/notat-om-oekonomi-[0-9a-f]{{8}}\.pdf$")
        # Behind the app's back: the object is there, whole, and its hash is the recorded one.
        self.assertEqual(self.keys(), {self.key(attachment.file.name)})
        stored = self.object_bytes(attachment.file.name)
        self.assertEqual(stored, PDF)
        self.assertEqual(attachment.sha256, hashlib.sha256(stored).hexdigest())
        self.assertEqual(attachment.size, len(PDF))
        self.assertEqual(attachment.original_name, "Notat om økonomi.pdf")
        # The public download streams the same bytes from the store, as an attachment.
        public = self.download(attachment)
        self.assertEqual(public.status_code, 200)
        self.assertEqual(response_bytes(public), PDF)
        self.assertIn("attachment;", public["Content-Disposition"])
        self.assertEqual(public["Content-Type"], "application/pdf")
        self.assert_reveals_no_store(public)

    def test_a_closed_attachment_in_the_bucket_is_404_to_the_public_and_streams_to_a_member(self):
        self.assertEqual(self.upload(CLOSED_PDF, name="personalesag.pdf", closed=True).status_code, 302)
        attachment = Attachment.objects.get(meeting=self.meeting)
        self.assertTrue(attachment.is_closed)
        self.assertEqual(self.object_bytes(attachment.file.name), CLOSED_PDF)  # the object exists
        public = self.download(attachment)
        self.assertEqual(public.status_code, 404)
        self.assert_reveals_no_store(public)
        self.assertNotIn(attachment.file.name.encode(), public.content)
        # The same 404 as for an attachment that does not exist: nothing to probe.
        missing = Client().get(reverse("meetings:attachment", args=[self.meeting.pk, attachment.pk + 1000]))
        self.assertEqual(missing.status_code, 404)
        member = Client()
        member.force_login(self.member)
        answer = self.download(attachment, member)
        self.assertEqual(answer.status_code, 200)
        self.assertEqual(response_bytes(answer), CLOSED_PDF)
        self.assertEqual(answer["Cache-Control"], "private, no-cache")
        self.assert_reveals_no_store(answer)

    def test_an_upload_whose_transaction_rolls_back_leaves_no_object(self):
        with self.assertRaises(RuntimeError), transaction.atomic():
            attachment = store_upload(meeting=self.meeting, item=None, user=self.secretary,
                                      upload=SimpleUploadedFile("notat.pdf", PDF), title="Notat",
                                      part=Attachment.Part.AGENDA, is_closed=False)
            self.assertEqual(self.keys(), {self.key(attachment.file.name)})  # written, waiting for the commit
            raise RuntimeError("something after the upload failed")
        self.client.get(reverse("healthz"))  # the end of any request removes what rolled back
        self.assertEqual(self.keys(), set())
        self.assertFalse(Attachment.objects.exists())

    def test_a_replaced_file_keeps_the_earlier_object_for_the_history(self):
        self.upload(PDF)
        attachment = Attachment.objects.get(meeting=self.meeting)
        first = attachment.file.name
        response = self.workspace.post(
            reverse("workspace:attachment-replace", args=[self.meeting.pk, attachment.pk]),
            {"replace-version": service.attachment_version(attachment),
             "replace-file": SimpleUploadedFile("ny.pdf", CLOSED_PDF)})
        self.assertEqual(response.status_code, 302)
        attachment.refresh_from_db()
        self.assertNotEqual(attachment.file.name, first)
        self.assertEqual(self.keys(), {self.key(first), self.key(attachment.file.name)})
        self.assertEqual(response_bytes(self.download(attachment)), CLOSED_PDF)


class MinutesTests(ObjectStorageCase):
    def setUp(self):
        super().setUp()
        self.committee = make_committee(slug="klu-s3")
        self.secretary = make_secretary(self.committee)
        self.member = make_member(self.committee)
        self.meeting = make_meeting(committee=self.committee, status=Meeting.Status.MINUTES_DRAFTED,
                                    minute_taker=make_person(name="Lars Lund"))
        make_decision(make_item(self.meeting, title="Mødekalender 2025"), text="Godkendt.")
        make_decision(make_item(self.meeting, title="Personalesag om en konsulent", is_closed=True),
                      text="Fortrolig beslutning om konsulentens ansættelse.")
        self.workspace = Client()
        self.workspace.force_login(self.secretary)

    def sign_off(self):
        response = self.workspace.post(reverse("workspace:sign-off", args=[self.meeting.pk]),
                                       {"signoff-method": "chair"})
        self.assertEqual(response.status_code, 302)

    def test_the_signed_off_pdfs_and_the_combined_document_are_stored_in_the_bucket_and_served_from_it(self):
        self.sign_off()
        self.assertEqual(self.keys(), set())  # the worker stores them, not the sign-off
        run_mail_worker()
        rows = {row.audience: row for row in MinutesPdf.objects.filter(meeting=self.meeting)}
        self.assertEqual(set(rows), {MinutesPdf.Audience.PUBLIC, MinutesPdf.Audience.MEMBERS})
        self.assertEqual(self.keys(), {self.key(row.file.name) for row in rows.values()})
        for row in rows.values():
            stored = self.object_bytes(row.file.name)
            self.assertEqual(stored[:5], b"%PDF-")
            self.assertEqual(hashlib.sha256(stored).hexdigest(), row.sha256)
            self.assertEqual(len(stored), row.size)

        public = Client().get(reverse("exports:minutes-pdf", args=[self.meeting.pk]))
        self.assertEqual(public.status_code, 200)
        self.assertEqual(response_bytes(public), self.object_bytes(rows[MinutesPdf.Audience.PUBLIC].file.name))
        self.assert_reveals_no_store(public)
        member = Client()
        member.force_login(self.member)
        full = member.get(reverse("exports:minutes-pdf", args=[self.meeting.pk]))
        self.assertEqual(response_bytes(full), self.object_bytes(rows[MinutesPdf.Audience.MEMBERS].file.name))

        # The combined document is stored on its first request, beside the minutes.
        combined = Client().get(reverse("exports:combined-pdf", args=[self.meeting.pk]))
        self.assertEqual(combined.status_code, 200)
        name = f"minutes/{self.meeting.pk}/combined-v1-public.pdf"
        self.assertIn(self.key(name), self.keys())
        self.assertEqual(response_bytes(combined), self.object_bytes(name))
        self.assert_reveals_no_store(combined)
        again = Client().get(reverse("exports:combined-pdf", args=[self.meeting.pk]))
        self.assertEqual(response_bytes(again), response_bytes(combined))
        self.assertEqual(len(self.keys()), 3)

    def test_the_archive_hand_over_reads_the_files_from_the_bucket(self):
        import json
        import tempfile
        from pathlib import Path

        from django.core.management import call_command

        self.sign_off()
        run_mail_worker()
        folder = tempfile.mkdtemp(prefix="klu-archive-s3-")
        self.addCleanup(shutil.rmtree, folder)
        output = Path(folder) / "arkiv"
        call_command("export_archive", year=str(self.meeting.date.year), committee="klu-s3",
                     output=str(output), stdout=open(os.devnull, "w"))
        manifest = json.loads((output / "manifest.json").read_text())
        written = {entry["sha256"]: output / entry["path"] for entry in manifest["files"]}
        rows = MinutesPdf.objects.filter(meeting=self.meeting)
        self.assertEqual(len(rows), 2)
        for row in rows:
            stored = self.object_bytes(row.file.name)
            # Each edition's bytes, read from the bucket, are in the archive under their hash.
            self.assertEqual(written[hashlib.sha256(stored).hexdigest()].read_bytes(), stored)

    def test_a_sign_off_rolled_back_after_the_pdfs_were_stored_leaves_no_object(self):
        with self.assertRaises(RuntimeError), transaction.atomic():
            services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair")
            run_mail_worker()
            self.assertEqual(len(self.keys()), 2)  # written, waiting for the commit
            raise RuntimeError("something after the sign-off failed")
        stored_files.discard_rolled_back()  # what the end of every request does
        self.assertEqual(self.keys(), set())
        self.assertFalse(MinutesPdf.objects.exists())


class StoreAwayTests(ObjectStorageCase):
    """The store stops answering: a closed port (refused) or keys it does not know (403)."""

    def setUp(self):
        super().setUp()
        self.committee = make_committee(slug="klu-away")
        self.secretary = make_secretary(self.committee)
        self.meeting = make_meeting(committee=self.committee, status=Meeting.Status.AGENDA_PUBLISHED,
                                    minute_taker=make_person(name="Lars Lund"))
        self.item = make_item(self.meeting, title="Økonomi")
        self.kept = store_upload(meeting=self.meeting, item=None, user=self.secretary,
                                 upload=SimpleUploadedFile("kept.pdf", PDF), title="Gemt før",
                                 part=Attachment.Part.AGENDA, is_closed=False)
        self.workspace = Client()
        self.workspace.force_login(self.secretary)

    def away(self, how):
        if how == "closed port":
            url = self.storage_url.replace(f":{self.s3.port}/", f":{closed_port()}/")
        else:
            url = self.storage_url.replace("klu-test-secret", "not-the-secret")
        return override_settings(STORAGES=storages_for(url))

    def assert_danish_503(self, response, sentence):
        self.assertEqual(response.status_code, 503)
        text = response.content.decode()
        self.assertIn(sentence, text)
        self.assertNotIn("Traceback", text)
        self.assertNotIn("botocore", text)
        self.assert_reveals_no_store(response)

    def test_an_upload_is_refused_in_danish_and_nothing_is_lost(self):
        for how in ("closed port", "wrong keys"):
            with self.subTest(how), self.away(how):
                response = self.workspace.post(reverse("workspace:attachment-upload", args=[self.meeting.pk]), {
                    "attachment-title": "Nyt notat", "attachment-part": "agenda",
                    "attachment-file": SimpleUploadedFile("nyt.pdf", PDF)})
                self.assert_danish_503(response, NOT_WRITTEN)
                self.assertContains(response, "Nyt notat", status_code=503)  # what was typed stays
                self.assertEqual(list(Attachment.objects.values_list("pk", flat=True)), [self.kept.pk])
        self.assertEqual(self.keys(), {self.key(self.kept.file.name)})
        self.assertEqual(response_bytes(Client().get(
            reverse("meetings:attachment", args=[self.meeting.pk, self.kept.pk]))), PDF)

    def test_a_replacement_is_refused_in_danish_and_the_old_file_stays(self):
        with self.away("closed port"):
            response = self.workspace.post(
                reverse("workspace:attachment-replace", args=[self.meeting.pk, self.kept.pk]),
                {"replace-version": service.attachment_version(self.kept),
                 "replace-file": SimpleUploadedFile("ny.pdf", CLOSED_PDF)})
        self.assert_danish_503(response, NOT_WRITTEN)
        self.kept.refresh_from_db()
        self.assertEqual(self.object_bytes(self.kept.file.name), PDF)

    def test_downloads_answer_503_in_danish_and_work_again_when_the_store_is_back(self):
        url = reverse("meetings:attachment", args=[self.meeting.pk, self.kept.pk])
        for how in ("closed port", "wrong keys"):
            with self.subTest(how), self.away(how):
                self.assert_danish_503(Client().get(url), NOT_READ)
                # Pages that need no file are served as usual.
                self.assertEqual(Client().get(reverse("meetings:detail", args=[self.meeting.pk])).status_code, 200)
        back = Client().get(url)
        self.assertEqual(back.status_code, 200)
        self.assertEqual(response_bytes(back), PDF)

    def test_minutes_signed_off_while_the_store_is_away_are_stored_by_the_first_download_after(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(status=Meeting.Status.MINUTES_DRAFTED)
        make_decision(self.item, text="Godkendt.")
        with self.away("closed port"):
            services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair")
            run_mail_worker()  # the worker cannot store them: the task fails, nothing is half-stored
            self.assertEqual(DBTaskResult.objects.get(task_path="meetings.tasks.store_minutes_pdfs").status,
                             "FAILED")
            self.assertFalse(MinutesPdf.objects.exists())
            for name in ("exports:minutes-pdf", "exports:combined-pdf"):
                self.assert_danish_503(Client().get(reverse(name, args=[self.meeting.pk])), MINUTES_NOT_STORED)
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.status, Meeting.Status.SIGNED_OFF)  # the decision stands
        back = Client().get(reverse("exports:minutes-pdf", args=[self.meeting.pk]))
        self.assertEqual(back.status_code, 200)
        public = MinutesPdf.objects.get(meeting=self.meeting, audience=MinutesPdf.Audience.PUBLIC)
        self.assertEqual(response_bytes(back), self.object_bytes(public.file.name))

    def test_store_minutes_pdfs_names_what_it_could_not_store_and_stores_it_later(self):
        from django.core.management import CommandError, call_command

        Meeting.objects.filter(pk=self.meeting.pk).update(status=Meeting.Status.MINUTES_DRAFTED)
        make_decision(self.item, text="Godkendt.")
        with self.away("closed port"):
            services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair")
            run_mail_worker()  # fails to store them
            with self.assertRaises(CommandError) as refused:
                call_command("store_minutes_pdfs", stdout=open(os.devnull, "w"))
        self.assertIn("Referatet kunne ikke gemmes som PDF for", str(refused.exception))
        self.assertIn(self.meeting.date.isoformat(), str(refused.exception))
        self.assertFalse(MinutesPdf.objects.exists())
        call_command("store_minutes_pdfs", stdout=open(os.devnull, "w"))
        self.assertEqual(MinutesPdf.objects.filter(meeting=self.meeting).count(), 2)

    def test_stored_minutes_answer_503_while_the_store_is_away(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(status=Meeting.Status.MINUTES_DRAFTED)
        make_decision(self.item, text="Godkendt.")
        services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair")
        run_mail_worker()
        self.assertEqual(MinutesPdf.objects.filter(meeting=self.meeting).count(), 2)
        with self.away("closed port"):
            self.assert_danish_503(Client().get(reverse("exports:minutes-pdf", args=[self.meeting.pk])), NOT_READ)
            self.assert_danish_503(Client().get(reverse("exports:combined-pdf", args=[self.meeting.pk])),
                                   MINUTES_NOT_STORED)
        self.assertEqual(Client().get(reverse("exports:minutes-pdf", args=[self.meeting.pk])).status_code, 200)
