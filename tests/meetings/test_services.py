"""The state changes of a meeting's life, one service function each."""

import datetime

from django.test import TestCase

from meetings import services
from meetings.locking import MinutesLocked
from meetings.models import AgendaItem, Decision, Meeting
from tests.factories import (
    make_committee,
    make_decision,
    make_item,
    make_meeting,
    make_person,
    make_secretary,
)


class PlanYearTests(TestCase):
    def setUp(self):
        self.secretary = make_secretary()
        self.klu = make_committee(slug="klu", meeting_windows=[[2, 3], [6], [9, 10], [11, 12]],
                                  default_weekday=3, default_start_time=datetime.time(15),
                                  default_end_time=datetime.time(17), default_location="Danmarksgade 17")

    def test_it_plans_one_meeting_per_window_on_the_committees_weekday(self):
        meetings = services.meeting_plan_year(committee=self.klu, year=2025, user=self.secretary)
        self.assertEqual([m.date for m in meetings], [datetime.date(2025, 2, 20), datetime.date(2025, 6, 19),
                                                      datetime.date(2025, 9, 18), datetime.date(2025, 11, 20)])
        self.assertTrue(all(m.date.weekday() == 3 for m in meetings))
        self.assertEqual({(m.start_time, m.end_time, m.location) for m in meetings},
                         {(datetime.time(15), datetime.time(17), "Danmarksgade 17")})
        self.assertEqual(meetings[0].history.latest().history_user, self.secretary)

    def test_planning_twice_creates_nothing_new(self):
        services.meeting_plan_year(committee=self.klu, year=2025, user=self.secretary)
        self.assertEqual(services.meeting_plan_year(committee=self.klu, year=2025, user=self.secretary), [])
        self.assertEqual(Meeting.objects.filter(committee=self.klu).count(), 4)

    def test_it_leaves_a_window_that_already_has_a_meeting(self):
        make_meeting(committee=self.klu, date=datetime.date(2025, 3, 6))
        self.assertEqual(len(services.meeting_plan_year(committee=self.klu, year=2025, user=self.secretary)), 3)


class AgendaBuildingTests(TestCase):
    def setUp(self):
        self.secretary = make_secretary()
        self.committee = make_committee()
        self.previous = make_meeting(committee=self.committee, date=datetime.date(2024, 4, 4),
                                     status=Meeting.Status.SIGNED_OFF)
        self.meeting = make_meeting(committee=self.committee, date=datetime.date(2024, 6, 27))

    def labels(self):
        return [(i.label, i.title) for i in self.meeting.items.order_by("number", "sub_number")]

    def test_a_new_agenda_starts_with_the_standard_items_linking_the_previous_minutes(self):
        items = services.agenda_add_standard_items(meeting=self.meeting, user=self.secretary)
        self.assertEqual([i.title for i in items], ["Godkendelse af dagsordenen",
                                                    "Godkendelse af referat fra sidste møde", "Eventuelt"])
        self.assertEqual(items[1].previous_minutes, self.previous)

    def test_new_items_go_before_any_other_business_and_sub_items_take_letters(self):
        services.agenda_add_standard_items(meeting=self.meeting, user=self.secretary)
        services.agenda_item_create(meeting=self.meeting, user=self.secretary, title="Sager")
        services.agenda_item_create(meeting=self.meeting, user=self.secretary, title="Mødekalender",
                                    as_sub_item=True)
        services.agenda_item_create(meeting=self.meeting, user=self.secretary, title="Tema", as_sub_item=True)
        self.assertEqual(self.labels(), [
            ("1", "Godkendelse af dagsordenen"), ("2", "Godkendelse af referat fra sidste møde"),
            ("3", "Sager"), ("3.a", "Mødekalender"), ("3.b", "Tema"), ("4", "Eventuelt"),
        ])

    def test_reordering_renumbers_by_the_new_order_and_records_history(self):
        a, b, c = (make_item(self.meeting, number=n, title=t) for n, t in ((1, "A"), (2, "B"), (3, "C")))
        services.agenda_reorder(meeting=self.meeting, user=self.secretary,
                                order=[(c.pk, False), (a.pk, False), (b.pk, True)])
        self.assertEqual(self.labels(), [("1", "C"), ("2", "A"), ("2.a", "B")])
        self.assertEqual(AgendaItem.history.filter(id=b.pk).latest().history_user, self.secretary)

    def test_reordering_refuses_an_order_that_leaves_out_an_item(self):
        a = make_item(self.meeting, number=1)
        make_item(self.meeting, number=2)
        with self.assertRaises(services.Refused):
            services.agenda_reorder(meeting=self.meeting, user=self.secretary, order=[(a.pk, False)])

    def test_deleting_an_item_closes_the_gap(self):
        a, b, c = (make_item(self.meeting, number=n) for n in (1, 2, 3))
        services.agenda_item_delete(item=b, user=self.secretary)
        self.assertEqual([label for label, _t in self.labels()], ["1", "2"])


