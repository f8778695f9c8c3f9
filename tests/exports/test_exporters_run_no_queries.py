"""The exporters render what a selector loaded and read nothing more from the database."""

import datetime

from django.test import TestCase

from meetings import access
from meetings.exports.ical import meetings_to_ical
from meetings.exports.pdf import render_agenda_pdf, render_minutes_pdf
from meetings.locking import minutes_unlocked
from meetings.models import Attendance, DecisionNote, FollowUpAction, Meeting
from meetings.presentation import build_meeting_view
from meetings.selectors import meeting_for_display
from tests.factories import (
    make_attachment,
    make_attendance,
    make_decision,
    make_item,
    make_meeting,
    make_organisation,
    make_person,
)


class ExportersRunNoQueriesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Signed-off minutes are locked; building them as an import does needs the lock lifted.
        with minutes_unlocked():
            cls.meeting_pk = cls.build()

    @staticmethod
    def build():
        meeting = make_meeting(status=Meeting.Status.SIGNED_OFF, minute_taker=make_person(name="Lars Lund"))
        organisation = make_organisation(name="PLO-K-Aalborg")
        guest = make_attendance(meeting, capacity=Attendance.Capacity.GUEST)
        make_attendance(meeting, organisation=organisation, substitute_for=make_person())
        make_attendance(meeting, status=Attendance.Status.APOLOGIES)
        earlier = make_meeting(committee=meeting.committee, date=datetime.date(2023, 11, 30))
        for number in range(1, 6):
            item = make_item(meeting, title=f"Punkt nummer {number}", is_closed=number == 3,
                             presenter=make_person(), previous_minutes=earlier,
                             recommendations=["Godkender indstillingen"], recommendation_lead="Det indstilles, at")
            decision = make_decision(item, text="<p>Godkendt.</p>")
            DecisionNote.objects.create(decision=decision, noted_on=datetime.date(2024, 4, 10), text="<p>Note.</p>")
            FollowUpAction.objects.create(decision=decision, what="Følg op", responsible_person=make_person())
            make_attachment(meeting, item=item, part="minutes")
            guest.items.add(item)
        make_attachment(meeting, title="Bilag til hele mødet")
        return meeting.pk

    def test_the_pdf_renderers_run_no_queries(self):
        meeting = meeting_for_display(self.meeting_pk)
        # The members' view reads every relation (closed items included), the public one the fewest.
        members = build_meeting_view(meeting, access.Audience.MEMBER)
        public = build_meeting_view(meeting, access.Audience.PUBLIC)
        with self.assertNumQueries(0):
            minutes = render_minutes_pdf(members, site_url="https://klu.example")
            agenda = render_agenda_pdf(public, site_url="https://klu.example")
        self.assertTrue(minutes.startswith(b"%PDF") and agenda.startswith(b"%PDF"))

    def test_the_calendar_exporter_runs_no_queries(self):
        meetings = list(Meeting.objects.select_related("committee"))
        with self.assertNumQueries(0):
            data = meetings_to_ical(meetings, url_for=lambda meeting: f"https://klu.example/meetings/{meeting.pk}/")
        self.assertEqual(data.count(b"BEGIN:VEVENT"), 2)
