"""The invariants that live in the database hold whatever code path writes."""

import datetime

from django.db import IntegrityError, transaction
from django.test import TestCase

from meetings.models import AgendaItem, Decision, Meeting
from tests.factories import make_item, make_meeting


class MeetingTimeConstraintTests(TestCase):
    def test_it_refuses_an_end_before_the_start(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_meeting(start_time=datetime.time(17, 0), end_time=datetime.time(15, 0))
        self.assertEqual(Meeting.objects.count(), 0)

    def test_it_refuses_an_end_equal_to_the_start(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_meeting(start_time=datetime.time(15, 0), end_time=datetime.time(15, 0))

    def test_it_refuses_an_end_without_a_start(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_meeting(start_time=None, end_time=datetime.time(15, 0))

    def test_it_refuses_an_update_that_moves_the_end_before_the_start(self):
        meeting = make_meeting()
        with self.assertRaises(IntegrityError), transaction.atomic():
            Meeting.objects.filter(pk=meeting.pk).update(end_time=datetime.time(14, 0))
        meeting.refresh_from_db()
        self.assertEqual(meeting.end_time, datetime.time(17, 0))

    def test_it_accepts_a_meeting_whose_time_is_unknown(self):
        meeting = make_meeting(start_time=None, end_time=None)
        self.assertIsNone(meeting.start)

    def test_it_refuses_signed_off_minutes_without_when_and_how(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_meeting(status=Meeting.Status.SIGNED_OFF, signed_off_at=None, sign_off_method="")

    def test_it_refuses_an_unknown_status(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_meeting(status="almost_done")


class AgendaItemNumberConstraintTests(TestCase):
    def setUp(self):
        self.meeting = make_meeting()

    def test_it_refuses_a_duplicate_item_number(self):
        make_item(self.meeting, number=2, sub_number=1, title="Første 2.a")
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_item(self.meeting, number=2, sub_number=1, title="Anden 2.a")
        self.assertEqual(AgendaItem.objects.get(meeting=self.meeting).title, "Første 2.a")

    def test_it_refuses_a_duplicate_main_number(self):
        make_item(self.meeting, number=1)
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_item(self.meeting, number=1)

    def test_it_allows_the_same_number_in_another_meeting(self):
        make_item(self.meeting, number=1)
        other = make_item(make_meeting(committee=self.meeting.committee), number=1)
        self.assertEqual(other.label, "1")

    def test_it_allows_sub_items_under_one_number(self):
        labels = [make_item(self.meeting, number=2, sub_number=n).label for n in (1, 2, 3)]
        self.assertEqual(labels, ["2.a", "2.b", "2.c"])

    def test_it_refuses_item_number_zero(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            make_item(self.meeting, number=0)

    def test_it_refuses_a_postponement_target_on_a_decision_that_is_not_postponed(self):
        item = make_item(self.meeting)
        later = make_meeting(committee=self.meeting.committee, date=datetime.date(2024, 6, 27))
        with self.assertRaises(IntegrityError), transaction.atomic():
            Decision.objects.create(item=item, outcome=Decision.Outcome.APPROVED, postponed_to=later)


class MeetingSequenceTests(TestCase):
    def test_it_raises_the_sequence_when_the_time_changes(self):
        meeting = make_meeting()
        meeting = Meeting.objects.get(pk=meeting.pk)
        meeting.start_time = datetime.time(14, 0)
        meeting.save()
        meeting.refresh_from_db()
        self.assertEqual(meeting.sequence, 1)

    def test_it_raises_the_sequence_when_place_or_status_changes(self):
        meeting = Meeting.objects.get(pk=make_meeting().pk)
        meeting.location = "Saxogade 14"
        meeting.save()
        meeting.status = Meeting.Status.CANCELLED
        meeting.save(update_fields=["status"])
        meeting.refresh_from_db()
        self.assertEqual(meeting.sequence, 2)

    def test_it_keeps_the_sequence_when_nothing_a_calendar_shows_changes(self):
        meeting = Meeting.objects.get(pk=make_meeting().pk)
        meeting.case_number = "2024-000001"
        meeting.save()
        meeting.save()
        meeting.refresh_from_db()
        self.assertEqual(meeting.sequence, 0)