class PublishTests(TestCase):
    def setUp(self):
        self.secretary = make_secretary()

    def test_it_refuses_an_incomplete_agenda_listing_what_is_missing(self):
        meeting = make_meeting(start_time=None, end_time=None, location="")
        make_item(meeting, title="   ")
        with self.assertRaises(services.Refused) as refused:
            services.meeting_publish(meeting=meeting, user=self.secretary)
        self.assertEqual(refused.exception.problems, [
            "Mødet mangler et starttidspunkt.", "Mødet mangler et mødested.", "Mødet mangler en referent.",
            "Punkt 1 mangler en titel.",
        ])
        meeting.refresh_from_db()
        self.assertEqual(meeting.status, Meeting.Status.PLANNED)

    def test_it_publishes_records_who_and_queues_a_mail_per_member(self):
        from mail.models import OutgoingMail
        from tests.factories import make_membership

        meeting = make_meeting(minute_taker=make_person(name="Lars Lund"))
        make_item(meeting, title="Godkendelse af dagsordenen")
        with_address = make_person(name="Anne Ahlers", email="anne@example.org")
        without_address = make_person(name="Bo Bech")
        for person in (with_address, without_address):
            make_membership(meeting.committee, person, start=datetime.date(2020, 1, 1))
        published = services.meeting_publish(meeting=meeting, user=self.secretary)
        meeting.refresh_from_db()
        self.assertEqual((meeting.status, meeting.agenda_published_by), (Meeting.Status.AGENDA_PUBLISHED,
                                                                         self.secretary))
        self.assertIsNotNone(meeting.agenda_published_at)
        self.assertEqual((published.notified.queued, published.notified.without_address),
                         ([with_address], [without_address]))
        self.assertEqual(list(OutgoingMail.objects.values_list("to_address", "kind", "status")),
                         [("anne@example.org", "agenda_published", "queued")])


