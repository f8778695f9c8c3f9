"""The access rules, tried on every way in: page, attachment download, search and JSON API;
and the rules that meetings.access states twice (predicate and Q filter) held together.

Three callers (anonymous, member, secretariat) meet one signed-off meeting with a closed
item and a closed attachment, an unpublished agenda, and unsigned minutes. Every
secret has a word of its own, so "absent" means absent from the whole response.
"""

import datetime
import shutil
import tempfile

from django.core.files.base import ContentFile
from django.test import TestCase, override_settings
from django.urls import reverse

from agreements.models import AgreementEvent, AgreementLink
from meetings import access
from meetings.locking import minutes_unlocked
from meetings.models import AgendaItem, Attachment, Attendance, DecisionNote, Meeting, Membership
from tests.factories import (
    make_agreement,
    make_attachment,
    make_attendance,
    make_committee,
    make_decision,
    make_item,
    make_meeting,
    make_member,
    make_membership,
    make_secretary,
    make_user,
    sign_off,
)

MEDIA_ROOT = tempfile.mkdtemp(prefix="klu-access-")

# What only members and the secretariat may read (of the signed-off meeting).
CLOSED = {
    "closed item title": "Personsag Xylofonsen",
    "closed item text": "Fortrolig sagsbeskrivelse om Kvæstelse",
    "closed item decision": "Hemmelig beslutning Zebrafinke",
    "closed attachment title": "Fortroligt notat Kvistgaard",
    "closed attachment filename": "fortroligt-kvistgaard",
    "attachment of the closed item": "Lønbilag Trompetist",
}
# What only the secretariat may read (drafts).
DRAFT = {
    "unpublished agenda item": "Udkastpunkt Papegøjehus",
    "unpublished agenda attachment": "udkast-papegoejehus",
    "unsigned decision": "Foreløbig beslutning Pingvinrede",
    "unsigned decision note": "Foreløbig note Søløvebarn",
    "unsigned minutes attachment": "Referatbilag Struds",
}
# What everyone may read.
OPEN = {
    "open item title": "Orientering om Sundhedsaftalen",
    "open decision": "Orienteringen blev taget til efterretning",
    "open attachment title": "Slides om Sundhedsaftalen",
    "published agenda item of unsigned minutes": "Status for klyngemidler",
}
SEARCH_WORDS = {
    "Xylofonsen", "Kvæstelse", "Zebrafinke", "Kvistgaard", "Trompetist",
    "Papegøjehus", "Pingvinrede", "Søløvebarn", "Struds", "Sundhedsaftalen", "klyngemidler",
}




def _file(name):
    return ContentFile(b"%PDF-1.4 test\n", name=name)


