"""Corrections of signed-off minutes: only with a reason, shown on the page and in a new PDF,
with the earlier signed-off PDF still retrievable."""

import hashlib
import io

from django.test import TestCase
from django.urls import reverse
from pypdf import PdfReader

from meetings import services
from meetings.models import Decision, Meeting, MinutesCorrection, MinutesPdf
from tests.factories import make_decision, make_item, make_meeting, make_person, make_secretary, response_bytes
from tests.smtp_server import run_mail_worker


def pdf_text(data):
    return " ".join(" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages)


class CorrectionTests(TestCase):
    def setUp(self):
        self.secretary = make_secretary()
        self.meeting = make_meeting(status=Meeting.Status.MINUTES_DRAFTED, minute_taker=make_person(name="Lars Lund"))
        self.item = make_item(self.meeting, title="Mødekalender 2025")
        make_decision(self.item, outcome="approved", text="Godkendt med møder i marts og juni.")
        services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair")
        run_mail_worker()  # the worker stores the signed-off PDFs
        self.original = MinutesPdf.objects.get(meeting=self.meeting, version=1, audience="public")
        self.client.force_login(self.secretary)

    def correct(self, reason, text="Godkendt med møder i marts og september.", version=1):
        return self.client.post(reverse("workspace:correct", args=[self.meeting.pk]),
                                {"item": self.item.pk, "text": text, "reason": reason, "version": version})

    def test_a_correction_without_a_reason_is_refused_and_changes_nothing(self):
        response = self.correct("   ")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "En rettelse skal have en begrundelse.", status_code=400)
        self.assertContains(response, "møder i marts og september", status_code=400)  # what was typed
        self.assertEqual(Decision.objects.get(item=self.item).text, "Godkendt med møder i marts og juni.")
        self.assertFalse(MinutesCorrection.objects.exists())
        self.assertEqual(MinutesPdf.objects.filter(meeting=self.meeting).count(), 2)  # v1, two editions

    def test_a_correction_shows_on_the_page_and_in_a_new_pdf_and_keeps_the_old_one(self):
        response = self.correct("Datoen for 2. møde var skrevet forkert.")
        self.assertRedirects(response, reverse("workspace:meeting", args=[self.meeting.pk]))
        self.assertEqual(Decision.objects.get(item=self.item).text, "Godkendt med møder i marts og september.")
        correction = MinutesCorrection.objects.get(meeting=self.meeting)
        self.assertEqual((correction.version, correction.created_by), (2, self.secretary))
        self.assertEqual(Decision.objects.get(item=self.item).history.latest().history_change_reason,
                         "Datoen for 2. møde var skrevet forkert.")

        self.client.logout()
        page = self.client.get(self.meeting.get_absolute_url())
        self.assertContains(page, "Rettet den ")
        self.assertContains(page, "Datoen for 2. møde var skrevet forkert.")
        self.assertContains(page, "Godkendt med møder i marts og september.")

        current = self.client.get(reverse("exports:minutes-pdf", args=[self.meeting.pk]))
        data = response_bytes(current)
        text = pdf_text(data)
        self.assertIn("Rettet den", text)
        self.assertIn("Datoen for 2. møde var skrevet forkert.", text)
        self.assertIn("møder i marts og september", text)
        self.assertEqual(current["ETag"], f'"{hashlib.sha256(data).hexdigest()}"')

        earlier = self.client.get(reverse("exports:minutes-pdf-version", args=[self.meeting.pk, 1]))
        old = response_bytes(earlier)
        self.assertEqual(hashlib.sha256(old).hexdigest(), self.original.sha256)
        self.assertIn("møder i marts og juni", pdf_text(old))
        self.assertNotIn("Rettet den", pdf_text(old))
        self.assertContains(page, reverse("exports:minutes-pdf-version", args=[self.meeting.pk, 1]))

    def test_a_reason_of_only_invisible_characters_is_refused(self):
        response = self.correct("\u200b\u2060\ufeff \u200e")
        self.assertContains(response, "En rettelse skal have en begrundelse.", status_code=400)
        self.assertFalse(MinutesCorrection.objects.exists())

    def test_a_correction_made_from_an_older_version_is_refused_and_keeps_the_newer(self):
        self.assertRedirects(self.correct("Første rettelse.", text="Første tekst."),
                             reverse("workspace:meeting", args=[self.meeting.pk]))
        # A second secretary opened the form before the first correction (version 1).
        response = self.correct("Anden rettelse.", text="Anden tekst.", version=1)
        self.assertContains(response, "En anden har rettet referatet", status_code=409)
        self.assertContains(response, "Første rettelse.", status_code=409)  # the newer correction
        self.assertContains(response, "Anden tekst.", status_code=409)  # what they typed
        self.assertContains(response, 'name="version" value="2"', status_code=409)
        self.assertEqual(Decision.objects.get(item=self.item).text, "Første tekst.")
        self.assertEqual(list(MinutesCorrection.objects.values_list("version", flat=True)), [2])
        # Saving again from the form now corrects the newest version.
        self.assertEqual(self.correct("Anden rettelse.", text="Anden tekst.", version=2).status_code, 302)
        self.assertEqual(list(MinutesCorrection.objects.values_list("version", flat=True)), [2, 3])

    def test_a_correction_without_a_version_is_refused(self):
        response = self.client.post(reverse("workspace:correct", args=[self.meeting.pk]),
                                    {"item": self.item.pk, "text": "Ny tekst.", "reason": "Fejl."})
        self.assertContains(response, "Formularen mangler den udgave", status_code=400)
        self.assertEqual(Decision.objects.get(item=self.item).text, "Godkendt med møder i marts og juni.")
        self.assertFalse(MinutesCorrection.objects.exists())

    def test_only_the_secretariat_can_correct(self):
        self.client.logout()
        response = self.correct("Forsøg")
        self.assertEqual(response.status_code, 302)
        self.assertFalse(MinutesCorrection.objects.exists())
