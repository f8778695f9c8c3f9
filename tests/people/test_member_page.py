"""A member's own page, "Mine møder": coming meetings, apologies sent and taken back,
their own contact details; what the secretariat and the private calendar then show."""

import datetime
from unittest import mock

import icalendar
from django.conf import settings
from django.contrib.auth.models import User
from django.shortcuts import resolve_url
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from meetings import services
from meetings.models import Attendance, CalendarToken, Committee, Meeting, Membership, Organisation, Person

PASSWORD = "a-long-test-password"


def make_committee(slug, name, short_name=""):
    return Committee.objects.create(slug=slug, name=name, short_name=short_name, default_location="Danmarksgade 17")


def make_person_with_login(username, committee, *, name, role=Membership.Role.MEMBER, start=None, end=None):
    """A user, the person their account belongs to, and one membership of `committee`."""
    user = User.objects.create_user(username=username, password=PASSWORD)
    person = Person.objects.create(name=name, user=user, email=f"{username}@example.org", title="Praktiserende læge")
    organisation, _created = Organisation.objects.get_or_create(name="PLO-K-Aalborg")
    Membership.objects.create(committee=committee, person=person, organisation=organisation,
                              side=Membership.Side.GENERAL_PRACTICE, role=role, start=start, end=end)
    return user, person


def make_meeting(committee, days_ahead, **kw):
    kw.setdefault("start_time", datetime.time(15, 0))
    kw.setdefault("end_time", datetime.time(17, 0))
    kw.setdefault("location", "Danmarksgade 17, mødelokale 1")
    kw.setdefault("status", Meeting.Status.AGENDA_PUBLISHED)
    return Meeting.objects.create(committee=committee, date=timezone.localdate() + datetime.timedelta(days=days_ahead),
                                  **kw)


def event_summaries(ics_bytes):
    """{UID: SUMMARY} of a parsed iCalendar document."""
    calendar = icalendar.Calendar.from_ical(ics_bytes)
    return {str(event["uid"]): str(event["summary"]) for event in calendar.walk("VEVENT")}


class MemberPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.klu = make_committee("klu", "Kommunalt Lægeligt Udvalg", "KLU")
        cls.chefforum = make_committee("chefforum", "Chefforum Sundhedsklynge Midt")
        cls.user, cls.person = make_person_with_login("medlem", cls.klu, name="Christine Houe")
        cls.secretary, cls.secretary_person = make_person_with_login(
            "sekretaer", cls.klu, name="Lars Lund", role=Membership.Role.SECRETARY)
        cls.chef_user, cls.chef_person = make_person_with_login("chef", cls.chefforum, name="Mette Chef")
        cls.coming = make_meeting(cls.klu, 14, title="4. møde")
        cls.later = make_meeting(cls.klu, 60)
        cls.cancelled = make_meeting(cls.klu, 30, status=Meeting.Status.CANCELLED, cancelled_reason="For få punkter")
        cls.past = make_meeting(cls.klu, -30)
        cls.chef_meeting = make_meeting(cls.chefforum, 20, location="Regionshuset Viborg")

    def setUp(self):
        self.client.force_login(self.user)

    def page(self):
        response = self.client.get(reverse("people:my-meetings"))
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def send(self, meeting, note=""):
        return self.client.post(reverse("people:apology-send", args=[meeting.pk]), {f"m{meeting.pk}-note": note})

    def withdraw(self, meeting):
        return self.client.post(reverse("people:apology-withdraw", args=[meeting.pk]))

    def private_feed(self, user):
        token = CalendarToken.objects.filter(user=user, revoked_at__isnull=True).first()
        token = token or CalendarToken.objects.create(user=user, token=f"token-{user.pk}-" + "x" * 40)
        self.client.logout()
        response = self.client.get(reverse("exports:private-ics", args=[token.token]))
        self.client.force_login(self.user)
        self.assertEqual(response.status_code, 200)
        return event_summaries(response.content)

    # The page

    def test_the_page_lists_the_coming_meetings_of_the_members_committees_only(self):
        page = self.page()
        self.assertIn(self.coming.get_absolute_url(), page)
        self.assertIn(self.later.get_absolute_url(), page)
        self.assertIn("4. møde", page)
        # In Danish words, with the time.
        from meetings.formatting import danish_date

        self.assertIn(f"{danish_date(self.coming.date)}, kl. 15.00–17.00", page)
        self.assertNotIn(self.past.get_absolute_url(), page)
        self.assertNotIn(self.chef_meeting.get_absolute_url(), page)
        self.assertNotIn("Regionshuset Viborg", page)
        self.assertIn("Du har ikke meldt afbud.", page)
        self.assertIn('action="%s"' % reverse("people:apology-send", args=[self.coming.pk]), page)

    def test_a_cancelled_meeting_is_listed_as_cancelled_without_an_apology_form(self):
        page = self.page()
        self.assertIn(self.cancelled.get_absolute_url(), page)
        self.assertIn("Aflyst", page)
        self.assertIn("For få punkter", page)
        self.assertNotIn(reverse("people:apology-send", args=[self.cancelled.pk]), page)

    def test_a_meeting_after_the_membership_ends_is_not_listed(self):
        Membership.objects.filter(person=self.person).update(end=self.coming.date + datetime.timedelta(days=1))
        page = self.page()
        self.assertIn(self.coming.get_absolute_url(), page)
        self.assertNotIn(self.later.get_absolute_url(), page)

    def test_the_header_links_to_the_page_for_a_user_with_a_person_only(self):
        link = 'href="%s"' % reverse("people:my-meetings")
        self.assertIn(link, self.client.get(reverse("meetings:home")).content.decode())
        self.client.force_login(User.objects.create_user("admin-without-person", password=PASSWORD))
        self.assertNotIn(link, self.client.get(reverse("meetings:home")).content.decode())
        self.client.logout()
        self.assertNotIn(link, self.client.get(reverse("meetings:home")).content.decode())

    def test_a_user_without_a_person_sees_an_explanation(self):
        self.client.force_login(User.objects.create_user("nobody", password=PASSWORD))
        response = self.client.get(reverse("people:my-meetings"))
        self.assertContains(response, "Din konto hører ikke til en person", status_code=403)
        response = self.send(self.coming, "Syg")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Attendance.objects.exists())

    def test_an_anonymous_visitor_is_sent_to_log_in(self):
        self.client.logout()
        login = resolve_url(settings.LOGIN_URL)
        for response in (self.client.get(reverse("people:my-meetings")), self.send(self.coming, "Syg"),
                         self.withdraw(self.coming),
                         self.client.post(reverse("people:contact-update"), {"contact-email": "x@example.org"})):
            self.assertEqual(response.status_code, 302)
            self.assertTrue(response["Location"].startswith(login))
        self.assertFalse(Attendance.objects.exists())

    # Apologies

    def test_an_apology_with_a_note_reaches_the_secretariat_and_the_private_feed(self):
        response = self.send(self.coming, "\u200bFerie; Anne Jensen deltager i mit sted ")
        self.assertRedirects(response, reverse("people:my-meetings"))
        attendance = Attendance.objects.get(meeting=self.coming, person=self.person)
        self.assertEqual(attendance.status, Attendance.Status.APOLOGIES)
        self.assertEqual(attendance.capacity, Attendance.Capacity.MEMBER)
        self.assertEqual(attendance.apology_reason, "Ferie; Anne Jensen deltager i mit sted")
        # Snapshots as the secretariat's own registration takes them.
        self.assertEqual(attendance.title, "Praktiserende læge")
        self.assertEqual(attendance.organisation.name, "PLO-K-Aalborg")
        record = attendance.history.latest()
        self.assertEqual(record.history_user, self.user)
        self.assertEqual(record.history_change_reason, services.APOLOGY_SENT)
        self.assertIn("Du har meldt afbud: Ferie; Anne Jensen deltager i mit sted", self.page())

        # The secretariat's attendance page shows it at once.
        self.client.force_login(self.secretary)
        workspace = self.client.get(reverse("workspace:attendance", args=[self.coming.pk]))
        self.assertEqual(workspace.status_code, 200)
        self.assertContains(workspace, "Christine Houe")
        self.assertContains(workspace, 'value="Ferie; Anne Jensen deltager i mit sted"')
        self.assertContains(workspace, '<option value="apologies" selected>')

        # The member's private calendar marks it; other meetings are not marked.
        summaries = self.private_feed(self.user)
        self.assertEqual(summaries[self.coming.ical_uid], "KLU: 4. møde (afbud)")
        self.assertNotIn("afbud", summaries[self.later.ical_uid])
        self.assertNotIn(self.chef_meeting.ical_uid, summaries)

    def test_taking_an_apology_back_removes_it(self):
        self.send(self.coming, "Syg")
        self.assertIn("(afbud)", self.private_feed(self.user)[self.coming.ical_uid])
        response = self.withdraw(self.coming)
        self.assertRedirects(response, reverse("people:my-meetings"))
        self.assertFalse(Attendance.objects.filter(meeting=self.coming, person=self.person).exists())
        deleted = Attendance.history.filter(meeting_id=self.coming.pk, history_type="-").get()
        self.assertEqual(deleted.history_user, self.user)
        self.assertEqual(deleted.history_change_reason, services.APOLOGY_WITHDRAWN)
        self.assertNotIn("afbud", self.private_feed(self.user)[self.coming.ical_uid])
        self.assertIn("Du har ikke meldt afbud.", self.page())

    def test_taking_it_back_restores_what_the_secretariat_had_recorded(self):
        services.attendance_from_members(meeting=self.coming, user=self.secretary)
        self.send(self.coming, "Syg")
        self.assertEqual(Attendance.objects.get(meeting=self.coming, person=self.person).status,
                         Attendance.Status.APOLOGIES)
        self.withdraw(self.coming)
        attendance = Attendance.objects.get(meeting=self.coming, person=self.person)
        self.assertEqual(attendance.status, Attendance.Status.PRESENT)
        self.assertEqual(attendance.apology_reason, "")
        self.assertEqual(attendance.history.latest().history_change_reason, services.APOLOGY_WITHDRAWN)

    def test_taking_back_an_apology_the_secretariat_recorded_makes_the_member_present(self):
        services.attendance_set(meeting=self.coming, user=self.secretary, person=self.person,
                                status=Attendance.Status.APOLOGIES, apology_reason="Ringede")
        self.withdraw(self.coming)
        self.assertEqual(Attendance.objects.get(meeting=self.coming, person=self.person).status,
                         Attendance.Status.PRESENT)

    def test_there_is_nothing_to_take_back_without_an_apology(self):
        response = self.withdraw(self.coming)
        self.assertContains(response, "Du har ikke meldt afbud til dette møde.", status_code=400)
        self.assertFalse(Attendance.objects.exists())

    def test_after_the_meeting_starts_both_are_refused_and_nothing_changes(self):
        self.send(self.coming, "Syg")
        before = list(Attendance.history.values_list("history_id", flat=True))
        started = self.coming.start + datetime.timedelta(minutes=1)
        with mock.patch("django.utils.timezone.now", return_value=started):
            # Sessions live in the database, which checks their expiry against the
            # clock: a log-in from two weeks before would have run out.
            self.client.force_login(self.user)
            withdrawn = self.withdraw(self.coming)
            sent = self.send(self.later, "Ferie")
            late = self.send(self.coming, "Ny bemærkning")
        self.assertContains(withdrawn, "Mødet er begyndt. Kontakt sekretariatet", status_code=400)
        self.assertContains(late, "Mødet er begyndt.", status_code=400)
        self.assertEqual(sent.status_code, 302)  # a later meeting is still open
        attendance = Attendance.objects.get(meeting=self.coming, person=self.person)
        self.assertEqual((attendance.status, attendance.apology_reason), (Attendance.Status.APOLOGIES, "Syg"))
        self.assertEqual(Attendance.history.filter(meeting_id=self.coming.pk).count(), len(before))

    def test_a_meeting_without_a_time_closes_at_the_start_of_its_day(self):
        untimed = make_meeting(self.klu, 10, start_time=None, end_time=None)
        day_before = datetime.datetime.combine(untimed.date, datetime.time(0, 0),
                                               tzinfo=timezone.get_current_timezone())
        with mock.patch("django.utils.timezone.now", return_value=day_before - datetime.timedelta(minutes=1)):
            services.apology_send(meeting=untimed, person=self.person, user=self.user)
        with mock.patch("django.utils.timezone.now", return_value=day_before):
            with self.assertRaises(services.Refused) as refused:
                services.apology_withdraw(meeting=untimed, person=self.person, user=self.user)
        self.assertIn("Mødet er begyndt. Kontakt sekretariatet, hvis dit fremmøde skal ændres.",
                      refused.exception.problems)

    def test_a_member_of_another_committee_cannot_send_an_apology(self):
        self.client.force_login(self.chef_user)
        self.assertEqual(self.send(self.coming, "Syg").status_code, 403)
        self.assertEqual(self.withdraw(self.coming).status_code, 403)
        with self.assertRaises(services.Refused) as refused:
            services.apology_send(meeting=self.coming, person=self.chef_person, user=self.chef_user)
        self.assertEqual(refused.exception.problems, ["Du er ikke medlem af udvalget på mødets dato."])
        self.assertFalse(Attendance.objects.exists())

    def test_a_membership_that_ends_before_the_meeting_sends_no_apology(self):
        Membership.objects.filter(person=self.person).update(end=self.coming.date - datetime.timedelta(days=1))
        self.assertEqual(self.send(self.coming, "Syg").status_code, 403)
        with self.assertRaises(services.Refused):
            services.apology_send(meeting=self.coming, person=self.person, user=self.user)
        self.assertFalse(Attendance.objects.exists())

    def test_cancelled_and_signed_off_meetings_take_no_apologies(self):
        response = self.send(self.cancelled, "Syg")
        self.assertContains(response, "Mødet er aflyst.", status_code=400)
        Meeting.objects.filter(pk=self.later.pk).update(
            status=Meeting.Status.SIGNED_OFF, sign_off_method=Meeting.SignOffMethod.CHAIR,
            signed_off_at=timezone.now())
        self.later.refresh_from_db()
        with self.assertRaises(services.ValidationError):
            services.apology_send(meeting=self.later, person=self.person, user=self.user)
        self.assertFalse(Attendance.objects.exists())

    def test_a_note_too_long_is_refused_keeping_what_was_typed(self):
        note = "Ferie " * 60
        response = self.send(self.coming, note)
        self.assertContains(response, "Bemærkningen må højst være 300 tegn.", status_code=400)
        self.assertContains(response, note.strip()[:100], status_code=400)
        self.assertFalse(Attendance.objects.exists())

    # Contact details

    def contact(self, **data):
        data.setdefault("contact-version", Person.objects.get(pk=self.person.pk).version)
        return self.client.post(reverse("people:contact-update"), data)

    def test_the_member_changes_their_own_email_and_telephone(self):
        response = self.contact(**{"contact-email": "christine.houe@example.org", "contact-phone": "+45 98 76 54 32"})
        self.assertRedirects(response, reverse("people:my-meetings"))
        self.person.refresh_from_db()
        self.assertEqual((self.person.email, self.person.phone), ("christine.houe@example.org", "+45 98 76 54 32"))
        record = self.person.history.latest()
        self.assertEqual(record.history_user, self.user)
        self.assertEqual(record.history_change_reason, "Kontaktoplysninger ændret af personen selv")
        self.assertIn('value="christine.houe@example.org"', self.page())

    def test_an_invalid_email_is_refused_in_danish_keeping_what_was_typed(self):
        response = self.contact(**{"contact-email": "christine.houe@", "contact-phone": "98 76 54 32"})
        self.assertContains(response, "Skriv en gyldig e-mailadresse", status_code=400)
        self.assertContains(response, 'value="christine.houe@"', status_code=400)
        self.assertContains(response, 'value="98 76 54 32"', status_code=400)
        self.person.refresh_from_db()
        self.assertEqual((self.person.email, self.person.phone), ("medlem@example.org", ""))

    def test_a_telephone_number_with_letters_is_refused(self):
        response = self.contact(**{"contact-email": "medlem@example.org", "contact-phone": "ring efter kl. 16"})
        self.assertContains(response, "Et telefonnummer må kun indeholde cifre", status_code=400)
        self.person.refresh_from_db()
        self.assertEqual(self.person.phone, "")

    def test_an_address_of_another_person_is_refused(self):
        response = self.contact(**{"contact-email": "SEKRETAER@example.org"})
        self.assertContains(response, "Adressen bruges allerede af en anden person.", status_code=400)
        self.person.refresh_from_db()
        self.assertEqual(self.person.email, "medlem@example.org")

    def test_a_contact_form_opened_before_another_change_is_refused(self):
        stale = Person.objects.get(pk=self.person.pk).version
        services.person_update_contact(person=self.person, user=self.secretary, email="ny@example.org", phone="",
                                       expected_version=stale)
        response = self.contact(**{"contact-version": stale, "contact-email": "min@example.org"})
        self.assertContains(response, "Intet er overskrevet", status_code=409)
        self.assertContains(response, 'value="min@example.org"', status_code=409)
        self.person.refresh_from_db()
        self.assertEqual(self.person.email, "ny@example.org")

    def test_a_contact_form_without_its_version_is_refused(self):
        response = self.client.post(reverse("people:contact-update"), {"contact-email": "min@example.org"})
        self.assertEqual(response.status_code, 400)
        self.person.refresh_from_db()
        self.assertEqual(self.person.email, "medlem@example.org")
