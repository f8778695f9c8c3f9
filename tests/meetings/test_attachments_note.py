"""The secretariat records what the minutes say when an item has no attachment
('Vedlagt: Intet.'), and readers see it only while the item lists no attachment."""

from django.urls import reverse

from meetings.models import Meeting
from tests.exports.base import ExportTestCase
from tests.factories import make_attachment, make_committee, make_item, make_meeting, make_secretary


class AttachmentsNoteTests(ExportTestCase):
    def setUp(self):
        committee = make_committee()
        self.secretary = make_secretary(committee)
        self.meeting = make_meeting(committee=committee, status=Meeting.Status.AGENDA_PUBLISHED)
        self.item = make_item(self.meeting, title="Mødekalender 2024")

    def save(self, note):
        self.client.force_login(self.secretary)
        return self.client.post(reverse("workspace:item", args=[self.item.pk]), {
            "title": self.item.title, "kind": self.item.kind, "case_description": "", "recommendation_lead": "",
            "presenter": "", "closed_until": "", "closed_until_event": "", "recommendations_text": "",
            "attachments_note": note, "version": self.item.version})

    def test_the_note_is_set_in_the_workspace_and_printed_while_there_is_no_attachment(self):
        self.assertEqual(self.save("Intet.").status_code, 302)
        self.item.refresh_from_db()
        self.assertEqual(self.item.attachments_note, "Intet.")
        self.client.logout()
        page = self.client.get(self.meeting.get_absolute_url()).content.decode()
        self.assertIn('<strong>Vedlagt:</strong> <span lang="da">Intet.</span>', page)
        make_attachment(self.meeting, item=self.item, title="Kalender.pdf")
        page = self.client.get(self.meeting.get_absolute_url()).content.decode()
        self.assertNotIn("Intet.", page)
        self.assertIn("Kalender.pdf", page)