@override_settings(MEDIA_ROOT=MEDIA_ROOT)
class AccessMatrixTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        committee = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg")
        cls.signed = make_meeting(committee=committee, status=Meeting.Status.MINUTES_DRAFTED,
                                  date=datetime.date(2023, 11, 30))
        open_item = make_item(cls.signed, number=1, title=OPEN["open item title"])
        make_decision(open_item, outcome="noted", text=f"<p>{OPEN['open decision']}.</p>")
        cls.open_attachment = make_attachment(cls.signed, item=open_item, title=OPEN["open attachment title"],
                                              file=_file("slides-sundhedsaftalen.pdf"))
        cls.closed_attachment = make_attachment(cls.signed, item=open_item, title=CLOSED["closed attachment title"],
                                                is_closed=True, file=_file("fortroligt-kvistgaard.pdf"))
        closed_item = make_item(cls.signed, number=2, title=CLOSED["closed item title"], is_closed=True,
                                case_description=f"<p>{CLOSED['closed item text']}</p>")
        make_decision(closed_item, text=f"<p>{CLOSED['closed item decision']}</p>")
        # Not marked closed itself: being on a closed item is enough to hide it.
        cls.closed_item_attachment = make_attachment(cls.signed, item=closed_item,
                                                     title=CLOSED["attachment of the closed item"],
                                                     file=_file("loenbilag.pdf"))
        sign_off(cls.signed)

        cls.unpublished = make_meeting(committee=committee, status=Meeting.Status.PLANNED,
                                       date=datetime.date(2024, 6, 27))
        make_item(cls.unpublished, number=1, title=DRAFT["unpublished agenda item"])
        cls.unpublished_attachment = make_attachment(cls.unpublished, title="Dagsordensbilag",
                                                     file=_file("udkast-papegoejehus.pdf"))

        cls.unsigned = make_meeting(committee=committee, status=Meeting.Status.MINUTES_DRAFTED,
                                    date=datetime.date(2024, 4, 4))
        agenda_item = make_item(cls.unsigned, number=1, title=OPEN["published agenda item of unsigned minutes"])
        decision = make_decision(agenda_item, text=f"<p>{DRAFT['unsigned decision']}</p>")
        DecisionNote.objects.create(decision=decision, noted_on=datetime.date(2024, 4, 8),
                                    text=DRAFT["unsigned decision note"])
        cls.minutes_attachment = make_attachment(cls.unsigned, item=agenda_item, part=Attachment.Part.MINUTES,
                                                 title=DRAFT["unsigned minutes attachment"],
                                                 file=_file("referatbilag.pdf"))

        cls.member = make_member(committee)
        cls.secretary = make_secretary(committee)
        cls.outsider = make_user("outsider")  # logged in, a member of nothing: the public

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        shutil.rmtree(MEDIA_ROOT, ignore_errors=True)

    # Helpers

    def as_(self, user):
        self.client.logout()
        if user is not None:
            self.client.force_login(user)

    def everything(self):
        """Every response a caller can get about these meetings, as text, by surface."""
        texts = {}
        for meeting in (self.signed, self.unpublished, self.unsigned):
            texts[f"page {meeting.pk}"] = self.client.get(meeting.get_absolute_url()).content.decode()
            texts[f"api {meeting.pk}"] = self.client.get(
                reverse("api-meeting-detail", args=[meeting.pk])).content.decode()
        texts["api list"] = self.client.get(reverse("api-meeting-list")).content.decode()
        for word in sorted(SEARCH_WORDS):
            texts[f"search {word}"] = self.client.get(reverse("meetings:search"), {"q": word}).content.decode()
        for attachment in (self.open_attachment, self.closed_attachment, self.closed_item_attachment,
                           self.unpublished_attachment, self.minutes_attachment):
            response = self.client.get(self.download_url(attachment))
            texts[f"download {attachment.title}"] = (
                f"{response.status_code} {response.get('Content-Disposition', '')} {response.get('Cache-Control', '')}")
        return texts

    def download_url(self, attachment):
        return reverse("meetings:attachment", args=[attachment.meeting_id, attachment.pk])

    def assert_absent(self, secrets, texts):
        for what, secret in secrets.items():
            for surface, text in texts.items():
                self.assertNotIn(secret, text, f"{what} leaked through {surface}")

    def assert_present(self, secret, text, what):
        self.assertIn(secret, text, f"{what} is missing")

    def search(self, word):
        return self.client.get(reverse("meetings:search"), {"q": word}).content.decode()

    # Anonymous and logged-in outsiders: the public

    def test_the_public_never_sees_a_closed_item_or_a_draft_anywhere(self):
        for user in (None, self.outsider):
            self.as_(user)
            texts = self.everything()
            self.assert_absent(CLOSED, texts)
            self.assert_absent(DRAFT, texts)

    def test_the_public_sees_a_closed_item_as_its_number_and_lukket_punkt(self):
        page = self.client.get(self.signed.get_absolute_url()).content.decode()
        self.assertIn('id="punkt-2"', page)
        self.assertInHTML('<h2 class="agenda-item__title" id="punkt-2-title">'
                          '<span class="agenda-item__number">2.</span> Lukket punkt</h2>', page)

    def test_the_public_reads_open_items_decisions_and_attachments(self):
        page = self.client.get(self.signed.get_absolute_url()).content.decode()
        for what in ("open item title", "open decision", "open attachment title"):
            self.assert_present(OPEN[what], page, what)
        self.assertContains(self.client.get(self.download_url(self.open_attachment)), b"%PDF")
        results = self.search("efterretning")
        self.assertIn(OPEN["open item title"], results)
        self.assertIn("taget til <mark>efterretning</mark>", results)

    def test_the_public_gets_404_for_closed_and_draft_files(self):
        for attachment in (self.closed_attachment, self.closed_item_attachment, self.unpublished_attachment,
                           self.minutes_attachment):
            self.assertEqual(self.client.get(self.download_url(attachment)).status_code, 404, attachment.title)

    def test_the_public_reads_the_published_agenda_of_unsigned_minutes_but_no_decision(self):
        page = self.client.get(self.unsigned.get_absolute_url()).content.decode()
        self.assert_present(OPEN["published agenda item of unsigned minutes"], page, "the published agenda")
        self.assertNotIn("UDKAST", page)
        self.assertNotIn("Beslutning</h3>", page)
        data = self.client.get(reverse("api-meeting-detail", args=[self.unsigned.pk])).json()
        self.assertEqual(data["document"], "agenda")
        self.assertIsNone(data["items"][0]["decision"])

    def test_the_public_api_leaves_closed_items_and_attachments_out(self):
        data = self.client.get(reverse("api-meeting-detail", args=[self.signed.pk])).json()
        self.assertEqual([i["number"] for i in data["items"]], ["1"])
        self.assertEqual([a["title"] for a in data["items"][0]["attachments"]], [OPEN["open attachment title"]])

    # Members

    def test_a_member_reads_closed_items_and_attachments_everywhere(self):
        self.as_(self.member)
        page = self.client.get(self.signed.get_absolute_url()).content.decode()
        api = self.client.get(reverse("api-meeting-detail", args=[self.signed.pk])).content.decode()
        for what in ("closed item title", "closed item text", "closed item decision", "closed attachment title",
                     "attachment of the closed item"):
            self.assert_present(CLOSED[what], page, what)
        for what in ("closed item title", "closed item decision", "closed attachment title"):
            self.assert_present(CLOSED[what], api, what)
        self.assertIn("Xylofonsen", self.search("Kvæstelse"))
        self.assertIn("Zebrafinke", self.search("Zebrafinke"))
        self.assertIn("Kvistgaard", self.search("Kvistgaard"))
        for attachment in (self.closed_attachment, self.closed_item_attachment):
            response = self.client.get(self.download_url(attachment))
            self.assertEqual(response.status_code, 200, attachment.title)
            # A member's copy of a closed file must never sit in a shared cache.
            self.assertEqual(response["Cache-Control"], "private, no-cache")

    def test_a_member_does_not_see_drafts(self):
        self.as_(self.member)
        self.assert_absent(DRAFT, self.everything())

    # The secretariat

    def test_the_secretariat_sees_drafts_marked_udkast(self):
        self.as_(self.secretary)
        unpublished = self.client.get(self.unpublished.get_absolute_url()).content.decode()
        self.assert_present(DRAFT["unpublished agenda item"], unpublished, "unpublished agenda item")
        self.assertIn("UDKAST", unpublished)
        unsigned = self.client.get(self.unsigned.get_absolute_url()).content.decode()
        for what in ("unsigned decision", "unsigned decision note", "unsigned minutes attachment"):
            self.assert_present(DRAFT[what], unsigned, what)
        self.assertIn("UDKAST", unsigned)
        signed = self.client.get(self.signed.get_absolute_url()).content.decode()
        self.assertNotIn("UDKAST", signed)

    def test_the_secretariat_finds_and_downloads_everything(self):
        self.as_(self.secretary)
        self.assertIn("Papegøjehus", self.search("Papegøjehus"))
        self.assertIn("Pingvinrede", self.search("Pingvinrede"))
        self.assertIn("Søløvebarn", self.search("Søløvebarn"))
        self.assertIn("Xylofonsen", self.search("Xylofonsen"))
        for attachment in (self.closed_attachment, self.unpublished_attachment, self.minutes_attachment):
            response = self.client.get(self.download_url(attachment))
            self.assertEqual(response.status_code, 200, attachment.title)
            # Drafts are not public, so they must not be cached publicly either.
            self.assertEqual(response["Cache-Control"], "private, no-cache")
        data = self.client.get(reverse("api-meeting-detail", args=[self.unsigned.pk])).json()
        self.assertTrue(data["draft"])
        self.assertIn("Pingvinrede", data["items"][0]["decision"]["text"])

    def test_an_open_file_of_signed_minutes_may_be_cached_publicly(self):
        response = self.client.get(self.download_url(self.open_attachment))
        self.assertEqual(response["Cache-Control"], "public, max-age=3600")
        self.assertIn("slides-sundhedsaftalen", response["Content-Disposition"])


