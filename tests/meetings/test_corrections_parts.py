"""Correcting each part of signed-off minutes: the form starts from the stored text, the
change is recorded and shown with its reason, and closed content never reaches the public."""

import datetime
import html

from django.urls import reverse

from meetings import services
from meetings.models import (
    Attendance,
    Decision,
    DecisionNote,
    Meeting,
    MinutesCorrection,
    MinutesPdf,
)
from tests.exports.base import ExportTestCase, pdf_text
from tests.factories import (
    make_attendance,
    make_committee,
    make_decision,
    make_item,
    make_meeting,
    make_member,
    make_person,
    make_secretary,
    response_bytes,
)
from tests.smtp_server import run_mail_worker

Part = MinutesCorrection.Part


class CorrectionPartsTests(ExportTestCase):
    def setUp(self):
        committee = make_committee(name="Kommunalt Lægeligt Udvalg")
        self.secretary = make_secretary(committee)
        self.member = make_member(committee)
        self.outsider = make_member(username="outsider")
        self.meeting = make_meeting(committee=committee, status=Meeting.Status.MINUTES_DRAFTED,
                                    minute_taker=make_person(name="Lars Lund"))
        self.item = make_item(self.meeting, title="Mødekalender 2025",
                              case_description="<p>Udvalget mødes fire gange om året.</p>",
                              recommendation_lead="Det indstilles, at udvalget:",
                              recommendations=["godkender kalenderen", "beder sekretariatet booke lokaler"])
        decision = make_decision(self.item, outcome="approved", text="Godkendt med møder i marts og juni.")
        self.note = DecisionNote.objects.create(decision=decision, noted_on=datetime.date(2024, 4, 8),
                                                text="<p>Mødet i juni er flyttet til Hobro.</p>")
        self.closed = make_item(self.meeting, title="Personalesag om klinik Nord", is_closed=True,
                                case_description="<p>Fortrolig sagsfremstilling.</p>")
        make_decision(self.closed, outcome="decided", text="Fortrolig beslutning om klinik Nord.")
        self.anna = make_attendance(self.meeting, make_person(name="Anna Jensen"))
        self.bente = make_attendance(self.meeting, make_person(name="Bente Graversen"),
                                     status=Attendance.Status.APOLOGIES, apology_reason="Ferie")
        self.guest = make_attendance(self.meeting, make_person(name="Gitte Gæst"),
                                     capacity=Attendance.Capacity.GUEST)
        self.guest.items.add(self.closed)
        services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair")
        run_mail_worker()  # stores version 1, as the worker does after a sign-off
        self.url = reverse("workspace:correct", args=[self.meeting.pk])
        self.client.force_login(self.secretary)

    # ------------------------------------------------------------ helpers

    def open(self, part, key, **params):
        return self.client.get(self.url, {"ret": f"{part}:{key}", **params})

    def post(self, part, key, data, reason="Fejl i referatet.", version=None):
        field = {Part.NOTE: "note", Part.ATTENDANCE: "attendance", Part.APOLOGY: "attendance"}.get(part, "item")
        version = services.minutes_version(self.meeting) if version is None else version
        return self.client.post(self.url, {"part": part, field: key, "reason": reason, "version": version, **data})

    def latest_change(self):
        return MinutesCorrection.objects.filter(meeting=self.meeting).latest("version").changes

    def page(self, user=None):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return self.client.get(self.meeting.get_absolute_url()).content.decode()

    def current_pdf(self, user=None):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)
        return pdf_text(response_bytes(self.client.get(reverse("exports:minutes-pdf", args=[self.meeting.pk]))))

    # ------------------------------------------------------------ the list and the forms

    def test_the_page_lists_each_item_with_its_parts_and_each_person(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        for value in (f"case_description:{self.item.pk}", f"recommendation:{self.item.pk}",
                      f"decision:{self.item.pk}", f"note:{self.note.pk}", f"decision:{self.closed.pk}",
                      f"attendance:{self.anna.pk}", f"apology:{self.bente.pk}"):
            self.assertContains(response, f'name="ret" value="{value}"')
        # The closed item has no recommendation to offer.
        self.assertNotContains(response, f'value="recommendation:{self.closed.pk}"')
        self.assertContains(response, "Ret afbud<span class=\"sr-only\"> for Bente Graversen</span>", html=False)
        self.assertContains(response, 'name="version" value="1"')

    def test_each_part_opens_named_and_starting_from_the_current_text(self):
        cases = [
            (Part.CASE_DESCRIPTION, self.item.pk, "Punkt 1 Mødekalender 2025 – sagsbeskrivelse",
             html.escape("<p>Udvalget mødes fire gange om året.</p>")),
            (Part.RECOMMENDATION, self.item.pk, "Punkt 1 Mødekalender 2025 – indstilling",
             "godkender kalenderen\nbeder sekretariatet booke lokaler"),
            (Part.DECISION, self.item.pk, "Punkt 1 Mødekalender 2025 – beslutning",
             "Godkendt med møder i marts og juni."),
            (Part.NOTE, self.note.pk, "Punkt 1 Mødekalender 2025 – note efter mødet",
             html.escape("<p>Mødet i juni er flyttet til Hobro.</p>")),
            (Part.ATTENDANCE, self.anna.pk, "Fremmøde: Anna Jensen – fremmøde", '<option value="present" selected>'),
            (Part.APOLOGY, self.bente.pk, "Fremmøde: Bente Graversen – afbud", 'value="Ferie"'),
        ]
        for part, key, heading, current in cases:
            with self.subTest(part):
                response = self.open(part, key)
                self.assertEqual(response.status_code, 200)
                self.assertContains(response, f"<h1>{heading}</h1>", html=False)
                self.assertContains(response, current)
                self.assertContains(response, 'name="version" value="1"')
        decision = self.open(Part.DECISION, self.item.pk)
        self.assertContains(decision, '<option value="approved" selected>')

    def test_the_form_says_when_the_minutes_changed_after_the_list_was_read(self):
        self.post(Part.APOLOGY, self.bente.pk, {"apology_reason": "Kursus"})
        response = self.open(Part.DECISION, self.item.pk, version=1)
        self.assertContains(response, "Referatet er rettet, siden du åbnede listen.")
        self.assertContains(response, 'name="version" value="2"')

    # ------------------------------------------------------------ each part

    def test_each_part_can_be_corrected_and_what_changed_is_recorded(self):
        cases = [
            (Part.CASE_DESCRIPTION, self.item.pk, {"case_description": "<p>Udvalget mødes fem gange om året.</p>"},
             {"item": "1", "item_id": self.item.pk, "person": "",
              "before": "<p>Udvalget mødes fire gange om året.</p>",
              "after": "<p>Udvalget mødes fem gange om året.</p>"}),
            (Part.RECOMMENDATION, self.item.pk,
             {"recommendation_lead": "Det indstilles, at udvalget:", "recommendations": "godkender kalenderen\n"},
             {"item": "1", "before": "Det indstilles, at udvalget:\n1. godkender kalenderen\n"
                                     "2. beder sekretariatet booke lokaler",
              "after": "Det indstilles, at udvalget:\n1. godkender kalenderen"}),
            (Part.DECISION, self.item.pk, {"outcome": "not_approved", "text": "Ikke godkendt."},
             {"item": "1", "before": "Godkendt med møder i marts og juni.", "after": "Ikke godkendt.",
              "outcome_before": "Godkendt", "outcome_after": "Ikke godkendt"}),
            (Part.NOTE, self.note.pk, {"text": "<p>Mødet i juni er flyttet til Aars.</p>"},
             {"item": "1", "note_id": self.note.pk, "before": "<p>Mødet i juni er flyttet til Hobro.</p>",
              "after": "<p>Mødet i juni er flyttet til Aars.</p>"}),
            (Part.ATTENDANCE, self.anna.pk, {"status": "absent", "capacity": "member"},
             {"item": "", "item_id": None, "person": "Anna Jensen", "before": "Til stede, medlem",
              "after": "Fraværende, medlem", "attendance_id": self.anna.pk}),
            (Part.APOLOGY, self.bente.pk, {"apology_reason": "Kursus i Odense"},
             {"person": "Bente Graversen", "before": "Afbud: Ferie", "after": "Afbud: Kursus i Odense"}),
        ]
        for version, (part, key, data, expected) in enumerate(cases, start=2):
            with self.subTest(part):
                response = self.post(part, key, data, reason=f"Rettelse af {part}.")
                self.assertRedirects(response, reverse("workspace:meeting", args=[self.meeting.pk]))
                correction = MinutesCorrection.objects.get(meeting=self.meeting, version=version)
                self.assertEqual((correction.reason, correction.created_by), (f"Rettelse af {part}.", self.secretary))
                [change] = correction.changes
                self.assertEqual(change["part"], part)
                for name, value in expected.items():
                    self.assertEqual(change[name], value, name)
                # Both editions of the new version are stored, by the worker.
                run_mail_worker()
                self.assertEqual(MinutesPdf.objects.filter(meeting=self.meeting, version=version).count(), 2)

        self.item.refresh_from_db()
        self.assertEqual(self.item.case_description, "<p>Udvalget mødes fem gange om året.</p>")
        self.assertEqual(self.item.recommendations, ["godkender kalenderen"])
        decision = Decision.objects.get(item=self.item)
        self.assertEqual((decision.outcome, decision.text), ("not_approved", "Ikke godkendt."))
        self.assertEqual(decision.history.latest().history_change_reason, "Rettelse af decision.")
        self.note.refresh_from_db()
        self.assertEqual(self.note.text, "<p>Mødet i juni er flyttet til Aars.</p>")
        self.anna.refresh_from_db()
        self.assertEqual(self.anna.status, Attendance.Status.ABSENT)
        self.assertEqual(self.anna.history.latest().history_user, self.secretary)
        self.bente.refresh_from_db()
        self.assertEqual((self.bente.status, self.bente.apology_reason), ("apologies", "Kursus i Odense"))

    def test_a_person_recorded_present_is_corrected_to_an_apology(self):
        response = self.post(Part.APOLOGY, self.anna.pk, {"apology_reason": "Syg"}, reason="Anna meldte afbud.")
        self.assertEqual(response.status_code, 302)
        self.anna.refresh_from_db()
        self.assertEqual((self.anna.status, self.anna.apology_reason), ("apologies", "Syg"))
        [change] = self.latest_change()
        self.assertEqual((change["before"], change["after"]), ("Til stede", "Afbud: Syg"))

    def test_a_guest_is_tied_to_other_items(self):
        response = self.post(Part.ATTENDANCE, self.guest.pk,
                             {"status": "present", "capacity": "guest", "items": [self.item.pk, self.closed.pk]})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(set(self.guest.items.all()), {self.item, self.closed})
        [change] = self.latest_change()
        self.assertEqual((change["before"], change["after"]),
                         ("Til stede, gæst, under punkt 2", "Til stede, gæst, under punkt 1, 2"))

    # ------------------------------------------------------------ refusals

    def test_a_correction_that_changes_nothing_is_refused_and_stores_nothing(self):
        pdfs = MinutesPdf.objects.count()
        # Also the editor's way of sending the stored plain text: wrapped in a paragraph.
        for text in ("Godkendt med møder i marts og juni.", "<p>Godkendt med møder i marts og juni.</p>"):
            with self.subTest(text):
                response = self.post(Part.DECISION, self.item.pk, {"outcome": "approved", "text": text},
                                     reason="Ingen ændring.")
                self.assertContains(response, "Rettelsen ændrer ikke noget.", status_code=400)
                self.assertContains(response, "Ingen ændring.", status_code=400)
        response = self.post(Part.APOLOGY, self.bente.pk, {"apology_reason": "Ferie"})
        self.assertContains(response, "Rettelsen ændrer ikke noget.", status_code=400)
        self.assertFalse(MinutesCorrection.objects.exists())
        self.assertEqual(MinutesPdf.objects.count(), pdfs)

    def test_a_stale_correction_is_refused_with_409_and_keeps_what_was_typed(self):
        self.assertEqual(self.post(Part.CASE_DESCRIPTION, self.item.pk,
                                   {"case_description": "<p>Fem møder.</p>"}, reason="Første.").status_code, 302)
        response = self.post(Part.APOLOGY, self.bente.pk, {"apology_reason": "Barns sygdom"},
                             reason="Forkert årsag.", version=1)
        self.assertContains(response, "En anden har rettet referatet", status_code=409)
        self.assertContains(response, 'value="Barns sygdom"', status_code=409)
        self.assertContains(response, "Forkert årsag.", status_code=409)
        self.assertContains(response, "Første.", status_code=409)  # the newer correction
        self.assertContains(response, 'name="version" value="2"', status_code=409)
        self.assertContains(response, "<h1>Fremmøde: Bente Graversen – afbud</h1>", status_code=409)
        self.bente.refresh_from_db()
        self.assertEqual(self.bente.apology_reason, "Ferie")
        self.assertEqual(list(MinutesCorrection.objects.values_list("version", flat=True)), [2])

    def test_a_part_of_another_meeting_is_refused(self):
        other = make_meeting(committee=self.meeting.committee, status=Meeting.Status.SIGNED_OFF)
        stranger = make_attendance(other, make_person(name="Fremmed"), status="apologies", apology_reason="x")
        response = self.post(Part.APOLOGY, stranger.pk, {"apology_reason": "Hacket"})
        self.assertContains(response, "Vælg et punkt eller en person på listen.", status_code=400)
        stranger.refresh_from_db()
        self.assertEqual(stranger.apology_reason, "x")
        self.assertFalse(MinutesCorrection.objects.exists())

    def test_only_the_meetings_secretariat_may_correct(self):
        data = {"part": "decision", "item": self.item.pk, "text": "Hacket.", "reason": "x", "version": 1}
        for user in (self.member, self.outsider, make_secretary(make_committee(), username="other-secretary")):
            with self.subTest(user.username):
                self.client.force_login(user)
                self.assertEqual(self.client.get(self.url).status_code, 403)
                self.assertEqual(self.client.post(self.url, data).status_code, 403)
        self.client.logout()
        response = self.client.post(self.url, data)
        self.assertEqual(response.status_code, 302)
        self.assertIn("/login/", response["Location"])
        self.assertEqual(Decision.objects.get(item=self.item).text, "Godkendt med møder i marts og juni.")
        self.assertFalse(MinutesCorrection.objects.exists())

    def test_the_decision_text_form_of_earlier_versions_still_corrects_the_text_and_keeps_the_outcome(self):
        response = self.client.post(self.url, {"item": self.item.pk, "text": "Godkendt med møder i marts.",
                                               "reason": "Juni udgik.", "version": 1})
        self.assertEqual(response.status_code, 302)
        decision = Decision.objects.get(item=self.item)
        self.assertEqual((decision.outcome, decision.text), ("approved", "Godkendt med møder i marts."))
        [change] = self.latest_change()
        self.assertEqual((change["part"], change["item"], change["after"]), ("decision", "1", decision.text))
        self.assertNotIn("outcome_after", change)

    # ------------------------------------------------------------ what readers see

    def test_the_page_and_the_pdf_show_what_changed_and_why(self):
        self.post(Part.DECISION, self.item.pk, {"outcome": "approved", "text": "Godkendt med møder i marts og maj."},
                  reason="Juni skulle have været maj.")
        page = self.page()
        self.assertIn("Juni skulle have været maj.", page)
        self.assertIn("Punkt 1, beslutning", page)
        self.assertIn("<summary>Før rettelsen</summary>", page)
        self.assertIn("Godkendt med møder i marts og juni.", page)  # inside the folded earlier text
        self.assertIn(f'href="#{self.item.anchor}"', page)
        text = self.current_pdf()
        self.assertIn("Rettet den", text)
        self.assertIn("Juni skulle have været maj.", text)
        self.assertIn("Punkt 1, beslutning", text)
        self.assertIn("Rettet til: Godkendt med møder i marts og maj.", text)
        self.assertIn("Før: Godkendt med møder i marts og juni.", text)

    def test_a_closed_items_correction_is_only_lukket_punkt_for_the_public_and_whole_for_members(self):
        self.post(Part.DECISION, self.closed.pk, {"outcome": "decided", "text": "Rettet beslutning om klinik Syd."},
                  reason="Navnet på klinikken var forkert.")
        self.post(Part.CASE_DESCRIPTION, self.closed.pk, {"case_description": "<p>Rettet sagsfremstilling.</p>"},
                  reason="Sagsfremstillingen var forkert.")
        secrets = ("klinik Syd", "klinik Nord", "Fortrolig", "Rettet sagsfremstilling", "Personalesag")
        for name, text in (("page", self.page()), ("public PDF", self.current_pdf())):
            with self.subTest(name):
                self.assertIn("Punkt 2: Lukket punkt", text)
                self.assertIn("Navnet på klinikken var forkert.", text)
                self.assertNotIn("Punkt 2, beslutning", text)
                for secret in secrets:
                    self.assertNotIn(secret, text)
        # The public PDF of the earlier version is unchanged and as closed.
        v2 = MinutesPdf.objects.get(meeting=self.meeting, version=2, audience="public")
        with v2.file.open("rb") as handle:
            self.assertNotIn("klinik Syd", pdf_text(handle.read()))
        for name, text in (("page", self.page(self.member)), ("members' PDF", self.current_pdf(self.member))):
            with self.subTest(name):
                self.assertIn("Punkt 2, beslutning", text)
                self.assertIn("Punkt 2, sagsbeskrivelse", text)
                self.assertIn("Rettet beslutning om klinik Syd.", text)
                self.assertIn("Fortrolig beslutning om klinik Nord.", text)

    def test_a_guest_at_closed_items_only_is_not_shown_to_the_public_at_all(self):
        self.post(Part.ATTENDANCE, self.guest.pk, {"status": "absent", "capacity": "guest",
                                                   "items": [self.closed.pk]}, reason="Gæsten kom ikke.")
        # A guest now tied to an open item, but who was at the closed one: the change would tell.
        self.post(Part.ATTENDANCE, self.guest.pk, {"status": "present", "capacity": "guest",
                                                   "items": [self.item.pk]}, reason="Gæsten var ved punkt 1.")
        for name, text in (("page", self.page()), ("public PDF", self.current_pdf())):
            with self.subTest(name):
                self.assertIn("Gæsten kom ikke.", text)  # the correction itself is listed
                self.assertNotIn("Fremmøde: Gitte Gæst", text)
                self.assertNotIn("under punkt 2", text)
        member_page = self.page(self.member)
        self.assertIn("Fremmøde: Gitte Gæst", member_page)
        self.assertIn("Fraværende, gæst, under punkt 2", member_page)

    def test_the_public_reads_that_an_apology_was_corrected_but_not_its_reason(self):
        self.post(Part.APOLOGY, self.bente.pk, {"apology_reason": "Kursus i Odense"}, reason="Årsagen var forkert.")
        for name, text in (("page", self.page()), ("public PDF", self.current_pdf())):
            with self.subTest(name):
                self.assertIn("Årsagen var forkert.", text)
                self.assertIn("Fremmøde: Bente Graversen, afbud", text)
                self.assertNotIn("Kursus i Odense", text)
                self.assertNotIn("Ferie", text)
        for name, text in (("page", self.page(self.member)), ("members' PDF", self.current_pdf(self.member))):
            with self.subTest(name):
                self.assertIn("Afbud: Kursus i Odense", text)
                self.assertIn("Afbud: Ferie", text)

    # ------------------------------------------------------------ the mark in the body

    def test_the_corrected_item_is_marked_in_the_body_of_the_minutes(self):
        from django.utils import timezone

        from meetings.formatting import danish_date
        from meetings.models import COPENHAGEN

        self.post(Part.DECISION, self.item.pk, {"outcome": "approved", "text": "Godkendt med møder i marts og maj."},
                  reason="Juni skulle have været maj.")
        created = MinutesCorrection.objects.get(meeting=self.meeting, version=2).created_at
        mark = f"Rettet {danish_date(timezone.localtime(created, COPENHAGEN).date(), weekday=False)} (beslutning)"
        page = self.page()
        self.assertIn(mark, page[page.index(f'id="{self.item.anchor}"'):])
        self.assertIn(mark, self.current_pdf())

    def test_a_closed_items_correction_is_not_marked_for_the_public(self):
        self.post(Part.DECISION, self.closed.pk, {"outcome": "decided", "text": "Rettet beslutning om klinik Syd."},
                  reason="Navnet på klinikken var forkert.")
        page = self.page()
        self.assertNotIn("(beslutning)</span>", page[page.index(f'id="{self.closed.anchor}"'):])
        member_page = self.page(self.member)
        self.assertIn("(beslutning)</span>", member_page[member_page.index(f'id="{self.closed.anchor}"'):])
