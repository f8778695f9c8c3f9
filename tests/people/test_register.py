"""The register of people in the workspace: organisations, people, memberships, guests.

Every change is one service call with who and why in the history; a refused form
keeps what was typed and says why in Danish; nothing needs /admin.
"""

import datetime

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from meetings.models import Meeting, Membership, Organisation, Person
from meetings.workspace.forms import AttendanceForm
from tests.factories import (
    make_attendance,
    make_committee,
    make_meeting,
    make_member,
    make_organisation,
    make_person,
    make_secretary,
    make_user,
    sign_off,
)


def person_data(**overrides):
    data = {"name": "Mette Holm", "title": "Praktiserende læge", "workplace": "Lægehuset Vest",
            "organisation": "", "email": "mette@example.dk", "phone": "+45 12 34 56 78", "version": "0",
            "reason": ""}
    data.update(overrides)
    return data


def membership_data(committee, organisation, **overrides):
    data = {"committee": committee.pk, "organisation": organisation.pk, "side": "general_practice",
            "role": "member", "role_label": "", "start": "2024-01-01", "end": "", "version": "0", "reason": ""}
    data.update(overrides)
    return data


class RegisterTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.secretary = make_secretary(first_name="Lars", last_name="Lund")
        cls.klu = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg", short_name="KLU")
        cls.plo = make_organisation(name="PLO-K Aalborg", sector=Organisation.Sector.GENERAL_PRACTICE)

    def setUp(self):
        self.client.force_login(self.secretary)


class OrganisationTests(RegisterTestCase):
    def test_it_creates_an_organisation_with_who_and_why_in_the_history(self):
        response = self.client.post(reverse("people:organisation-new"), {
            "name": "Aalborg Universitetshospital", "sector": "region", "version": "0",
            "reason": "Ny part i udvalget"})
        self.assertRedirects(response, reverse("people:organisation-list"))
        organisation = Organisation.objects.get(name="Aalborg Universitetshospital")
        record = organisation.history.get()
        self.assertEqual(record.history_user, self.secretary)
        self.assertEqual(record.history_change_reason, "Ny part i udvalget")

    def test_it_edits_an_organisation_and_raises_its_version(self):
        response = self.client.post(reverse("people:organisation", args=[self.plo.pk]), {
            "name": "PLO-Nordjylland", "sector": "general_practice", "version": str(self.plo.version),
            "reason": ""})
        self.assertEqual(response.status_code, 302)
        self.plo.refresh_from_db()
        self.assertEqual((self.plo.name, self.plo.version), ("PLO-Nordjylland", 2))
        self.assertEqual(self.plo.history.latest().history_change_reason, "Organisation ændret")

    def test_it_refuses_a_duplicate_organisation_name_in_danish(self):
        response = self.client.post(reverse("people:organisation-new"), {
            "name": "plo-k aalborg", "sector": "other", "version": "0"})
        self.assertContains(response, "Der findes allerede en organisation med det navn.", status_code=400)
        self.assertEqual(Organisation.objects.count(), 1)


    def test_a_stale_organisation_edit_is_refused_with_409_showing_both_versions(self):
        url = reverse("people:organisation", args=[self.plo.pk])
        opened = str(self.plo.version)
        self.client.post(url, {"name": "PLO Nord", "sector": "general_practice", "version": opened})
        second = self.client.post(url, {"name": "PLO Syd", "sector": "general_practice", "version": opened})
        self.assertContains(second, "PLO Syd", status_code=409)
        self.assertContains(second, "PLO Nord", status_code=409)
        self.plo.refresh_from_db()
        self.assertEqual(self.plo.name, "PLO Nord")


class RegisterPagesTests(RegisterTestCase):
    def test_every_register_page_opens_for_the_secretariat(self):
        person = make_person(name="Mette Holm", organisation=self.plo, email="mette@example.dk")
        membership = Membership.objects.create(committee=self.klu, person=person, organisation=self.plo,
                                               side="general_practice", start=datetime.date(2024, 1, 1))
        for url in (reverse("people:person-list"), reverse("people:person-new"),
                    reverse("people:person", args=[person.pk]), reverse("people:membership-new", args=[person.pk]),
                    reverse("people:membership", args=[membership.pk]), reverse("people:organisation-list"),
                    reverse("people:organisation-new"), reverse("people:organisation", args=[self.plo.pk])):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 200, url)
            self.assertContains(response, "<h1>", msg_prefix=url)


