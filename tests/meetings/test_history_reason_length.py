"""A long reason never turns a valid save into a 500 (PostgreSQL enforces the history's
100-character reason column, SQLite does not): it is shortened at a word."""

from django.test import TestCase

from meetings import services
from meetings.models import Meeting
from tests.factories import make_meeting, make_secretary


class LongReasonTests(TestCase):
    def test_a_300_character_cancellation_reason_is_kept_whole_on_the_meeting(self):
        meeting = make_meeting()
        reason = "Mødet aflyses, fordi " + "formanden og næstformanden begge er forhindrede " * 6
        reason = reason[:300]
        services.meeting_cancel(meeting=meeting, user=make_secretary(), reason=reason)
        meeting = Meeting.objects.get(pk=meeting.pk)
        self.assertEqual(meeting.cancelled_reason, reason.strip())
        stored = meeting.history.latest().history_change_reason
        self.assertLessEqual(len(stored), 100)
        self.assertTrue(stored.endswith("…"))
        self.assertTrue(("Aflyst: " + reason).startswith(stored[:-1]))
