"""The page cache: readers get cached pages with validators, and never a stale or foreign one."""

import datetime

from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from meetings import access, pagecache
from meetings.models import Meeting
from tests.factories import (
    make_decision,
    make_item,
    make_meeting,
    make_member,
    make_secretary,
    sign_off,
)


class PageCacheTests(TestCase):
    def setUp(self):
        self.meeting = make_meeting(status=Meeting.Status.MINUTES_DRAFTED)
        self.item = make_item(self.meeting, title="Mødekalender 2025")
        make_decision(self.item, text="Godkendt.")
        sign_off(self.meeting)
        self.url = self.meeting.get_absolute_url()

    def test_a_second_request_is_served_from_the_cache_without_touching_the_records(self):
        first = self.client.get(self.url)
        # the content version only: the page itself comes from the cache
        with self.assertNumQueries(1):
            second = self.client.get(self.url)
        self.assertEqual(second.content, first.content)
        self.assertEqual(second["ETag"], first["ETag"])
        self.assertIn("public", second["Cache-Control"])

    def test_a_conditional_request_gets_304(self):
        etag = self.client.get(self.url)["ETag"]
        response = self.client.get(self.url, headers={"if-none-match": etag})
        self.assertEqual(response.status_code, 304)
        self.assertEqual(response.content, b"")

    def test_a_change_is_visible_at_once(self):
        before = self.client.get(self.url)
        self.meeting.items.update(title="Ændret titel")  # no signal: bump by hand, as the services do
        pagecache.bump()
        after = self.client.get(self.url, headers={"if-none-match": before["ETag"]})
        self.assertEqual(after.status_code, 200)
        self.assertContains(after, "Ændret titel")

    def test_a_save_through_the_models_changes_the_version_by_itself(self):
        version = pagecache.content_version()
        self.item.refresh_from_db()
        Meeting.objects.filter(pk=self.meeting.pk).update(status=Meeting.Status.MINUTES_DRAFTED)
        self.item.title = "Ny titel"
        self.item.save()
        self.assertNotEqual(pagecache.content_version(), version)

    def test_logged_in_readers_never_get_each_others_or_the_publics_pages(self):
        public = self.client.get("/")
        member = make_member(self.meeting.committee, username="mette")
        secretary = make_secretary(self.meeting.committee, username="lars")
        self.client.force_login(member)
        as_member = self.client.get("/")
        self.assertContains(as_member, "mette")
        self.assertIn("private", as_member["Cache-Control"])
        self.client.force_login(secretary)
        as_secretary = self.client.get("/")
        self.assertContains(as_secretary, "lars")
        self.assertNotContains(as_secretary, "mette")
        self.client.logout()
        self.assertEqual(self.client.get("/").content, public.content)

    def test_a_page_with_waiting_messages_is_not_taken_from_the_cache(self):
        self.client.get(self.url)
        self.client.cookies["messages"] = "anything"
        # rendered afresh: the page's own eight queries (meeting, attendances, items,
        # notes, follow-ups, attachments, corrections, stored PDFs), not even the version
        with self.assertNumQueries(8):
            self.client.get(self.url)

    def test_the_language_is_part_of_the_key(self):
        danish = self.client.get(self.url)
        self.client.get(reverse("switch-language", args=["en"]))
        english = self.client.get(self.url)
        self.assertContains(danish, '<html lang="da">')
        self.assertContains(english, '<html lang="en">')

    def test_the_key_holds_the_day_so_next_meetings_move_on_at_midnight(self):
        request = self.client.get("/").wsgi_request
        # UTC-12 and UTC+14 are 26 hours apart: never the same date.
        with override_settings(TIME_ZONE="Etc/GMT+12"):
            behind = pagecache._key(request, access.ANONYMOUS)
        with override_settings(TIME_ZONE="Pacific/Kiritimati"):
            ahead = pagecache._key(request, access.ANONYMOUS)
        self.assertNotEqual(behind, ahead)


class RoleChangeTests(TestCase):
    def test_losing_the_membership_hides_closed_items_at_once(self):
        meeting = make_meeting(status=Meeting.Status.MINUTES_DRAFTED)
        make_decision(make_item(meeting, title="Fortroligt punkt om en ansat", is_closed=True), text="Drøftet.")
        sign_off(meeting)
        member = make_member(meeting.committee, username="tidligere")
        self.client.force_login(member)
        self.assertContains(self.client.get(meeting.get_absolute_url()), "Fortroligt punkt om en ansat")
        membership = member.person.memberships.get()
        membership.end = timezone.localdate() - datetime.timedelta(days=1)
        membership.save()
        self.assertNotContains(self.client.get(meeting.get_absolute_url()), "Fortroligt punkt om en ansat")
