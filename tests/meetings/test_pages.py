"""The reading pages: home, archive, one meeting (agenda and minutes), a committee."""

import copy
import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import timezone

from agreements.models import Agreement, HealthAgreement
from meetings.access import Audience
from meetings.models import Attachment, Attendance, DecisionNote, FollowUpAction, Meeting, Membership
from meetings.presentation import build_meeting_view
from meetings.selectors import meeting_for_display
from tests.factories import (
    make_attachment,
    make_attendance,
    make_committee,
    make_decision,
    make_item,
    make_meeting,
    make_member,
    make_organisation,
    make_person,
    make_secretary,
    sign_off,
)




def make_klu():
    return make_committee(
        slug="klu", name="Kommunalt Lægeligt Udvalg", short_name="KLU",
        administration="Sundhed og Kultur", secretariat="Sundhedsstrategisk Sekretariat",
        address="Danmarksgade 17\n9000 Aalborg",
    )


class HomePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        today = timezone.localdate()
        cls.klu = make_klu()
        cls.chefforum = make_committee(slug="chefforum", name="Chefforum Sundhedsklynge Midt")
        cls.next_klu = make_meeting(committee=cls.klu, date=today + datetime.timedelta(days=10))
        cls.cancelled = make_meeting(committee=cls.klu, date=today + datetime.timedelta(days=3),
                                     status=Meeting.Status.CANCELLED)
        cls.past = make_meeting(committee=cls.klu, date=today - datetime.timedelta(days=30), status=Meeting.Status.HELD)
        sign_off(cls.past)
        cls.unsigned_past = make_meeting(committee=cls.chefforum, date=today - datetime.timedelta(days=5),
                                         status=Meeting.Status.MINUTES_DRAFTED)

    def test_it_answers_in_danish(self):
        response = self.client.get(reverse("meetings:home"))
        self.assertContains(response, '<html lang="da">')

    def test_it_lists_each_committees_next_meetings_but_not_cancelled_or_past_ones(self):
        response = self.client.get(reverse("meetings:home"))
        self.assertContains(response, self.next_klu.get_absolute_url())
        self.assertNotContains(response, f'href="{self.cancelled.get_absolute_url()}"')
        self.assertContains(response, "Ingen planlagte møder.")  # Chefforum has none ahead

    def test_it_lists_only_signed_off_minutes_as_latest_minutes(self):
        response = self.client.get(reverse("meetings:home"))
        self.assertContains(response, f'href="{self.past.get_absolute_url()}"')
        self.assertNotContains(response, f'href="{self.unsigned_past.get_absolute_url()}"')

    def test_it_offers_each_committees_calendar(self):
        response = self.client.get(reverse("meetings:home"))
        self.assertTemplateUsed(response, "meetings/_calendar_links.html", count=2)


class ArchiveTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.klu = make_klu()
        cls.chefforum = make_committee(slug="chefforum", name="Chefforum Sundhedsklynge Midt")
        cls.klu_2023 = make_meeting(committee=cls.klu, date=datetime.date(2023, 11, 30), start_time=None,
                                    end_time=None)
        cls.klu_2024 = make_meeting(committee=cls.klu, date=datetime.date(2024, 4, 4))
        cls.chefforum_2024 = make_meeting(committee=cls.chefforum, date=datetime.date(2024, 1, 15))

    def links(self, response):
        return [m for m in (self.klu_2023, self.klu_2024, self.chefforum_2024)
                if f'href="{m.get_absolute_url()}"' in response.content.decode()]

    def test_it_lists_every_meeting_by_year_newest_first(self):
        response = self.client.get(reverse("meetings:archive"))
        self.assertEqual(self.links(response), [self.klu_2023, self.klu_2024, self.chefforum_2024])
        body = response.content.decode()
        self.assertLess(body.index('id="aar-2024"'), body.index('id="aar-2023"'))

    def test_it_filters_by_committee_and_year(self):
        response = self.client.get(reverse("meetings:archive"), {"committee": "klu", "year": "2024"})
        self.assertEqual(self.links(response), [self.klu_2024])
        self.assertContains(response, "<h1>Møder: Kommunalt Lægeligt Udvalg 2024</h1>", html=True)

    def test_it_filters_by_committee_alone(self):
        response = self.client.get(reverse("meetings:archive"), {"committee": "chefforum"})
        self.assertEqual(self.links(response), [self.chefforum_2024])

    def test_it_ignores_values_it_does_not_know(self):
        response = self.client.get(reverse("meetings:archive"), {"committee": "nope", "year": "'; DROP"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(self.links(response)), 3)

    def test_the_filter_is_a_plain_get_form_with_the_choice_kept(self):
        response = self.client.get(reverse("meetings:archive"), {"committee": "klu", "year": "2023"})
        self.assertContains(response, '<form class="archive-filter" method="get"', html=False)
        self.assertContains(response, '<option value="klu" selected>', html=False)
        self.assertContains(response, '<option value="2023" selected>', html=False)

    def test_it_links_to_each_year_and_committee(self):
        response = self.client.get(reverse("meetings:archive"), {"committee": "klu"})
        self.assertContains(response, 'href="/meetings/?committee=klu&amp;year=2023"')
        self.assertContains(response, 'href="/meetings/?committee=klu&amp;year=2024"')
        self.assertContains(response, 'href="/meetings/?committee=chefforum"')

    def test_an_unknown_time_shows_the_date_only(self):
        response = self.client.get(reverse("meetings:archive"), {"year": "2023"})
        self.assertContains(response, "torsdag den 30. november 2023</a>")


MEDIA = "/tmp/klu-test-media/pages"


@override_settings(MEDIA_ROOT=MEDIA)
class MeetingPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.klu = make_klu()
        plo = make_organisation(name="PLO-K-Aalborg")
        kommune = make_organisation(name="Aalborg Kommune")
        cls.earlier = make_meeting(committee=cls.klu, date=datetime.date(2023, 9, 14), status=Meeting.Status.HELD)
        carried = make_item(cls.earlier, number=4, title="Sygedagpengehuset")
        make_decision(carried, outcome="postponed", text="<p>Udsat.</p>")
        sign_off(cls.earlier)

        cls.next_meeting = make_meeting(committee=cls.klu, date=datetime.date(2024, 6, 27))
        cls.meeting = make_meeting(
            committee=cls.klu, date=datetime.date(2024, 4, 4), status=Meeting.Status.HELD,
            location="Saxogade 14", case_number="2023-000208", document_number="2023-000208-27",
            minute_taker=make_person(name="Lars Lund", title="konsulent", workplace="Sundhed og Kultur"),
            source_note="Rekonstrueret fra referatet af 27. juni 2024.",
        )
        chair = make_person(name="Mette Bolvig Poulsen")
        make_attendance(cls.meeting, chair, organisation=plo, role_label="Formand", workplace="Kennedy Arkaden",
                        position=1)
        make_attendance(cls.meeting, make_person(name="Bente Graversen"), organisation=kommune,
                        role_label="Formand for udvalget", title="Direktør", position=2)
        make_attendance(cls.meeting, make_person(name="Jan Nybo"), status=Attendance.Status.APOLOGIES,
                        title="Forløbschef", position=3)
        make_attendance(cls.meeting, make_person(name="Lisbet Trap-Jensen Torp"),
                        capacity=Attendance.Capacity.SECRETARIAT, title="Chefkonsulent", position=5)

        approval = make_item(cls.meeting, number=1, title="Godkendelse af referat fra sidste møde",
                             previous_minutes=cls.earlier)
        make_decision(approval, text="<p>Godkendt.</p>")
        cls.item = make_item(
            cls.meeting, number=2, sub_number=1, title="Opfølgning på sygedagpengehuset",
            case_description="<p>Pilotprojekt med <strong>dialogmøder</strong>.</p>",
            recommendation_lead="Det indstilles, at udvalget:",
            recommendations=["godkender pilotprojektet", "følger op i efteråret 2024"],
            postponed_from=carried,
        )
        guest = make_attendance(cls.meeting, make_person(name="TinaMaria Larsen"),
                                capacity=Attendance.Capacity.GUEST, title="Centerchef", position=4)
        guest.items.add(cls.item)
        decision = make_decision(cls.item, outcome="discussed", text="<p>Der var opbakning til pilotprojektet.</p>")
        DecisionNote.objects.create(decision=decision, noted_on=datetime.date(2024, 4, 8),
                                    text="<p>Datoer for dialogmøderne er aftalt.</p>")
        FollowUpAction.objects.create(decision=decision, what="Opfølgning på erfaringerne",
                                      responsible="Sekretariatet", due_label="efteråret 2024")
        cls.attachment = make_attachment(cls.meeting, item=cls.item, title="Notat om dialogmøder",
                                         file=ContentFile(b"%PDF-1.4\n" + bytes(123_447), name="notat.pdf"))
        later = make_item(cls.meeting, number=3, title="Tematikdrøftelse")
        make_decision(later, outcome="postponed", text="<p>Udsat til næste møde.</p>", postponed_to=cls.next_meeting)
        sign_off(cls.meeting)

        cls.agenda_meeting = make_meeting(committee=cls.klu, date=datetime.date(2024, 9, 19),
                                          status=Meeting.Status.AGENDA_PUBLISHED)
        make_item(cls.agenda_meeting, number=1, title="Psykiatriens Hus", recommendation_lead="Det indstilles, at:",
                  recommendations=["orienteringen tages til efterretning"])

    def get(self, meeting):
        return self.client.get(meeting.get_absolute_url())

    def test_the_minutes_carry_the_letterhead_and_the_meeting_facts(self):
        response = self.get(self.meeting)
        self.assertContains(response, '<p class="doc-kind">Referat</p>', html=True)
        for text in ("Sundhed og Kultur", "Sundhedsstrategisk Sekretariat", "Danmarksgade 17", "9000 Aalborg",
                     "<dd>Kommunalt Lægeligt Udvalg</dd>", "<dd>torsdag den 4. april 2024, kl. 15.00–17.00</dd>",
                     "<dd>Saxogade 14</dd>", "<dd>Lars Lund, konsulent, Sundhed og Kultur</dd>",
                     "<dd>2023-000208 / 2023-000208-27</dd>", "Sagsnr./Dok.nr."):
            self.assertContains(response, text)

    def test_the_minutes_group_participants_by_organisation_with_their_titles(self):
        body = self.get(self.meeting).content.decode()
        self.assertIn('<p class="participant-organisation">PLO-K-Aalborg</p>', body)
        self.assertIn("<li>Mette Bolvig Poulsen, Formand, Kennedy Arkaden</li>", body)
        self.assertIn("<li>Bente Graversen, Formand for udvalget, Direktør</li>", body)
        self.assertLess(body.index("PLO-K-Aalborg"), body.index("Aalborg Kommune</p>"))

    def test_the_minutes_list_guests_with_their_items_apologies_and_secretariat(self):
        response = self.get(self.meeting)
        self.assertContains(response, 'TinaMaria Larsen, Centerchef (under punkt <a href="#punkt-2-a">2.a</a>)')
        self.assertContains(response, "<dt>Afbud</dt>", html=True)
        self.assertContains(response, "<li>Jan Nybo, Forløbschef</li>", html=True)
        self.assertContains(response, "<dt>Sekretariat</dt>", html=True)
        self.assertContains(response, "<li>Lisbet Trap-Jensen Torp, Chefkonsulent</li>", html=True)

    def test_each_item_shows_case_recommendation_decision_and_notes_but_not_follow_ups(self):
        response = self.get(self.meeting)
        self.assertContains(response, "<p>Pilotprojekt med <strong>dialogmøder</strong>.</p>", html=True)
        self.assertContains(response, '<p lang="da">Det indstilles, at udvalget:</p>', html=True)
        self.assertContains(response, '<ol class="recommendations" lang="da"><li>godkender pilotprojektet</li>'
                                      "<li>følger op i efteråret 2024</li></ol>", html=True)
        self.assertContains(response, '<span class="badge badge-info">Drøftet</span>', html=True)
        self.assertContains(response, "Der var opbakning til pilotprojektet.")
        self.assertContains(response, "Tilføjet efter mødet, 8. april 2024:")
        self.assertContains(response, "Datoer for dialogmøderne er aftalt.")
        # The minutes print what the meeting recorded; who follows up by when lives on
        # the follow-ups page (issue 15).
        self.assertNotContains(response, "Opfølgning på erfaringerne")
        self.assertContains(self.client.get(reverse("agreements:follow-ups")), "Opfølgning på erfaringerne")

    def test_attachments_download_through_the_permission_checked_view(self):
        response = self.get(self.meeting)
        url = reverse("meetings:attachment", args=[self.meeting.pk, self.attachment.pk])
        self.assertContains(response, f'<a href="{url}">Notat om dialogmøder</a>')
        self.assertContains(response, "(123 kB)")
        self.assertEqual(self.client.get(url).status_code, 200)

    def test_items_link_to_where_they_were_postponed_from_and_to(self):
        response = self.get(self.meeting)
        self.assertContains(response, f'href="{self.earlier.get_absolute_url()}#punkt-4"')
        self.assertContains(response, "KLU, mødet 14. september 2023, punkt 4")
        self.assertContains(response, f'href="{self.next_meeting.get_absolute_url()}"')
        self.assertContains(response, "Udsat til")

    def test_the_approval_of_previous_minutes_links_back_to_them(self):
        response = self.get(self.meeting)
        self.assertContains(response, "Referatet, der godkendes:")
        self.assertContains(response, f'<a href="{self.earlier.get_absolute_url()}">KLU, mødet 14. september 2023</a>')

    def test_it_shows_the_source_note(self):
        self.assertContains(self.get(self.meeting), "Rekonstrueret fra referatet af 27. juni 2024.")

    def test_it_offers_the_other_formats(self):
        self.assertTemplateUsed(self.get(self.meeting), "meetings/_export_links.html")

    def test_before_the_meeting_it_shows_the_agenda_without_decisions(self):
        response = self.get(self.agenda_meeting)
        self.assertContains(response, '<p class="doc-kind">Dagsorden</p>', html=True)
        self.assertContains(response, "Psykiatriens Hus")
        self.assertContains(response, "<li>orienteringen tages til efterretning</li>", html=True)
        self.assertNotContains(response, "<h3>Beslutning</h3>", html=True)

    def test_an_unpublished_agenda_says_so_to_the_public(self):
        response = self.get(self.next_meeting)
        self.assertContains(response, "Dagsordenen er endnu ikke offentliggjort.")

    def test_an_unknown_time_shows_the_date_alone(self):
        Meeting.objects.filter(pk=self.agenda_meeting.pk).update(start_time=None, end_time=None)
        response = self.get(self.agenda_meeting)
        self.assertContains(response, "<dd>torsdag den 19. september 2024</dd>", html=True)
        self.assertNotContains(response, "kl.")

    def test_unsigned_minutes_are_marked_udkast_for_the_secretariat(self):
        Meeting.objects.filter(pk=self.meeting.pk).update(status=Meeting.Status.MINUTES_DRAFTED)
        self.client.force_login(make_secretary())
        response = self.get(self.meeting)
        self.assertContains(response, '<p class="draft-mark"><strong>UDKAST</strong> – referatet er ikke godkendt</p>',
                            html=True)

    def test_signed_off_minutes_carry_no_draft_mark(self):
        self.assertNotContains(self.get(self.meeting), "UDKAST")

    def test_an_unknown_meeting_is_404(self):
        self.assertEqual(self.client.get(reverse("meetings:detail", args=[999999])).status_code, 404)


@override_settings(MEDIA_ROOT=MEDIA)
class MeetingPageQueryCountTests(TestCase):
    """The page loads a meeting in a fixed number of queries, however large it is."""

    def build(self, items):
        committee = make_committee()
        organisation = make_organisation()
        meeting = make_meeting(committee=committee, status=Meeting.Status.HELD)
        for number in range(1, items + 1):
            item = make_item(meeting, number=number, presenter=make_person())
            decision = make_decision(item)
            DecisionNote.objects.create(decision=decision, noted_on=datetime.date(2024, 4, 8), text="Note.")
            FollowUpAction.objects.create(decision=decision, what="Følg op", responsible_person=make_person())
            make_attachment(meeting, item=item, file=ContentFile(b"%PDF-1.4\n", name=f"bilag-{number}.pdf"))
            make_attendance(meeting, organisation=organisation, title="Praktiserende læge")
            guest = make_attendance(meeting, capacity=Attendance.Capacity.GUEST, organisation=organisation)
            guest.items.add(item)
        sign_off(meeting)
        return meeting

    def count_queries(self, meeting, expected):
        # 0 the content version (page cache; cold, as the cache is empty)
        # 1 meeting + committee + minute taker
        # 2 attendances + person, organisation, substitute
        # 3 the items each attendance took part in (guests "under punkt")
        # 4 agenda items + decision, presenter, postponed-from/-to and previous-minutes meetings
        # 5 decision notes
        # 6 follow-up actions + responsible person
        # 7 attachments + item
        # 8 corrections of the signed-off minutes
        # 9 stored minutes PDFs (read by the export links partial)
        with self.assertNumQueries(expected):
            response = self.client.get(meeting.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        return response

    def test_the_count_is_the_same_for_5_and_60_items(self):
        small, large = self.build(5), self.build(60)
        small_response = self.count_queries(small, 10)
        large_response = self.count_queries(large, 10)
        # The large page really shows its 60 items, people and attachments.
        self.assertEqual(small_response.content.decode().count('class="agenda-item"'), 5)
        self.assertEqual(large_response.content.decode().count('class="agenda-item"'), 60)
        self.assertEqual(large_response.content.decode().count("/attachments/"), 60)


    def test_building_the_view_of_a_loaded_meeting_runs_no_queries(self):
        meeting = self.build(5)
        Attachment.objects.filter(meeting=meeting).update(is_closed=True)
        loaded = meeting_for_display(meeting.pk)
        for audience in Audience:
            with self.subTest(audience=audience), self.assertNumQueries(0):
                view = build_meeting_view(loaded, audience)
            # Closed attachments: members see all five, the public none.
            self.assertEqual(sum(len(row.attachments) for row in view.items),
                             0 if audience == Audience.PUBLIC else 5)


class CommitteePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        today = timezone.localdate()
        cls.klu = make_klu()
        cls.klu.rules_of_procedure = "Udvalget holder fire møder om året.\n\nMøderne er ikke offentlige."
        cls.klu.save()
        plo = make_organisation(name="PLO-K-Aalborg")
        kommune = make_organisation(name="Aalborg Kommune")

        def seat(name, organisation, position, **kw):
            Membership.objects.create(committee=cls.klu, person=make_person(name=name, title=kw.pop("title", "")),
                                      organisation=organisation, side=Membership.Side.OTHER, position=position, **kw)

        seat("Mette Bolvig Poulsen", plo, 1, role=Membership.Role.CHAIR, title="Praktiserende læge")
        seat("Bente Graversen", kommune, 2, role_label="Formand for udvalget", title="Direktør")
        seat("Christine Houe", plo, 3)
        seat("Tidligere Medlem", plo, 4, end=today - datetime.timedelta(days=1))
        seat("Kommende Medlem", kommune, 5, start=today + datetime.timedelta(days=1))
        cls.next_meeting = make_meeting(committee=cls.klu, date=today + datetime.timedelta(days=14))

    def test_it_lists_current_members_grouped_by_organisation(self):
        response = self.client.get(reverse("meetings:committee", args=["klu"]))
        body = response.content.decode()
        self.assertInHTML("<h3>PLO-K-Aalborg</h3>", body)
        self.assertInHTML("<h3>Aalborg Kommune</h3>", body)
        plo = body[body.index("<h3>PLO-K-Aalborg</h3>"):body.index("<h3>Aalborg Kommune</h3>")]
        self.assertIn("<li>Mette Bolvig Poulsen, Formand, Praktiserende læge</li>", plo)
        self.assertIn("<li>Christine Houe</li>", plo)
        self.assertIn("Bente Graversen, Formand for udvalget, Direktør", body[body.index("<h3>Aalborg Kommune</h3>"):])

    def test_it_leaves_out_members_whose_seat_has_ended_or_not_begun(self):
        response = self.client.get(reverse("meetings:committee", args=["klu"]))
        self.assertNotContains(response, "Tidligere Medlem")
        self.assertNotContains(response, "Kommende Medlem")

    def test_it_shows_the_rules_of_procedure_and_the_next_meetings(self):
        response = self.client.get(reverse("meetings:committee", args=["klu"]))
        self.assertContains(response, "<p>Udvalget holder fire møder om året.</p>", html=True)
        self.assertContains(response, f'href="{self.next_meeting.get_absolute_url()}"')
        self.assertTemplateUsed(response, "meetings/_calendar_links.html")

    def test_an_unknown_committee_is_404(self):
        self.assertEqual(self.client.get(reverse("meetings:committee", args=["nope"])).status_code, 404)


class SeedPagesTests(TestCase):
    """Every page over the demo data, which holds a meeting whose time was never stated."""

    @classmethod
    def setUpTestData(cls):
        call_command("seed_klu", stdout=open("/dev/null", "w"))

    def test_no_page_ever_prints_the_time_placeholder(self):
        urls = [reverse("meetings:home"), reverse("meetings:archive"), reverse("agreements:register"),
                reverse("meetings:search") + "?q=klokkeslæt", reverse("api-meeting-list")]
        urls += [reverse("meetings:committee", args=[slug]) for slug in ("klu", "chefforum")]
        for meeting in Meeting.objects.all():
            urls += [meeting.get_absolute_url(), reverse("api-meeting-detail", args=[meeting.pk])]
        urls += [a.get_absolute_url() for a in Agreement.objects.all()]
        urls += [h.get_absolute_url() for h in HealthAgreement.objects.all()]
        self.assertGreater(len(urls), 20)
        self.client.force_login(make_secretary())  # sees the most
        for url in urls:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertNotContains(response, "Indtast klokkeslæt")

    def test_no_page_refers_to_a_variable_it_does_not_have(self):
        # A missing variable renders as "" in production; here it shows, so a
        # misspelt field cannot silently drop a line from the minutes.
        templates = copy.deepcopy(settings.TEMPLATES)
        templates[0]["OPTIONS"]["string_if_invalid"] = "MISSING[%s]"
        urls = ["/", "/meetings/", "/meetings/?committee=klu&year=2023", "/committees/klu/",
                "/search/?q=samarbejdsaftalen", "/agreements/"]
        urls += [m.get_absolute_url() for m in Meeting.objects.all()]
        with override_settings(TEMPLATES=templates):
            for user in (None, make_member(), make_secretary()):
                self.client.logout()
                if user is not None:
                    self.client.force_login(user)
                for url in urls:
                    with self.subTest(url=url, user=user):
                        self.assertNotContains(self.client.get(url), "MISSING[")

    def test_the_30_november_2023_minutes_show_the_date_without_a_time(self):
        meeting = Meeting.objects.get(committee__slug="klu", date=datetime.date(2023, 11, 30))
        response = self.client.get(meeting.get_absolute_url())
        self.assertContains(response, "<dd>torsdag den 30. november 2023</dd>", html=True)
        self.assertContains(response, "<dd>2023-000208 / 2023-000208-27</dd>", html=True)