class SignOffTests(TestCase):
    def setUp(self):
        self.secretary = make_secretary()
        self.meeting = make_meeting(status=Meeting.Status.MINUTES_DRAFTED, minute_taker=make_person())
        self.first = make_item(self.meeting, number=1, title="Godkendelse af dagsordenen")
        self.second = make_item(self.meeting, number=2, title="Tema")

    def test_it_refuses_while_an_item_lacks_a_decision_and_lists_it(self):
        make_decision(self.first)
        with self.assertRaises(services.Refused) as refused:
            services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair", store_pdf=False)
        self.assertEqual(refused.exception.problems, ["Punkt 2 mangler en beslutning."])
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.status, Meeting.Status.MINUTES_DRAFTED)

    def test_it_refuses_without_time_place_or_minute_taker(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(start_time=None, end_time=None, location="",
                                                          minute_taker=None)
        make_decision(self.first)
        make_decision(self.second)
        with self.assertRaises(services.Refused) as refused:
            services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair", store_pdf=False)
        self.assertEqual(refused.exception.problems, ["Mødet mangler et starttidspunkt.",
                                                      "Mødet mangler et mødested.", "Mødet mangler en referent."])

    def test_signed_off_minutes_refuse_every_change_in_the_models(self):
        make_decision(self.first)
        decision = make_decision(self.second, outcome=Decision.Outcome.DISCUSSED, text="Drøftet.")
        services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair", store_pdf=False)
        self.meeting.refresh_from_db()
        self.assertEqual((self.meeting.status, self.meeting.signed_off_by, self.meeting.sign_off_method),
                         (Meeting.Status.SIGNED_OFF, self.secretary, "chair"))

        self.second.refresh_from_db()
        self.second.title = "Ændret titel"
        with self.assertRaises(MinutesLocked):
            self.second.save()
        decision.refresh_from_db()
        decision.text = "Noget andet"
        with self.assertRaises(MinutesLocked):
            decision.save()
        with self.assertRaises(MinutesLocked):
            self.first.delete()
        meeting = Meeting.objects.get(pk=self.meeting.pk)
        meeting.location = "Et andet sted"
        with self.assertRaises(MinutesLocked):
            meeting.save()
        self.assertEqual(AgendaItem.objects.get(pk=self.second.pk).title, "Tema")
        self.assertEqual(Decision.objects.get(pk=decision.pk).text, "Drøftet.")


class DecisionTests(TestCase):
    def setUp(self):
        self.secretary = make_secretary()
        self.meeting = make_meeting(status=Meeting.Status.AGENDA_PUBLISHED)
        self.item = make_item(self.meeting)

    def test_recording_a_decision_starts_the_minutes(self):
        services.decision_record(item=self.item, user=self.secretary, outcome="approved", text="Godkendt.",
                                 expected_version=0)
        self.meeting.refresh_from_db()
        self.assertEqual(self.meeting.status, Meeting.Status.MINUTES_DRAFTED)
        self.assertEqual(self.item.decision.history.latest().history_user, self.secretary)

    def test_a_postponement_must_name_a_later_meeting_of_the_same_committee(self):
        earlier = make_meeting(committee=self.meeting.committee, date=datetime.date(2024, 1, 1))
        for target in (None, earlier, make_meeting(date=datetime.date(2025, 1, 1))):
            with self.assertRaises(services.Refused):
                services.decision_record(item=self.item, user=self.secretary, outcome="postponed", text="",
                                         postponed_to=target, expected_version=0)
        later = make_meeting(committee=self.meeting.committee, date=datetime.date(2024, 6, 27))
        decision = services.decision_record(item=self.item, user=self.secretary, outcome="postponed",
                                            text="Udsat.", postponed_to=later, expected_version=0)
        self.assertEqual(decision.postponed_to, later)
        self.assertEqual(services.offered_items(later)["postponed"], [self.item])

    def test_a_stale_decision_edit_is_refused_and_keeps_the_first(self):
        first = services.decision_record(item=self.item, user=self.secretary, outcome="approved", text="A",
                                         expected_version=0)
        services.decision_record(item=self.item, user=self.secretary, outcome="approved", text="B",
                                 expected_version=first.version)
        with self.assertRaises(services.ConcurrentEdit) as conflict:
            services.decision_record(item=self.item, user=self.secretary, outcome="approved", text="C",
                                     expected_version=first.version)
        self.assertEqual(conflict.exception.current.text, "B")
        self.assertEqual(Decision.objects.get(item=self.item).text, "B")


class ConcurrentItemEditTests(TestCase):
    def test_the_second_of_two_edits_from_the_same_version_is_refused(self):
        secretary = make_secretary()
        item = make_item(make_meeting(), title="Original")
        opened = item.version
        services.agenda_item_update(item=item, user=secretary, data={"title": "Første"}, expected_version=opened)
        with self.assertRaises(services.ConcurrentEdit) as conflict:
            services.agenda_item_update(item=item, user=secretary, data={"title": "Anden"},
                                        expected_version=opened)
        self.assertEqual(conflict.exception.current.title, "Første")
        item.refresh_from_db()
        self.assertEqual(item.title, "Første")


class CancelTests(TestCase):
    def test_cancelling_keeps_the_meeting_raises_the_sequence_and_needs_a_reason(self):
        secretary = make_secretary()
        meeting = make_meeting()
        with self.assertRaises(services.Refused):
            services.meeting_cancel(meeting=meeting, user=secretary, reason="  ")
        services.meeting_cancel(meeting=meeting, user=secretary, reason="For få tilmeldte")
        meeting.refresh_from_db()
        self.assertEqual((meeting.status, meeting.cancelled_reason, meeting.sequence),
                         (Meeting.Status.CANCELLED, "For få tilmeldte", 1))
