"""Search over item titles, case descriptions, recommendations, decisions, notes and attachments."""

import datetime

from django.test import TestCase
from django.urls import reverse

from meetings.access import ADMINISTRATOR, ANONYMOUS, Viewer
from meetings.locking import minutes_unlocked
from meetings.models import AgendaItem, DecisionNote, Meeting
from search.query import search_items
from tests.factories import make_attachment, make_committee, make_decision, make_item, make_meeting, sign_off


class SearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.klu = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg", short_name="KLU")
        cls.chefforum = make_committee(slug="chefforum", name="Chefforum Sundhedsklynge Midt")
        cls.nov_2023 = make_meeting(committee=cls.klu, date=datetime.date(2023, 11, 30),
                                    status=Meeting.Status.HELD)
        cls.agreement_item = make_item(
            cls.nov_2023, number=2, sub_number=4,
            title="Opfølgning på samarbejdsaftalen mellem Almen praksis og Rusmiddelafsnittet",
            case_description="<p>På mødet ønskes drøftet status på samarbejdet mellem Rusmiddelcentret og de "
                             "praktiserende læger med udgangspunkt i <strong>vejledningen</strong>.</p>",
        )
        decision = make_decision(cls.agreement_item, outcome="discussed",
                                 text="<p>Der blev drøftet status for samarbejdsaftalen.</p>")
        DecisionNote.objects.create(decision=decision, noted_on=datetime.date(2023, 12, 8),
                                    text="<p>Notat om lægekonsulent i Substitutionsbehandlingen vedlagt.</p>")
        make_attachment(cls.nov_2023, item=cls.agreement_item, title="PowerPoints: Rusmiddelafsnittet")
        cls.calendar_item = make_item(cls.nov_2023, number=2, sub_number=1,
                                      title="Godkendelse af mødekalender for 2024",
                                      case_description="<p>Forslag &amp; datoer &lt;script&gt; for møderne.</p>")
        make_decision(cls.calendar_item, outcome="not_approved", text="<p>Ikke godkendt på mødet.</p>")

        cls.jan_2024 = make_meeting(committee=cls.chefforum, date=datetime.date(2024, 1, 15),
                                    status=Meeting.Status.HELD)
        cls.funds_item = make_item(cls.jan_2024, number=3, title="Status for klyngemidler",
                                   recommendation_lead="Det indstilles, at Chefforum:",
                                   recommendations=["tager orienteringen om klyngemidlerne til efterretning"])
        cls.closed_item = make_item(cls.jan_2024, number=9, title="Lukket drøftelse af rusmiddelbudget",
                                    is_closed=True)
        sign_off(cls.nov_2023)
        sign_off(cls.jan_2024)

    def titles(self, results):
        return [r.item.title if r.item else r.title for r in results]

    def test_it_finds_an_item_by_its_title_and_marks_the_word(self):
        results = search_items("Rusmiddelafsnittet", viewer=ANONYMOUS)
        self.assertEqual([r.item for r in results], [self.agreement_item])
        self.assertIn("<mark>Rusmiddelafsnittet</mark>", results[0].title)

    def test_it_shows_the_passage_of_the_case_description_that_matched(self):
        [result] = search_items("vejledningen", viewer=ANONYMOUS)
        self.assertEqual(result.field_label, "Sagsbeskrivelse")
        self.assertIn("udgangspunkt i <mark>vejledningen</mark>", result.snippet)
        self.assertNotIn("<strong>", result.snippet)
        self.assertEqual(result.url, f"/meetings/{self.nov_2023.pk}/#punkt-2-d")

    def test_it_searches_recommendations(self):
        [result] = search_items("orienteringen", viewer=ANONYMOUS, committee="chefforum")
        self.assertEqual(result.item, self.funds_item)
        self.assertEqual(result.field_label, "Indstilling")

    def test_it_searches_decisions_and_notes_added_after_the_meeting(self):
        [by_note] = search_items("Substitutionsbehandlingen", viewer=ANONYMOUS)
        self.assertEqual((by_note.item, by_note.field_label), (self.agreement_item, "Note efter mødet"))
        [by_decision] = search_items("godkendt", viewer=ANONYMOUS)
        self.assertEqual((by_decision.item, by_decision.field_label), (self.calendar_item, "Beslutning"))

    def test_it_searches_attachment_titles(self):
        [result] = search_items("PowerPoints", viewer=ANONYMOUS)
        self.assertEqual((result.item, result.field_label), (self.agreement_item, "Bilag"))
        self.assertIn("<mark>PowerPoints</mark>", result.snippet)

    def test_it_finds_an_attachment_of_the_whole_meeting(self):
        Meeting.objects.filter(pk=self.jan_2024.pk).update(status=Meeting.Status.HELD)
        make_attachment(self.jan_2024, title="Katalog med de samlede indsatsbeskrivelser")
        sign_off(self.jan_2024)
        [result] = search_items("indsatsbeskrivelser", viewer=ANONYMOUS)
        self.assertIsNone(result.item)
        self.assertEqual(result.url, f"/meetings/{self.jan_2024.pk}/#bilag")

    def test_it_filters_by_committee_and_year(self):
        self.assertEqual(len(search_items("status", viewer=ANONYMOUS)), 2)
        self.assertEqual([r.item for r in search_items("status", viewer=ANONYMOUS, committee="klu")],
                         [self.agreement_item])
        self.assertEqual([r.item for r in search_items("status", viewer=ANONYMOUS, year=2024)],
                         [self.funds_item])
        self.assertEqual(search_items("status", viewer=ANONYMOUS, committee=self.klu, year=2024), [])

    def test_it_lists_the_newest_meeting_first(self):
        results = search_items("status", viewer=ANONYMOUS)
        self.assertEqual([r.meeting for r in results], [self.jan_2024, self.nov_2023])

    def test_it_escapes_the_text_it_shows(self):
        [result] = search_items("datoer", viewer=ANONYMOUS)
        # The stored text says "&lt;script&gt;": shown as text (SQLite) or dropped by
        # PostgreSQL's headline parser, which reads it as a tag; never as markup.
        self.assertIn("Forslag &amp; <mark>datoer</mark>", result.snippet)
        self.assertNotIn("<script>", result.snippet)

    def test_an_empty_query_finds_nothing(self):
        self.assertEqual(search_items("   ", viewer=ADMINISTRATOR), [])

    def test_the_public_does_not_find_a_closed_item_but_a_member_does(self):
        self.assertEqual(search_items("rusmiddelbudget", viewer=ANONYMOUS), [])
        # A member of KLU only does not find Chefforum's closed item; a member of Chefforum does.
        self.assertEqual(search_items("rusmiddelbudget", viewer=Viewer(member_of=frozenset({self.klu.pk}))), [])
        [result] = search_items("rusmiddelbudget", viewer=Viewer(member_of=frozenset({self.chefforum.pk})))
        self.assertEqual(result.item, self.closed_item)

    def test_the_public_does_not_find_decisions_of_unsigned_minutes(self):
        draft = make_meeting(committee=self.klu, date=datetime.date(2024, 4, 4),
                             status=Meeting.Status.MINUTES_DRAFTED)
        item = make_item(draft, title="Tematikdrøftelse")
        make_decision(item, text="<p>Psykiatriens Hus inviteres.</p>")
        self.assertEqual(search_items("Psykiatriens", viewer=ANONYMOUS), [])
        self.assertEqual(search_items("Psykiatriens", viewer=Viewer(member_of=frozenset({self.klu.pk}))), [])
        self.assertEqual([r.item for r in search_items("Psykiatriens", viewer=ADMINISTRATOR)], [item])
        # The item's agenda text is public once the agenda is published.
        self.assertEqual([r.item for r in search_items("Tematikdrøftelse", viewer=ANONYMOUS)], [item])

    def test_the_danish_inflected_form_finds_the_item(self):
        # "samarbejdsaftaler" and "samarbejdsaftalen" share the stem "samarbejdsaftal",
        # on PostgreSQL and SQLite alike (search.danish).
        results = search_items("samarbejdsaftaler", viewer=ANONYMOUS)
        self.assertEqual([r.item for r in results], [self.agreement_item])
        self.assertIn("<mark>samarbejdsaftalen</mark>", results[0].title)

    def test_an_edited_text_is_found_by_its_new_words_only(self):
        # The save re-indexes the meeting (search.index). (The minutes are signed off,
        # so this is a correction.)
        self.calendar_item.title = "Godkendelse af årsplan for 2024"
        self.calendar_item.case_description = "<p>Forslag til årsplanen.</p>"
        with minutes_unlocked():
            self.calendar_item.save()
        self.assertEqual(search_items("mødekalender", viewer=ADMINISTRATOR), [])
        self.assertEqual([r.item for r in search_items("årsplan", viewer=ADMINISTRATOR)],
                         [self.calendar_item])


