"""Attachments in the workspace, in real Chromium: upload, rename, move, close until a date,
open again and delete, by keyboard where a keyboard user would, with axe-core clean."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.models import Attachment, Meeting
from meetings.uploads import store_upload
from tests.browser.base import BrowserTestCase
from tests.factories import make_committee, make_item, make_meeting, make_secretary

PDF = b"%PDF-1.7\n% a small test file\n"


@pytest.mark.browser
class AttachmentWorkspaceTests(BrowserTestCase):
    @classmethod
    def setUpClassData(cls):
        cls.committee = make_committee(name="Kommunalt Lægeligt Udvalg", short_name="KLU")
        cls.secretary = make_secretary(cls.committee, username="sekretaer-bilag")
        cls.meeting = make_meeting(committee=cls.committee, date=datetime.date(2030, 3, 14))
        make_item(cls.meeting, title="Sundhedsaftalen")
        cls.first = store_upload(meeting=cls.meeting, item=None, user=cls.secretary,
                                 upload=SimpleUploadedFile("første.pdf", PDF), title="Første bilag",
                                 part=Attachment.Part.AGENDA, is_closed=False)

    def press(self, name, key="Enter", role="button"):
        """Give the control the keyboard focus and press a key on it, as a keyboard user does."""
        control = self.page.get_by_role(role, name=name, exact=True)
        control.focus()
        self.page.keyboard.press(key)

    def order(self):
        return list(Attachment.objects.filter(meeting=self.meeting).order_by("position", "pk")
                    .values_list("title", flat=True))

    def test_the_secretariat_manages_an_attachment_from_upload_to_deletion(self):
        page = self.page
        self.log_in(self.secretary)
        hub = f"/workspace/meetings/{self.meeting.pk}/"
        self.visit(hub)

        # Upload.
        upload = page.locator("form").filter(has=page.get_by_role("button", name="Gem bilag", exact=True))
        upload.get_by_label("Titel").fill("Notat om økonomi")
        upload.get_by_label("Fil").set_input_files({"name": "økonomi.pdf", "mimeType": "application/pdf",
                                                    "buffer": PDF})
        upload.get_by_role("button", name="Gem bilag").click()
        page.get_by_text("Bilaget er gemt.").wait_for()
        self.assertEqual(self.order(), ["Første bilag", "Notat om økonomi"])
        self.assert_no_axe_violations("the hub with attachments")

        # Rename, by keyboard: type the new title and press Enter.
        self.press("Redigér bilaget Notat om økonomi", role="link")
        page.get_by_role("heading", name="Bilag: Notat om økonomi").wait_for()
        self.assert_no_axe_violations("an attachment in the workspace")
        title = page.get_by_label("Titel", exact=True)
        title.fill("Notat om økonomi, rettet")
        title.press("Enter")
        page.get_by_text("Bilaget „Notat om økonomi, rettet“ er gemt.").wait_for()

        # Move the first one down, by keyboard.
        self.press("Flyt bilaget Første bilag ned")
        page.get_by_text("Bilaget „Første bilag“ er flyttet.").wait_for()
        self.assertEqual(self.order(), ["Notat om økonomi, rettet", "Første bilag"])

        # Close it until a date that has passed: the hub offers to open it.
        page.get_by_role("link", name="Redigér bilaget Notat om økonomi, rettet").click()
        page.get_by_label("Lukket bilag", exact=True).focus()
        page.keyboard.press("Space")
        page.get_by_label("Lukket indtil dato").fill("2024-01-12")
        page.get_by_role("button", name="Gem bilaget").click()
        page.get_by_text("Lukket indtil 12. januar 2024").first.wait_for()
        page.get_by_text("Kan nu åbnes").wait_for()
        attachment = Attachment.objects.get(meeting=self.meeting, title="Notat om økonomi, rettet")
        self.assertEqual((attachment.is_closed, attachment.closed_until), (True, datetime.date(2024, 1, 12)))
        self.assert_no_axe_violations("the hub with a closed attachment")

        # Open it again, by keyboard.
        self.press("Åbn bilaget Notat om økonomi, rettet for offentligheden")
        page.get_by_text("Bilaget „Notat om økonomi, rettet“ er åbnet for offentligheden.").wait_for()
        attachment.refresh_from_db()
        self.assertEqual((attachment.is_closed, attachment.opened_by), (False, self.secretary))
        self.assertEqual(attachment.closed_until, datetime.date(2024, 1, 12))  # the record of what it was

        # Delete, after the confirmation page.
        self.press("Slet bilaget Notat om økonomi, rettet", role="link")
        page.get_by_role("heading", name="Slet bilaget Notat om økonomi, rettet?").wait_for()
        self.assert_no_axe_violations("the delete confirmation")
        self.press("Slet bilaget")
        page.get_by_text("Bilaget „Notat om økonomi, rettet“ er slettet.").wait_for()
        self.assertEqual(self.order(), ["Første bilag"])
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).status, Meeting.Status.PLANNED)
