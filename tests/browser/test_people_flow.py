"""From a name in the register to an apology, in real Chromium, without /admin.

The KLU secretary adds a person with an e-mail address, gives them a KLU seat and
invites them; the invitation is read back from the mail the app sent; the person
sets a password through the link, logs in with their e-mail address and sends an
apology for the next meeting, which the secretary then sees in the attendance list.
axe-core checks every page on the way.
"""

import datetime
import re

import pytest
from django.core import mail
from django.utils import timezone

from meetings.models import Attendance, Committee, Meeting, Organisation, Person
from tests.browser.base import BrowserTestCase
from tests.factories import make_secretary
from tests.smtp_server import run_mail_worker


@pytest.mark.browser
class PersonToApologyTests(BrowserTestCase):
    @classmethod
    def setUpClassData(cls):
        cls.klu = Committee.objects.create(slug="klu", name="Kommunalt Lægeligt Udvalg", short_name="KLU",
                                           default_location="Danmarksgade 17", default_start_time=datetime.time(15))
        cls.chefforum = Committee.objects.create(slug="chefforum", name="Chefforum Sundhedsklynge Midt")
        cls.plo = Organisation.objects.create(name="PLO-K-Aalborg")
        cls.secretary = make_secretary(cls.klu, username="sekretaer", first_name="Lars", last_name="Lund")
        cls.meeting = Meeting.objects.create(
            committee=cls.klu, title="Møde i KLU", date=timezone.localdate() + datetime.timedelta(days=14),
            start_time=datetime.time(15), end_time=datetime.time(17), location="Danmarksgade 17",
            status=Meeting.Status.AGENDA_PUBLISHED)

    def click(self, name, role="button"):
        self.page.get_by_role(role, name=name, exact=True).first.click()
        self.page.wait_for_load_state()

    def test_the_secretary_invites_a_new_member_who_sends_an_apology(self):
        page = self.page
        self.log_in(self.secretary)

        # The dashboard (with the single-meeting form), then the register: a new person.
        self.visit("/workspace/")
        self.assert_no_axe_violations("the dashboard")
        self.visit("/workspace/people/")
        self.assert_no_axe_violations("the register")
        self.visit("/workspace/people/new/")
        self.assert_no_axe_violations("a new person")
        page.get_by_label("Navn", exact=True).fill("Mette Holm")
        page.get_by_label("E-mail").fill("Mette.Holm@example.org")
        self.click("Opret personen")
        person = Person.objects.get(name="Mette Holm")
        self.assertIn(f"/workspace/people/{person.pk}/", page.url)
        self.assert_no_axe_violations("the person's page")

        # A KLU seat.
        self.click("Tilføj medlemskab", role="link")
        self.assert_no_axe_violations("a new membership")
        page.get_by_label("Udvalg").select_option(label="Kommunalt Lægeligt Udvalg")
        page.get_by_label("Repræsenterer").select_option(label="PLO-K-Aalborg")
        page.get_by_label("Side").select_option(value="general_practice")
        page.get_by_label("Fra").fill((timezone.localdate() - datetime.timedelta(days=1)).isoformat())
        self.click("Opret medlemskabet")
        self.assertTrue(person.memberships.filter(committee=self.klu).exists())

        # The invitation, read back from the mail the app sent.
        mail.outbox.clear()
        self.click("Invitér til at oprette en konto")
        run_mail_worker()  # the outbox's worker sends what the invitation queued
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["Mette.Holm@example.org"])
        link = re.search(r"https?://\S+/invitation/\S+/", message.body).group(0)
        path = "/" + link.split("/", 3)[3]

        # The person, in a browser of their own, sets a password and logs in by e-mail.
        self.context.close()
        self.context = self.browser.new_context(viewport=self.viewport, locale="da-DK")
        self.page = page = self.context.new_page()
        page.set_default_timeout(10_000)
        self.visit(path)
        self.assert_no_axe_violations("the invitation")
        page.locator("input[name=new_password1]").fill("Sommer-i-Aalborg-2026")
        page.locator("input[name=new_password2]").fill("Sommer-i-Aalborg-2026")
        self.click("Gem adgangskode")
        self.assert_no_axe_violations("the password is saved")
        self.context.clear_cookies()
        self.visit("/login/")
        page.get_by_label("E-mail eller brugernavn").fill("mette.holm@example.org")
        page.get_by_label("Adgangskode").fill("Sommer-i-Aalborg-2026")
        self.click("Log ind")

        # Mine møder: an apology with a note for the coming KLU meeting.
        self.visit("/mine-moeder/")
        self.assert_no_axe_violations("Mine møder")
        card = page.locator(f"#moede-{self.meeting.pk}")
        card.get_by_label("Bemærkning til sekretariatet").fill("Jeg er på kursus.")
        card.get_by_role("button", name="Meld afbud", exact=True).click()
        page.wait_for_load_state()
        self.assertIn("Du har meldt afbud", page.locator(f"#moede-{self.meeting.pk}").inner_text())
        self.assert_no_axe_violations("Mine møder after the apology")
        attendance = Attendance.objects.get(meeting=self.meeting, person=person)
        self.assertEqual((attendance.status, attendance.apology_reason),
                         (Attendance.Status.APOLOGIES, "Jeg er på kursus."))

        # The secretary sees it at once in the attendance list.
        self.context.close()
        self.context = self.browser.new_context(viewport=self.viewport, locale="da-DK")
        self.page = page = self.context.new_page()
        self.log_in(self.secretary)
        self.visit(f"/workspace/meetings/{self.meeting.pk}/attendance/")
        row = page.get_by_role("row").filter(has_text="Mette Holm")
        self.assertIn("Jeg er på kursus.", row.inner_html())
        self.assert_no_axe_violations("the attendance list")
