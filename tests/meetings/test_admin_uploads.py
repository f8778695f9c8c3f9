"""Every attachment goes through meetings.uploads, whichever door it comes through (the
workspace, the admin and its inline rows, a script, a fixture): type by content, size,
SHA-256 and a safe stored name, while downloads keep the name as uploaded, æøå included."""

import hashlib
import io
import json
import tempfile
import unicodedata
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.urls import reverse

from meetings.models import Attachment, Meeting
from meetings.uploads import UploadRefused
from tests.exports.base import ExportTestCase
from tests.factories import make_item, make_meeting, make_secretary, response_bytes

PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << >> endobj\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


class AttachmentUploadTests(ExportTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.secretary = make_secretary(is_superuser=True)
        cls.meeting = make_meeting(status=Meeting.Status.AGENDA_PUBLISHED)
        cls.item = make_item(cls.meeting, title="Dialogmøder")

    def setUp(self):
        self.client.force_login(self.secretary)
        self.files_before = self.stored_files()

    def stored_files(self):
        """The files in the media folder (the class's own, shared by its tests)."""
        return sorted(str(p) for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file())

    def assertNoFileStored(self):
        self.assertEqual(self.stored_files(), self.files_before)

    def admin_add(self, upload, **data):
        return self.client.post(reverse("admin:meetings_attachment_add"), {
            "meeting": self.meeting.pk, "title": "Notat", "part": "agenda", "position": "0", "file": upload, **data})

    def assertStoredAsUploaded(self, attachment, content, original_name, stem):
        self.assertRegex(attachment.file.name, rf"^attachments/{self.meeting.pk}/{stem}-[0-9a-f]{{8}}\.pdf$")
        self.assertEqual(attachment.original_name, original_name)
        self.assertEqual(attachment.sha256, hashlib.sha256(content).hexdigest())
        self.assertEqual((attachment.size, attachment.content_type), (len(content), "application/pdf"))
        with attachment.file.open("rb") as handle:
            self.assertEqual(handle.read(), content)

    def test_the_admin_refuses_an_html_file_with_a_danish_message_and_keeps_the_form(self):
        response = self.admin_add(SimpleUploadedFile("side.html", HTML, content_type="text/html"),
                                  title="Mødeside")
        self.assertContains(response, "Filtypen er ikke tilladt. Brug PDF, Word, PowerPoint, Excel, PNG eller JPEG.")
        self.assertEqual(response.context["adminform"].form["title"].value(), "Mødeside")
        self.assertFalse(Attachment.objects.exists())
        self.assertNoFileStored()

    def test_the_admin_refuses_html_disguised_as_a_pdf(self):
        response = self.admin_add(SimpleUploadedFile("notat.pdf", HTML, content_type="application/pdf"))
        self.assertContains(response, "Filens indhold passer ikke til endelsen .pdf. Filen er ikke gemt.")
        self.assertFalse(Attachment.objects.exists())
        self.assertNoFileStored()

    @override_settings(ATTACHMENT_MAX_BYTES=1024)
    def test_the_admin_refuses_a_file_over_the_size_limit(self):
        response = self.admin_add(SimpleUploadedFile("stor.pdf", PDF + bytes(2000)))
        self.assertContains(response, "Filen er for stor.")
        self.assertFalse(Attachment.objects.exists())

    def test_the_admin_stores_a_pdf_like_the_workspace_keeping_the_danish_name_for_downloads(self):
        response = self.admin_add(SimpleUploadedFile("Æøå møde.pdf", PDF))
        self.assertEqual(response.status_code, 302)
        attachment = Attachment.objects.get()
        self.assertStoredAsUploaded(attachment, PDF, "Æøå møde.pdf", "aeoeaa-moede")
        self.assertEqual(attachment.history.latest().history_user, self.secretary)

    def test_an_upload_on_an_items_admin_page_is_checked_and_filed_under_the_items_meeting(self):
        url = reverse("admin:meetings_agendaitem_change", args=[self.item.pk])
        form = self.client.get(url).context["adminform"].form
        data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
        data.update({"is_closed": "", "decision-TOTAL_FORMS": "0", "decision-INITIAL_FORMS": "0",
                     "attachments-TOTAL_FORMS": "1", "attachments-INITIAL_FORMS": "0",
                     "attachments-0-title": "Slides", "attachments-0-part": "agenda", "attachments-0-position": "1"})

        refused = self.client.post(url, {**data, "attachments-0-file": SimpleUploadedFile("slides.html", HTML)})
        self.assertContains(refused, "Filtypen er ikke tilladt.")
        self.assertFalse(Attachment.objects.exists())

        response = self.client.post(url, {**data, "attachments-0-file": SimpleUploadedFile("Sundhedsaftalen – slides.pdf",
                                                                                            PDF)})
        self.assertEqual(response.status_code, 302)
        attachment = Attachment.objects.get()
        self.assertEqual((attachment.meeting, attachment.item), (self.meeting, self.item))
        self.assertStoredAsUploaded(attachment, PDF, "Sundhedsaftalen – slides.pdf", "sundhedsaftalen-slides")

    def test_the_workspace_keeps_danish_letters_too_and_composes_them(self):
        # macOS sends "å" as "a" and a combining ring.
        name = unicodedata.normalize("NFD", "Referat fra mødet på Ærø.pdf")
        response = self.client.post(reverse("workspace:attachment-upload", args=[self.meeting.pk]), {
            "attachment-title": "Referat", "attachment-part": "agenda",
            "attachment-file": SimpleUploadedFile(name, PDF)})
        self.assertEqual(response.status_code, 302)
        self.assertStoredAsUploaded(Attachment.objects.get(), PDF, "Referat fra mødet på Ærø.pdf",
                                    "referat-fra-moedet-paa-aeroe")

    def test_a_download_offers_the_name_as_uploaded(self):
        self.admin_add(SimpleUploadedFile("Æøå møde.pdf", PDF))
        attachment = Attachment.objects.get()
        self.client.logout()
        response = self.client.get(reverse("meetings:attachment", args=[self.meeting.pk, attachment.pk]))
        self.assertEqual(response_bytes(response), PDF)
        self.assertIn("filename*=utf-8''%C3%86%C3%B8%C3%A5%20m%C3%B8de.pdf", response["Content-Disposition"])

    def test_a_script_cannot_store_a_file_the_upload_form_would_refuse(self):
        with self.assertRaises(UploadRefused), transaction.atomic():
            Attachment.objects.create(meeting=self.meeting, title="Side", file=ContentFile(HTML, name="side.html"))
        self.assertFalse(Attachment.objects.exists())
        self.assertNoFileStored()
        # What it may store is checked and described as an upload is.
        attachment = Attachment.objects.create(meeting=self.meeting, title="Notat", size=1, sha256="x",
                                               file=ContentFile(PDF, name="Notat om økonomi.pdf"))
        self.assertStoredAsUploaded(attachment, PDF, "Notat om økonomi.pdf", "notat-om-oekonomi")

    def test_a_file_named_directly_must_be_one_of_ours_and_is_checked(self):
        storage = Attachment._meta.get_field("file").storage
        folder = f"attachments/{self.meeting.pk}"
        html = storage.save(f"{folder}/side.html", ContentFile(HTML))
        disguised = storage.save(f"{folder}/side.pdf", ContentFile(HTML))
        for name in (html, disguised, "../../../etc/passwd", f"attachments/{self.meeting.pk + 1}/x.pdf",
                     f"{folder}/findes-ikke.pdf"):
            with self.subTest(name=name), self.assertRaises(UploadRefused), transaction.atomic():
                Attachment.objects.create(meeting=self.meeting, title="Side", file=name)
        self.assertFalse(Attachment.objects.exists())
        # The seed stores its PDFs under names of this form itself, then names them.
        stored = storage.save(f"{folder}/rusmiddelafsnittet-2023-11-30.pdf", ContentFile(PDF))
        attachment = Attachment.objects.create(meeting=self.meeting, title="Slides", file=stored)
        self.assertEqual((attachment.sha256, attachment.size, attachment.content_type),
                         (hashlib.sha256(PDF).hexdigest(), len(PDF), "application/pdf"))

    def test_a_fixture_must_name_a_checked_file_and_state_it_truly(self):
        storage = Attachment._meta.get_field("file").storage
        html = storage.save(f"attachments/{self.meeting.pk}/side.html", ContentFile(HTML))
        pdf = storage.save(f"attachments/{self.meeting.pk}/notat.pdf", ContentFile(PDF))
        true_facts = {"sha256": hashlib.sha256(PDF).hexdigest(), "size": len(PDF), "content_type": "application/pdf"}
        fixtures = [
            {"file": html, "sha256": hashlib.sha256(HTML).hexdigest(), "size": len(HTML), "content_type": "text/html"},
            {"file": pdf, **true_facts, "sha256": "0" * 64},
        ]
        for number, fields in enumerate(fixtures):
            with self.subTest(fixture=number), self.assertRaises(UploadRefused):
                self.loaddata(fields)
        self.assertFalse(Attachment.objects.exists())
        self.loaddata({"file": pdf, **true_facts})
        self.assertEqual(Attachment.objects.get().sha256, true_facts["sha256"])

    def loaddata(self, fields):
        record = {"model": "meetings.attachment", "pk": 900,
                  "fields": {"meeting": self.meeting.pk, "title": "Fra fixture", "part": "agenda", **fields}}
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
            json.dump([record], handle)
        try:
            with transaction.atomic():
                call_command("loaddata", handle.name, verbosity=0, stdout=io.StringIO())
        finally:
            Path(handle.name).unlink()
