"""Attachments managed in the workspace: open, rename, move to an item or part, close,
replace the file, reorder and delete; each through a service that writes history, and
each refused with Danish reasons (never a 500) where it must not happen."""

import hashlib

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings import attachments as service
from meetings.models import Attachment, Meeting
from meetings.uploads import store_upload
from tests.exports.base import ExportTestCase
from tests.factories import (
    make_committee,
    make_item,
    make_meeting,
    make_member,
    make_secretary,
    make_user,
    response_bytes,
    sign_off,
)

OLD_PDF = b"%PDF-1.7\n% the first version\n"
NEW_PDF = b"%PDF-1.7\n% the corrected version, a little longer\n"


class AttachmentBase(ExportTestCase):
    def setUp(self):
        self.committee = make_committee()
        self.secretary = make_secretary(self.committee, first_name="Lars", last_name="Lund")
        self.meeting = make_meeting(committee=self.committee)
        self.item = make_item(self.meeting, title="Sundhedsaftalen")
        self.first = self.upload("Referat fra arbejdsgruppen", "arbejdsgruppe.pdf")
        self.second = self.upload("Notat om økonomi", "økonomi.pdf")
        self.client.force_login(self.secretary)

    def upload(self, title, name, content=OLD_PDF, **kw):
        return store_upload(meeting=self.meeting, item=kw.get("item"), user=self.secretary,
                            upload=SimpleUploadedFile(name, content), title=title,
                            part=kw.get("part", Attachment.Part.AGENDA), is_closed=kw.get("is_closed", False))

    def url(self, name, attachment=None, meeting=None):
        attachment = attachment or self.first
        return reverse(f"workspace:{name}", args=[(meeting or self.meeting).pk, attachment.pk])

    def edit_data(self, attachment=None, **changes):
        attachment = attachment or self.first
        data = {"version": service.attachment_version(attachment), "title": attachment.title,
                "item": attachment.item_id or "", "part": attachment.part,
                "closed_until": "", "closed_until_event": ""}
        if attachment.is_closed:
            data["is_closed"] = "on"
        data.update(changes)
        return {key: value for key, value in data.items() if value is not None}

    def latest_history(self, attachment):
        return Attachment.history.filter(id=attachment.pk).order_by("-history_id").first()


class HubTests(AttachmentBase):
    def test_the_hub_offers_open_edit_move_and_delete_for_each_attachment(self):
        response = self.client.get(reverse("workspace:meeting", args=[self.meeting.pk]))
        self.assertContains(response, f'href="{reverse("meetings:attachment", args=[self.meeting.pk, self.first.pk])}"')
        self.assertContains(response, f'href="{self.url("attachment")}"')
        self.assertContains(response, f'href="{self.url("attachment-delete")}"')
        self.assertContains(response, 'aria-label="Flyt bilaget Referat fra arbejdsgruppen ned"')
        self.assertContains(response, 'aria-label="Flyt bilaget Notat om økonomi op"')
        self.assertNotContains(response, 'aria-label="Flyt bilaget Referat fra arbejdsgruppen op"')

    def test_the_secretariat_opens_a_closed_attachment(self):
        closed = self.upload("Lukket notat", "lukket.pdf", is_closed=True)
        response = self.client.get(reverse("meetings:attachment", args=[self.meeting.pk, closed.pk]))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response_bytes(response), OLD_PDF)

    def test_after_sign_off_the_hub_offers_only_opening(self):
        closed = self.upload("Lukket notat", "lukket.pdf", is_closed=True)
        sign_off(self.meeting)
        response = self.client.get(reverse("workspace:meeting", args=[self.meeting.pk]))
        self.assertContains(response, f'href="{reverse("meetings:attachment", args=[self.meeting.pk, self.first.pk])}"')
        self.assertNotContains(response, f'href="{self.url("attachment")}"')
        self.assertNotContains(response, self.url("attachment-delete"))
        self.assertNotContains(response, self.url("attachment-move"))
        self.assertContains(response, self.url("attachment-open", closed))
        self.assertContains(response, 'aria-label="Åbn bilaget Lukket notat for offentligheden"')


