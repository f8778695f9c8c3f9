"""Rights come from the membership register, per committee, through every channel.

KLU and Chefforum each hold a signed-off meeting with a closed item (its own secret
word in the title, decision and a closed attachment) and an agreement that points at
the closed item. A member of KLU only reads KLU's closed words everywhere and
Chefforum's nowhere; once the membership has ended, neither. A KLU secretary changes
KLU's meetings and none of Chefforum's; an administrator changes both.
"""

import datetime

from django.core.files.base import ContentFile
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from agreements.models import AgreementEvent, AgreementLink
from meetings import access, services
from meetings.models import AgendaItem, CalendarToken, Meeting
from tests.exports.base import ExportTestCase
from tests.factories import (
    make_agreement,
    make_attachment,
    make_committee,
    make_decision,
    make_item,
    make_meeting,
    make_member,
    make_person,
    make_secretary,
    response_bytes,
)
from tests.meetings.test_closed_item_doors import pdf_everything, search_results

SECRET = {"klu": "Xylofonsen", "chefforum": "Pingvinrede"}


class RightsPerCommitteeTests(ExportTestCase):
    @classmethod
    def setUpTestData(cls):
        admin = make_secretary(username="administrator")
        cls.klu = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg", short_name="KLU")
        cls.chefforum = make_committee(slug="chefforum", name="Chefforum Sundhedsklynge Midt",
                                       short_name="Chefforum")
        cls.meetings, cls.attachments, cls.agreements = {}, {}, {}
        for n, committee in enumerate((cls.klu, cls.chefforum)):
            word = SECRET[committee.slug]
            meeting = make_meeting(committee=committee, status=Meeting.Status.MINUTES_DRAFTED,
                                   date=datetime.date(2024, 4, 4 + n), minute_taker=make_person())
            make_decision(make_item(meeting, number=1, title="Godkendelse af dagsordenen"))
            closed = make_item(meeting, number=2, title=f"Personsag {word}", is_closed=True)
            make_decision(closed, text=f"<p>Beslutning om {word}.</p>")
            attachment = make_attachment(meeting, item=closed, is_closed=True, title=f"Notat {word}",
                                         file=ContentFile(b"%PDF-1.4 test\n", name=f"notat-{word}.pdf"))
            agreement = make_agreement(title=f"Samarbejdsaftale {committee.slug}")
            agreement.agenda_items.set([closed])
            AgreementEvent.objects.create(agreement=agreement, date=meeting.date, text=f"Drøftet {word}",
                                          agenda_item=closed)
            AgreementLink.objects.create(agreement=agreement, title=attachment.title, attachment=attachment)
            services.minutes_sign_off(meeting=meeting, user=admin, method=Meeting.SignOffMethod.CHAIR)
            cls.meetings[committee.slug] = meeting
            cls.attachments[committee.slug] = attachment
            cls.agreements[committee.slug] = agreement
        cls.member = make_member(cls.klu, username="klumedlem")

    # Helpers

    def channels(self, slug):
        """{channel: what it answers, as text} about `slug`'s meeting, for the caller logged in now."""
        meeting, word = self.meetings[slug], SECRET[slug]
        get = self.client.get
        download = get(reverse("meetings:attachment", args=[meeting.pk, self.attachments[slug].pk]))
        return {
            "meeting page": get(meeting.get_absolute_url()).content.decode(),
            "agenda PDF": pdf_everything(response_bytes(get(reverse("exports:agenda-pdf", args=[meeting.pk])))),
            "minutes PDF": pdf_everything(response_bytes(get(reverse("exports:minutes-pdf", args=[meeting.pk])))),
            "API": get(reverse("api-meeting-detail", args=[meeting.pk])).content.decode(),
            "search": search_results(get(reverse("meetings:search"), {"q": word})),
            "attachment download": f"{download.status_code} {download.get('Content-Disposition', '')}",
            "agreement page": get(self.agreements[slug].get_absolute_url()).content.decode(),
        }

    def assert_reads(self, slug):
        for channel, text in self.channels(slug).items():
            self.assertIn(SECRET[slug], text, f"{slug}'s closed item is missing from the {channel}")

    def assert_does_not_read(self, slug):
        for channel, text in self.channels(slug).items():
            self.assertNotIn(SECRET[slug], text, f"{slug}'s closed item leaked through the {channel}")

    def private_feed(self):
        if not CalendarToken.objects.filter(user=self.member, revoked_at__isnull=True).exists():
            self.client.post(reverse("exports:private-calendar"), {"action": "create"})
        token = CalendarToken.objects.get(user=self.member, revoked_at__isnull=True)
        return self.client.get(reverse("exports:private-ics", args=[token.token]))

    def end_membership(self, on):
        membership = self.member.person.memberships.get()
        membership.end = on
        membership.save()

    # Reading

    def test_a_klu_member_reads_klus_closed_items_through_every_channel(self):
        self.client.force_login(self.member)
        self.assert_reads("klu")

    def test_a_klu_member_reads_none_of_chefforums_closed_items_through_any_channel(self):
        self.client.force_login(self.member)
        self.assert_does_not_read("chefforum")

    def test_a_klu_members_private_calendar_holds_klus_meetings_and_not_chefforums(self):
        self.client.force_login(self.member)
        feed = self.private_feed().content.decode()
        self.assertIn(self.meetings["klu"].ical_uid, feed)
        self.assertNotIn(self.meetings["chefforum"].ical_uid, feed)

    def test_after_the_membership_ended_the_member_reads_neither_committees_closed_items(self):
        self.client.force_login(self.member)
        self.assert_reads("klu")  # cached pages exist now; the end must reach them too
        self.assertEqual(self.private_feed().status_code, 200)
        self.end_membership(timezone.localdate() - datetime.timedelta(days=1))
        self.assert_does_not_read("klu")
        self.assert_does_not_read("chefforum")
        self.assertEqual(self.private_feed().status_code, 404)

    def test_a_membership_ends_on_its_end_date_without_anything_being_saved(self):
        # The last day of the membership is today; tomorrow it has ended, though nothing was saved.
        self.end_membership(timezone.localdate())
        self.client.force_login(self.member)
        self.assert_reads("klu")
        with _today(timezone.localdate() + datetime.timedelta(days=1)):
            self.assert_does_not_read("klu")

    def test_a_membership_that_has_not_begun_gives_no_rights(self):
        later = make_member(self.chefforum, username="senere", start=timezone.localdate() + datetime.timedelta(days=7))
        self.client.force_login(later)
        self.assert_does_not_read("chefforum")

    def test_the_old_member_and_secretariat_groups_grant_nothing(self):
        from django.contrib.auth.models import Group

        outsider = make_member(username="gruppemedlem")
        for name in ("Medlemmer", "Sekretariat"):
            outsider.groups.add(Group.objects.get_or_create(name=name)[0])
        self.client.force_login(outsider)
        self.assert_does_not_read("klu")
        self.assertEqual(self.client.get(reverse("workspace:dashboard")).status_code, 403)

    def test_readers_with_different_rights_never_share_a_cached_page(self):
        chefforum_member = make_member(self.chefforum, username="chefmedlem")
        url = self.meetings["chefforum"].get_absolute_url()
        self.client.force_login(chefforum_member)
        self.assertContains(self.client.get(url), SECRET["chefforum"])
        self.client.force_login(self.member)
        self.assertNotContains(self.client.get(url), SECRET["chefforum"])