class RulesStatedTwiceAgreeTests(TestCase):
    """Each predicate of meetings.access and its Q filter give the same answer for every
    combination of meeting state, closed item, closed attachment, committee and reader."""

    @classmethod
    def setUpTestData(cls):
        cls.first, cls.second = make_committee(), make_committee()
        agreement = make_agreement()
        for committee in (cls.first, cls.second):
            for n, status in enumerate([Meeting.Status.PLANNED, Meeting.Status.AGENDA_PUBLISHED,
                                        Meeting.Status.MINUTES_DRAFTED, Meeting.Status.SIGNED_OFF,
                                        Meeting.Status.CANCELLED]):
                meeting = make_meeting(committee=committee, status=status, date=datetime.date(2024, 1, 1 + n))
                items = [make_item(meeting, is_closed=closed) for closed in (False, True)]
                for item in items:
                    make_decision(item)
                    AgreementEvent.objects.create(agreement=agreement, date=meeting.date, text="Hændelse",
                                                  agenda_item=item)
                for on in (None, *items):
                    for part in Attachment.Part.values:
                        for closed in (False, True):
                            attachment = make_attachment(meeting, item=on, part=part, is_closed=closed)
                            AgreementLink.objects.create(agreement=agreement, title="Bilag", attachment=attachment)
        # Pointing at nothing: visible to everyone.
        AgreementEvent.objects.create(agreement=agreement, date=datetime.date(2024, 1, 1), text="Hændelse")
        AgreementLink.objects.create(agreement=agreement, title="Link", url="https://www.sundhed.dk/")

    def viewers(self):
        first, second = frozenset({self.first.pk}), frozenset({self.second.pk})
        return {
            "public": access.ANONYMOUS,
            "member of the first": access.Viewer(member_of=first),
            "secretary of the first": access.Viewer(secretary_of=first),
            "member of the first, secretary of the second": access.Viewer(member_of=first, secretary_of=second),
            "administrator": access.ADMINISTRATOR,
        }

    def assert_same(self, queryset, q, predicate, meeting_of):
        for name, viewer in self.viewers().items():
            with self.subTest(viewer=name):
                by_sql = set(queryset.filter(q(viewer)).values_list("pk", flat=True))
                by_python = set()
                for row in queryset:
                    meeting = meeting_of(row)
                    audience = viewer.audience_for_committee(meeting.committee_id if meeting else None)
                    if predicate(audience, row):
                        by_python.add(row.pk)
                self.assertEqual(by_sql, by_python)
                self.assertTrue(by_python, "the grid must hold something each reader may see")

    def test_items_filter_agrees_with_item_visible(self):
        self.assert_same(AgendaItem.objects.select_related("meeting"), access.items_filter, access.item_visible,
                         lambda item: item.meeting)

    def test_decisions_filter_agrees_with_decision_visible(self):
        self.assert_same(AgendaItem.objects.select_related("meeting"), access.decisions_filter,
                         access.decision_visible, lambda item: item.meeting)

    def test_attachments_filter_agrees_with_attachment_visible(self):
        self.assert_same(Attachment.objects.select_related("meeting", "item"), access.attachments_filter,
                         access.attachment_visible, lambda attachment: attachment.meeting)

    def test_linked_items_filter_agrees_with_linked_item_visible(self):
        self.assert_same(AgreementEvent.objects.select_related("agenda_item__meeting"),
                         lambda viewer: access.linked_items_filter(viewer, "agenda_item"),
                         lambda audience, event: access.linked_item_visible(audience, event.agenda_item),
                         lambda event: event.agenda_item.meeting if event.agenda_item else None)

    def test_linked_attachments_filter_agrees_with_linked_attachment_visible(self):
        self.assert_same(AgreementLink.objects.select_related("attachment__meeting", "attachment__item"),
                         lambda viewer: access.linked_attachments_filter(viewer, "attachment"),
                         lambda audience, link: access.linked_attachment_visible(audience, link.attachment),
                         lambda link: link.attachment.meeting if link.attachment else None)

    def test_a_viewer_reads_its_rights_in_one_query_and_then_from_the_cache(self):
        user = make_member(self.first, username="tove")
        make_membership(self.second, user.person, role=Membership.Role.SECRETARY)
        # content version, memberships united with the administrator group
        with self.assertNumQueries(2):
            viewer = access.viewer_for(user)
        self.assertEqual(viewer, access.Viewer(member_of=frozenset({self.first.pk}),
                                               secretary_of=frozenset({self.second.pk})))
        user = type(user).objects.get(pk=user.pk)  # a new request: nothing remembered on the object
        # content version; the rights come from the cache
        with self.assertNumQueries(1):
            self.assertEqual(access.viewer_for(user), viewer)