class ManyResultsTests(TestCase):
    """Searches whose hits outnumber the limit, and the two ways PostgreSQL finds them."""

    @classmethod
    def setUpTestData(cls):
        committee = make_committee(slug="klu")
        cls.meetings = []
        for month in range(1, 7):
            meeting = make_meeting(committee=committee, date=datetime.date(2024, month, 10),
                                   status=Meeting.Status.HELD)
            for number in range(1, 6):
                # Every item mentions the agreement; every third only in its decision.
                in_decision = number % 3 == 0
                item = make_item(meeting, number=number,
                                 title=f"Punkt {number}" if in_decision else f"Sundhedsaftalen, punkt {number}")
                make_decision(item, outcome="discussed",
                              text="<p>Drøftet med afsæt i sundhedsaftalen.</p>" if in_decision else "<p>Drøftet.</p>")
            make_item(meeting, number=6, title="Eventuelt")
            sign_off(meeting)
            cls.meetings.append(meeting)

    def keys(self, results):
        return [(r.meeting.date, r.item.number) for r in results]

    def test_it_returns_the_newest_hits_up_to_the_limit_and_says_there_are_more(self):
        results = search_items("sundhedsaftalen", viewer=ANONYMOUS, limit=12, newest_first=True)
        self.assertEqual(len(results), 12)
        self.assertTrue(results.more)
        expected = [(datetime.date(2024, month, 10), number) for month in (6, 5, 4) for number in range(1, 6)]
        self.assertEqual(self.keys(results), expected[:12])
        everything = search_items("sundhedsaftalen", viewer=ANONYMOUS)
        self.assertEqual(len(everything), 30)
        self.assertFalse(everything.more)

    def test_newest_first_and_best_first_agree_when_every_hit_matches_alike(self):
        # Every hit has the word in its title, or every third in its decision only:
        # best first puts the titles first, each group newest first.
        best = self.keys(search_items("sundhedsaftalen", viewer=ANONYMOUS))
        newest = self.keys(search_items("sundhedsaftalen", viewer=ANONYMOUS, newest_first=True))
        self.assertEqual(sorted(best), sorted(newest))
        self.assertEqual(newest, sorted(newest, key=lambda key: (-key[0].toordinal(), key[1])))
        titles = [key for key in newest if key[1] % 3]
        self.assertEqual(best[:len(titles)], titles)

    def test_a_decision_counts_only_where_the_reader_may_read_it(self):
        # A held meeting whose minutes are not signed off: its decisions are not public.
        meeting = make_meeting(committee=self.meetings[0].committee, date=datetime.date(2024, 9, 10),
                               status=Meeting.Status.HELD)
        item = make_item(meeting, number=1, title="Punkt uden ordet")
        make_decision(item, outcome="discussed", text="<p>Udkast: sundhedsaftalen drøftet.</p>")
        public = search_items("sundhedsaftalen", viewer=ANONYMOUS)
        secretariat = search_items("sundhedsaftalen", viewer=ADMINISTRATOR)
        self.assertNotIn(item, [r.item for r in public])
        self.assertIn(item, [r.item for r in secretariat])
        self.assertEqual(public.facets["year"][2024], len(public))
        self.assertEqual(secretariat.facets["year"][2024], len(public) + 1)


class SearchPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.klu = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg")
        cls.meeting = make_meeting(committee=cls.klu, status=Meeting.Status.HELD)
        for number in range(1, 26):
            make_item(cls.meeting, number=number, title=f"Sundhedsaftalen, del {number}")
        sign_off(cls.meeting)

    def test_without_a_query_it_shows_the_form_only(self):
        response = self.client.get(reverse("meetings:search"))
        self.assertContains(response, 'name="q"')
        self.assertNotContains(response, "search-results")

    def test_it_pages_through_many_results_keeping_the_query(self):
        response = self.client.get(reverse("meetings:search"), {"q": "Sundhedsaftalen", "committee": "klu"})
        self.assertContains(response, "25 resultater")
        self.assertContains(response, "Side 1 af 2")
        self.assertContains(response, "?q=Sundhedsaftalen&amp;committee=klu&amp;page=2")
        second = self.client.get(reverse("meetings:search"), {"q": "Sundhedsaftalen", "committee": "klu", "page": 2})
        self.assertContains(second, "del 25")
        self.assertNotContains(second, "del 1<")

    def test_it_says_when_there_are_more_results_than_it_shows(self):
        meeting = make_meeting(committee=self.klu, date=datetime.date(2024, 5, 7), status=Meeting.Status.HELD)
        AgendaItem.objects.bulk_create(AgendaItem(meeting=meeting, number=number, title=f"Sundhedsaftalen {number}")
                                       for number in range(1, 201))
        sign_off(meeting)
        response = self.client.get(reverse("meetings:search"), {"q": "Sundhedsaftalen"})
        self.assertContains(response, "Mere end 200 resultater for “Sundhedsaftalen”")
        self.assertContains(response, "De 200 nyeste vises.")
        self.assertContains(response, "Side 1 af 10")
        # The newest meeting's items come first; the older meeting's are beyond the 200.
        self.assertContains(response, "Sundhedsaftalen</mark> 1<")
        self.assertNotContains(response, "del 1<")

    def test_it_keeps_the_chosen_filters_selected(self):
        response = self.client.get(reverse("meetings:search"), {"q": "x", "committee": "klu", "year": "2024"})
        self.assertContains(response, '<option value="klu" selected>', html=False)
        self.assertContains(response, '<option value="2024" selected>', html=False)

    def test_it_escapes_the_query_it_echoes(self):
        response = self.client.get(reverse("meetings:search"), {"q": '<script>alert("x")</script>'})
        self.assertNotContains(response, "<script>alert")
