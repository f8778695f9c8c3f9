"""The archive in pages: fifty meetings a page, the filters kept, any page number answered."""

import datetime
import re

import pytest
from django.test import TestCase
from django.urls import reverse

from meetings.models import Meeting
from meetings.views import ARCHIVE_PAGE_SIZE
from tests.browser.base import PHONE, BrowserTestCase
from tests.factories import make_committee, make_meeting, make_secretary

URL = reverse("meetings:archive")


def weekly(committee, first, count):
    """`count` meetings of `committee`, a week apart from `first` on, oldest first."""
    return Meeting.objects.bulk_create([
        Meeting(committee=committee, date=first + datetime.timedelta(days=7 * n), title=f"{n + 1}. møde",
                start_time=datetime.time(15), end_time=datetime.time(17))
        for n in range(count)])


class ArchivePagesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.klu = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg", short_name="KLU")
        cls.chefforum = make_committee(slug="chefforum", name="Chefforum Sundhedsklynge Midt")
        # 120 KLU meetings from 2020 to 2022, newest first: pages of 50, 50 and 20.
        cls.klu_meetings = weekly(cls.klu, datetime.date(2020, 1, 2), 120)[::-1]
        cls.chefforum_2024 = make_meeting(committee=cls.chefforum, date=datetime.date(2024, 1, 15))

    def meeting_links(self, response):
        """The meetings the page links to, in the order it shows them."""
        pks = re.findall(r'href="/meetings/(\d+)/"', response.content.decode())
        by_pk = {m.pk: m for m in Meeting.objects.all()}
        return [by_pk[int(pk)] for pk in pks]

    def pagination(self, response):
        body = response.content.decode()
        start = body.find('<nav class="pagination"')
        return body[start:body.index("</nav>", start) + len("</nav>")] if start >= 0 else ""

    def test_a_page_holds_fifty_meetings_newest_first(self):
        self.assertEqual(ARCHIVE_PAGE_SIZE, 50)
        response = self.client.get(URL, {"committee": "klu"})
        self.assertEqual(self.meeting_links(response), self.klu_meetings[:50])
        # The count is of every meeting chosen, not of this page's.
        self.assertContains(response, '<p class="archive-count" role="status">120 møder</p>', html=True)

    def test_the_next_pages_continue_where_the_last_stopped(self):
        second = self.client.get(URL, {"committee": "klu", "page": "2"})
        third = self.client.get(URL, {"committee": "klu", "page": "3"})
        self.assertEqual(self.meeting_links(second), self.klu_meetings[50:100])
        self.assertEqual(self.meeting_links(third), self.klu_meetings[100:])
        self.assertContains(third, '<p class="archive-count" role="status">120 møder</p>', html=True)

    def test_a_year_split_between_pages_is_headed_on_both(self):
        # Meetings 50 and 51 (newest first) are both of 2021.
        self.assertEqual({m.date.year for m in self.klu_meetings[49:51]}, {2021})
        for page in ("1", "2"):
            with self.subTest(page=page):
                self.assertContains(self.client.get(URL, {"committee": "klu", "page": page}), '<h2 id="aar-2021">')

    def test_the_page_nav_is_named_and_marks_the_current_page(self):
        nav = self.pagination(self.client.get(URL, {"committee": "klu", "page": "2"}))
        self.assertIn('<nav class="pagination" aria-label="Sider med møder">', nav)
        self.assertIn('<span class="pagination-mobile">Side 2 af 3</span>', nav)
        self.assertIn('<a href="?committee=klu&amp;page=2" aria-label="Side 2" class="current-page" '
                      'aria-current="page">2</a>', nav)
        self.assertEqual(nav.count('aria-current="page"'), 1)
        self.assertIn('<a class="button button-arrow button-previous" rel="prev" href="?committee=klu&amp;page=1">'
                      'Forrige side</a>', nav)
        self.assertIn('<a class="button button-arrow button-next" rel="next" href="?committee=klu&amp;page=3">'
                      'Næste side</a>', nav)

    def test_the_first_page_has_no_previous_and_the_last_no_next(self):
        first = self.pagination(self.client.get(URL, {"committee": "klu"}))
        last = self.pagination(self.client.get(URL, {"committee": "klu", "page": "3"}))
        self.assertNotIn("Forrige side", first)
        self.assertIn("Næste side", first)
        self.assertIn("Forrige side", last)
        self.assertNotIn("Næste side", last)

    def test_later_pages_say_which_page_in_the_title(self):
        self.assertContains(self.client.get(URL, {"committee": "klu", "page": "2"}),
                            "<title>Møder: Kommunalt Lægeligt Udvalg – Side 2 af 3 – KLU Møder</title>")
        self.assertContains(self.client.get(URL, {"committee": "klu"}),
                            "<title>Møder: Kommunalt Lægeligt Udvalg – KLU Møder</title>")

    def test_many_pages_are_elided_around_the_current_one(self):
        weekly(self.chefforum, datetime.date(2000, 1, 6), 500)  # 501 meetings: 11 pages
        nav = self.pagination(self.client.get(URL, {"committee": "chefforum", "page": "6"}))
        self.assertEqual(re.findall(r">(\d+|…)</(?:a|span)>", nav), ["1", "…", "5", "6", "7", "…", "11"])

    def test_the_page_links_keep_the_filters_and_nothing_else(self):
        response = self.client.get(URL, {"committee": "klu", "year": "2021", "page": "1", "utm_source": "x"})
        nav = self.pagination(response)
        # 2021 has 52 KLU meetings (Thursdays from 7 January to 30 December).
        self.assertIn('href="?committee=klu&amp;year=2021&amp;page=2"', nav)
        self.assertNotIn("utm_source", nav)
        self.assertTrue(all(m.date.year == 2021 and m.committee == self.klu for m in self.meeting_links(response)))
        second = self.client.get(URL, {"committee": "klu", "year": "2021", "page": "2"})
        self.assertEqual(len(self.meeting_links(second)), 2)

    def test_the_filters_and_their_links_start_again_at_the_first_page(self):
        response = self.client.get(URL, {"committee": "klu", "year": "2021", "page": "2"})
        body = response.content.decode()
        # The form sends no page, and the committee and year links carry none.
        self.assertNotIn('name="page"', body)
        self.assertContains(response, 'href="/meetings/?committee=chefforum&amp;year=2021"')
        self.assertContains(response, 'href="/meetings/?committee=klu&amp;year=2020"')
        self.assertNotIn("/meetings/?committee=klu&amp;year=2020&amp;page", body)

    def test_a_page_number_out_of_range_gives_the_last_page(self):
        for page in ("4", "999", "99999999999999999999999999", "0", "-1"):
            with self.subTest(page=page):
                response = self.client.get(URL, {"committee": "klu", "page": page})
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self.meeting_links(response), self.klu_meetings[100:])

    def test_a_page_that_is_not_a_number_gives_the_first_page(self):
        for page in ("abc", "", "1.5", "1e3", "²", "2; DROP TABLE"):
            with self.subTest(page=page):
                response = self.client.get(URL, {"committee": "klu", "page": page})
                self.assertEqual(response.status_code, 200)
                self.assertEqual(self.meeting_links(response), self.klu_meetings[:50])
        # A NUL byte is refused before any view, as everywhere (tests/klu/test_bad_input.py).
        self.assertEqual(self.client.get(URL, {"committee": "klu", "page": "\x00"}).status_code, 400)

    def test_an_empty_choice_has_no_page_nav(self):
        response = self.client.get(URL, {"committee": "chefforum", "year": "2021", "page": "3"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Ingen møder passer til valget.")
        self.assertEqual(self.pagination(response), "")

    def test_a_single_page_has_no_page_nav(self):
        response = self.client.get(URL, {"committee": "chefforum"})
        self.assertEqual(self.meeting_links(response), [self.chefforum_2024])
        self.assertEqual(self.pagination(response), "")

    def test_the_year_choices_are_those_of_the_committee_chosen(self):
        response = self.client.get(URL, {"committee": "chefforum"})
        self.assertContains(response, '<option value="2024">2024</option>', html=True)
        self.assertNotContains(response, '<option value="2021">')
        everything = self.client.get(URL)
        for year in ("2020", "2021", "2022", "2024"):
            self.assertContains(everything, f'<option value="{year}">{year}</option>', html=True)

    def test_each_page_is_cached_apart(self):
        # The page cache keys on the full path: a cached first page never answers for the second.
        first = self.client.get(URL, {"committee": "klu"})
        second = self.client.get(URL, {"committee": "klu", "page": "2"})
        again = self.client.get(URL, {"committee": "klu", "page": "2"})
        self.assertNotEqual(self.meeting_links(first), self.meeting_links(second))
        self.assertEqual(again.content, second.content)
        self.assertEqual(second["Cache-Control"], "public, no-cache")

    def test_the_secretariat_pages_the_same_meetings(self):
        self.client.force_login(make_secretary(self.klu))
        response = self.client.get(URL, {"committee": "klu", "page": "3"})
        self.assertEqual(self.meeting_links(response), self.klu_meetings[100:])

    def test_a_later_page_runs_the_same_queries_as_the_first(self):
        for page in ("1", "3"):
            with self.subTest(page=page):
                # content version (page cache), committees, how many meetings, the page's
                # meetings (never all of them), their years
                with self.assertNumQueries(5):
                    self.client.get(URL, {"committee": "klu", "page": page})


@pytest.mark.browser
class ArchivePagesInABrowserTests(BrowserTestCase):
    """The page nav as the design system draws it: numbers on a desktop, "Side X af Y" on a phone."""

    @classmethod
    def setUpClassData(cls):
        klu = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg", short_name="KLU")
        weekly(klu, datetime.date(2014, 1, 2), 600)  # 12 pages: the numbers are elided

    def test_axe_finds_nothing_on_a_middle_page(self):
        self.visit("/meetings/?page=6")
        self.assert_no_axe_violations("page 6 of the archive")
        nav = self.page.get_by_role("navigation", name="Sider med møder")
        self.assertEqual(nav.locator("[aria-current=page]").inner_text(), "6")
        self.assertFalse(nav.locator(".pagination-mobile").is_visible())

    def test_a_phone_shows_which_page_and_the_arrows(self):
        self.page.set_viewport_size(PHONE)
        self.visit("/meetings/?page=6")
        self.assert_no_axe_violations("page 6 of the archive on a phone")
        nav = self.page.get_by_role("navigation", name="Sider med møder")
        self.assertEqual(nav.locator(".pagination-mobile").inner_text(), "Side 6 af 12")
        self.assertFalse(nav.locator(".pagination__items").is_visible())
        box = nav.bounding_box()
        self.assertLessEqual(box["x"] + box["width"], PHONE["width"])
        nav.get_by_role("link", name="Næste side").click()
        self.assertTrue(self.page.url.endswith("/meetings/?page=7"))
        self.assertEqual(self.page.title(), "Møder – Side 7 af 12 – KLU Møder")