class PersonTests(RegisterTestCase):
    def test_it_creates_a_person_with_contact_details_and_history(self):
        response = self.client.post(reverse("people:person-new"), person_data(
            organisation=str(self.plo.pk), reason="Ny praksiskonsulent"))
        person = Person.objects.get(name="Mette Holm")
        self.assertRedirects(response, reverse("people:person", args=[person.pk]))
        self.assertEqual((person.email, person.phone, person.organisation), ("mette@example.dk", "+45 12 34 56 78",
                                                                             self.plo))
        record = person.history.get()
        self.assertEqual((record.history_user, record.history_change_reason), (self.secretary, "Ny praksiskonsulent"))

    def test_it_refuses_a_duplicate_name_keeping_what_was_typed(self):
        make_person(name="Mette Holm")
        response = self.client.post(reverse("people:person-new"), person_data(
            name="  mette   holm ", workplace="Lægehuset Øst"))
        self.assertContains(response, "Der findes allerede en person med det navn.", status_code=400)
        self.assertContains(response, "Lægehuset Øst", status_code=400)
        self.assertEqual(Person.objects.count(), 1)

    def test_it_edits_a_person_and_shows_the_change_by_name_and_danish_date(self):
        person = make_person(name="Mette Holm", title="Læge")
        response = self.client.post(reverse("people:person", args=[person.pk]), person_data(
            title="Praksiskonsulent", organisation=str(self.plo.pk), version=str(person.version),
            reason="Ny stilling"))
        self.assertRedirects(response, reverse("people:person", args=[person.pk]))
        person.refresh_from_db()
        self.assertEqual((person.title, person.version), ("Praksiskonsulent", 2))
        page = self.client.get(reverse("people:person", args=[person.pk]))
        today = timezone.localdate()
        months = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
                  "oktober", "november", "december"]
        self.assertContains(page, f"{today.day}. {months[today.month - 1]} {today.year}")
        self.assertContains(page, "Lars Lund")
        self.assertContains(page, "Ny stilling")
        # The organisation change is shown by name, not by its key.
        self.assertContains(page, "<ins>PLO-K Aalborg</ins>", html=True)

    def test_a_stale_edit_is_refused_with_409_showing_both_versions(self):
        person = make_person(name="Mette Holm", title="Læge")
        url = reverse("people:person", args=[person.pk])
        opened = person.version
        first = self.client.post(url, person_data(title="Annes titel", version=str(opened)))
        self.assertEqual(first.status_code, 302)
        second = self.client.post(url, person_data(title="Bos titel", version=str(opened)))
        self.assertContains(second, "Bos titel", status_code=409)
        self.assertContains(second, "Annes titel", status_code=409)
        person.refresh_from_db()
        self.assertEqual(person.title, "Annes titel")
        # The refused form now carries the stored version, so saving again uses Bo's.
        again = self.client.post(url, person_data(title="Bos titel", version=second.context["form"].data["version"]))
        self.assertEqual(again.status_code, 302)
        person.refresh_from_db()
        self.assertEqual(person.title, "Bos titel")

    def test_a_form_without_its_version_is_refused_not_saved(self):
        person = make_person(name="Mette Holm", title="Læge")
        response = self.client.post(reverse("people:person", args=[person.pk]), person_data(
            title="Uden udgave", version=""))
        self.assertContains(response, "Formularen mangler den udgave", status_code=400)
        person.refresh_from_db()
        self.assertEqual(person.title, "Læge")

    def test_bad_input_gets_danish_errors_not_a_server_error(self):
        response = self.client.post(reverse("people:person-new"), person_data(
            organisation="abc", email="ikke en adresse", phone="ring til mig", version="x"))
        self.assertEqual(response.status_code, 400)
        for message in ("Vælg en organisation fra listen.", "Skriv en gyldig e-mailadresse",
                        "Et telefonnummer må kun indeholde", "Formularens udgave er ugyldig."):
            self.assertContains(response, message, status_code=400)
        self.assertFalse(Person.objects.exists())

    def test_an_unknown_or_non_numeric_person_address_is_not_found(self):
        self.assertEqual(self.client.get("/workspace/people/abc/").status_code, 404)
        self.assertEqual(self.client.get(reverse("people:person", args=[99999])).status_code, 404)


