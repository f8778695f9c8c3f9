"""Two windows editing the same meeting's details: different fields merge, the same field clashes.

The base of the merge is the meeting as the editor opened it: its history row at the
version the form carried. Per field: typed as the base keeps the stored value (someone
else's change), stored as the base takes the typed value, both changed alike is fine,
both changed differently is a clash and nothing is saved.
"""

import datetime

from django.test import TestCase
from django.urls import reverse

from mail.models import OutgoingMail
from meetings import services
from meetings.models import Meeting
from tests.factories import make_meeting, make_membership, make_person, make_secretary

BASE_LOCATION = "Danmarksgade 17, 2. sal, mødelokale 1"


def details(meeting, **changes):
    """The meeting form's fields as the editor would send them, with `changes` typed over."""
    data = {name: getattr(meeting, name) for name in ("title", "date", "start_time", "end_time", "location",
                                                      "minute_taker", "case_number", "document_number")}
    data.update(changes)
    return data


class MergeServiceTests(TestCase):
    def setUp(self):
        self.anne = make_secretary(username="anne")
        self.bo = make_secretary(username="bo")
        self.meeting = make_meeting(location=BASE_LOCATION)
        self.opened = self.meeting.version  # both windows opened the form at this version

    def save(self, user, **changes):
        return services.meeting_update(meeting=self.meeting, user=user, data=details(self.meeting, **changes),
                                       expected_version=self.opened)

    def history_count(self):
        return Meeting.history.filter(id=self.meeting.pk).count()

    def test_changes_to_different_fields_are_both_kept_in_one_save(self):
        self.save(self.anne, location="Saxogade 14")
        rows = self.history_count()
        updated = self.save(self.bo, end_time=datetime.time(16, 30))
        self.meeting.refresh_from_db()
        self.assertEqual((self.meeting.location, self.meeting.end_time), ("Saxogade 14", datetime.time(16, 30)))
        self.assertEqual(updated.kept, ["location"])
        self.assertEqual(self.history_count(), rows + 1)
        latest = Meeting.history.filter(id=self.meeting.pk).latest("history_date")
        self.assertEqual((latest.history_user, latest.location, latest.end_time),
                         (self.bo, "Saxogade 14", datetime.time(16, 30)))

    def test_an_unchanged_field_never_undoes_someone_elses_change(self):
        self.save(self.anne, location="Saxogade 14", case_number="2025-000001")
        updated = self.save(self.bo)  # Bo changed nothing: everything he sends is the old value
        self.meeting.refresh_from_db()
        self.assertEqual((self.meeting.location, self.meeting.case_number), ("Saxogade 14", "2025-000001"))
        self.assertEqual(updated.kept, ["location", "case_number"])

    def test_the_same_change_made_twice_is_no_clash(self):
        self.save(self.anne, location="Saxogade 14")
        updated = self.save(self.bo, location="Saxogade 14", title="Ekstraordinært møde")
        self.meeting.refresh_from_db()
        self.assertEqual((self.meeting.location, self.meeting.title), ("Saxogade 14", "Ekstraordinært møde"))
        self.assertEqual(updated.kept, [])

    def test_a_minute_taker_chosen_meanwhile_is_kept_and_compared_by_person(self):
        lars = make_person(name="Lars Lund")
        self.save(self.anne, minute_taker=lars)
        self.save(self.bo, document_number="D-7")
        self.meeting.refresh_from_db()
        self.assertEqual((self.meeting.minute_taker, self.meeting.document_number), (lars, "D-7"))
        # Both choosing the same person is no clash; choosing another is.
        self.meeting.refresh_from_db()
        self.opened = self.meeting.version
        self.save(self.anne, minute_taker=None)
        with self.assertRaises(services.MeetingEditConflict) as conflict:
            self.save(self.bo, minute_taker=make_person(name="Mette Mørk"))
        self.assertEqual(conflict.exception.clashes, ["minute_taker"])

    def test_a_clash_saves_nothing_and_names_the_fields(self):
        self.save(self.anne, location="Saxogade 14", start_time=datetime.time(14, 0))
        rows, version = self.history_count(), Meeting.objects.get(pk=self.meeting.pk).version
        with self.assertRaises(services.MeetingEditConflict) as conflict:
            self.save(self.bo, location="Rådhuset", start_time=datetime.time(13, 0), title="Ændret titel")
        self.assertEqual(conflict.exception.clashes, ["start_time", "location"])
        self.assertEqual(conflict.exception.current.location, "Saxogade 14")
        self.assertIsInstance(conflict.exception, services.ConcurrentEdit)
        stored = Meeting.objects.get(pk=self.meeting.pk)
        # Not even the title, which did not clash: a refused save saves nothing.
        self.assertEqual((stored.location, stored.title, stored.version), ("Saxogade 14", "", version))
        self.assertEqual(self.history_count(), rows)

    def test_without_a_history_row_at_the_version_every_differing_field_clashes(self):
        # A version the meeting never had (a forged or broken form): nothing to merge from.
        self.opened = self.meeting.version + 5
        with self.assertRaises(services.MeetingEditConflict) as conflict:
            self.save(self.bo, location="Rådhuset", case_number="X-1")
        self.assertEqual(conflict.exception.clashes, ["location", "case_number"])
        # Fields typed as stored are no clash, so an edit that changes nothing goes through.
        self.save(self.bo)
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).location, BASE_LOCATION)

    def test_the_base_is_the_history_row_at_the_forms_version(self):
        self.save(self.anne, location="Saxogade 14")  # version 2
        self.opened = Meeting.objects.get(pk=self.meeting.pk).version
        self.meeting.refresh_from_db()
        self.save(self.anne, location="Rådhuset")  # version 3, from version 2
        # Bo opened at version 2 (location Saxogade 14) and only changed the case number.
        updated = self.save(self.bo, location="Saxogade 14", case_number="2025-9")
        stored = Meeting.objects.get(pk=self.meeting.pk)
        self.assertEqual((stored.location, stored.case_number), ("Rådhuset", "2025-9"))
        self.assertEqual(updated.kept, ["location"])

    def test_a_missing_version_is_refused_as_before(self):
        with self.assertRaises(services.Refused):
            services.meeting_update(meeting=self.meeting, user=self.bo, data=details(self.meeting, location="X"),
                                    expected_version=None)
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).location, BASE_LOCATION)

    def test_a_merged_move_of_an_announced_meeting_tells_the_members(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(status=Meeting.Status.AGENDA_PUBLISHED)
        make_membership(self.meeting.committee, make_person(name="Anne Ahlers", email="anne@example.org"))
        self.save(self.anne, case_number="2025-1")
        updated = self.save(self.bo, end_time=datetime.time(18, 0))
        self.assertEqual([p.email for p in updated.notified.queued], ["anne@example.org"])
        self.assertEqual(list(OutgoingMail.objects.values_list("kind", flat=True)), ["meeting_moved"])


def post(meeting, version, **changes):
    data = {"meeting-title": meeting.title, "meeting-date": meeting.date.isoformat(),
            "meeting-start_time": "15:00", "meeting-end_time": "17:00", "meeting-location": meeting.location,
            "meeting-minute_taker": "", "meeting-case_number": "", "meeting-document_number": "",
            "meeting-version": version}
    data.update({f"meeting-{name}": value for name, value in changes.items()})
    return data


class MergeViewTests(TestCase):
    def setUp(self):
        self.meeting = make_meeting(location=BASE_LOCATION)
        self.url = reverse("workspace:meeting", args=[self.meeting.pk])
        self.client.force_login(make_secretary())
        self.opened = self.meeting.version

    def test_the_second_window_saves_its_change_and_hears_the_first_was_kept(self):
        first = self.client.post(self.url, post(self.meeting, self.opened, location="Saxogade 14"), follow=True)
        self.assertContains(first, "Mødet er gemt.")
        second = self.client.post(self.url, post(self.meeting, self.opened, end_time="16:30"), follow=True)
        self.assertContains(second, "Gemt. En anden havde imens ændret mødested; den ændring er bevaret.")
        self.assertNotContains(second, "Mødet er gemt.")
        stored = Meeting.objects.get(pk=self.meeting.pk)
        self.assertEqual((stored.location, stored.end_time), ("Saxogade 14", datetime.time(16, 30)))

    def test_two_kept_fields_are_named_in_one_sentence(self):
        self.client.post(self.url, post(self.meeting, self.opened, location="Saxogade 14", case_number="2025-1"))
        second = self.client.post(self.url, post(self.meeting, self.opened, end_time="16:30"), follow=True)
        self.assertContains(second, "Gemt. En anden havde imens ændret mødested og sagsnummer; "
                                    "de ændringer er bevaret.")

    def test_a_clash_answers_409_with_the_typed_value_and_the_other_beside_it(self):
        self.client.post(self.url, post(self.meeting, self.opened, location="Saxogade 14", date="2024-04-05",
                                        start_time="16:00"))
        stored_version = Meeting.objects.get(pk=self.meeting.pk).version
        response = self.client.post(self.url, post(self.meeting, self.opened, location="Rådhuset",
                                                   date="2024-04-11", start_time="14:00", end_time="16:30"))
        self.assertEqual(response.status_code, 409)
        page = response.content.decode()
        self.assertIn("I har begge ændret dato, starttidspunkt og mødested", page)
        # Every typed value stays in the form, the end time (no clash) included.
        for typed in ('value="Rådhuset"', 'value="2024-04-11"', 'value="14:00"', 'value="16:30"'):
            self.assertIn(typed, page)
        # The other person's values, as a reader writes them, beside each clashing field only.
        self.assertIn("Gemt af en anden: Saxogade 14", page)
        self.assertIn("Gemt af en anden: fredag den 5. april 2024", page)
        self.assertIn("Gemt af en anden: kl. 16.00", page)
        self.assertEqual(page.count("Gemt af en anden:"), 3)
        # The input is described by the other value, so a screen reader hears it too.
        self.assertIn('id="id_meeting-location_theirs"', page)
        self.assertRegex(page, r'name="meeting-location"[^>]*aria-describedby="id_meeting-location_theirs"'
                               r'|aria-describedby="id_meeting-location_theirs"[^>]*name="meeting-location"')
        # The form now carries the stored version: saving again wins.
        self.assertIn(f'name="meeting-version" value="{stored_version}"', page)
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).location, "Saxogade 14")
        again = self.client.post(self.url, post(self.meeting, stored_version, location="Rådhuset",
                                                date="2024-04-11", start_time="14:00", end_time="16:30"))
        self.assertEqual(again.status_code, 302)
        stored = Meeting.objects.get(pk=self.meeting.pk)
        self.assertEqual((stored.location, stored.date, stored.start_time),
                         ("Rådhuset", datetime.date(2024, 4, 11), datetime.time(14, 0)))
