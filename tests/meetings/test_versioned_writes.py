"""Two secretaries saving the same record cannot overwrite each other.

Every versioned write (meeting details, an item, a decision, a correction of signed-off
minutes) names the version it started from, 0 for a record that does not exist yet. A
save from an older version, or one that names no version at all, is refused and the
stored record stays as it was. The parallel tests run on PostgreSQL, where the real
row locks decide who wins.
"""

import re
import threading
import unittest

from django.db import connection
from django.test import Client, TestCase, TransactionTestCase
from django.urls import reverse

from meetings import services
from meetings.models import AgendaItem, Decision, Meeting, MinutesCorrection
from tests.factories import make_agreement, make_decision, make_item, make_meeting, make_person, make_secretary


def decision_post(version=None, text="Godkendt."):
    data = {"outcome": "approved", "text": text}
    if version is not None:
        data["version"] = version
    return data


def item_post(item, version=None, title="Ny titel"):
    data = {"title": title, "kind": item.kind, "case_description": "", "recommendation_lead": "",
            "recommendations_text": ""}
    if version is not None:
        data["version"] = version
    return data


def meeting_post(meeting, version=None, location="Saxogade 14"):
    data = {"meeting-title": meeting.title, "meeting-date": meeting.date.isoformat(),
            "meeting-start_time": "15:00", "meeting-end_time": "17:00", "meeting-location": location,
            "meeting-case_number": "", "meeting-document_number": ""}
    if version is not None:
        data["meeting-version"] = version
    return data


class FirstDecisionTests(TestCase):
    def setUp(self):
        self.secretary = make_secretary()
        self.meeting = make_meeting(status=Meeting.Status.AGENDA_PUBLISHED)
        self.item = make_item(self.meeting)
        self.url = reverse("workspace:decision", args=[self.item.pk])
        self.client.force_login(self.secretary)

    def test_the_empty_decision_form_carries_version_zero(self):
        response = self.client.get(self.url)
        self.assertContains(response, 'name="version" value="0"')

    def test_the_second_of_two_first_decisions_is_refused_showing_both(self):
        self.assertEqual(self.client.post(self.url, decision_post(0, "Den første sekretærs tekst.")).status_code, 302)
        response = self.client.post(self.url, decision_post(0, "Den anden sekretærs tekst."))
        self.assertContains(response, "En anden har gemt beslutningen", status_code=409)
        self.assertContains(response, "Den første sekretærs tekst.", status_code=409)  # the stored one
        self.assertContains(response, "Den anden sekretærs tekst.", status_code=409)  # what they typed
        self.assertEqual(Decision.objects.get(item=self.item).text, "Den første sekretærs tekst.")

    def test_a_post_without_a_version_is_refused_and_creates_nothing(self):
        response = self.client.post(self.url, decision_post(None, "Uden udgave."))
        self.assertContains(response, "Formularen mangler den udgave", status_code=400)
        self.assertContains(response, "Uden udgave.", status_code=400)
        self.assertFalse(Decision.objects.filter(item=self.item).exists())

    def test_a_post_without_a_version_does_not_overwrite_an_existing_decision(self):
        make_decision(self.item, text="Gemt beslutning.")
        for version in (None, "", "abc", "-1"):
            with self.subTest(version=version):
                response = self.client.post(self.url, decision_post(version, "Overskrivning."))
                self.assertEqual(response.status_code, 400)
                self.assertEqual(Decision.objects.get(item=self.item).text, "Gemt beslutning.")

    def test_a_first_decision_is_refused_when_one_was_saved_meanwhile(self):
        make_decision(self.item, text="Gemt af en anden.")
        response = self.client.post(self.url, decision_post(0, "Min tekst."))
        self.assertEqual(response.status_code, 409)
        self.assertEqual(Decision.objects.get(item=self.item).text, "Gemt af en anden.")

    def test_the_service_refuses_a_missing_version(self):
        for version in (None, "1", True, -1):
            with self.subTest(version=version), self.assertRaises(services.Refused):
                services.decision_record(item=self.item, user=self.secretary, outcome="approved",
                                         text="X", expected_version=version)
        self.assertFalse(Decision.objects.filter(item=self.item).exists())


