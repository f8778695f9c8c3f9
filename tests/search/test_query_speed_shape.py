"""How search.query stays fast at scale without changing what it finds or what it may count.

Ranking reads only the newest rows of each band (title is the query, title holds every
word, title or decisions, anywhere); facet counts are exact up to FACET_CAP matches and
say so above it. These tests pin the order, the hit set, the counts, the number of round
trips and, on PostgreSQL, that a band is answered from an index.
"""

import datetime

from django.db import connection
from django.test import TestCase
from django.urls import reverse

from meetings.access import ANONYMOUS, Viewer
from search.index import terms_column
from search.models import SearchEntry
from search.query import FACET_CAP, _match, access_filter, search_items
from tests.factories import make_committee

DAY = datetime.date(2024, 1, 1)


def entry(number, committee, *, days=0, title="Punkt", strong="", body="", level=0, top_level=2, kind="item"):
    date = DAY - datetime.timedelta(days=days)
    return SearchEntry(kind=kind, object_id=number, committee=committee, date=date, year=date.year,
                       position=number, level=level, top_level=top_level, title=title, url=f"/punkt/{number}/",
                       title_terms=terms_column(title), strong_terms=terms_column(strong),
                       body_terms=terms_column(body), passages=[["title", title], ["case", body]])


class RankingBandsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.committee = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg")
        cls.other = make_committee(slug="chefforum", name="Chefforum")
        rows = [
            # Newest first by date, but each band outranks every row of the bands after it.
            entry(1, cls.committee, days=0, title="Budget", body="Klyngemidler til kommunen"),
            entry(2, cls.committee, days=1, title="Status", strong="Klyngemidler fordeles"),
            entry(3, cls.committee, days=300, title="Klyngemidler til projekter"),
            entry(4, cls.committee, days=900, title="Klyngemidler"),
            entry(5, cls.committee, days=2, title="Klyngemidler og kommunen"),
            entry(6, cls.committee, days=3, title="Lukket", body="Klyngemidler", level=1),
            entry(7, cls.other, days=4, title="Orientering", body="Klyngemidlerne"),
        ]
        SearchEntry.objects.bulk_create(rows)

    def order(self, query, viewer=ANONYMOUS, **kw):
        return [result.url for result in search_items(query, viewer=viewer, **kw)]

    def test_bands_title_is_query_then_title_then_decision_then_anywhere(self):
        self.assertEqual(self.order("klyngemidler"),
                         ["/punkt/4/", "/punkt/5/", "/punkt/3/", "/punkt/2/", "/punkt/1/", "/punkt/7/"])

    def test_a_two_word_query_needs_every_word_in_the_band(self):
        # Only entry 5 holds both words in its title; entry 1 holds them in its case text.
        self.assertEqual(self.order("klyngemidler kommunen"), ["/punkt/5/", "/punkt/1/"])

    def test_newest_first_ignores_the_bands(self):
        self.assertEqual(self.order("klyngemidler", newest_first=True),
                         ["/punkt/1/", "/punkt/2/", "/punkt/5/", "/punkt/7/", "/punkt/3/", "/punkt/4/"])

    def test_an_old_title_match_outranks_newer_matches_beyond_the_limit(self):
        results = search_items("klyngemidler", viewer=ANONYMOUS, limit=2)
        self.assertEqual([r.url for r in results], ["/punkt/4/", "/punkt/5/"])
        self.assertTrue(results.more)

    def test_the_member_only_row_ranks_for_members_only(self):
        member = Viewer(member_of=frozenset({self.committee.pk}))
        self.assertNotIn("/punkt/6/", self.order("klyngemidler"))
        self.assertEqual(self.order("klyngemidler", member)[-2:], ["/punkt/6/", "/punkt/7/"])

    def test_the_bands_find_exactly_what_the_match_finds(self):
        member = Viewer(member_of=frozenset({self.committee.pk}))
        for viewer in (ANONYMOUS, member):
            for query, terms in (("klyngemidler", ["klyngemidl"]), ("kommunen", ["kommun"]),
                                 ("klyngemidler kommunen", ["klyngemidl", "kommun"])):
                with self.subTest(viewer=viewer.key, query=query):
                    expected = set(_match(SearchEntry.objects.filter(access_filter(viewer)), terms)
                                   .values_list("url", flat=True))
                    self.assertTrue(expected)
                    found = self.order(query, viewer)
                    self.assertEqual(len(found), len(set(found)))
                    self.assertEqual(set(found), expected)

    def test_a_search_is_one_query_and_its_facets_one_more(self):
        with self.assertNumQueries(1):
            results = search_items("klyngemidler", viewer=ANONYMOUS, committee=self.committee.pk, year=2024)
        with self.assertNumQueries(1):
            results.facets
        with self.assertNumQueries(1):
            search_items("klyngemidler", viewer=ANONYMOUS, newest_first=True)


class CappedFacetsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.klu = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg")
        cls.chefforum = make_committee(slug="chefforum", name="Chefforum")
        # Newest of all: member-only rows, which the public must never count, capped or not.
        rows = [entry(n, cls.klu, days=0, body="Sundhed", level=1) for n in range(1, 51)]
        # Then FACET_CAP + 10 public rows: the newest half in KLU (2024), the older in Chefforum (2023).
        half = (FACET_CAP + 10) // 2
        rows += [entry(1000 + n, cls.klu if n < half else cls.chefforum, days=1 + n // 10,
                       body="Sundhed", kind="attachment" if n % 4 == 0 else "item")
                 for n in range(FACET_CAP + 10)]
        rows += [entry(5000 + n, cls.chefforum, days=400 + n, title="Sjælden klyngeplan") for n in range(3)]
        SearchEntry.objects.bulk_create(rows)
        cls.public = rows[50:50 + FACET_CAP + 10]

    def test_below_the_cap_the_counts_are_exact_and_say_so(self):
        results = search_items("klyngeplan", viewer=ANONYMOUS)
        self.assertEqual(results.facets["committee"], {self.chefforum.pk: 3})
        self.assertEqual(results.facets_capped, {"committee": False, "year": False, "kind": False})

    def test_above_the_cap_the_counts_are_those_of_the_newest_and_flagged(self):
        results = search_items("sundhed", viewer=ANONYMOUS)
        self.assertEqual(results.facets_capped, {"committee": True, "year": True, "kind": True})
        newest = sorted(self.public, key=lambda e: (-e.date.toordinal(), e.position))[:FACET_CAP]
        expected = {}
        for row in newest:
            expected[row.committee_id] = expected.get(row.committee_id, 0) + 1
        self.assertEqual(results.facets["committee"], expected)
        self.assertEqual(sum(results.facets["kind"].values()), FACET_CAP)
        # The member-only rows are newer than all of these, and counted for nobody but members.
        self.assertEqual(sum(results.facets["year"].values()), FACET_CAP)

    def test_a_filter_narrows_the_other_facets_below_the_cap(self):
        results = search_items("sundhed", viewer=ANONYMOUS, committee="chefforum")
        chefforum = [row for row in self.public if row.committee_id == self.chefforum.pk]
        # The committee facet still counts every committee (capped); the others count Chefforum's, exactly.
        self.assertEqual(results.facets_capped, {"committee": True, "year": False, "kind": False})
        self.assertEqual(sum(results.facets["kind"].values()), len(chefforum))
        self.assertEqual(results.facets["kind"]["attachment"],
                         sum(1 for row in chefforum if row.kind == "attachment"))

    def test_members_count_their_rows_within_the_same_cap(self):
        member = Viewer(member_of=frozenset({self.klu.pk}))
        results = search_items("sundhed", viewer=member)
        self.assertTrue(results.facets_capped["committee"])
        # The 50 member-only rows are the newest, so they are among the FACET_CAP counted.
        newest = sorted(self.public, key=lambda e: (-e.date.toordinal(), e.position))[:FACET_CAP - 50]
        self.assertEqual(results.facets["committee"][self.klu.pk],
                         50 + sum(1 for row in newest if row.committee_id == self.klu.pk))

    def test_the_page_says_when_the_numbers_are_the_newest_only(self):
        note = "Tallene ved filtrene tæller kun de 1.000 nyeste resultater, for der er flere."
        page = self.client.get(reverse("meetings:search"), {"q": "sundhed"})
        self.assertContains(page, note)
        page = self.client.get(reverse("meetings:search"), {"q": "klyngeplan"})
        self.assertNotContains(page, note)
        self.assertContains(page, "Chefforum (3)")
        # In English the number is grouped the English way.
        self.client.get(reverse("switch-language", args=["en"]))
        self.assertContains(self.client.get(reverse("meetings:search"), {"q": "sundhed"}), " 1,000 ")


