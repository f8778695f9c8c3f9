"""The mails about a meeting, one per recipient: Danish text and HTML, closed items, invitations."""

import base64
import datetime
import html

from django.test import TestCase, override_settings
from django.urls import reverse

from meetings import access
from meetings.exports.ical import CANCEL
from meetings.mail_messages import (
    ItemChange,
    agenda_changed,
    agenda_published,
    meeting_cancelled,
    meeting_moved,
    minutes_circulated,
    minutes_signed_off,
)
from meetings.models import Meeting, Membership
from tests.factories import make_committee, make_item, make_meeting, make_membership, make_person, make_user
from tests.ical_parsers import check_with_libical_itip, parse_with_ical, parse_with_icaljs

SITE = "https://klu.example.dk"


def invitation_of(message):
    [attachment] = message.attachments
    return attachment, base64.b64decode(attachment["content_base64"])


@override_settings(DEFAULT_FROM_EMAIL="KLU Møder <klu@aalborg.dk>", SITE_URL=SITE)
class MailMessageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.committee = make_committee(name="Kommunalt Lægeligt Udvalg", short_name="KLU",
                                       secretariat="Sundhedsstrategisk Sekretariat")
        cls.meeting = make_meeting(committee=cls.committee, title="1. møde 2024",
                                   status=Meeting.Status.AGENDA_PUBLISHED)
        make_item(cls.meeting, title="Godkendelse af dagsorden")
        make_item(cls.meeting, title="Ansættelse af <praksiskonsulent> & løn", is_closed=True)
        make_item(cls.meeting, number=2, sub_number=1, title="Status på samarbejdsaftalen")
        cls.member = make_person(name="Anne Hansen", email="anne@example.dk")
        make_membership(cls.committee, cls.member)
        cls.secretary = make_person(name="Søren Sekretær", email="soren@example.dk")
        make_membership(cls.committee, cls.secretary, role=Membership.Role.SECRETARY)
        # Was a member, and is now only a member of another committee: the public, here.
        cls.former = make_person(name="Bo Tidligere", email="bo@example.dk")
        make_membership(cls.committee, cls.former, start=datetime.date(2020, 1, 1), end=datetime.date(2021, 1, 1))
        make_membership(make_committee(), cls.former)

    def meeting_now(self):
        return Meeting.objects.select_related("committee").get(pk=self.meeting.pk)

    # Agenda published

    def test_the_published_agenda_says_committee_date_time_place_items_and_link_in_danish(self):
        message = agenda_published(self.meeting_now(), self.member)
        self.assertEqual(message.subject, "Dagsorden: Kommunalt Lægeligt Udvalg, torsdag den 4. april 2024")
        for body in (message.text, html.unescape(message.html)):
            self.assertIn("Kære Anne Hansen", body)
            self.assertIn("Dagsordenen til mødet i Kommunalt Lægeligt Udvalg er offentliggjort", body)
            self.assertIn("torsdag den 4. april 2024, kl. 15.00–17.00", body)
            self.assertIn("Danmarksgade 17, 2. sal, mødelokale 1", body)
            self.assertIn("1. Godkendelse af dagsorden", body)
            self.assertIn("2.a. Status på samarbejdsaftalen", body)
            self.assertIn(f"{SITE}/meetings/{self.meeting.pk}/", body)
            self.assertIn("Sundhedsstrategisk Sekretariat", body)

    def test_the_html_part_is_an_accessible_danish_document(self):
        message = agenda_published(self.meeting_now(), self.member)
        self.assertTrue(message.html.lstrip().startswith("<!doctype html>"))
        self.assertIn('<html lang="da">', message.html)
        self.assertIn("<h1", message.html)
        self.assertIn("<ol", message.html)
        self.assertIn(f'<a href="{SITE}/meetings/{self.meeting.pk}/">', message.html)

    def test_a_member_reads_the_closed_items_title_marked_closed(self):
        message = agenda_published(self.meeting_now(), self.member)
        self.assertIn("2. Ansættelse af <praksiskonsulent> & løn (lukket punkt)", message.text)
        # The HTML part escapes what it shows.
        self.assertIn("2. Ansættelse af &lt;praksiskonsulent&gt; &amp; løn", message.html)
        self.assertNotIn("<praksiskonsulent>", message.html)

    def test_the_secretariat_reads_the_closed_items_title(self):
        message = agenda_published(self.meeting_now(), self.secretary)
        self.assertIn("Ansættelse af <praksiskonsulent>", message.text)

    def test_a_recipient_who_is_no_longer_a_member_reads_lukket_punkt(self):
        message = agenda_published(self.meeting_now(), self.former)
        for body in (message.text, message.html):
            self.assertIn("2. Lukket punkt", body)
            self.assertNotIn("praksiskonsulent", body)
        self.assertIn("1. Godkendelse af dagsorden", message.text)

    def test_a_person_with_no_membership_reads_lukket_punkt(self):
        message = agenda_published(self.meeting_now(), make_person(email="x@example.dk"))
        self.assertNotIn("praksiskonsulent", message.text + message.html)

    def test_the_published_agenda_carries_a_request_invitation_for_the_recipient(self):
        attachment, data = invitation_of(agenda_published(self.meeting_now(), self.member))
        self.assertEqual(attachment["filename"], "invitation.ics")
        self.assertEqual(attachment["mimetype"], "text/calendar; method=REQUEST; charset=utf-8")
        text = data.decode().replace("\r\n ", "")
        self.assertIn("METHOD:REQUEST", text)
        self.assertIn("mailto:anne@example.dk", text)
        self.assertIn('CN="Anne Hansen"', text)
        [event] = parse_with_ical(data).events
        self.assertEqual(event.uid, self.meeting.ical_uid)
        self.assertEqual(check_with_libical_itip(data), [])
        self.assertEqual(parse_with_icaljs(data)["method"], "REQUEST")

    def test_a_recipient_without_an_address_gets_no_invitation(self):
        message = agenda_published(self.meeting_now(), make_person(email=""))
        self.assertEqual(message.attachments, [])

    def test_a_meeting_with_an_unknown_time_says_so(self):
        meeting = make_meeting(committee=self.committee, start_time=None, end_time=None,
                               status=Meeting.Status.AGENDA_PUBLISHED)
        message = agenda_published(meeting, self.member)
        self.assertIn("Tidspunkt: torsdag den 4. april 2024 (klokkeslæt ikke fastlagt)", message.text)
        self.assertEqual(check_with_libical_itip(invitation_of(message)[1]), [])

    # Agenda changed

    def test_a_changed_agenda_tells_what_changed(self):
        item = self.meeting.items.get(number=1)
        message = agenda_changed(self.meeting_now(), self.member, [ItemChange.of(item, ItemChange.CHANGED)])
        self.assertEqual(message.subject, "Ændret dagsorden: Kommunalt Lægeligt Udvalg, torsdag den 4. april 2024")
        self.assertIn("Dagsordenen til mødet i Kommunalt Lægeligt Udvalg er ændret.", message.text)
        self.assertIn("- Punkt 1 ændret: Godkendelse af dagsorden", message.text)
        self.assertIn("<li>Punkt 1 ændret: Godkendelse af dagsorden</li>", message.html)
        self.assertEqual(message.attachments, [])

    def test_a_changed_closed_item_is_named_only_to_members(self):
        closed = self.meeting.items.get(is_closed=True)
        changes = [ItemChange.of(closed, ItemChange.ADDED), "Mødet begynder en halv time senere."]
        to_member = agenda_changed(self.meeting_now(), self.member, changes)
        self.assertIn("Punkt 2 tilføjet: Ansættelse af <praksiskonsulent> & løn", to_member.text)
        to_public = agenda_changed(self.meeting_now(), self.former, changes)
        self.assertIn("Punkt 2 tilføjet: Lukket punkt", to_public.text)
        self.assertIn("Mødet begynder en halv time senere.", to_public.text)
        self.assertNotIn("praksiskonsulent", to_public.text + to_public.html)

    def test_a_removed_closed_item_is_not_named_to_the_public(self):
        change = ItemChange(kind=ItemChange.REMOVED, label="4", title="Personsag", is_closed=True)
        message = agenda_changed(self.meeting_now(), self.former, [change])
        self.assertIn("Punkt 4 fjernet: Lukket punkt", message.text)
        self.assertNotIn("Personsag", message.text + message.html)

    # Moved and cancelled

    def test_a_moved_meeting_sends_the_new_time_and_an_invitation_with_a_higher_sequence(self):
        _, first = invitation_of(agenda_published(self.meeting_now(), self.member))
        meeting = self.meeting_now()
        meeting.date = datetime.date(2024, 4, 11)
        meeting.location = "Rådhuset, lokale 3"
        meeting.save()
        message = meeting_moved(meeting, self.member, previously="torsdag den 4. april 2024, kl. 15.00–17.00")
        self.assertEqual(message.subject, "Mødet er flyttet: Kommunalt Lægeligt Udvalg, torsdag den 11. april 2024")
        self.assertIn("Mødet i Kommunalt Lægeligt Udvalg er flyttet.", message.text)
        self.assertIn("torsdag den 11. april 2024, kl. 15.00–17.00", message.text)
        self.assertIn("Rådhuset, lokale 3", message.html)
        self.assertIn("Tidligere: torsdag den 4. april 2024, kl. 15.00–17.00", message.text)
        attachment, moved = invitation_of(message)
        self.assertEqual(attachment["mimetype"], "text/calendar; method=REQUEST; charset=utf-8")
        before, after = parse_with_ical(first).events[0], parse_with_ical(moved).events[0]
        self.assertEqual(after.uid, before.uid)
        self.assertGreater(after.sequence, before.sequence)
        self.assertEqual(after.dtstart.date(), datetime.date(2024, 4, 11))
        self.assertEqual(check_with_libical_itip(moved), [])

    def test_a_cancelled_meeting_sends_the_reason_and_a_cancel_with_the_same_uid(self):
        meeting = self.meeting_now()
        meeting.status = Meeting.Status.CANCELLED
        meeting.cancelled_reason = "For få tilmeldte"
        meeting.save()
        message = meeting_cancelled(meeting, self.member)
        self.assertEqual(message.subject, "Aflyst: Kommunalt Lægeligt Udvalg, torsdag den 4. april 2024")
        self.assertIn("Mødet i Kommunalt Lægeligt Udvalg er aflyst.", message.text)
        self.assertIn("Årsag: For få tilmeldte", message.text)
        self.assertIn("Årsag: For få tilmeldte", message.html)
        attachment, data = invitation_of(message)
        self.assertEqual(attachment["mimetype"], f"text/calendar; method={CANCEL}; charset=utf-8")
        text = data.decode().replace("\r\n ", "")
        self.assertIn("METHOD:CANCEL", text)
        self.assertIn(f"UID:{self.meeting.ical_uid}", text)
        self.assertIn(f"SEQUENCE:{meeting.sequence}", text)
        self.assertIn("STATUS:CANCELLED", text)
        self.assertEqual(check_with_libical_itip(data), [])
        self.assertEqual(parse_with_icaljs(data)["events"][0]["uid"], self.meeting.ical_uid)

    # Minutes

    def test_circulated_minutes_link_to_reading_and_approving(self):
        message = minutes_circulated(self.meeting_now(), self.member)
        approve = SITE + reverse("workspace:approve", args=[self.meeting.pk])
        self.assertEqual(message.subject,
                         "Udkast til referat til godkendelse: Kommunalt Lægeligt Udvalg, torsdag den 4. april 2024")
        self.assertIn(f"Læs og godkend referatet: {approve}", message.text)
        self.assertIn(f'<a href="{approve}">Læs og godkend referatet</a>', message.html)
        self.assertEqual(message.attachments, [])

    def test_signed_off_minutes_link_to_the_minutes_and_give_the_pdfs_sha256(self):
        digest = "a" * 64
        message = minutes_signed_off(self.meeting_now(), self.member, digest)
        self.assertEqual(message.subject, "Referat godkendt: Kommunalt Lægeligt Udvalg, torsdag den 4. april 2024")
        self.assertIn("Referatet af mødet i Kommunalt Lægeligt Udvalg er godkendt.", message.text)
        self.assertIn(f"Hent referatet som PDF: {SITE}/meetings/{self.meeting.pk}/minutes.pdf", message.text)
        self.assertIn("Den godkendte PDF har kontrolsummen (SHA-256):\n" + digest, message.text)
        self.assertIn(digest, message.html)

    # Whatever the recipient's name or the committee's, the HTML stays text

    def test_names_are_escaped_in_the_html_and_subject_is_one_line(self):
        committee = make_committee(name="Udvalg <b>\nfor</b> test")
        meeting = make_meeting(committee=committee, status=Meeting.Status.AGENDA_PUBLISHED)
        person = make_person(name='<script>alert("x")</script>', email="s@example.dk")
        message = agenda_published(meeting, person)
        self.assertNotIn("<script>", message.html)
        self.assertNotIn("<b>", message.html)
        self.assertIn("&lt;script&gt;", message.html)
        self.assertNotIn("\n", message.subject)
        self.assertIn('Kære <script>alert("x")</script>', message.text)


class ViewerForPersonTests(TestCase):
    def test_it_reads_current_memberships_and_administrators(self):
        committee = make_committee()
        member, secretary, lapsed = make_person(), make_person(), make_person()
        make_membership(committee, member)
        make_membership(committee, secretary, role=Membership.Role.SECRETARY)
        make_membership(committee, lapsed, end=datetime.date(2020, 1, 1))
        admin = make_person(user=make_user(groups=[access.ADMIN_GROUP]))
        self.assertEqual(access.viewer_for_person(member).audience_for_committee(committee.pk),
                         access.Audience.MEMBER)
        self.assertEqual(access.viewer_for_person(secretary).audience_for_committee(committee.pk),
                         access.Audience.SECRETARIAT)
        self.assertEqual(access.viewer_for_person(lapsed).audience_for_committee(committee.pk),
                         access.Audience.PUBLIC)
        self.assertEqual(access.viewer_for_person(admin).audience_for_committee(committee.pk),
                         access.Audience.SECRETARIAT)
