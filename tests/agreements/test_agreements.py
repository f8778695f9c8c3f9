"""Collaboration agreements and follow-ups across meetings, against the seed data."""

import datetime
import re

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, HealthAgreement, Party, Theme
from meetings import services
from meetings.models import AgendaItem, Committee, Decision, FollowUpAction, Meeting
from tests.factories import make_member, make_secretary

GUIDANCE = "Vejledning for samarbejdet mellem Almen Praksis og Rusmiddelafsnittet i Aalborg Kommune"


def text_of(response):
    """The page's visible text, tags removed and white space folded."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", body, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", body).split())


class SeededAgreementPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_klu", verbosity=0)
        cls.guidance = Agreement.objects.get(title=GUIDANCE)

    def test_the_guidance_page_shows_its_approval_on_7_december_2021_linked_to_the_decision(self):
        response = self.client.get(reverse("agreements:detail", args=[self.guidance.pk]))
        page = text_of(response)
        self.assertIn("Godkendt 7. december 2021", page)
        decision_item = self.guidance.approved_by.item
        self.assertEqual(decision_item.meeting.date, datetime.date(2021, 12, 7))
        self.assertContains(response, f'href="{decision_item.meeting.get_absolute_url()}#{decision_item.anchor}"')

    def test_the_timeline_has_the_30_november_2023_item_newest_first(self):
        response = self.client.get(reverse("agreements:detail", args=[self.guidance.pk]))
        timeline = response.content.decode().split('class="timeline"', 1)[1].split("</ol>", 1)[0]
        item = AgendaItem.objects.get(meeting__date=datetime.date(2023, 11, 30), number=2, sub_number=4)
        self.assertIn(f"{item.meeting.get_absolute_url()}#{item.anchor}", timeline)
        self.assertIn("Opfølgning på samarbejdsaftalen mellem Almen praksis og Rusmiddelafsnittet", timeline)
        dates = re.findall(r'class="timeline__date">([^<]+)<', timeline)
        # Newest first: the note answering Rusmiddelafsnittet's questions (a follow-up of
        # 8 December 2023), the meeting, the approval, and the first presentation, whose
        # date the source gives only as a month.
        self.assertEqual(dates[0], "8. december 2023")
        self.assertLess(dates.index("30. november 2023"), dates.index("7. december 2021"))
        self.assertEqual(dates[-1], "oktober 2020")

    def test_the_health_agreement_lists_agreements_under_their_pejlemaerker(self):
        health = HealthAgreement.objects.get(name="Sundhedsaftalen 2024-2027")
        response = self.client.get(reverse("agreements:health-agreement", args=[health.pk]))
        body = response.content.decode()
        for theme in Theme.objects.filter(health_agreement=health).prefetch_related("agreements", "goals"):
            section = body.split(f'id="theme-{theme.pk}"', 1)[1].split("</section>", 1)[0]
            for goal in theme.goals.all():
                self.assertIn(goal.text, section)
            for agreement in theme.agreements.filter(is_public=True):
                self.assertIn(agreement.get_absolute_url(), section)
        first = Theme.objects.get(health_agreement=health, position=1)
        self.assertIn(self.guidance, first.agreements.all())
        self.assertEqual(first.title, "Et tilgængeligt og sammenhængende sundhedsvæsen")
        self.assertIn("Nordjyderne bliver sundere og tager medansvar for egen sundhed", text_of(response))

    def test_the_register_filters_by_status_party_and_pejlemaerke(self):
        url = reverse("agreements:register")
        everything = self.client.get(url)
        for agreement in Agreement.objects.filter(is_public=True):
            self.assertContains(everything, agreement.get_absolute_url())
        theme = self.guidance.themes.first()
        by_theme = self.client.get(url, {"theme": theme.pk})
        self.assertContains(by_theme, self.guidance.get_absolute_url())
        for other in Agreement.objects.exclude(themes=theme):
            self.assertNotContains(by_theme, other.get_absolute_url())
        party = self.guidance.parties.first()
        self.assertContains(self.client.get(url, {"party": party.pk}), self.guidance.get_absolute_url())
        self.assertNotContains(self.client.get(url, {"status": "ended"}), self.guidance.get_absolute_url())

    def test_a_non_public_agreement_is_hidden_from_the_public_and_shown_to_members(self):
        Agreement.objects.filter(pk=self.guidance.pk).update(is_public=False)
        url = reverse("agreements:detail", args=[self.guidance.pk])
        self.assertEqual(self.client.get(url).status_code, 404)
        self.assertNotContains(self.client.get(reverse("agreements:register")), GUIDANCE)
        # An agreement followed by KLU: KLU's members see it, a member of nothing does not.
        self.client.force_login(make_member(username="udenfor"))
        self.assertEqual(self.client.get(url).status_code, 404)
        self.client.force_login(make_member(self.guidance.committee or Committee.objects.get(slug="klu")))
        self.assertEqual(self.client.get(url).status_code, 200)


class StatusChangeTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_klu", verbosity=0)

    def test_a_status_change_is_recorded_in_history_with_its_reason(self):
        agreement = Agreement.objects.get(title=GUIDANCE)
        secretary = make_secretary()
        self.client.force_login(secretary)
        response = self.client.post(reverse("agreements:status", args=[agreement.pk]), {
            "status": "under_review", "reason": "KLU iværksætter en evaluering af samarbejdsaftalen"})
        self.assertRedirects(response, agreement.get_absolute_url())
        agreement.refresh_from_db()
        self.assertEqual(agreement.status, Agreement.Status.UNDER_REVIEW)
        latest = agreement.history.latest()
        self.assertEqual((latest.history_user, latest.history_change_reason, latest.status),
                         (secretary, "KLU iværksætter en evaluering af samarbejdsaftalen", "under_review"))
        self.assertEqual(latest.prev_record.status, "active")
        page = self.client.get(agreement.get_absolute_url())
        self.assertContains(page, "KLU iværksætter en evaluering af samarbejdsaftalen")

    def test_a_status_change_without_a_reason_is_refused_and_keeps_the_choice(self):
        agreement = Agreement.objects.get(title=GUIDANCE)
        self.client.force_login(make_secretary())
        response = self.client.post(reverse("agreements:status", args=[agreement.pk]),
                                    {"status": "ended", "reason": "   "})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "Skriv en begrundelse", status_code=400)
        self.assertContains(response, '<option value="ended" selected>', status_code=400)
        agreement.refresh_from_db()
        self.assertEqual(agreement.status, Agreement.Status.ACTIVE)

    def test_members_and_the_public_cannot_change_agreements(self):
        agreement = Agreement.objects.get(title=GUIDANCE)
        for user in (None, make_member(Committee.objects.get(slug="klu"))):
            if user:
                self.client.force_login(user)
            for url in (reverse("agreements:status", args=[agreement.pk]), reverse("agreements:edit", args=[agreement.pk]),
                        reverse("agreements:create"), reverse("agreements:link-item", args=[agreement.pk])):
                response = self.client.post(url, {"status": "ended", "reason": "x", "title": "Hacket"})
                self.assertIn(response.status_code, {302, 403}, url)
                if response.status_code == 302:
                    self.assertTrue(response["Location"].startswith("/login/"))
        agreement.refresh_from_db()
        self.assertEqual((agreement.status, agreement.title), (Agreement.Status.ACTIVE, GUIDANCE))

    def test_the_secretariat_creates_an_agreement_and_links_an_item(self):
        secretary = make_secretary()
        self.client.force_login(secretary)
        theme = Theme.objects.get(position=2)
        response = self.client.post(reverse("agreements:create"), {
            "title": "Samarbejdsaftale om børn og unges mentale trivsel", "kind": "agreement", "status": "active",
            "summary": "", "is_public": "on", "themes": [theme.pk], "review_date": "2025-06-01",
            "parties": list(Party.objects.values_list("pk", flat=True)[:2]), "version": 0})
        agreement = Agreement.objects.get(title="Samarbejdsaftale om børn og unges mentale trivsel")
        self.assertRedirects(response, agreement.get_absolute_url())
        self.assertEqual(agreement.history.latest().history_user, secretary)
        item = AgendaItem.objects.get(meeting__date=datetime.date(2023, 11, 30), number=3)
        self.client.post(reverse("agreements:link-item", args=[agreement.pk]), {"item": item.pk})
        self.assertIn(item, agreement.agenda_items.all())
        self.assertContains(self.client.get(agreement.get_absolute_url()), "Orientering om Sundhedsaftalen 2024-2027")


class FollowUpTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_klu", verbosity=0)
        cls.pilot_follow_up = FollowUpAction.objects.get(due_label="efteråret 2024")

    def test_an_overdue_follow_up_is_listed_as_overdue(self):
        self.assertLess(self.pilot_follow_up.due_date, timezone.localdate())
        response = self.client.get(reverse("agreements:follow-ups"))
        row = response.content.decode().split(self.pilot_follow_up.what, 1)[1].split("</tr>", 1)[0]
        self.assertIn("Overskredet", row)

    def test_an_overdue_follow_up_is_offered_for_the_next_agenda_and_settled_by_its_decision(self):
        secretary = make_secretary()
        klu_next = Meeting.objects.create(committee=self.pilot_follow_up.decision.item.meeting.committee,
                                          date=timezone.localdate() + datetime.timedelta(days=30),
                                          start_time=datetime.time(15), end_time=datetime.time(17),
                                          location="Danmarksgade 17")
        offered = services.offered_items(klu_next)
        self.assertIn(self.pilot_follow_up, offered["follow_ups"])
        self.client.force_login(secretary)
        hub = self.client.get(reverse("workspace:meeting", args=[klu_next.pk]))
        self.assertContains(hub, f'value="follow-up-{self.pilot_follow_up.pk}"')
        self.assertContains(hub, "Overskredet")
        self.client.post(reverse("workspace:item-offered", args=[klu_next.pk]),
                         {"source": f"follow-up-{self.pilot_follow_up.pk}"})
        item = klu_next.items.get(follows_up=self.pilot_follow_up)
        self.assertNotIn(self.pilot_follow_up, services.offered_items(klu_next)["follow_ups"])
        # Holding the meeting and deciding on the item settles the follow-up, linking the decision.
        Meeting.objects.filter(pk=klu_next.pk).update(status=Meeting.Status.AGENDA_PUBLISHED)
        decision = services.decision_record(item=item, user=secretary, outcome="discussed",
                                            text="Erfaringerne blev drøftet.", expected_version=0)
        self.pilot_follow_up.refresh_from_db()
        self.assertEqual((self.pilot_follow_up.status, self.pilot_follow_up.closed_by_decision),
                         (FollowUpAction.Status.DONE, decision))

    def test_an_agreement_whose_review_comes_near_is_offered(self):
        pilot = Agreement.objects.get(kind=Agreement.Kind.PILOT)
        meeting = Meeting.objects.create(committee=pilot.committee, date=pilot.review_date,
                                         start_time=datetime.time(15), location="Danmarksgade 17")
        self.assertIn(pilot, services.offered_items(meeting)["agreements"])

    def test_the_secretariat_closes_a_follow_up_linking_the_later_decision(self):
        later = Decision.objects.filter(item__meeting__committee=self.pilot_follow_up.decision.item.meeting.committee,
                                        item__meeting__date__gt=self.pilot_follow_up.decision.item.meeting.date)
        self.assertFalse(later.exists())  # the seed has none; make one
        meeting = Meeting.objects.create(committee=self.pilot_follow_up.decision.item.meeting.committee,
                                         date=datetime.date(2024, 12, 12), status=Meeting.Status.AGENDA_PUBLISHED,
                                         start_time=datetime.time(15), location="Danmarksgade 17")
        item = AgendaItem.objects.create(meeting=meeting, number=1, title="Erfaringer med pilotprojektet")
        decision = Decision.objects.create(item=item, outcome="discussed", text="Drøftet.")
        self.client.force_login(make_secretary())
        prefix = f"f{self.pilot_follow_up.pk}"
        self.client.post(reverse("agreements:follow-up-close", args=[self.pilot_follow_up.pk]),
                         {f"{prefix}-status": "done", f"{prefix}-settled_by": decision.pk})
        self.pilot_follow_up.refresh_from_db()
        self.assertEqual(self.pilot_follow_up.closed_by_decision, decision)
        self.assertEqual(self.pilot_follow_up.history.latest().history_change_reason, "Opfølgning afsluttet")
        self.assertNotContains(self.client.get(reverse("agreements:follow-ups")), self.pilot_follow_up.what)
