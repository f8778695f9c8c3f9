"""Odd or too-late requests to the workspace get a Danish answer and change nothing.

Each case here was a server error: a history row written by the data import (no
user), an attachment posted for item "abc", a reorder naming another meeting's item,
and actions on signed-off minutes that the lock refused without the view catching it.
"""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from meetings.models import AgendaItem, Attachment, Attendance, Decision, FollowUpAction, Meeting, Membership
from tests.factories import (
    make_decision,
    make_item,
    make_meeting,
    make_organisation,
    make_person,
    make_secretary,
    sign_off,
)
from tests.meetings.test_workspace import database_snapshot

PDF = b"%PDF-1.7\n1 0 obj\n"
INVISIBLE = "\u200b\u2060\ufeff\u200e \u00a0"


class SignedOffMinutesRefusalTests(TestCase):
    def setUp(self):
        self.client.force_login(make_secretary())
        self.meeting = make_meeting(status=Meeting.Status.MINUTES_DRAFTED, minute_taker=make_person())
        Membership.objects.create(committee=self.meeting.committee, person=make_person(name="Anne Ahlers"),
                                  organisation=make_organisation(), side=Membership.Side.values[0])
        sign_off(self.meeting)

    def assert_refused_and_unchanged(self, response, before):
        self.assertIn(response.status_code, {302, 400})
        if response.status_code == 302:
            response = self.client.get(response["Location"])
        self.assertContains(response, "Referatet er godkendt og låst", status_code=response.status_code)
        self.assertEqual(database_snapshot(), before)

    def test_standard_items_are_refused(self):
        before = database_snapshot()
        response = self.client.post(reverse("workspace:items-standard", args=[self.meeting.pk]))
        self.assert_refused_and_unchanged(response, before)
        self.assertFalse(AgendaItem.objects.filter(meeting=self.meeting).exists())

    def test_all_members_present_is_refused(self):
        before = database_snapshot()
        response = self.client.post(reverse("workspace:attendance-members", args=[self.meeting.pk]))
        self.assert_refused_and_unchanged(response, before)
        self.assertFalse(Attendance.objects.filter(meeting=self.meeting).exists())

    def test_a_new_item_is_refused(self):
        before = database_snapshot()
        response = self.client.post(reverse("workspace:item-new", args=[self.meeting.pk]),
                                    {"new-title": "Sent punkt", "new-kind": "discussion"})
        self.assert_refused_and_unchanged(response, before)