class MissingVersionTests(TestCase):
    """A direct POST that leaves out the version changes nothing, for every versioned form."""

    def setUp(self):
        self.secretary = make_secretary()
        self.meeting = make_meeting(status=Meeting.Status.PLANNED, minute_taker=make_person())
        self.item = make_item(self.meeting, title="Oprindelig titel")
        self.client.force_login(self.secretary)

    def test_an_item_edit_without_a_version_is_refused(self):
        response = self.client.post(reverse("workspace:item", args=[self.item.pk]), item_post(self.item))
        self.assertContains(response, "Formularen mangler den udgave", status_code=400)
        self.assertContains(response, "Ny titel", status_code=400)
        self.assertEqual(AgendaItem.objects.get(pk=self.item.pk).title, "Oprindelig titel")

    def test_a_meeting_edit_without_a_version_is_refused(self):
        response = self.client.post(reverse("workspace:meeting", args=[self.meeting.pk]),
                                    meeting_post(self.meeting))
        self.assertContains(response, "Formularen mangler den udgave", status_code=400)
        self.assertContains(response, "Saxogade 14", status_code=400)
        self.assertNotEqual(Meeting.objects.get(pk=self.meeting.pk).location, "Saxogade 14")

    def test_a_stale_meeting_edit_is_refused_with_the_stored_version_shown(self):
        url = reverse("workspace:meeting", args=[self.meeting.pk])
        version = self.meeting.version
        self.assertEqual(self.client.post(url, meeting_post(self.meeting, version, "Saxogade 14")).status_code, 302)
        response = self.client.post(url, meeting_post(self.meeting, version, "Rådhuset"))
        self.assertContains(response, "Mødet er ændret af en anden", status_code=409)
        self.assertContains(response, "Saxogade 14", status_code=409)  # the stored version
        self.assertContains(response, "Rådhuset", status_code=409)  # what was typed
        self.assertContains(response, f'name="meeting-version" value="{version + 1}"', status_code=409)
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).location, "Saxogade 14")


