"""Signed-off minutes are rendered once, stored, and then always served as the same bytes."""

import datetime
import hashlib
import re
from unittest import mock

from django.core.files.storage import storages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from meetings import access
from meetings.exports import minutes_store
from meetings.exports.minutes_store import ensure_signed_minutes, store_signed_minutes
from meetings.exports.pdf import render_minutes_pdf
from meetings.locking import minutes_unlocked
from meetings.models import Meeting, MinutesCorrection, MinutesPdf
from meetings.presentation import build_meeting_view
from meetings.selectors import meeting_for_display
from tests.factories import make_decision, make_item, make_meeting, make_member, make_secretary, response_bytes

from .base import ExportTestCase, pdf_text


def download(client, meeting, **headers):
    response = client.get(reverse("exports:minutes-pdf", args=[meeting.pk]), headers=headers)
    if response.status_code == 200:
        response.bytes = response_bytes(response)
    return response


def make_signed_off_meeting():
    # Built as an import builds historic minutes: past the lock on signed-off minutes.
    with minutes_unlocked():
        meeting = make_meeting(status=Meeting.Status.SIGNED_OFF, date=datetime.date(2024, 4, 4))
        make_decision(make_item(meeting, title="Godkendelse af dagsordenen"), text="<p>Godkendt.</p>")
        make_decision(make_item(meeting, title="Personalesag om en konsulent", is_closed=True),
                      text="<p>Fortrolig beslutning.</p>")
    return meeting


