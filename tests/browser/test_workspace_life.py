"""A meeting's whole life in real Chromium, as the secretariat and then as a citizen."""

import datetime
import email
import io

import pytest
from django.core import mail
from pypdf import PdfReader

from meetings.models import Attendance, Committee, Meeting, Membership, Organisation, Person
from tests.browser.base import BrowserTestCase
from tests.factories import make_secretary
from tests.smtp_server import run_mail_worker


def minimal_pdf(text):
    """A tiny but valid PDF with one line of text, as an upload."""
    from weasyprint import HTML

    return HTML(string=f"<p>{text}</p>").write_pdf()


@pytest.mark.browser
class MeetingLifeTests(BrowserTestCase):
    @classmethod
    def setUpClassData(cls):
        cls.secretary = make_secretary(username="sekretaer", first_name="Lars", last_name="Lund")
        cls.committee = Committee.objects.create(
            slug="klu", name="Kommunalt Lægeligt Udvalg", short_name="KLU", administration="Sundhed og Kultur",
            secretariat="Sundhedsstrategisk Sekretariat", address="Danmarksgade 17\n9000 Aalborg",
            default_location="Danmarksgade 17, 2. sal, mødelokale 1", default_start_time=datetime.time(15),
            default_end_time=datetime.time(17), default_weekday=3, meeting_windows=[[2, 3], [6], [9, 10], [11, 12]])
        plo = Organisation.objects.create(name="PLO-K-Aalborg")
        kommune = Organisation.objects.create(name="Aalborg Kommune")
        cls.chair = Person.objects.create(name="Bente Graversen", title="Direktør", workplace="Sundhed- og Kultur",
                                          email="bente@example.dk")
        cls.doctor = Person.objects.create(name="Christine Houe", workplace="Lægeklinikken Sulsted",
                                           email="christine@example.dk")
        cls.minute_taker = Person.objects.create(name="Lars Lund", title="konsulent", workplace="Sundhed og Kultur")
        Membership.objects.create(committee=cls.committee, person=cls.chair, organisation=kommune,
                                  side="municipality", role="chair", role_label="Formand for udvalget", position=1)
        Membership.objects.create(committee=cls.committee, person=cls.doctor, organisation=plo,
                                  side="general_practice", position=2)

    def click(self, name, role="button"):
        self.page.get_by_role(role, name=name, exact=True).first.click()

    def form(self, button):
        """The form that holds the button named `button` (the hub has several forms)."""
        return self.page.locator("form").filter(has=self.page.get_by_role("button", name=button, exact=True))

    def test_the_secretariat_takes_a_meeting_from_plan_to_signed_off_minutes(self):
        page = self.page
        # Log in through the real form.
        self.visit("/login/")
        page.get_by_label("Brugernavn").fill("sekretaer")
        page.get_by_label("Adgangskode").fill("a-long-test-password")
        self.click("Log ind")

        # Plan the year (a past one: minutes are approved between the meeting and today).
        self.visit("/workspace/")
        self.assert_no_axe_violations("the workspace dashboard")
        page.get_by_label("År").fill("2025")
        self.click("Opret årets møder for KLU")
        page.get_by_text("4 møder planlagt for 2025.").wait_for()
        meeting = Meeting.objects.filter(committee=self.committee).order_by("date").first()
        self.assertEqual(meeting.date, datetime.date(2025, 2, 20))

        # Build the agenda: standard items, a new item with a sub-item, a reorder.
        self.visit(f"/workspace/meetings/{meeting.pk}/")
        self.form("Gem mødets oplysninger").get_by_label("Referent").select_option(label="Lars Lund")
        self.form("Gem mødets oplysninger").get_by_label("Sagsnummer").fill("2027-000042")
        self.click("Gem mødets oplysninger")
        page.get_by_text("Mødet er gemt.").wait_for()
        self.click("Start med standardpunkterne")
        self.form("Tilføj punkt").get_by_label("Titel").fill("Opfølgning på pilotprojekt om dialogmøder")
        self.click("Tilføj punkt")
        self.form("Tilføj punkt").get_by_label("Titel").fill("Erfaringer fra det første kvartal")
        self.form("Tilføj punkt").get_by_label("Underpunkt til forrige punkt").check()
        self.click("Tilføj punkt")
        self.assert_no_axe_violations("the meeting in the workspace")
        self.assertEqual(self.agenda(meeting), [
            "1 Godkendelse af dagsordenen", "2 Godkendelse af referat fra sidste møde",
            "3 Opfølgning på pilotprojekt om dialogmøder", "3.a Erfaringer fra det første kvartal", "4 Eventuelt"])
        # Reorder with the keyboard-friendly button: move item 3 above item 2.
        page.get_by_role("button", name="Flyt punkt 3 op").click()
        self.assertEqual(self.agenda(meeting)[1:4], [
            "2 Opfølgning på pilotprojekt om dialogmøder", "3 Godkendelse af referat fra sidste møde",
            "3.a Erfaringer fra det første kvartal"])
        # The sub-item went with the order, not with its old parent: make it a main item.
        page.get_by_role("button", name="Gør punkt 3.a til hovedpunkt").click()
        self.assertEqual(self.agenda(meeting)[3], "4 Erfaringer fra det første kvartal")

        # Edit an item's formatted case description.
        page.get_by_role("link", name="Redigér punkt 2").click()
        self.assert_no_axe_violations("an item in the workspace")
        editor = page.locator(".prose-editor .ProseMirror")
        editor.click()
        page.keyboard.type("Pilotprojektet har kørt i et år.")
        page.get_by_label("Indstillinger (én pr. linje)").fill("Tager orienteringen til efterretning")
        self.click("Gem punktet")
        page.get_by_text("Punkt 2 er gemt.").wait_for()

        # Upload an attachment to item 2.
        upload = self.form("Gem bilag")
        upload.get_by_label("Titel").fill("Evaluering af pilotprojektet")
        upload.get_by_label("Fil").set_input_files({"name": "evaluering.pdf", "mimeType": "application/pdf",
                                                    "buffer": minimal_pdf("Evaluering")})
        upload.get_by_label("Hører til punkt").select_option(index=2)
        self.click("Gem bilag")
        page.get_by_text("Bilaget er gemt.").wait_for()

        # Publish: the members get the agenda with the meeting as a calendar file.
        mail.outbox.clear()
        self.click("Offentliggør dagsordenen", role="link")  # to the page that says whom it tells
        self.click("Offentliggør dagsordenen")
        page.get_by_text("Dagsordenen er offentliggjort").wait_for()
        meeting.refresh_from_db()
        self.assertEqual(meeting.status, Meeting.Status.AGENDA_PUBLISHED)
        page.get_by_text("2 medlemmer får besked på mail.").wait_for()
        run_mail_worker()  # the outbox's worker sends what publishing queued
        # One message per member, each with their own To: and no Bcc.
        self.assertEqual(sorted(m.to[0] for m in mail.outbox), ["bente@example.dk", "christine@example.dk"])
        for message in mail.outbox:
            self.assertEqual((len(message.to), message.bcc), (1, []))
            self.assertIn(f"/meetings/{meeting.pk}/", message.body)
            sent = email.message_from_bytes(message.message().as_bytes())  # as it goes on the wire
            content = next(part.get_payload(decode=True) for part in sent.walk()
                           if part.get_content_type() == "text/calendar")
            self.assertIn(b"METHOD:REQUEST", content)
            self.assertIn(b"BEGIN:VEVENT", content)

        # Attendance: the members present, one apology.
        self.click("Begynd referatet")
        page.get_by_role("link", name="Fremmøde").click()
        self.click("Registrér udvalgets 2 medlemmer som deltagere")
        page.get_by_label("Fremmøde for Christine Houe").select_option(label="Afbud")
        page.get_by_label("Årsag til afbud for Christine Houe").fill("Sygdom i klinikken")
        self.assert_no_axe_violations("attendance in the workspace")
        self.click("Gem fremmøde")
        page.get_by_text("Fremmødet er gemt.").wait_for()
        apology = Attendance.objects.get(meeting=meeting, person=self.doctor)
        self.assertEqual((apology.status, apology.apology_reason), ("apologies", "Sygdom i klinikken"))

        # A decision on every item.
        self.visit(f"/workspace/meetings/{meeting.pk}/")
        for label, outcome, text in (("1", "Godkendt", "Godkendt."), ("2", "Taget til efterretning",
                                                                       "Orienteringen blev taget til efterretning."),
                                     ("3", "Godkendt", "Godkendt."), ("4", "Drøftet", "Drøftedes."),
                                     ("5", "", "Intet.")):
            page.get_by_role("link", name=f"Beslutning på punkt {label}").click()
            if label == "1":
                self.assert_no_axe_violations("a decision in the workspace")
            if outcome:
                page.get_by_label("Udfald").select_option(label=outcome)
            page.locator(".prose-editor .ProseMirror").click()
            page.keyboard.type(text)
            self.click("Gem beslutningen")
            page.get_by_text(f"Beslutningen på punkt {label} er gemt.").wait_for()

        # The preview shows the minutes as readers will see them.
        page.get_by_role("link", name="Forhåndsvis referatet").click()
        page.get_by_text("Orienteringen blev taget til efterretning.").wait_for()
        self.assert_no_axe_violations("the minutes preview")

        # Sign off.
        self.visit(f"/workspace/meetings/{meeting.pk}/")
        self.click("Godkend og lås referatet", role="link")  # to the page that asks how and when
        page.get_by_label("Formanden").check()
        self.click("Godkend og lås referatet")
        page.get_by_text("Referatet er godkendt og låst.").first.wait_for()
        meeting.refresh_from_db()
        self.assertEqual((meeting.status, meeting.signed_off_by, meeting.sign_off_method),
                         (Meeting.Status.SIGNED_OFF, self.secretary, "chair"))
        self.visit(f"/workspace/meetings/{meeting.pk}/history/")
        self.assert_no_axe_violations("the meeting's history")

        # As an anonymous reader: the minutes and their PDF.
        self.context.clear_cookies()
        self.visit(f"/meetings/{meeting.pk}/")
        for text in ("Orienteringen blev taget til efterretning.", "Opfølgning på pilotprojekt om dialogmøder",
                     "Christine Houe", "Evaluering af pilotprojektet"):
            self.assertIn(text, page.inner_text("main"))
        # The link opens the PDF in the browser; fetch it with the browser's own session.
        href = page.get_by_role("link", name="Referat (PDF)", exact=True).get_attribute("href")
        response = page.request.get(self.url(href))
        self.assertEqual(response.headers["content-type"], "application/pdf")
        pdf = response.body()
        text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
        self.assertIn("Opfølgning på pilotprojekt om dialogmøder", text)
        self.assertIn("Orienteringen blev taget til efterretning.", text)

    def agenda(self, meeting):
        return [f"{i.label} {i.title}" for i in meeting.items.order_by("number", "sub_number")]