class AttendanceVisibleTests(TestCase):
    """A person tied to items is shown only where one of those items may be read."""

    @classmethod
    def setUpTestData(cls):
        cls.meeting = make_meeting(status=Meeting.Status.SIGNED_OFF)
        cls.open_item = make_item(cls.meeting)
        cls.closed_item = make_item(cls.meeting, is_closed=True)

    def attendance(self, *items):
        attendance = make_attendance(self.meeting, capacity=Attendance.Capacity.GUEST)
        # The meeting is signed off: load the guest's items the way an import does.
        with minutes_unlocked():
            attendance.items.set(items)
        return attendance

    def visible(self, audience, attendance):
        return access.attendance_visible(audience, attendance, self.meeting)

    def test_a_guest_at_closed_items_only_is_hidden_from_the_public_and_shown_to_members(self):
        guest = self.attendance(self.closed_item)
        self.assertEqual([self.visible(a, guest) for a in access.Audience], [False, True, True])

    def test_a_guest_at_an_open_item_or_at_no_item_is_public(self):
        for guest in (self.attendance(self.open_item, self.closed_item), self.attendance()):
            self.assertEqual([self.visible(a, guest) for a in access.Audience], [True, True, True])

    def test_nobody_but_the_secretariat_sees_attendance_of_unsigned_minutes(self):
        drafted = make_meeting(status=Meeting.Status.MINUTES_DRAFTED)
        guest = make_attendance(drafted, capacity=Attendance.Capacity.GUEST)
        self.assertEqual([access.attendance_visible(a, guest, drafted, items=[]) for a in access.Audience],
                         [False, False, True])