class PostgresPlanTests(TestCase):
    """At scale each band must come from an index: the GIN index for a rare word, the date
    order for a word in most rows. Checked on PostgreSQL with EXPLAIN after ANALYZE."""

    @classmethod
    def setUpTestData(cls):
        if connection.vendor != "postgresql":
            return
        committees = [make_committee(slug=f"u{n}", name=f"Udvalg {n}") for n in range(4)]
        SearchEntry.objects.bulk_create(
            entry(n, committees[n % 4], days=n // 40, title=f"Punkt om emne{n % 300}",
                  strong="Kommunen tager orienteringen til efterretning",
                  body=f"Borgere i kommunen og ord{n % 97} og sag{n % 1009}" + (" klyngeplan" if n % 5000 == 7 else ""),
                  level=n % 2)
            for n in range(30_000))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")

    def plans(self, query):
        """The plan of each band's part of the query search_items runs (EXPLAIN), best band first."""
        from search.danish import query_terms
        from search.query import NEWEST_ORDER, ORDER_COLUMNS, _bands

        readable = SearchEntry.objects.filter(access_filter(ANONYMOUS))
        return [readable.filter(band).order_by(*NEWEST_ORDER).values_list(*ORDER_COLUMNS)[:201].explain()
                for band in _bands(query, query_terms(query))]

    def test_a_rare_word_is_found_through_the_gin_indexes(self):
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL's plans; SQLite matches with LIKE (tests above run on both)")
        exact, title, lead, anywhere = self.plans("klyngeplan")
        self.assertIn("searchentry_title_exact", exact)
        self.assertIn("searchentry_title_gin", title)
        self.assertIn("searchentry_lead_gin", lead)
        self.assertIn("searchentry_document_gin", anywhere)

    def test_a_common_word_walks_the_newest_first_index_and_sorts_nothing(self):
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL's plans; SQLite matches with LIKE (tests above run on both)")
        # Every row's decision says "kommunen": its band is read newest first and stops at the limit.
        lead = self.plans("kommunen")[2]
        self.assertIn("Index Scan using searchentry_newest", lead)
        self.assertNotIn("Sort", lead)

    def test_a_full_band_leaves_the_later_bands_unread(self):
        if connection.vendor != "postgresql":
            self.skipTest("PostgreSQL's plans; SQLite matches with LIKE (tests above run on both)")
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            results = search_items("kommunen", viewer=ANONYMOUS)
        self.assertEqual(len(results), 200)
        [sql] = [q["sql"] for q in queries.captured_queries]
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF) " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
        # The decisions' band found 201; the band "anywhere" (the whole document), the
        # last part of the query, never ran.
        last_limit = [line for line in plan.splitlines() if "Limit" in line][-1]
        self.assertIn("never executed", last_limit)
        self.assertIn("(actual rows=201", [line for line in plan.splitlines() if "Limit" in line][-2])
