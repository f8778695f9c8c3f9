"""The README's promise "closed items show only as Lukket punkt", tried on every reading door.

One meeting has an open item and a closed one. The closed item has a guest who
attended it alone, a guest who sent apologies for it alone, a closed attachment, a
decision with a follow-up and an agreement event and document link pointing at it.
The minutes are signed off through the real service, which stores the public and
the members' PDF. An anonymous reader then knocks on every door (page, agenda PDF,
stored minutes PDF, JSON API, iCal, search, agreement pages, follow-ups, the
attachment's address) and finds none of the closed item's words; a member finds them.
Every secret is a word of its own, so it can be looked for in any format.
"""

import datetime
import io

from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse

from agreements.models import AgreementEvent, AgreementLink, HealthAgreement, Theme
from meetings import access, services
from meetings.locking import minutes_unlocked
from meetings.models import Attendance, Meeting, MinutesPdf
from meetings.presentation import build_meeting_view
from meetings.selectors import meeting_for_display
from tests.exports.base import ExportTestCase, normalise, pdf_reader, pdf_text
from tests.factories import (
    make_agreement,
    make_attachment,
    make_attendance,
    make_committee,
    make_decision,
    make_follow_up,
    make_item,
    make_meeting,
    make_member,
    make_person,
    make_secretary,
    response_bytes,
)
from tests.smtp_server import run_mail_worker

# What only members (and the secretariat) may read, each with a word of its own.
CLOSED = {
    "closed item title": "Xylofonsen",
    "closed item text": "Kvæstelse",
    "closed decision": "Pingvinrede",
    "closed follow-up": "Zebrafinke",
    "guest at the closed item only": "Kvistbjerg",
    "closed attachment title": "Trompetist",
    "agreement event about the closed item": "Papegøjesagen",
}
# A guest who sent apologies for the closed item only: not in the public minutes either.
APOLOGY_FOR_THE_CLOSED_ITEM = "Afbudsen"
# A guest at the open and the closed item: public, with the open item only.
GUEST_AT_BOTH = "Mona Åbenlund"
OPEN_ITEM_TITLE = "Orientering om Sundhedsaftalen"


def pdf_everything(data):
    """All the text a PDF carries where a reader can see it: pages, metadata and bookmarks."""
    reader = pdf_reader(data)
    bookmarks = []

    def walk(outline):
        for entry in outline:
            if isinstance(entry, list):
                walk(entry)
            else:
                bookmarks.append(entry.title)

    walk(reader.outline)
    metadata = " ".join(str(value) for value in (reader.metadata or {}).values())
    return normalise(" ".join([pdf_text(data), metadata, *bookmarks]))


def search_results(response):
    """The list of hits on a search page (the page repeats the query itself elsewhere)."""
    page = response.content.decode()
    if '<ol class="search-result-list"' not in page:
        return ""
    return page.split('<ol class="search-result-list"', 1)[1].split("</ol>", 1)[0]