def run_in_parallel(count, action):
    """Run action(i) in `count` threads started together; return their results in order."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def worker(index):
        try:
            barrier.wait(timeout=30)
            results[index] = action(index)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results


@unittest.skipUnless(connection.vendor == "postgresql",
                     "row locks decide parallel saves on PostgreSQL; make test runs this half on a real server")
class ParallelSavesTests(TransactionTestCase):
    """20 secretaries save the same record at the same moment: one wins, 19 are refused."""

    PARALLEL = 20

    def setUp(self):
        self.secretary = make_secretary()
        self.meeting = make_meeting(status=Meeting.Status.AGENDA_PUBLISHED, minute_taker=make_person())
        self.item = make_item(self.meeting, title="Oprindelig titel")

    def post_in_parallel(self, url, data_for):
        def post(index):
            client = Client()
            client.force_login(self.secretary)
            return client.post(url, data_for(index)).status_code

        return run_in_parallel(self.PARALLEL, post)

    def rendered_version(self, url, name="version"):
        """The version the edit form hands a secretary who opens it now, as the browser would post it."""
        client = Client()
        client.force_login(self.secretary)
        page = client.get(url).content.decode()
        match = re.search(rf'name="{name}"(?: value="([^"]*)")?', page)
        self.assertIsNotNone(match, f"no {name} field on {url}")
        return match.group(1) or ""

    def assert_one_winner(self, statuses):
        self.assertEqual(sorted(statuses), [302] + [409] * (self.PARALLEL - 1), statuses)

    def test_first_decisions(self):
        url = reverse("workspace:decision", args=[self.item.pk])
        version = self.rendered_version(url)
        statuses = self.post_in_parallel(url, lambda i: decision_post(version, f"Tekst {i}"))
        self.assert_one_winner(statuses)
        decision = Decision.objects.get(item=self.item)
        self.assertEqual(decision.text, f"Tekst {statuses.index(302)}")
        self.assertEqual(decision.history.count(), 1)

    def test_decision_edits(self):
        make_decision(self.item, text="Første.")
        url = reverse("workspace:decision", args=[self.item.pk])
        version = self.rendered_version(url)
        statuses = self.post_in_parallel(url, lambda i: decision_post(version, f"Tekst {i}"))
        self.assert_one_winner(statuses)
        self.assertEqual(Decision.objects.get(item=self.item).text, f"Tekst {statuses.index(302)}")

    def test_item_edits(self):
        url = reverse("workspace:item", args=[self.item.pk])
        version = self.rendered_version(url)
        statuses = self.post_in_parallel(url, lambda i: item_post(self.item, version, f"Titel {i}"))
        self.assert_one_winner(statuses)
        self.assertEqual(AgendaItem.objects.get(pk=self.item.pk).title, f"Titel {statuses.index(302)}")

    def test_meeting_edits(self):
        url = reverse("workspace:meeting", args=[self.meeting.pk])
        version = self.rendered_version(url, "meeting-version")
        statuses = self.post_in_parallel(url, lambda i: meeting_post(self.meeting, version, f"Lokale {i}"))
        self.assert_one_winner(statuses)
        self.assertEqual(Meeting.objects.get(pk=self.meeting.pk).location, f"Lokale {statuses.index(302)}")

    def test_corrections_of_signed_off_minutes(self):
        make_decision(self.item, text="Oprindelig beslutning.")
        services.minutes_sign_off(meeting=self.meeting, user=self.secretary, method="chair")
        url = reverse("workspace:correct", args=[self.meeting.pk])
        version = self.rendered_version(url)
        statuses = self.post_in_parallel(
            url, lambda i: {"item": self.item.pk, "text": f"Rettet {i}", "reason": f"Grund {i}", "version": version})
        self.assert_one_winner(statuses)
        winner = statuses.index(302)
        self.assertEqual(Decision.objects.get(item=self.item).text, f"Rettet {winner}")
        self.assertEqual([(c.version, c.reason) for c in MinutesCorrection.objects.all()], [(2, f"Grund {winner}")])

    def test_agreement_edits(self):
        agreement = make_agreement()
        url = reverse("agreements:edit", args=[agreement.pk])
        version = self.rendered_version(url)
        data = agreement_post(agreement, version)
        statuses = self.post_in_parallel(url, lambda i: {**data, "summary": f"Resumé {i}"})
        self.assert_one_winner(statuses)
        agreement.refresh_from_db()
        self.assertEqual(agreement.summary, f"Resumé {statuses.index(302)}")


def agreement_post(agreement, version=None, title=None, summary=""):
    from agreements.models import Party

    party = Party.objects.get_or_create(name="Almen praksis")[0]
    data = {"title": title or agreement.title, "kind": agreement.kind, "status": agreement.status,
            "summary": summary, "is_public": "on", "parties": [party.pk]}
    if version is not None:
        data["version"] = version
    return data


class AgreementEditTests(TestCase):
    def setUp(self):
        self.client.force_login(make_secretary())
        self.agreement = make_agreement(summary="Oprindeligt resumé.")
        self.url = reverse("agreements:edit", args=[self.agreement.pk])

    def test_the_second_of_two_edits_from_the_same_version_is_refused_showing_both(self):
        version = self.agreement.version
        self.assertContains(self.client.get(self.url), f'name="version" value="{version}"')
        first = self.client.post(self.url, agreement_post(self.agreement, version, summary="Første sekretær."))
        self.assertEqual(first.status_code, 302)
        response = self.client.post(self.url, agreement_post(self.agreement, version, summary="Anden sekretær."))
        self.assertContains(response, "En anden har gemt aftalen", status_code=409)
        self.assertContains(response, "Første sekretær.", status_code=409)
        self.assertContains(response, "Anden sekretær.", status_code=409)
        self.agreement.refresh_from_db()
        self.assertEqual(self.agreement.summary, "Første sekretær.")

    def test_an_edit_without_a_version_is_refused(self):
        response = self.client.post(self.url, agreement_post(self.agreement, None, summary="Uden udgave."))
        self.assertContains(response, "Formularen mangler den udgave", status_code=400)
        self.agreement.refresh_from_db()
        self.assertEqual(self.agreement.summary, "Oprindeligt resumé.")

    def test_a_new_agreement_starts_from_version_zero(self):
        from agreements.models import Agreement

        url = reverse("agreements:create")
        self.assertContains(self.client.get(url), 'name="version" value="0"')
        data = agreement_post(self.agreement, 0, title="Ny aftale om akutfunktion")
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertTrue(Agreement.objects.filter(title="Ny aftale om akutfunktion").exists())