class EditTests(AttachmentBase):
    def test_it_renames_and_records_who_and_why(self):
        response = self.client.post(self.url("attachment"), self.edit_data(title="  Referat, 2. udgave  "))
        self.assertRedirects(response, reverse("workspace:meeting", args=[self.meeting.pk])
                             + f"#attachment-{self.first.pk}", fetch_redirect_response=False)
        self.first.refresh_from_db()
        self.assertEqual(self.first.title, "Referat, 2. udgave")
        row = self.latest_history(self.first)
        self.assertEqual((row.history_user, row.history_change_reason), (self.secretary, "Bilag omdøbt"))
        hub = self.client.get(reverse("workspace:meeting", args=[self.meeting.pk]))
        self.assertContains(hub, "Bilaget „Referat, 2. udgave“ er gemt.")

    def test_it_moves_an_attachment_to_an_item_and_to_the_minutes(self):
        response = self.client.post(self.url("attachment"), self.edit_data(item=self.item.pk, part="minutes"))
        self.assertEqual(response.status_code, 302)
        self.first.refresh_from_db()
        self.assertEqual((self.first.item, self.first.part), (self.item, "minutes"))
        self.assertEqual(self.latest_history(self.first).history_change_reason,
                         "Bilag knyttet til et andet punkt; Bilag flyttet mellem dagsorden og referat")

    def test_it_marks_an_attachment_closed_until_a_date_and_an_event(self):
        response = self.client.post(self.url("attachment"), self.edit_data(
            is_closed="on", closed_until="2024-01-12",
            closed_until_event="Strategisk Sundhedsforum har behandlet retningspapiret"))
        self.assertEqual(response.status_code, 302)
        self.first.refresh_from_db()
        self.assertTrue(self.first.is_closed)
        self.assertEqual(str(self.first.closed_until), "2024-01-12")
        self.assertEqual(self.first.closed_until_event, "Strategisk Sundhedsforum har behandlet retningspapiret")
        self.assertEqual(self.latest_history(self.first).history_change_reason, "Bilag markeret som lukket")
        hub = self.client.get(reverse("workspace:meeting", args=[self.meeting.pk]))
        self.assertContains(hub, "Lukket indtil 12. januar 2024 og indtil Strategisk Sundhedsforum har behandlet "
                                 "retningspapiret")

    def test_it_refuses_a_closed_until_date_on_an_open_attachment_and_keeps_what_was_typed(self):
        response = self.client.post(self.url("attachment"), self.edit_data(title="Nyt navn", closed_until="2024-01-12"))
        self.assertContains(response, "Kun et lukket bilag kan være lukket indtil en dato eller en hændelse.",
                            status_code=400)
        self.assertContains(response, 'value="Nyt navn"', status_code=400)
        self.first.refresh_from_db()
        self.assertEqual((self.first.title, self.first.closed_until), ("Referat fra arbejdsgruppen", None))

    def test_opening_by_the_form_drops_the_condition(self):
        self.client.post(self.url("attachment"), self.edit_data(is_closed="on", closed_until="2024-01-12"))
        self.first.refresh_from_db()
        response = self.client.post(self.url("attachment"), self.edit_data(is_closed=None, closed_until="2024-01-12"))
        self.assertEqual(response.status_code, 302)
        self.first.refresh_from_db()
        self.assertEqual((self.first.is_closed, self.first.closed_until), (False, None))

    def test_an_item_of_another_meeting_is_refused(self):
        other_item = make_item(make_meeting(committee=self.committee), title="Andet møde")
        response = self.client.post(self.url("attachment"), self.edit_data(item=other_item.pk))
        self.assertContains(response, "Punktet, bilaget skulle høre til, findes ikke på denne dagsorden.",
                            status_code=400)
        self.first.refresh_from_db()
        self.assertIsNone(self.first.item)

    def test_bad_input_is_refused_in_danish(self):
        cases = [
            ({"title": "   "}, "Bilaget skal have en titel."),
            ({"part": "elsewhere"}, "Vælg om bilaget hører til dagsordenen eller referatet."),
            ({"is_closed": "on", "closed_until": "12-13-2024"}, "Skriv en gyldig dato."),
            ({"item": "not-a-number"}, "Punktet, bilaget skulle høre til, findes ikke på denne dagsorden."),
            ({"version": None}, "Formularen mangler den udgave, du tog udgangspunkt i."),
            ({"version": "-3"}, "Formularens udgave er ugyldig."),
        ]
        for changes, message in cases:
            with self.subTest(changes=changes):
                response = self.client.post(self.url("attachment"), self.edit_data(**changes))
                self.assertContains(response, message, status_code=400)
        self.first.refresh_from_db()
        self.assertEqual(self.first.title, "Referat fra arbejdsgruppen")

    def test_a_stale_save_is_refused_with_409_and_shows_the_saved_version(self):
        data = self.edit_data(title="Min titel")
        service.attachment_update(attachment=self.first, user=self.secretary,
                                  data={**self.edit_data(), "title": "Hendes titel", "item": None,
                                        "is_closed": False, "closed_until": None},
                                  expected_version=data["version"])
        response = self.client.post(self.url("attachment"), data)
        self.assertContains(response, "En anden har gemt bilaget", status_code=409)
        self.assertContains(response, 'value="Min titel"', status_code=409)
        self.assertContains(response, "Hendes titel", status_code=409)
        self.first.refresh_from_db()
        self.assertEqual(self.first.title, "Hendes titel")