class GuestTests(RegisterTestCase):
    def test_the_guest_filter_lists_people_without_a_membership(self):
        member = make_person(name="Anne Medlem")
        Membership.objects.create(committee=self.klu, person=member, organisation=self.plo, side="general_practice")
        former = make_person(name="Bo Tidligere")
        Membership.objects.create(committee=self.klu, person=former, organisation=self.plo, side="general_practice",
                                  start=datetime.date(2020, 1, 1), end=datetime.date(2021, 1, 1))
        make_person(name="Carl Gæst")
        response = self.client.get(reverse("people:person-list"), {"show": "guests"})
        self.assertEqual([p.name for p in response.context["people"]], ["Carl Gæst"])
        response = self.client.get(reverse("people:person-list"), {"show": "former"})
        self.assertEqual([p.name for p in response.context["people"]], ["Bo Tidligere"])
        response = self.client.get(reverse("people:person-list"), {"show": "members"})
        self.assertEqual([p.name for p in response.context["people"]], ["Anne Medlem"])

    def test_the_list_searches_by_name_and_ignores_a_bad_filter(self):
        make_person(name="Anne Medlem")
        make_person(name="Carl Gæst")
        response = self.client.get(reverse("people:person-list"), {"q": "carl", "show": "nonsense"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual([p.name for p in response.context["people"]], ["Anne Medlem", "Carl Gæst"])
        response = self.client.get(reverse("people:person-list"), {"q": "carl"})
        self.assertEqual([p.name for p in response.context["people"]], ["Carl Gæst"])

    def test_a_guest_created_in_the_register_can_be_chosen_in_the_attendance_form(self):
        self.client.post(reverse("people:person-new"), person_data(name="Gitte Gæst", email=""))
        guest = Person.objects.get(name="Gitte Gæst")
        self.assertIn(guest, AttendanceForm().fields["person"].queryset)


class MembershipTests(RegisterTestCase):
    def setUp(self):
        super().setUp()
        self.person = make_person(name="Mette Holm", title="Praktiserende læge", organisation=self.plo)

    def test_it_adds_a_membership_to_a_person(self):
        response = self.client.post(reverse("people:membership-new", args=[self.person.pk]), membership_data(
            self.klu, self.plo, role="chair", role_label="Formand for udvalget", reason="Valgt på mødet"))
        self.assertRedirects(response, reverse("people:person", args=[self.person.pk]))
        membership = self.person.memberships.get()
        self.assertEqual((membership.committee, membership.role, membership.role_label, membership.start),
                         (self.klu, "chair", "Formand for udvalget", datetime.date(2024, 1, 1)))
        record = membership.history.get()
        self.assertEqual((record.history_user, record.history_change_reason), (self.secretary, "Valgt på mødet"))

    def test_an_end_before_the_start_is_a_danish_form_error(self):
        response = self.client.post(reverse("people:membership-new", args=[self.person.pk]), membership_data(
            self.klu, self.plo, start="2024-05-01", end="2024-04-01", role_label="Skrevet"))
        self.assertContains(response, "Et medlemskab kan ikke slutte, før det begynder.", status_code=400)
        self.assertContains(response, "Skrevet", status_code=400)
        self.assertFalse(Membership.objects.exists())

    def test_non_numeric_choices_are_danish_form_errors(self):
        response = self.client.post(reverse("people:membership-new", args=[self.person.pk]), {
            "committee": "x", "organisation": "1 OR 1=1", "side": "sideways", "role": "boss", "start": "i går",
            "end": "", "version": "0"})
        self.assertContains(response, "Vælg fra listen.", status_code=400)
        self.assertContains(response, "Skriv en gyldig dato.", status_code=400)
        self.assertFalse(Membership.objects.exists())

    def test_ending_a_membership_keeps_past_minutes_as_they_were(self):
        membership = Membership.objects.create(committee=self.klu, person=self.person, organisation=self.plo,
                                               side="general_practice", role="chair", role_label="Formand",
                                               start=datetime.date(2020, 1, 1))
        meeting = make_meeting(committee=self.klu, status=Meeting.Status.MINUTES_DRAFTED)
        attendance = make_attendance(meeting, self.person, organisation=self.plo, role_label="Formand",
                                     title="Praktiserende læge")
        sign_off(meeting)
        response = self.client.post(reverse("people:membership-end", args=[membership.pk]), {
            "end-end": "2024-12-31", "end-version": str(membership.version), "end-reason": "Udtrådt"})
        self.assertRedirects(response, reverse("people:person", args=[self.person.pk]))
        membership.refresh_from_db()
        self.assertEqual(membership.end, datetime.date(2024, 12, 31))
        self.assertEqual(membership.history.latest().history_change_reason, "Udtrådt")
        # The person later changes job; the signed-off minutes still show them as they were.
        self.person.title = "Pensioneret"
        self.person.save()
        attendance.refresh_from_db()
        self.assertEqual((attendance.role_label, attendance.title), ("Formand", "Praktiserende læge"))
        self.client.logout()
        page = self.client.get(meeting.get_absolute_url())
        self.assertContains(page, "Mette Holm")
        self.assertContains(page, "Praktiserende læge")
        self.assertNotContains(page, "Pensioneret")

    def test_ending_the_last_membership_deactivates_the_persons_account(self):
        account = make_user("mette")
        self.person.user = account
        self.person.save()
        membership = Membership.objects.create(committee=self.klu, person=self.person, organisation=self.plo,
                                               side="general_practice", start=datetime.date(2020, 1, 1))
        yesterday = timezone.localdate() - datetime.timedelta(days=1)
        self.client.post(reverse("people:membership-end", args=[membership.pk]), {
            "end-end": yesterday.isoformat(), "end-version": str(membership.version), "end-reason": "Udtrådt"})
        account.refresh_from_db()
        self.assertFalse(account.is_active)

    def test_ending_a_membership_later_keeps_the_account_until_then(self):
        account = make_user("mette")
        self.person.user = account
        self.person.save()
        membership = Membership.objects.create(committee=self.klu, person=self.person, organisation=self.plo,
                                               side="general_practice", start=datetime.date(2020, 1, 1))
        next_month = timezone.localdate() + datetime.timedelta(days=30)
        self.client.post(reverse("people:membership-end", args=[membership.pk]), {
            "end-end": next_month.isoformat(), "end-version": str(membership.version), "end-reason": "Udtræder"})
        account.refresh_from_db()
        self.assertTrue(account.is_active)

    def test_ending_before_the_start_is_refused_in_danish(self):
        membership = Membership.objects.create(committee=self.klu, person=self.person, organisation=self.plo,
                                               side="general_practice", start=datetime.date(2024, 1, 1))
        response = self.client.post(reverse("people:membership-end", args=[membership.pk]), {
            "end-end": "2023-12-31", "end-version": str(membership.version)})
        self.assertContains(response, "Et medlemskab kan ikke slutte, før det begynder.", status_code=400)
        membership.refresh_from_db()
        self.assertIsNone(membership.end)

    def test_a_stale_membership_edit_is_refused_with_409(self):
        membership = Membership.objects.create(committee=self.klu, person=self.person, organisation=self.plo,
                                               side="general_practice", start=datetime.date(2024, 1, 1))
        url = reverse("people:membership", args=[membership.pk])
        opened = membership.version
        first = self.client.post(url, membership_data(self.klu, self.plo, role_label="Annes", version=str(opened)))
        self.assertEqual(first.status_code, 302)
        second = self.client.post(url, membership_data(self.klu, self.plo, role_label="Bos", version=str(opened)))
        self.assertContains(second, "Bos", status_code=409)
        self.assertContains(second, "Annes", status_code=409)
        membership.refresh_from_db()
        self.assertEqual(membership.role_label, "Annes")

    def test_editing_a_membership_never_moves_it_to_another_committee(self):
        chefforum = make_committee(slug="chefforum", name="Chefforum")
        membership = Membership.objects.create(committee=self.klu, person=self.person, organisation=self.plo,
                                               side="general_practice")
        self.client.post(reverse("people:membership", args=[membership.pk]), membership_data(
            chefforum, self.plo, version=str(membership.version)))
        membership.refresh_from_db()
        self.assertEqual(membership.committee, self.klu)


class ForgetContactDetailsTests(RegisterTestCase):
    def setUp(self):
        super().setUp()
        self.person = make_person(name="Mette Holm", email="mette@example.dk", phone="12345678")
        self.membership = Membership.objects.create(
            committee=self.klu, person=self.person, organisation=self.plo, side="general_practice",
            start=datetime.date(2020, 1, 1), end=datetime.date(2023, 12, 31))
        self.meeting = make_meeting(committee=self.klu, status=Meeting.Status.MINUTES_DRAFTED)
        make_attendance(self.meeting, self.person, title="Praktiserende læge")
        sign_off(self.meeting)

    def forget(self):
        self.person.refresh_from_db()
        return self.client.post(reverse("people:person-forget", args=[self.person.pk]), {
            "forget-version": str(self.person.version), "forget-reason": "Udtrådt, ønsker sletning"})

    def test_it_removes_email_and_phone_and_keeps_the_name_in_the_minutes(self):
        response = self.forget()
        self.assertRedirects(response, reverse("people:person", args=[self.person.pk]))
        self.person.refresh_from_db()
        self.assertEqual((self.person.name, self.person.email, self.person.phone), ("Mette Holm", "", ""))
        self.assertEqual(self.person.history.latest().history_user, self.secretary)
        # Nor does the history keep what was removed.
        self.assertFalse(Person.history.filter(id=self.person.pk).exclude(email="", phone="").exists())
        self.client.logout()
        self.assertContains(self.client.get(self.meeting.get_absolute_url()), "Mette Holm")

    def test_it_is_refused_while_the_person_holds_a_membership_that_has_not_ended(self):
        Membership.objects.filter(pk=self.membership.pk).update(end=None)
        response = self.forget()
        self.assertContains(response, "Personen har stadig et aktuelt medlemskab.", status_code=400)
        self.person.refresh_from_db()
        self.assertEqual(self.person.email, "mette@example.dk")


class RegisterAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        committee = make_committee()
        organisation = make_organisation()
        cls.person = make_person(name="Mette Holm")
        cls.membership = Membership.objects.create(committee=committee, person=cls.person,
                                                   organisation=organisation, side="other")
        cls.organisation = organisation
        cls.urls = [
            reverse("people:person-list"), reverse("people:person-new"),
            reverse("people:person", args=[cls.person.pk]), reverse("people:person-forget", args=[cls.person.pk]),
            reverse("people:membership-new", args=[cls.person.pk]),
            reverse("people:membership", args=[cls.membership.pk]),
            reverse("people:membership-end", args=[cls.membership.pk]),
            reverse("people:organisation-list"), reverse("people:organisation-new"),
            reverse("people:organisation", args=[organisation.pk]),
        ]
        # Plausible data for every form, so a missing check would really write.
        cls.post = {"name": "Indsmuglet", "sector": "other", "version": "1", "committee": committee.pk,
                    "organisation": organisation.pk, "side": "other", "role": "member", "end": "2024-01-01",
                    "end-end": "2024-01-01", "end-version": "1", "forget-version": "1"}

    def test_an_anonymous_visitor_is_sent_to_log_in(self):
        for url in self.urls:
            for method in (self.client.get, self.client.post):
                response = method(url, self.post) if method == self.client.post else method(url)
                if response.status_code == 405:
                    continue
                self.assertEqual(response.status_code, 302, url)
                self.assertIn("/login/", response["Location"])

    def test_a_member_and_an_outsider_are_refused_and_nothing_changes(self):
        for user in (make_member(self.membership.committee), make_user("outsider")):
            self.client.force_login(user)
            for url in self.urls:
                if not url.endswith(("end/", "forget-contact-details/")):
                    self.assertEqual(self.client.get(url).status_code, 403, url)
                self.assertEqual(self.client.post(url, self.post).status_code, 403, url)
        self.person.refresh_from_db()
        self.membership.refresh_from_db()
        self.assertEqual((self.person.name, self.membership.end), ("Mette Holm", None))
        self.assertFalse(Person.objects.filter(name="Indsmuglet").exists())
        self.assertFalse(Organisation.objects.filter(name="Indsmuglet").exists())

    def test_a_klu_secretary_keeps_klu_seats_but_not_chefforums(self):
        klu = self.membership.committee
        chefforum = make_committee(slug="chefforum", name="Chefforum")
        theirs = Membership.objects.create(committee=chefforum, person=self.person, organisation=self.organisation,
                                           side="other")
        self.client.force_login(make_secretary(klu, username="klu-sekretaer"))
        new_url = reverse("people:membership-new", args=[self.person.pk])
        data = {"organisation": self.organisation.pk, "side": "other", "role": "member", "start": "2024-01-01",
                "version": "0"}
        refused = self.client.post(new_url, {**data, "committee": chefforum.pk})
        self.assertContains(refused, "Vælg fra listen.", status_code=400)
        self.assertNotIn(chefforum, refused.context["form"].fields["committee"].queryset)
        self.assertEqual(self.client.post(new_url, {**data, "committee": klu.pk}).status_code, 302)
        for url in (reverse("people:membership", args=[theirs.pk]), reverse("people:membership-end", args=[theirs.pk])):
            self.assertEqual(self.client.post(url, {"end-end": "2024-01-01", "end-version": "1"}).status_code, 403)
        self.assertEqual(self.client.get(reverse("people:membership", args=[theirs.pk])).status_code, 403)
        self.assertEqual(self.client.get(reverse("people:membership", args=[self.membership.pk])).status_code, 200)
        theirs.refresh_from_db()
        self.assertIsNone(theirs.end)
        self.assertEqual(self.person.memberships.filter(committee=chefforum).count(), 1)

    def test_the_workspace_links_to_the_register(self):
        self.client.force_login(make_secretary())
        self.assertContains(self.client.get(reverse("workspace:dashboard")), reverse("people:person-list"))

