"""A committee's secretariat keeps its rules of procedure in the workspace, not the admin."""

import datetime

from django.test import TestCase
from django.urls import reverse

from meetings.committees import fingerprint, parse_windows, windows_text
from meetings.models import Committee, Meeting
from tests.factories import make_member, make_secretary


class WindowParsingTests(TestCase):
    def test_months_by_number_and_danish_name_make_sorted_windows(self):
        self.assertEqual(parse_windows("nov-dec, 2-3; juni, sep–okt"), [[2, 3], [6], [9, 10], [11, 12]])
        self.assertEqual(parse_windows("januar - marts"), [[1, 2, 3]])
        self.assertEqual(parse_windows(""), [])

    def test_what_is_not_a_month_or_overlaps_is_refused(self):
        for text in ("13", "feb-jan", "maj-juni-juli", "kvartal", "2-3, 3"):
            with self.subTest(text=text), self.assertRaises(ValueError):
                parse_windows(text)

    def test_windows_read_back_in_danish_words(self):
        self.assertEqual(windows_text([[2, 3], [6]]), "februar–marts, juni")
        self.assertEqual(parse_windows(windows_text([[2, 3], [6], [11, 12]])), [[2, 3], [6], [11, 12]])


class CommitteeSettingsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.chefforum = Committee.objects.create(slug="chefforum", name="Chefforum Sundhedsklynge Midt")
        cls.klu = Committee.objects.create(slug="klu", name="Kommunalt Lægeligt Udvalg")
        cls.secretary = make_secretary(cls.chefforum, username="cf-sekretaer")

    def setUp(self):
        self.client.force_login(self.secretary)
        self.url = reverse("workspace:committee", args=["chefforum"])

    def post(self, **changes):
        committee = Committee.objects.get(pk=self.chefforum.pk)
        data = {"name": committee.name, "short_name": "", "administration": "", "secretariat": "", "address": "",
                "default_location": "", "default_weekday": "", "default_start_time": "", "default_end_time": "",
                "rules_of_procedure": "", "meeting_windows_text": "", "fingerprint": fingerprint(committee)}
        data.update(changes)
        return self.client.post(self.url, data)

    def test_the_secretary_sets_windows_time_and_place_and_plans_a_year(self):
        response = self.post(meeting_windows_text="mar, jun, sep, dec", default_weekday="1",
                             default_start_time="13:00", default_end_time="15:00",
                             default_location="Regionshuset, Viborg")
        self.assertEqual(response.status_code, 302)
        committee = Committee.objects.get(pk=self.chefforum.pk)
        self.assertEqual(committee.meeting_windows, [[3], [6], [9], [12]])
        self.assertEqual(committee.default_weekday, 1)
        self.assertEqual(committee.history.latest().history_user, self.secretary)
        response = self.client.post(reverse("workspace:plan-year", args=["chefforum"]), {"year": 2027})
        self.assertEqual(response.status_code, 302)
        meetings = list(Meeting.objects.filter(committee=committee).order_by("date"))
        self.assertEqual([m.date.month for m in meetings], [3, 6, 9, 12])
        self.assertTrue(all(m.date.weekday() == 1 and m.start_time == datetime.time(13) for m in meetings))

    def test_a_refused_form_keeps_what_was_typed_and_says_why_in_danish(self):
        response = self.post(meeting_windows_text="forår, jun", default_location="Et sted")
        self.assertEqual(response.status_code, 400)
        page = response.content.decode()
        self.assertIn("Forstår ikke “forår”", page)
        self.assertIn('value="forår, jun"', page)
        self.assertIn('value="Et sted"', page)
        self.assertEqual(Committee.objects.get(pk=self.chefforum.pk).meeting_windows, [])
        response = self.post(default_start_time="15:00", default_end_time="14:00")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Møderne skal slutte efter, de begynder.", status_code=400)

    def test_a_save_from_settings_changed_meanwhile_is_refused_and_keeps_both(self):
        old = fingerprint(self.chefforum)
        self.assertEqual(self.post(default_location="Viborg").status_code, 302)
        response = self.post(default_location="Aarhus", fingerprint=old)
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, 'value="Aarhus"', status_code=409)
        self.assertContains(response, "Viborg", status_code=409)
        self.assertEqual(Committee.objects.get(pk=self.chefforum.pk).default_location, "Viborg")
        self.assertEqual(self.post(default_location="Aarhus", fingerprint="").status_code, 400)
        self.assertEqual(Committee.objects.get(pk=self.chefforum.pk).default_location, "Viborg")

    def test_only_the_committees_own_secretariat_may_change_it(self):
        self.assertEqual(self.client.get(reverse("workspace:committee", args=["klu"])).status_code, 403)
        self.client.force_login(make_member(self.chefforum, username="cf-medlem"))
        self.assertEqual(self.client.get(self.url).status_code, 403)
        self.assertEqual(self.post(default_location="Hacket").status_code, 403)
        self.client.logout()
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.assertEqual(Committee.objects.get(pk=self.chefforum.pk).default_location, "")


class EnglishWindowsTests(TestCase):
    def test_the_english_interface_reads_and_writes_english_month_names(self):
        from django.utils import translation

        with translation.override("en"):
            self.assertEqual(windows_text([[2, 3], [6]]), "February–March, June")
            self.assertEqual(parse_windows("February-March, June, oct"), [[2, 3], [6], [10]])