class ReplaceTests(AttachmentBase):
    def replace(self, name="arbejdsgruppe v2.pdf", content=NEW_PDF, **extra):
        return self.client.post(self.url("attachment-replace"), {
            "replace-version": service.attachment_version(self.first),
            "replace-file": SimpleUploadedFile(name, content), **extra})

    def test_it_replaces_the_file_and_keeps_the_old_one_in_the_history(self):
        old_name, old_sha = self.first.file.name, self.first.sha256
        self.assertEqual(old_sha, hashlib.sha256(OLD_PDF).hexdigest())
        response = self.replace()
        self.assertEqual(response.status_code, 302)
        self.first.refresh_from_db()
        self.assertNotEqual(self.first.file.name, old_name)
        self.assertEqual((self.first.sha256, self.first.original_name),
                         (hashlib.sha256(NEW_PDF).hexdigest(), "arbejdsgruppe v2.pdf"))
        newest, before = Attachment.history.filter(id=self.first.pk).order_by("-history_id")[:2]
        self.assertEqual((newest.history_user, newest.history_change_reason), (self.secretary, "Bilagets fil erstattet"))
        # The row before the replacement names the old file, which is still there, byte for byte.
        self.assertEqual((before.file, before.sha256), (old_name, old_sha))
        with self.first.file.storage.open(before.file, "rb") as old:
            self.assertEqual(old.read(), OLD_PDF)
        # The current download gives the new bytes; the attachment page offers the old ones.
        current = self.client.get(reverse("meetings:attachment", args=[self.meeting.pk, self.first.pk]))
        self.assertEqual(response_bytes(current), NEW_PDF)
        page = self.client.get(self.url("attachment"))
        earlier = reverse("workspace:attachment-earlier-file", args=[self.meeting.pk, before.history_id])
        self.assertContains(page, earlier)
        self.assertContains(page, old_sha)
        earlier_response = self.client.get(earlier)
        self.assertEqual(response_bytes(earlier_response), OLD_PDF)
        self.assertIn("arbejdsgruppe.pdf", earlier_response["Content-Disposition"])
        hub = self.client.get(reverse("workspace:meeting", args=[self.meeting.pk]))
        self.assertContains(hub, "Erstattet ")

    def test_a_file_that_is_not_what_it_says_is_refused_and_nothing_changes(self):
        old_name = self.first.file.name
        response = self.replace(name="notat.pdf", content=b"<html><script>alert(1)</script></html>")
        self.assertContains(response, "Filens indhold passer ikke til endelsen .pdf", status_code=400)
        self.first.refresh_from_db()
        self.assertEqual(self.first.file.name, old_name)

    def test_a_missing_file_is_refused_in_danish(self):
        response = self.client.post(self.url("attachment-replace"),
                                    {"replace-version": service.attachment_version(self.first)})
        self.assertContains(response, "Vælg den fil, der skal erstatte den nuværende.", status_code=400)

    def test_a_replacement_from_a_stale_page_is_refused(self):
        version = service.attachment_version(self.first)
        service.attachment_move(attachment=self.second, user=self.secretary, move="up")
        response = self.client.post(self.url("attachment-replace"), {
            "replace-version": version, "replace-file": SimpleUploadedFile("ny.pdf", NEW_PDF)})
        self.assertContains(response, "Filen er ikke erstattet", status_code=409)

    def test_an_earlier_file_of_another_meeting_is_not_found(self):
        other = make_meeting(committee=self.committee)
        response = self.client.get(reverse("workspace:attachment-earlier-file",
                                           args=[other.pk, self.latest_history(self.first).history_id]))
        self.assertEqual(response.status_code, 404)