class _today:
    """Pretend today is `day` for access.viewer_for (its cache key and its membership query)."""

    def __init__(self, day):
        self.day = day

    def __enter__(self):
        from unittest import mock

        self.patch = mock.patch("django.utils.timezone.localdate", return_value=self.day)
        self.patch.start()

    def __exit__(self, *exc):
        self.patch.stop()


class WritesPerCommitteeTests(ExportTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.klu = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg", short_name="KLU")
        cls.chefforum = make_committee(slug="chefforum", name="Chefforum Sundhedsklynge Midt")
        cls.klu_meeting = make_meeting(committee=cls.klu, status=Meeting.Status.PLANNED,
                                       date=datetime.date(2030, 4, 4))
        cls.chefforum_meeting = make_meeting(committee=cls.chefforum, status=Meeting.Status.PLANNED,
                                             date=datetime.date(2030, 4, 5))
        cls.klu_item = make_item(cls.klu_meeting, title="KLU-punkt")
        cls.chefforum_item = make_item(cls.chefforum_meeting, title="Chefforum-punkt")
        cls.secretary = make_secretary(cls.klu, username="lars")
        cls.admin = make_secretary(username="administrator")

    def write_urls(self, meeting, item):
        urls = [reverse(f"workspace:{name}", args=[meeting.pk]) for name in (
            "meeting", "item-new", "items-standard", "item-offered", "reorder", "attachment-upload",
            "attendance", "attendance-members", "start-minutes", "preview", "cancel", "circulate", "correct",
            "history", "publish", "sign-off")]
        urls += [reverse(f"workspace:{name}", args=[item.pk]) for name in ("item", "item-delete", "decision",
                                                                              "follow-up-new")]
        return urls

    def test_a_klu_secretary_cannot_change_a_chefforum_meeting_through_any_workspace_url(self):
        self.client.force_login(self.secretary)
        before = list(AgendaItem.objects.filter(meeting=self.chefforum_meeting).values())
        for url in self.write_urls(self.chefforum_meeting, self.chefforum_item):
            for method in (self.client.get, self.client.post):
                with self.subTest(url=url, method=method.__name__):
                    response = method(url, {"new-title": "Hacket", "new-kind": "discussion", "meeting-title": "x"})
                    self.assertIn(response.status_code, {403, 405})
        self.assertEqual(list(AgendaItem.objects.filter(meeting=self.chefforum_meeting).values()), before)
        self.chefforum_meeting.refresh_from_db()
        self.assertEqual(self.chefforum_meeting.status, Meeting.Status.PLANNED)
        response = self.client.post(reverse("workspace:plan-year", args=["chefforum"]), {"year": 2031})
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Meeting.objects.filter(committee=self.chefforum, date__year=2031).exists())

    def test_a_klu_secretary_changes_a_klu_meeting(self):
        self.client.force_login(self.secretary)
        response = self.client.post(reverse("workspace:item-new", args=[self.klu_meeting.pk]),
                                    {"new-title": "Nyt KLU-punkt", "new-kind": "discussion"})
        self.assertEqual(response.status_code, 302)
        item = AgendaItem.objects.get(meeting=self.klu_meeting, title="Nyt KLU-punkt")
        self.assertEqual(item.history.latest().history_user, self.secretary)

    def test_the_dashboard_lists_only_the_secretarys_committees(self):
        self.client.force_login(self.secretary)
        page = self.client.get(reverse("workspace:dashboard")).content.decode()
        self.assertIn(reverse("workspace:meeting", args=[self.klu_meeting.pk]), page)
        self.assertNotIn(reverse("workspace:meeting", args=[self.chefforum_meeting.pk]), page)
        self.client.force_login(self.admin)
        page = self.client.get(reverse("workspace:dashboard")).content.decode()
        self.assertIn(reverse("workspace:meeting", args=[self.chefforum_meeting.pk]), page)

    def test_an_administrator_changes_both_committees_meetings(self):
        self.client.force_login(self.admin)
        for meeting in (self.klu_meeting, self.chefforum_meeting):
            response = self.client.post(reverse("workspace:item-new", args=[meeting.pk]),
                                        {"new-title": "Administratorens punkt", "new-kind": "discussion"})
            self.assertEqual(response.status_code, 302)
            self.assertTrue(AgendaItem.objects.filter(meeting=meeting, title="Administratorens punkt").exists())

    def test_a_klu_secretary_is_a_reader_of_chefforum_like_the_public(self):
        viewer = access.viewer_for(self.secretary)
        self.assertEqual(viewer.audience_for_committee(self.klu.pk), access.Audience.SECRETARIAT)
        self.assertEqual(viewer.audience_for_committee(self.chefforum.pk), access.Audience.PUBLIC)
        self.client.force_login(self.secretary)
        # An unpublished Chefforum agenda stays hidden from KLU's secretary.
        self.assertNotContains(self.client.get(self.chefforum_meeting.get_absolute_url()), "Chefforum-punkt")
        self.assertContains(self.client.get(self.klu_meeting.get_absolute_url()), "KLU-punkt")


