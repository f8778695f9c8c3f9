"""The invitation a mail carries (RFC 5546 iTIP), read back by three independent parsers."""

import datetime

from django.test import TestCase, override_settings

from meetings.exports.ical import CANCEL, REQUEST, meeting_invitation
from meetings.models import Meeting
from tests.factories import make_committee, make_meeting
from tests.ical_parsers import check_with_libical_itip, parse_with_ical, parse_with_icaljs

STAMP = datetime.datetime(2024, 3, 20, 9, 30, tzinfo=datetime.timezone.utc)


def unfolded(data: bytes) -> str:
    return data.decode("utf-8").replace("\r\n ", "").replace("\r\n", "\n")


@override_settings(DEFAULT_FROM_EMAIL="KLU Møder <klu@aalborg.dk>", SITE_URL="https://klu.example.dk")
class InvitationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.committee = make_committee(name="Kommunalt Lægeligt Udvalg", short_name="KLU",
                                       secretariat="Sundhedsstrategisk Sekretariat")
        cls.meeting = make_meeting(committee=cls.committee, title="1. møde 2024",
                                   status=Meeting.Status.AGENDA_PUBLISHED)

    def invitation(self, meeting=None, method=REQUEST):
        return meeting_invitation(meeting or self.meeting, attendee_email="anne@example.dk",
                                  attendee_name="Anne Hansen", method=method, stamp=STAMP)

    def test_a_request_names_the_secretariat_as_organizer_and_the_recipient_as_attendee(self):
        text = unfolded(self.invitation())
        self.assertIn("\nMETHOD:REQUEST\n", text)
        self.assertIn('ORGANIZER;CN="Sundhedsstrategisk Sekretariat":mailto:klu@aalborg.dk', text)
        attendee = next(line for line in text.splitlines() if line.startswith("ATTENDEE"))
        for part in ('CN="Anne Hansen"', "ROLE=REQ-PARTICIPANT", "PARTSTAT=NEEDS-ACTION", "RSVP=FALSE",
                     ":mailto:anne@example.dk"):
            self.assertIn(part, attendee)
        self.assertIn(f"\nUID:{self.meeting.ical_uid}\n", text)
        self.assertIn("\nSTATUS:CONFIRMED\n", text)
        self.assertIn("\nDTSTAMP:20240320T093000Z\n", text)
        self.assertIn(f"\nURL:https://klu.example.dk/meetings/{self.meeting.pk}/\n", text)

    def test_the_organizer_is_named_after_the_site_when_the_committee_names_no_secretariat(self):
        committee = make_committee(secretariat="")
        with override_settings(DEFAULT_FROM_EMAIL="klu@aalborg.dk"):
            text = unfolded(self.invitation(make_meeting(committee=committee)))
        self.assertIn('ORGANIZER;CN="KLU Møder":mailto:klu@aalborg.dk', text)

    def test_the_ical_package_reads_the_request(self):
        calendar = parse_with_ical(self.invitation())
        [event] = calendar.events
        self.assertEqual(event.uid, self.meeting.ical_uid)
        self.assertEqual(event.sequence, self.meeting.sequence)
        self.assertEqual(event.dtstart.astimezone(datetime.timezone.utc),
                         datetime.datetime(2024, 4, 4, 13, 0, tzinfo=datetime.timezone.utc))
        self.assertEqual(event.organizer.uri, "mailto:klu@aalborg.dk")
        [attendee] = event.attendees
        self.assertEqual(attendee.uri, "mailto:anne@example.dk")

    def test_libical_finds_no_itip_fault_in_request_or_cancel(self):
        self.assertEqual(check_with_libical_itip(self.invitation()), [])
        self.assertEqual(check_with_libical_itip(self.invitation(method=CANCEL)), [])

    def test_libical_finds_no_itip_fault_for_a_meeting_without_a_known_time(self):
        meeting = make_meeting(committee=self.committee, start_time=None, end_time=None)
        data = self.invitation(meeting)
        self.assertIn("\nDTSTART;VALUE=DATE:20240404\n", unfolded(data))
        self.assertEqual(check_with_libical_itip(data), [])
        self.assertEqual(check_with_libical_itip(self.invitation(meeting, method=CANCEL)), [])

    def test_libical_would_notice_a_missing_organizer(self):
        # The check has teeth: the same request without ORGANIZER fails it.
        text = "\r\n".join(line for line in self.invitation().decode().split("\r\n")
                           if not line.startswith("ORGANIZER"))
        self.assertTrue(any("ORGANIZER" in error for error in check_with_libical_itip(text.encode())))

    def test_icaljs_reads_the_request_and_the_cancel(self):
        request = parse_with_icaljs(self.invitation())
        self.assertEqual(request["method"], "REQUEST")
        [event] = request["events"]
        self.assertEqual(event["uid"], self.meeting.ical_uid)
        self.assertEqual(event["dtstart"], "2024-04-04T13:00:00Z")
        self.assertEqual(event["dtend"], "2024-04-04T15:00:00Z")
        self.assertEqual(event["organizer"], "mailto:klu@aalborg.dk")
        self.assertEqual(event["attendees"], ["mailto:anne@example.dk"])
        cancel = parse_with_icaljs(self.invitation(method=CANCEL))
        self.assertEqual(cancel["method"], "CANCEL")
        [cancelled] = cancel["events"]
        self.assertEqual(cancelled["uid"], self.meeting.ical_uid)
        self.assertEqual(cancelled["status"], "CANCELLED")

    def test_moving_the_meeting_raises_the_sequence_and_keeps_the_uid(self):
        first = parse_with_ical(self.invitation()).events[0]
        meeting = Meeting.objects.get(pk=self.meeting.pk)
        meeting.start_time, meeting.end_time = datetime.time(14, 0), datetime.time(16, 0)
        meeting.save()
        moved = parse_with_ical(self.invitation(meeting)).events[0]
        self.assertEqual(moved.uid, first.uid)
        self.assertGreater(moved.sequence, first.sequence)
        self.assertEqual(moved.dtstart.astimezone(datetime.timezone.utc),
                         datetime.datetime(2024, 4, 4, 12, 0, tzinfo=datetime.timezone.utc))

    def test_a_cancel_has_the_same_uid_the_current_sequence_and_status_cancelled(self):
        meeting = Meeting.objects.get(pk=self.meeting.pk)
        meeting.status = Meeting.Status.CANCELLED
        meeting.save()
        text = unfolded(self.invitation(meeting, method=CANCEL))
        self.assertIn("\nMETHOD:CANCEL\n", text)
        self.assertIn(f"\nUID:{self.meeting.ical_uid}\n", text)
        self.assertIn(f"\nSEQUENCE:{meeting.sequence}\n", text)
        self.assertGreater(meeting.sequence, self.meeting.sequence)
        self.assertIn("\nSTATUS:CANCELLED\n", text)
        self.assertEqual(text.count("\nSTATUS:"), 1)

    def test_it_refuses_a_method_it_does_not_write(self):
        with self.assertRaises(ValueError):
            self.invitation(method="PUBLISH")

    def test_it_runs_no_queries_once_the_committee_is_loaded(self):
        meeting = Meeting.objects.select_related("committee").get(pk=self.meeting.pk)
        with self.assertNumQueries(0):
            self.invitation(meeting)
