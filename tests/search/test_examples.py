"""The examples of issue 16 against the seeded demo data; the same hits on PostgreSQL and SQLite.

Every expected hit below is written out, so a run on either database checks the same
list: the two cannot drift apart unnoticed.
"""

from django.core.management import call_command
from django.db.models import Count
from django.test import TestCase

from agreements.models import Agreement, Goal
from meetings.access import ANONYMOUS
from meetings.models import AgendaItem
from search.models import SearchEntry
from search.query import search_items


def item_key(item):
    return (item.meeting.committee.slug, item.meeting.date.isoformat(), item.label)


class SeededExamplesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_klu", verbosity=0, stdout=open("/dev/null", "w"))
        cls.rusmiddel = AgendaItem.objects.get(meeting__committee__slug="klu", number=2, sub_number=4,
                                               meeting__date="2023-11-30")
        cls.klyngemidler = AgendaItem.objects.get(meeting__committee__slug="chefforum", number=3,
                                                  meeting__date="2024-01-15")

    def keys(self, results):
        return [(r.kind, item_key(r.item) if r.item else r.url) for r in results]

    def items(self, query):
        return [r.item for r in search_items(query, viewer=ANONYMOUS) if r.item is not None]

    def test_a_compound_is_found_by_its_first_part(self):
        # "rusmiddel" is the first part of "Rusmiddelafsnittet", the title of KLU's item 2.d.
        results = search_items("rusmiddel", viewer=ANONYMOUS)
        self.assertIn(self.rusmiddel, [r.item for r in results])
        self.assertEqual(results[0].item, self.rusmiddel)
        self.assertIn("<mark>Rusmiddelafsnittet</mark>", results[0].title)

    def test_an_inflected_form_finds_the_pilot_projects(self):
        results = search_items("pilotprojekter", viewer=ANONYMOUS)
        # Chefforum's item 6 says "pilotprojekter", KLU's item 2.c "pilotprojekt".
        self.assertEqual({item_key(r.item) for r in results if r.item},
                         {("chefforum", "2024-01-15", "6"), ("klu", "2023-11-30", "2.c")})
        kinds = {r.kind for r in results}
        # The agreement whose title says "Pilotprojekt" is found too.
        self.assertIn(SearchEntry.Kind.AGREEMENT, kinds)
        snippets = " ".join(str(r.title) + str(r.snippet) for r in results)
        self.assertIn("<mark>pilotprojekt", snippets.lower())

    def test_ulighed_does_not_find_items_that_only_say_mulighed(self):
        results = search_items("ulighed", viewer=ANONYMOUS)
        self.assertTrue(results)
        for result in results:
            with self.subTest(result=result.url):
                text = (str(result.title) + " " + str(result.snippet)).lower()
                self.assertIn("<mark>ulighed", text)
        mulighed = search_items("mulighed", viewer=ANONYMOUS)
        self.assertTrue(set(r.url for r in mulighed) - set(r.url for r in results))

    def test_the_title_that_is_the_query_ranks_first(self):
        self.assertEqual(self.items("klyngemidler")[0], self.klyngemidler)
        unique_titles = (AgendaItem.objects.filter(meeting__status="signed_off", is_closed=False)
                         .values("title").annotate(n=Count("pk")).filter(n=1).values("title"))
        for item in AgendaItem.objects.filter(title__in=unique_titles).order_by("pk").select_related("meeting"):
            with self.subTest(title=item.title):
                self.assertEqual(self.items(item.title)[0], item)

    def test_newest_first_orders_by_date_only(self):
        results = list(search_items("klyngemidler", viewer=ANONYMOUS, newest_first=True))
        dates = [r.meeting.date for r in results if r.meeting]
        self.assertEqual(dates, sorted(dates, reverse=True))

    def test_agreements_and_the_health_agreements_goals_are_found(self):
        titles = AgendaItem.objects.values("title")
        agreement = Agreement.objects.filter(is_public=True).exclude(title__in=titles).order_by("pk").first()
        results = search_items(agreement.title, viewer=ANONYMOUS)
        self.assertEqual((results[0].kind, results[0].url), ("agreement", agreement.get_absolute_url()))
        goal = Goal.objects.order_by("pk").first()
        results = search_items(goal.text, viewer=ANONYMOUS, kind="goal")
        self.assertEqual(results[0].kind, "goal")
        self.assertTrue(results[0].url.startswith(goal.theme.health_agreement.get_absolute_url()))

    def test_facets_count_per_committee_year_and_kind(self):
        results = search_items("pilotprojekter", viewer=ANONYMOUS)
        facets = results.facets
        self.assertEqual(sum(facets["kind"].values()), len(results))
        chefforum = self.klyngemidler.meeting.committee_id
        self.assertEqual(facets["committee"][chefforum],
                         len(search_items("pilotprojekter", viewer=ANONYMOUS, committee="chefforum")))
        self.assertEqual(facets["year"][2024], len(search_items("pilotprojekter", viewer=ANONYMOUS, year=2024)))
        only_items = search_items("pilotprojekter", viewer=ANONYMOUS, kind="item")
        self.assertEqual(facets["kind"]["item"], len(only_items))
        self.assertEqual({r.kind for r in only_items}, {"item"})

    def test_the_rebuilt_index_equals_the_one_signals_kept(self):
        def snapshot():
            return sorted(SearchEntry.objects.values_list(
                "kind", "object_id", "level", "top_level", "title_terms", "strong_terms", "body_terms", "url"))
        kept = snapshot()
        call_command("rebuild_search_index", verbosity=0, stdout=open("/dev/null", "w"))
        self.assertEqual(snapshot(), kept)

    def test_the_same_hits_on_either_database(self):
        # Written out once; this file runs on SQLite and on PostgreSQL.
        expected = {
            # Rusmiddelafsnittet (2.d's title), and the 2021 minutes' "rusmiddelområdet".
            "rusmiddel": [("klu", "2023-11-30", "2.d"), ("klu", "2021-12-07", "1")],
            # "samarbejdsaftalen", "aftaler", "Sundhedsaftalen" …: titles first, newer first.
            "aftale": [("chefforum", "2024-01-15", "8"), ("chefforum", "2024-01-15", "10"),
                       ("klu", "2023-11-30", "2.d"), ("klu", "2023-11-30", "3.a"),
                       ("chefforum", "2024-01-15", "4"), ("chefforum", "2024-01-15", "5"),
                       ("chefforum", "2024-01-15", "6")],
            # "Sygedagpengehuset" in 2.c's case text.
            "sygedagpenge": [("klu", "2023-11-30", "2.c")],
            "pilotprojekter": [("klu", "2023-11-30", "2.c"), ("chefforum", "2024-01-15", "6")],
            "ulighed": [("chefforum", "2024-01-15", "3")],
            "klyngemidler": [("chefforum", "2024-01-15", "3")],
        }
        for query, items in expected.items():
            with self.subTest(query=query):
                self.assertEqual([item_key(item) for item in self.items(query)], items)