class OddRequestTests(TestCase):
    def setUp(self):
        self.secretary = make_secretary()
        self.client.force_login(self.secretary)
        self.meeting = make_meeting(status=Meeting.Status.PLANNED, minute_taker=make_person())
        self.first = make_item(self.meeting, title="Første")
        self.second = make_item(self.meeting, title="Andet")

    def test_the_history_shows_changes_made_without_a_user(self):
        # make_item saves as a data import does: the history row has no user.
        self.assertIsNone(self.first.history.latest().history_user)
        response = self.client.get(reverse("workspace:history", args=[self.meeting.pk]))
        self.assertContains(response, "systemet (dataindlæsning eller script)")

    def test_an_attachment_for_an_item_that_is_not_a_number_is_refused_keeping_the_form(self):
        other = make_item(make_meeting(), title="Andet møde")
        for item in ("abc", "1e3", str(other.pk), "99999999999999999999999"):
            with self.subTest(item=item):
                response = self.client.post(
                    reverse("workspace:attachment-upload", args=[self.meeting.pk]),
                    {"attachment-title": "Notat om økonomi", "attachment-part": "agenda", "item": item,
                     "attachment-file": SimpleUploadedFile("notat.pdf", PDF)})
                self.assertContains(response, "findes ikke på denne dagsorden", status_code=400)
                self.assertContains(response, "Notat om økonomi", status_code=400)
        self.assertFalse(Attachment.objects.exists())

    def test_a_reorder_naming_an_item_of_another_meeting_is_refused(self):
        other = make_item(make_meeting(), title="Andet møde")
        before = database_snapshot()
        url = reverse("workspace:reorder", args=[self.meeting.pk])
        response = self.client.post(url, {"item": other.pk, "move": "up"})
        self.assertContains(response, "Punktet findes ikke på denne dagsorden", status_code=400)
        response = self.client.post(url, {"order": f"{self.first.pk},{other.pk}"})
        self.assertContains(response, "hvert punkt på dagsordenen én gang", status_code=400)
        self.assertEqual(database_snapshot(), before)

    def test_texts_of_only_invisible_characters_count_as_empty(self):
        before = database_snapshot()
        cancel = self.client.post(reverse("workspace:cancel", args=[self.meeting.pk]), {"cancel-reason": INVISIBLE})
        self.assertContains(cancel, "Skriv en årsag til aflysningen.", status_code=400)
        new_item = self.client.post(reverse("workspace:item-new", args=[self.meeting.pk]),
                                    {"new-title": INVISIBLE, "new-kind": "discussion"})
        self.assertContains(new_item, "Punktet skal have en titel.", status_code=400)
        edit = self.client.post(reverse("workspace:item", args=[self.first.pk]),
                                {"title": INVISIBLE, "kind": "discussion", "version": self.first.version})
        self.assertContains(edit, "Punktet skal have en titel.", status_code=400)
        self.assertEqual(database_snapshot(), before)

    def test_a_cancel_reason_keeps_its_visible_text_without_the_invisible_ends(self):
        self.client.post(reverse("workspace:cancel", args=[self.meeting.pk]),
                         {"cancel-reason": "\u200bSygdom\u2060"})
        self.meeting.refresh_from_db()
        self.assertEqual((self.meeting.status, self.meeting.cancelled_reason), (Meeting.Status.CANCELLED, "Sygdom"))

    def test_a_follow_up_of_only_invisible_characters_is_refused(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(status=Meeting.Status.MINUTES_DRAFTED)
        make_decision(self.first)
        response = self.client.post(reverse("workspace:follow-up-new", args=[self.first.pk]),
                                    {"what": INVISIBLE, "responsible": ""})
        self.assertContains(response, "Beskriv opfølgningen.", status_code=400)
        self.assertFalse(FollowUpAction.objects.exists())
        self.assertEqual(Decision.objects.count(), 1)


class GuestItemsTests(TestCase):
    """A guest is attached to the items they present from the workspace, not the admin."""

    def setUp(self):
        self.client.force_login(make_secretary())
        self.meeting = make_meeting(status=Meeting.Status.MINUTES_DRAFTED, minute_taker=make_person())
        self.first = make_item(self.meeting, title="Første")
        self.second = make_item(self.meeting, title="Andet")
        self.guest = make_person(name="Bibi Bording Pedersen")

    def test_the_attendance_form_attaches_a_guest_to_their_items(self):
        url = reverse("workspace:attendance", args=[self.meeting.pk])
        self.assertContains(self.client.get(url), "2. Andet")
        response = self.client.post(url, {"person": self.guest.pk, "capacity": "guest", "status": "present",
                                           "apology_reason": "", "items": [self.second.pk]})
        self.assertEqual(response.status_code, 302)
        attendance = Attendance.objects.get(meeting=self.meeting, person=self.guest)
        self.assertEqual(list(attendance.items.all()), [self.second])
        self.assertContains(self.client.get(url), "under punkt 2")

    def test_an_item_of_another_meeting_is_refused(self):
        other = make_item(make_meeting(), title="Andet møde")
        response = self.client.post(reverse("workspace:attendance", args=[self.meeting.pk]), {
            "person": self.guest.pk, "capacity": "guest", "status": "present", "items": [other.pk]})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(Attendance.objects.filter(person=self.guest).exists())
