"""Agreement pages follow meetings.access for everything they point at.

An agreement points at meetings through its approving decision, its agenda items,
its events' items and its document links' attachments. Each of those is shown to an
audience only where that audience may read the target: members see closed items and
closed attachments, only the secretariat sees unpublished agendas and unsigned
minutes. Every secret has a word of its own, so "absent" means absent from the page.
"""

import datetime
import shutil
import tempfile

from django.core.files.base import ContentFile
from django.test import TestCase, override_settings
from django.urls import reverse

from agreements.models import AgreementEvent, AgreementLink, HealthAgreement, Theme
from meetings.models import Meeting
from tests.factories import (
    make_agreement,
    make_attachment,
    make_committee,
    make_decision,
    make_follow_up,
    make_item,
    make_meeting,
    make_member,
    make_secretary,
    make_user,
    sign_off,
)

MEDIA_ROOT = tempfile.mkdtemp(prefix="klu-agreement-access-")

# Members and the secretariat may read these.
CLOSED = {
    "closed item title": "Xylofonsen",
    "event about the closed item": "Papegøjesagen",
    "closed attachment link": "Trompetist",
    "link to an attachment of the closed item": "Lønbilag",
    "follow-up of the closed item": "Zebrafinke",
}
# Only the secretariat may read these.
DRAFT = {
    "item of an unpublished agenda": "Udkastpunkt",
    "event about the unpublished item": "Struds",
    "follow-up of unsigned minutes": "Pingvinrede",
}
# Everyone may read these.
OPEN = {
    "open item title": "Orientering om pilotprojektet",
    "event about the open item": "Orienteret i KLU",
    "event about no item": "Aftalen trådte i kraft",
    "open attachment link": "Slides om aftalen",
    "web link": "Aftaleteksten på sundhed.dk",
    "follow-up of the open item": "Evaluering af pilotprojektet",
}