class StoredMinutesTests(ExportTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.meeting = make_signed_off_meeting()
        cls.member = make_member(cls.meeting.committee)

    def test_downloads_are_the_same_bytes_even_after_a_restart(self):
        first = download(self.client, self.meeting)
        second = download(self.client, self.meeting)
        self.assertEqual(first.bytes, second.bytes)
        # A "restart": fresh storage objects, a fresh client, and a renderer that
        # would fail if anything tried to render again. The bytes come from storage.
        storages._storages.clear()
        boom = mock.Mock(side_effect=AssertionError("rendered again"))
        with mock.patch.object(minutes_store, "render_minutes_pdf", boom), \
                mock.patch("meetings.exports.pdf.PdfJob.render", boom):
            self.client = self.client_class()
            third = download(self.client, self.meeting)
        self.assertEqual(third.bytes, first.bytes)
        boom.assert_not_called()
        self.assertEqual(MinutesPdf.objects.filter(meeting=self.meeting).count(), 2)

    def test_rendering_the_same_records_again_gives_the_same_bytes(self):
        stored = download(self.client, self.meeting).bytes
        view = build_meeting_view(meeting_for_display(self.meeting.pk), access.Audience.PUBLIC)
        again = render_minutes_pdf(view)
        self.assertEqual(again, stored)

    def test_it_serves_a_strong_etag_and_answers_304(self):
        response = download(self.client, self.meeting)
        sha = hashlib.sha256(response.bytes).hexdigest()
        self.assertEqual(response["ETag"], f'"{sha}"')
        self.assertEqual(response["Content-Length"], str(len(response.bytes)))
        self.assertEqual(response["Cache-Control"], "no-cache")
        again = download(self.client, self.meeting, if_none_match=f'"{sha}"')
        self.assertEqual(again.status_code, 304)
        self.assertEqual(again["ETag"], f'"{sha}"')
        self.assertEqual(download(self.client, self.meeting, if_none_match='"other"').status_code, 200)

    def test_members_get_the_full_edition_with_its_own_sha256(self):
        public = download(self.client, self.meeting).bytes
        self.client.force_login(self.member)
        response = download(self.client, self.meeting)
        self.assertNotEqual(response.bytes, public)
        self.assertIn("Personalesag om en konsulent", pdf_text(response.bytes))
        self.assertNotIn("Personalesag om en konsulent", pdf_text(public))
        self.assertIn("(medlemsudgave).pdf", response["Content-Disposition"])
        self.assertEqual(response["Cache-Control"], "private, no-cache")
        page = self.client.get(reverse("meetings:detail", args=[self.meeting.pk])).content.decode()
        self.assertEqual(re.findall(r'data-sha256="([0-9a-f]{64})"', page),
                         [hashlib.sha256(response.bytes).hexdigest()])

    def test_the_stored_rows_describe_their_files(self):
        rows = ensure_signed_minutes(self.meeting)
        self.assertEqual(set(rows), {"public", "members"})
        for row in rows.values():
            with row.file.open("rb") as handle:
                data = handle.read()
            self.assertEqual(row.sha256, hashlib.sha256(data).hexdigest())
            self.assertEqual(row.size, len(data))
            self.assertEqual(row.version, 1)
            self.assertRegex(row.file.name, rf"^minutes/{self.meeting.pk}/referat-.*-2024-04-04-v1-")
            self.assertEqual(row.history.get().history_change_reason, "Referatet er godkendt")


class StoreSignedMinutesTests(ExportTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.meeting = make_signed_off_meeting()
        cls.secretary = make_secretary()

    def test_version_1_is_stored_once(self):
        first = store_signed_minutes(self.meeting, user=self.secretary)
        second = store_signed_minutes(self.meeting)
        self.assertEqual([row.pk for row in first], [row.pk for row in second])
        self.assertEqual([(row.version, row.audience) for row in first], [(1, "public"), (1, "members")])
        self.assertEqual(first[0].created_by, self.secretary)
        self.assertEqual(MinutesPdf.objects.filter(meeting=self.meeting).count(), 2)

    def test_a_reason_stores_the_next_version_and_downloads_switch_to_it(self):
        original = download(self.client, self.meeting).bytes
        item = self.meeting.items.get(number=1)
        item.decision.text = "<p>Godkendt med en rettelse.</p>"
        # Signed-off minutes are locked; services.minutes_correct unlocks them like this.
        with minutes_unlocked(self.meeting.pk):
            item.decision.save()
        # services.minutes_correct records the correction; the store reads its reason and time.
        MinutesCorrection.objects.create(meeting=self.meeting, version=2, created_at=timezone.now(),
                                         reason="Beslutningen under punkt 1 var forkert.", created_by=self.secretary)
        rows = store_signed_minutes(self.meeting, user=self.secretary)
        self.assertEqual([(row.version, row.audience) for row in rows], [(2, "public"), (2, "members")])
        self.assertEqual(rows[0].reason, "Beslutningen under punkt 1 var forkert.")
        corrected = download(self.client, self.meeting).bytes
        self.assertNotEqual(corrected, original)
        text = pdf_text(corrected)
        self.assertIn("Godkendt med en rettelse.", text)
        self.assertIn("Rettet udgave (version 2). Beslutningen under punkt 1 var forkert.", text)
        self.assertEqual(ensure_signed_minutes(self.meeting)["public"].version, 2)
        # Version 1 stays stored, unchanged.
        version_1 = MinutesPdf.objects.get(meeting=self.meeting, version=1, audience="public")
        with version_1.file.open("rb") as handle:
            self.assertEqual(handle.read(), original)

    def test_it_refuses_minutes_that_are_not_signed_off(self):
        draft = make_meeting(status=Meeting.Status.MINUTES_DRAFTED, date=datetime.date(2024, 6, 27))
        with self.assertRaises(ValueError):
            store_signed_minutes(draft)
        self.assertFalse(MinutesPdf.objects.filter(meeting=draft).exists())

    def test_it_locks_the_meeting_while_it_stores(self):
        with CaptureQueriesContext(connection) as queries:
            store_signed_minutes(self.meeting)
        locking = [q["sql"] for q in queries.captured_queries if "FOR UPDATE" in q["sql"]]
        if connection.features.has_select_for_update:
            self.assertEqual(len(locking), 1)
            self.assertIn('"meetings_meeting"', locking[0])
        else:
            # SQLite has no row locks; it serialises writers, and a lost race
            # surfaces as an IntegrityError that ensure_signed_minutes absorbs.
            self.assertEqual(locking, [])

    def test_a_lost_race_keeps_the_winners_rows(self):
        winner = store_signed_minutes(self.meeting)
        storage = winner[0].file.storage
        files_before = sorted(storage.listdir(f"minutes/{self.meeting.pk}")[1])
        # Without row locks (SQLite) a concurrent first download can miss the
        # winner's rows and try to store version 1 again.
        with mock.patch.object(minutes_store, "latest_minutes_pdfs",
                               side_effect=[{}, minutes_store.latest_minutes_pdfs(self.meeting)]), \
                mock.patch.object(minutes_store, "_stored_rows", return_value=[]):
            rows = ensure_signed_minutes(self.meeting)
        self.assertEqual(rows["public"].pk, winner[0].pk)
        self.assertEqual(MinutesPdf.objects.filter(meeting=self.meeting).count(), 2)
        # The loser's files went with its rolled-back rows.
        self.assertEqual(sorted(storage.listdir(f"minutes/{self.meeting.pk}")[1]), files_before)