class MoveTests(AttachmentBase):
    def test_it_moves_an_attachment_down_and_up_again_with_history(self):
        third = self.upload("Tredje", "tredje.pdf")
        response = self.client.post(self.url("attachment-move"), {"move": "down"})
        self.assertEqual(response.status_code, 302)
        order = list(Attachment.objects.filter(meeting=self.meeting).order_by("position", "pk"))
        self.assertEqual(order, [self.second, self.first, third])
        self.assertEqual(self.latest_history(self.first).history_change_reason, "Bilag flyttet ned")
        self.assertEqual(self.latest_history(self.second).history_change_reason, "Bilagenes rækkefølge ændret")
        self.client.post(self.url("attachment-move"), {"move": "up"})
        order = list(Attachment.objects.filter(meeting=self.meeting).order_by("position", "pk"))
        self.assertEqual(order, [self.first, self.second, third])

    def test_a_move_past_the_end_changes_nothing(self):
        rows = Attachment.history.count()
        response = self.client.post(self.url("attachment-move"), {"move": "up"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Attachment.history.count(), rows)

    def test_an_unknown_move_is_refused_in_danish(self):
        response = self.client.post(self.url("attachment-move"), {"move": "sideways"})
        self.assertContains(response, "Ukendt flytning. Brug Op eller Ned.", status_code=400)


class DeleteTests(AttachmentBase):
    def test_it_asks_first_and_then_deletes_keeping_the_history_and_the_file(self):
        stored_name = self.first.file.name
        confirm = self.client.get(self.url("attachment-delete"))
        self.assertContains(confirm, "Slet bilaget Referat fra arbejdsgruppen?")
        self.assertTrue(Attachment.objects.filter(pk=self.first.pk).exists())
        response = self.client.post(self.url("attachment-delete"))
        self.assertRedirects(response, reverse("workspace:meeting", args=[self.meeting.pk]) + "#bilag",
                             fetch_redirect_response=False)
        self.assertFalse(Attachment.objects.filter(pk=self.first.pk).exists())
        row = self.latest_history(self.first)
        self.assertEqual((row.history_type, row.history_user, row.history_change_reason),
                         ("-", self.secretary, "Bilag slettet"))
        self.assertTrue(Attachment._meta.get_field("file").storage.exists(stored_name))
        hub = self.client.get(reverse("workspace:meeting", args=[self.meeting.pk]))
        self.assertContains(hub, "Bilaget „Referat fra arbejdsgruppen“ er slettet.")
        self.assertNotContains(hub, f"attachment-{self.first.pk}\"")


class RefusalTests(AttachmentBase):
    def posts(self):
        return [
            (self.url("attachment"), self.edit_data(title="Nyt navn")),
            (self.url("attachment-replace"), {"replace-version": service.attachment_version(self.first),
                                              "replace-file": SimpleUploadedFile("ny.pdf", NEW_PDF)}),
            (self.url("attachment-move"), {"move": "down"}),
            (self.url("attachment-delete"), {}),
        ]

    def assert_unchanged(self):
        self.first.refresh_from_db()
        self.assertEqual((self.first.title, self.first.sha256, self.first.position),
                         ("Referat fra arbejdsgruppen", hashlib.sha256(OLD_PDF).hexdigest(), 1))

    def test_every_change_is_refused_after_sign_off(self):
        sign_off(self.meeting)
        for url, data in self.posts():
            with self.subTest(url=url):
                response = self.client.post(url, data)
                self.assertContains(response, "Referatet er godkendt og låst.", status_code=400)
        self.assert_unchanged()

    def test_every_change_is_refused_for_a_cancelled_meeting(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(status=Meeting.Status.CANCELLED, cancelled_reason="Aflyst")
        for url, data in self.posts():
            with self.subTest(url=url):
                response = self.client.post(url, data)
                self.assertContains(response, "Mødet er aflyst", status_code=400)
        self.assert_unchanged()

    def test_another_meetings_attachment_is_not_found(self):
        other = make_meeting(committee=self.committee)
        for name in ("attachment", "attachment-replace", "attachment-move", "attachment-delete", "attachment-open"):
            with self.subTest(name=name):
                self.assertEqual(self.client.post(self.url(name, meeting=other), {"move": "up"}).status_code, 404)
        self.assertEqual(self.client.get(self.url("attachment", meeting=other)).status_code, 404)
        self.assert_unchanged()

    def test_an_unknown_attachment_is_not_found(self):
        url = reverse("workspace:attachment", args=[self.meeting.pk, 999999])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_members_and_outsiders_are_forbidden_and_the_anonymous_sent_to_log_in(self):
        other_secretary = make_secretary(make_committee(), username="other-secretary")
        for user in (make_member(self.committee), make_user("outsider"), other_secretary):
            self.client.force_login(user)
            for url, data in self.posts():
                with self.subTest(user=user.username, url=url):
                    self.assertEqual(self.client.post(url, data).status_code, 403)
        self.client.logout()
        response = self.client.post(self.url("attachment"), self.edit_data(title="Nyt navn"))
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login/", response["Location"])
        self.assert_unchanged()

    def test_a_get_of_a_post_only_action_is_not_allowed(self):
        self.assertEqual(self.client.get(self.url("attachment-move")).status_code, 405)
        self.assertEqual(self.client.get(self.url("attachment-replace")).status_code, 405)