@override_settings(MEDIA_ROOT=MEDIA_ROOT)
class AgreementAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        committee = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg", short_name="KLU")
        signed = make_meeting(committee=committee, status=Meeting.Status.MINUTES_DRAFTED,
                              date=datetime.date(2023, 11, 30))
        cls.open_item = make_item(signed, number=1, title=OPEN["open item title"])
        make_follow_up(make_decision(cls.open_item, outcome="discussed"), what=OPEN["follow-up of the open item"])
        cls.closed_item = make_item(signed, number=2, title=f"Personsag {CLOSED['closed item title']}",
                                    is_closed=True)
        cls.closed_decision = make_decision(cls.closed_item, outcome="approved")
        make_follow_up(cls.closed_decision, what=f"Opfølgning om {CLOSED['follow-up of the closed item']}")
        pdf = b"%PDF-1.4 test\n"
        open_attachment = make_attachment(signed, item=cls.open_item, title="Slides",
                                          file=ContentFile(pdf, name="slides.pdf"))
        cls.closed_attachment = make_attachment(signed, item=cls.open_item, is_closed=True, title="Notat",
                                                file=ContentFile(pdf, name="notat.pdf"))
        cls.on_closed_item = make_attachment(signed, item=cls.closed_item, title="Bilag",
                                         file=ContentFile(pdf, name="bilag.pdf"))
        sign_off(signed)

        unpublished = make_meeting(committee=committee, status=Meeting.Status.PLANNED, date=datetime.date(2024, 6, 27))
        cls.unpublished_item = make_item(unpublished, number=1, title=DRAFT["item of an unpublished agenda"])
        unsigned = make_meeting(committee=committee, status=Meeting.Status.MINUTES_DRAFTED,
                                date=datetime.date(2024, 4, 4))
        cls.unsigned_item = make_item(unsigned, number=1, title="Status for pilotprojektet")
        make_follow_up(make_decision(cls.unsigned_item, outcome="noted"), what=DRAFT["follow-up of unsigned minutes"])

        # Approved at the closed item: the approval's link and outcome are the closed item's.
        cls.agreement = make_agreement(title="Pilotprojekt om rusmiddelbehandling", approved_by=cls.closed_decision,
                                       approved_on=datetime.date(2023, 11, 30))
        cls.agreement.agenda_items.set([cls.open_item, cls.closed_item, cls.unpublished_item, cls.unsigned_item])
        for text, item, date in [
            (f"Drøftelse af {CLOSED['event about the closed item']}", cls.closed_item, datetime.date(2023, 11, 30)),
            (f"Sættes på dagsordenen ({DRAFT['event about the unpublished item']})", cls.unpublished_item,
             datetime.date(2024, 6, 27)),
            (OPEN["event about the open item"], cls.open_item, datetime.date(2023, 11, 29)),
            (OPEN["event about no item"], None, datetime.date(2023, 1, 1)),
        ]:
            AgreementEvent.objects.create(agreement=cls.agreement, date=date, text=text, agenda_item=item)
        for position, (title, attachment, url) in enumerate([
            (f"Notat om {CLOSED['closed attachment link']}", cls.closed_attachment, ""),
            (f"{CLOSED['link to an attachment of the closed item']} til punktet", cls.on_closed_item, ""),
            (OPEN["open attachment link"], open_attachment, ""),
            (OPEN["web link"], None, "https://www.sundhed.dk/"),
        ], start=1):
            AgreementLink.objects.create(agreement=cls.agreement, position=position, title=title,
                                         attachment=attachment, url=url)
        cls.health = HealthAgreement.objects.create(name="Sundhedsaftalen 2024-2027", region="Region Nordjylland",
                                                    valid_from=datetime.date(2024, 1, 1), vision="Sundhed for alle.")
        theme = Theme.objects.create(health_agreement=cls.health, position=1, title="Et sammenhængende sundhedsvæsen")
        theme.agenda_items.set([cls.open_item, cls.closed_item, cls.unpublished_item])
        theme.agreements.add(cls.agreement)

        cls.member = make_member(committee)
        cls.secretary = make_secretary()
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

    def pages(self):
        """{page: its HTML} of every agreement page, for the caller logged in now."""
        return {
            "register": self.client.get(reverse("agreements:register")).content.decode(),
            "agreement page": self.client.get(self.agreement.get_absolute_url()).content.decode(),
            "health agreement page": self.client.get(self.health.get_absolute_url()).content.decode(),
            "follow-ups page": self.client.get(reverse("agreements:follow-ups")).content.decode(),
        }

    def assert_absent(self, secrets, pages):
        for what, word in secrets.items():
            for page, html in pages.items():
                self.assertNotIn(word, html, f"the {what} leaked through the {page}")

    def assert_present(self, secrets, html):
        for what, word in secrets.items():
            self.assertIn(word, html, f"the {what} is missing")

    def detail(self):
        return self.client.get(self.agreement.get_absolute_url()).content.decode()

    def link_to(self, item):
        return f'href="{item.meeting.get_absolute_url()}#{item.anchor}"'

    # The public

    def test_the_public_sees_nothing_an_agreement_points_at_in_a_closed_item_or_a_draft(self):
        for user in (None, self.outsider):
            self.as_(user)
            pages = self.pages()
            self.assert_absent(CLOSED, pages)
            self.assert_absent(DRAFT, pages)
            for item in (self.closed_item, self.unpublished_item):
                self.assertNotIn(self.link_to(item), pages["agreement page"], item)
            for attachment in (self.closed_attachment, self.on_closed_item):
                self.assertNotIn(reverse("meetings:attachment", args=[attachment.meeting_id, attachment.pk]),
                                 pages["agreement page"])

    def test_the_public_sees_the_approval_date_but_not_the_closed_item_that_approved_it(self):
        page = self.detail()
        self.assertInHTML("<dt>Godkendt</dt>", page)
        self.assertIn("30. november 2023", page.split("<dt>Godkendt</dt>", 1)[1].split("</dd>", 1)[0])
        self.assertNotIn("punkt 2", page)

    def test_the_public_reads_what_the_agreement_points_at_in_open_published_records(self):
        page = self.detail()
        self.assert_present(OPEN, page)
        self.assertIn(self.link_to(self.open_item), page)
        # The item of unsigned minutes is on a published agenda, but its decision is not public.
        self.assertIn(self.link_to(self.unsigned_item), page)
        timeline = page.split('class="timeline"', 1)[1].split("</ol>", 1)[0]
        self.assertEqual(timeline.count("timeline__decision"), 1)
        follow_ups = self.client.get(reverse("agreements:follow-ups")).content.decode()
        self.assertIn(OPEN["follow-up of the open item"], follow_ups)

    # Members

    def test_a_member_sees_what_points_at_closed_items_and_attachments_but_no_draft(self):
        self.as_(self.member)
        pages = self.pages()
        self.assert_present({k: v for k, v in CLOSED.items() if k != "follow-up of the closed item"},
                            pages["agreement page"])
        self.assertIn(CLOSED["follow-up of the closed item"], pages["follow-ups page"])
        self.assertIn(CLOSED["closed item title"], pages["health agreement page"])
        self.assertIn(self.link_to(self.closed_item), pages["agreement page"])
        self.assert_absent(DRAFT, pages)

    # The secretariat

    def test_the_secretariat_sees_everything_the_agreement_points_at(self):
        self.as_(self.secretary)
        pages = self.pages()
        self.assert_present(CLOSED | {"event about the unpublished item": DRAFT["event about the unpublished item"],
                                      "item of an unpublished agenda": DRAFT["item of an unpublished agenda"]},
                            pages["agreement page"] + pages["follow-ups page"])
        self.assertIn(DRAFT["follow-up of unsigned minutes"], pages["follow-ups page"])
        self.assertIn(DRAFT["item of an unpublished agenda"], pages["health agreement page"])

    # Cost

    def test_the_agreement_page_reads_a_fixed_number_of_rows(self):
        url = self.agreement.get_absolute_url()
        # content version, agreement(+committee, approving decision, its item and meeting),
        # parties, themes, goals (none, so no goal themes), links(+attachment),
        # events(+item, meeting, committee), items(+meeting, committee, decision),
        # the items' follow-ups
        with self.assertNumQueries(9):
            self.client.get(url)