class ClosedItemDoorTests(ExportTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.secretary = make_secretary()
        committee = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg", short_name="KLU")
        cls.member = make_member(committee)
        cls.meeting = make_meeting(committee=committee, status=Meeting.Status.MINUTES_DRAFTED,
                                   date=datetime.date(2024, 4, 4), minute_taker=make_person(name="Lars Lund"))
        cls.open_item = make_item(cls.meeting, number=1, title=OPEN_ITEM_TITLE)
        make_decision(cls.open_item, outcome="noted", text="<p>Taget til efterretning.</p>")
        cls.closed_item = make_item(cls.meeting, number=2, title=f"Personsag {CLOSED['closed item title']}",
                                    is_closed=True, case_description=f"<p>Sagen om {CLOSED['closed item text']}.</p>")
        decision = make_decision(cls.closed_item, text=f"<p>Beslutning om {CLOSED['closed decision']}.</p>")
        make_follow_up(decision, what=f"Opfølgning på {CLOSED['closed follow-up']}",
                       due_date=datetime.date(2024, 9, 1))
        cls.attachment = make_attachment(cls.meeting, item=cls.closed_item, is_closed=True,
                                         title=f"Notat om {CLOSED['closed attachment title']}",
                                         file=ContentFile(b"%PDF-1.4 test\n", name="notat.pdf"))

        only_closed = make_attendance(cls.meeting, make_person(name=f"Bibi {CLOSED['guest at the closed item only']}"),
                                      capacity=Attendance.Capacity.GUEST, title="overlæge")
        only_closed.items.set([cls.closed_item])
        both = make_attendance(cls.meeting, make_person(name=GUEST_AT_BOTH), capacity=Attendance.Capacity.GUEST)
        both.items.set([cls.open_item, cls.closed_item])
        apology = make_attendance(cls.meeting, make_person(name=f"Gert {APOLOGY_FOR_THE_CLOSED_ITEM}"),
                                  capacity=Attendance.Capacity.GUEST, status=Attendance.Status.APOLOGIES)
        apology.items.set([cls.closed_item])

        cls.agreement = make_agreement(title="Samarbejdsaftale om rusmiddelbehandling")
        cls.agreement.agenda_items.set([cls.open_item, cls.closed_item])
        AgreementEvent.objects.create(agreement=cls.agreement, date=datetime.date(2024, 4, 4),
                                      text=f"Drøftelse af {CLOSED['agreement event about the closed item']}",
                                      agenda_item=cls.closed_item)
        AgreementLink.objects.create(agreement=cls.agreement, title=cls.attachment.title, attachment=cls.attachment)
        health = HealthAgreement.objects.create(name="Sundhedsaftalen 2024-2027", region="Region Nordjylland",
                                                valid_from=datetime.date(2024, 1, 1), vision="Sundhed for alle.")
        theme = Theme.objects.create(health_agreement=health, position=1, title="Et sammenhængende sundhedsvæsen")
        theme.agenda_items.set([cls.open_item, cls.closed_item])
        cls.health = health

        # The real sign-off: it locks the minutes; the worker then stores both PDF editions once.
        services.minutes_sign_off(meeting=cls.meeting, user=cls.secretary, method=Meeting.SignOffMethod.CHAIR)
        run_mail_worker()
        cls.meeting.refresh_from_db()

    # Helpers

    def get(self, url, **params):
        return self.client.get(url, params)

    def doors(self):
        """{door: what it answers, as text}, for the caller logged in now."""
        meeting = self.meeting
        texts = {
            "meeting page": self.get(meeting.get_absolute_url()).content.decode(),
            "agenda PDF": pdf_everything(response_bytes(self.get(reverse("exports:agenda-pdf", args=[meeting.pk])))),
            "minutes PDF": pdf_everything(response_bytes(self.get(reverse("exports:minutes-pdf", args=[meeting.pk])))),
            "minutes PDF v1": pdf_everything(response_bytes(
                self.get(reverse("exports:minutes-pdf-version", args=[meeting.pk, 1])))),
            "API list": self.get(reverse("api-meeting-list")).content.decode(),
            "API detail": self.get(reverse("api-meeting-detail", args=[meeting.pk])).content.decode(),
            "committee calendar": self.get(reverse("exports:committee-ics", args=["klu"])).content.decode(),
            "meeting calendar": self.get(reverse("exports:meeting-ics", args=[meeting.pk])).content.decode(),
            "agreement register": self.get(reverse("agreements:register")).content.decode(),
            "agreement page": self.get(self.agreement.get_absolute_url()).content.decode(),
            "health agreement page": self.get(self.health.get_absolute_url()).content.decode(),
            "follow-ups page": self.get(reverse("agreements:follow-ups")).content.decode(),
        }
        for what, word in [*CLOSED.items(), ("apology", APOLOGY_FOR_THE_CLOSED_ITEM)]:
            texts[f"search for the {what}"] = search_results(self.get(reverse("meetings:search"), q=word))
        download = self.get(reverse("meetings:attachment", args=[meeting.pk, self.attachment.pk]))
        texts["attachment address"] = f"{download.status_code} {download.get('Content-Disposition', '')}"
        return texts

    def assert_nowhere(self, word, texts, what):
        for door, text in texts.items():
            self.assertNotIn(word, text, f"the {what} leaked through the {door}")

    # The public

    def test_an_anonymous_reader_finds_nothing_of_the_closed_item_behind_any_door(self):
        texts = self.doors()
        for what, word in CLOSED.items():
            self.assert_nowhere(word, texts, what)
        self.assert_nowhere(APOLOGY_FOR_THE_CLOSED_ITEM, texts, "guest's apology for the closed item")
        self.assertEqual(texts["attachment address"], "404 ")

    def test_an_anonymous_reader_sees_the_closed_item_as_its_number_and_lukket_punkt(self):
        texts = self.doors()
        self.assertInHTML('<h2 class="agenda-item__title" id="punkt-2-title">'
                          '<span class="agenda-item__number">2.</span> Lukket punkt</h2>', texts["meeting page"])
        for door in ("agenda PDF", "minutes PDF"):
            self.assertIn("2. Lukket punkt", texts[door], door)
            self.assertIn(OPEN_ITEM_TITLE, texts[door], door)

    def test_the_public_edition_lists_a_guest_of_open_and_closed_items_with_the_open_item_only(self):
        page = self.get(self.meeting.get_absolute_url()).content.decode()
        self.assertInHTML(f'<li>{GUEST_AT_BOTH} (under punkt <a href="#punkt-1">1</a>)</li>', page)
        self.assertInHTML(f'<p class="agenda-item__presenter">Gæster under punktet: {GUEST_AT_BOTH}</p>', page)
        minutes = pdf_everything(response_bytes(self.get(reverse("exports:minutes-pdf", args=[self.meeting.pk]))))
        self.assertIn(f"{GUEST_AT_BOTH} (under punkt 1)", minutes)

    def test_the_stored_public_edition_is_what_the_anonymous_reader_downloads(self):
        stored = MinutesPdf.objects.get(meeting=self.meeting, version=1, audience=MinutesPdf.Audience.PUBLIC)
        response = self.get(reverse("exports:minutes-pdf", args=[self.meeting.pk]))
        self.assertEqual(response["ETag"], f'"{stored.sha256}"')
        with stored.file.open("rb") as handle:
            text = pdf_everything(handle.read())
        for what, word in CLOSED.items():
            self.assertNotIn(word, text, what)
        self.assertNotIn(APOLOGY_FOR_THE_CLOSED_ITEM, text)

    def test_the_management_command_stores_a_public_edition_without_the_closed_item(self):
        # Minutes that reached the database another way (an import, a restore) get their
        # PDFs from `manage.py store_minutes_pdfs`: the same rules apply there.
        with minutes_unlocked():
            MinutesPdf.objects.filter(meeting=self.meeting).delete()
        call_command("store_minutes_pdfs", stdout=io.StringIO())
        stored = MinutesPdf.objects.get(meeting=self.meeting, version=1, audience=MinutesPdf.Audience.PUBLIC)
        with stored.file.open("rb") as handle:
            text = pdf_everything(handle.read())
        self.assertIn("2. Lukket punkt", text)
        for what, word in CLOSED.items():
            self.assertNotIn(word, text, what)
        members = MinutesPdf.objects.get(meeting=self.meeting, version=1, audience=MinutesPdf.Audience.MEMBERS)
        with members.file.open("rb") as handle:
            self.assertIn(CLOSED["closed decision"], pdf_everything(handle.read()))

    def test_the_public_view_hands_the_templates_filtered_people(self):
        loaded = meeting_for_display(self.meeting.pk)
        # Building the view reads only what the selector loaded.
        with self.assertNumQueries(0):
            view = build_meeting_view(loaded, access.Audience.PUBLIC)
        self.assertEqual([(g.attendance.person.name, [i.label for i in g.items]) for g in view.guests],
                         [(GUEST_AT_BOTH, ["1"])])
        self.assertEqual(view.apologies, [])

    # Members

    def test_a_member_finds_the_closed_item_behind_the_doors_that_show_it(self):
        self.client.force_login(self.member)
        texts = self.doors()
        expected = {
            # The minutes (page and PDF) print no follow-ups (issue 15): a member finds
            # the closed item's follow-up on the follow-ups page.
            "meeting page": ["closed item title", "closed item text", "closed decision",
                             "guest at the closed item only", "closed attachment title"],
            "agenda PDF": ["closed item title", "closed item text", "closed attachment title"],
            "minutes PDF": ["closed item title", "closed decision",
                            "guest at the closed item only", "closed attachment title"],
            "API detail": ["closed item title", "closed decision", "closed attachment title"],
            "agreement page": ["closed item title", "agreement event about the closed item",
                               "closed attachment title"],
            "health agreement page": ["closed item title"],
            "follow-ups page": ["closed follow-up"],
            "search for the closed item title": ["closed item title"],
            "search for the closed attachment title": ["closed attachment title"],
        }
        for door, whats in expected.items():
            for what in whats:
                self.assertIn(CLOSED[what], texts[door], f"a member misses the {what} on the {door}")
        self.assertIn(APOLOGY_FOR_THE_CLOSED_ITEM, texts["meeting page"])
        self.assertInHTML(f'<li>{GUEST_AT_BOTH} (under punkt <a href="#punkt-1">1</a>, <a href="#punkt-2">2</a>)</li>',
                          texts["meeting page"])
        self.assertTrue(texts["attachment address"].startswith("200 "), texts["attachment address"])