class SingleMeetingTests(TestCase):
    """A meeting for any committee one serves, without the year plan and without /admin."""

    def setUp(self):
        self.klu = make_committee(slug="klu-ny", name="KLU", default_location="Danmarksgade 17",
                                  default_start_time=datetime.time(15), default_end_time=datetime.time(17))
        self.chefforum = make_committee(slug="chefforum-ny", name="Chefforum")
        self.client.force_login(make_secretary(self.klu, username="klu-sekretaer"))
        self.url = reverse("workspace:meeting-new")

    def test_a_secretary_creates_a_meeting_with_the_committees_time_and_place(self):
        response = self.client.post(self.url, {"meeting-committee": self.klu.pk, "meeting-date": "2025-08-14",
                                               "meeting-title": "Ekstraordinært møde"})
        meeting = Meeting.objects.get(committee=self.klu)
        self.assertRedirects(response, reverse("workspace:meeting", args=[meeting.pk]))
        self.assertEqual((meeting.title, meeting.start_time, meeting.end_time, meeting.location),
                         ("Ekstraordinært møde", datetime.time(15), datetime.time(17), "Danmarksgade 17"))
        self.assertEqual(meeting.history.latest().history_change_reason, "Møde oprettet")

    def test_another_committees_meeting_is_refused_and_the_form_kept(self):
        response = self.client.post(self.url, {"meeting-committee": self.chefforum.pk,
                                               "meeting-date": "2025-08-14", "meeting-location": "Rådhuset"})
        self.assertContains(response, "Vælg et af dine udvalg.", status_code=400)
        self.assertContains(response, "Rådhuset", status_code=400)
        self.assertFalse(Meeting.objects.exists())

    def test_a_missing_date_or_an_end_before_the_start_is_a_danish_error(self):
        response = self.client.post(self.url, {"meeting-committee": self.klu.pk, "meeting-date": "",
                                               "meeting-start_time": "16:00", "meeting-end_time": "15:00"})
        self.assertContains(response, "Angiv mødets dato.", status_code=400)
        self.assertContains(response, "Mødet skal slutte efter, det begynder.", status_code=400)
        self.assertFalse(Meeting.objects.exists())
