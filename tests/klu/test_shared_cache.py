"""The page cache and rendered PDFs in a real Redis (Debian's redis-server), sessions not.

CACHE_URL=redis://… (klu/service_urls.py) makes every app server share one cache;
sessions stay in the database whatever the cache. These tests point CACHES
at the session's redis-server (tests/services_fixtures.py) and look into it with
redis-py behind the app's back.

Two app servers are simulated in one process: `other_server()` drops Django's cache
connections (each thread's RedisCache object and its connection pool) and the
request-local content version, so the next request starts as a fresh process does,
with nothing but Redis and the database in common. Nothing in-process can carry a
page across: LocMemCache is not configured at all.

Redis going away is real too: a redis-server of the test's own is stopped mid-test.
"""

import contextlib
import pickle

import redis
from asgiref.local import Local
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import cache, caches
from django.test import Client, TestCase, override_settings
from django.urls import reverse

from klu.cache import TolerantRedisCache
from klu.service_urls import cache_from_url
from meetings import pagecache
from meetings.models import Meeting
from tests import services_fixtures
from tests.factories import make_committee, make_item, make_meeting, make_secretary, response_bytes
from tests.service_processes import redis_server

PASSWORD = "a-long-test-password"


def other_server():
    """Start the next request as another process would: no cache object, no pool, no local state."""
    caches._connections = Local()
    pagecache._request_finished()


def redis_settings(url):
    """CACHES as klu/settings.py sets them for CACHE_URL=url."""
    return override_settings(CACHES={"default": cache_from_url(url, max_entries=3000)})


class SharedCacheCase(TestCase):
    @classmethod
    def setUpClass(cls):
        cls.redis_server = services_fixtures.redis()
        cls.enterClassContext(redis_settings(cls.redis_server.url))
        cls.redis = redis.Redis.from_url(cls.redis_server.url)
        cls.addClassCleanup(cls.redis.close)
        super().setUpClass()

    def setUp(self):
        self.redis.flushdb()
        other_server()

    def keys(self, pattern):
        return {key.decode() for key in self.redis.scan_iter(f"klu:1:{pattern}")}


class RedisIsTheCacheTests(SharedCacheCase):
    def test_the_cache_is_the_tolerant_redis_backend(self):
        self.assertIsInstance(caches["default"], TolerantRedisCache)
        cache.set("probe", "ja")
        self.assertEqual(pickle.loads(self.redis.get("klu:1:probe")), "ja")


class PageCacheTests(SharedCacheCase):
    def setUp(self):
        super().setUp()
        self.committee = make_committee()
        self.secretary = make_secretary(self.committee)
        self.meeting = make_meeting(committee=self.committee, status=Meeting.Status.AGENDA_PUBLISHED,
                                    location="Danmarksgade 17")
        self.item = make_item(self.meeting, title="Personalesag om en konsulent")
        self.url = reverse("meetings:detail", args=[self.meeting.pk])

    def test_a_page_rendered_on_one_server_is_served_from_redis_on_another(self):
        first = Client().get(self.url)
        self.assertContains(first, "Danmarksgade 17")
        pages = self.keys("page:*")
        self.assertEqual(len(pages), 1)
        # A change that tells no one (update() sends no signal): the other server still
        # answers with the page in Redis, which proves the page came from there ...
        Meeting.objects.filter(pk=self.meeting.pk).update(location="Saxogade 14")
        other_server()
        second = Client().get(self.url)
        self.assertEqual(second.content, first.content)
        self.assertEqual(second["ETag"], first["ETag"])
        self.assertEqual(self.keys("page:*"), pages)
        # ... and with the key removed from Redis, it renders afresh.
        self.redis.delete(*pages)
        other_server()
        self.assertContains(Client().get(self.url), "Saxogade 14")

    def test_closing_an_item_on_one_server_hides_it_on_the_other_at_once(self):
        reader = Client()
        self.assertContains(reader.get(self.url), "Personalesag om en konsulent")
        self.assertEqual(len(self.keys("page:*")), 1)
        other_server()  # the secretariat's request reaches the other server
        workspace = Client()
        workspace.force_login(self.secretary)
        response = workspace.post(reverse("workspace:item", args=[self.item.pk]), {
            "title": "Personalesag om en konsulent", "kind": "decision", "is_closed": "on",
            "version": self.item.version})
        self.assertEqual(response.status_code, 302)
        other_server()  # and the reader's next request the first one again
        page = reader.get(self.url)
        self.assertNotContains(page, "Personalesag om en konsulent")
        self.assertContains(page, "Lukket punkt")
        # The old page is still in Redis, under the old content version, unreachable.
        self.assertEqual(len(self.keys("page:*")), 2)

    def test_a_rendered_pdf_is_kept_in_redis_under_its_key(self):
        response = Client().get(reverse("exports:agenda-pdf", args=[self.meeting.pk]))
        self.assertEqual(response.status_code, 200)
        key = response["ETag"].strip('"')
        self.assertEqual(self.keys("pdf:*"), {f"klu:1:pdf:{key}"})
        self.assertEqual(pickle.loads(self.redis.get(f"klu:1:pdf:{key}")), response_bytes(response))
        # The other server gets the same bytes without rendering: the page cache is
        # emptied, so only the PDF cache in Redis can answer.
        self.redis.delete(*self.keys("page:*"))
        other_server()
        again = Client().get(reverse("exports:agenda-pdf", args=[self.meeting.pk]))
        self.assertEqual(response_bytes(again), response_bytes(response))


class SessionTests(SharedCacheCase):
    def setUp(self):
        super().setUp()
        self.committee = make_committee()
        self.secretary = make_secretary(self.committee, username="sekretaer")
        self.meeting = make_meeting(committee=self.committee)
        self.hub = reverse("workspace:meeting", args=[self.meeting.pk])

    def log_in(self):
        client = Client()
        response = client.post(reverse("login"), {"username": "sekretaer", "password": PASSWORD})
        self.assertEqual(response.status_code, 302)
        return client

    def test_a_log_out_on_one_server_ends_the_session_for_a_copied_cookie_on_the_other(self):
        browser = self.log_in()
        session_key = browser.cookies[settings.SESSION_COOKIE_NAME].value
        self.assertTrue(Session.objects.filter(session_key=session_key).exists())
        # The same cookie, sent to the other server (as a stolen copy would be).
        other_server()
        copy = Client()
        copy.cookies[settings.SESSION_COOKIE_NAME] = session_key
        self.assertEqual(copy.get(self.hub).status_code, 200)
        # No copy of the session sits in Redis to outlive the log-out.
        self.assertEqual([key for key in self.redis.scan_iter("*") if session_key.encode() in key], [])
        other_server()
        self.assertEqual(browser.post(reverse("logout")).status_code, 302)
        self.assertFalse(Session.objects.filter(session_key=session_key).exists())
        other_server()
        self.assertRedirects(copy.get(self.hub), f"{reverse('login')}?next={self.hub}",
                             fetch_redirect_response=False)


class RedisAwayTests(TestCase):
    """A redis-server of the test's own, stopped halfway: the site serves on from the database."""

    def setUp(self):
        self.committee = make_committee()
        self.secretary = make_secretary(self.committee, username="sekretaer")
        self.meeting = make_meeting(committee=self.committee, status=Meeting.Status.AGENDA_PUBLISHED)
        make_item(self.meeting, title="Budget 2025")
        self.server = contextlib.ExitStack()
        self.addCleanup(self.server.close)
        url = self.server.enter_context(redis_server()).url
        settings_override = redis_settings(url)
        settings_override.enable()
        self.addCleanup(settings_override.disable)
        other_server()

    def test_pages_pdfs_and_log_ins_work_on_while_redis_is_away(self):
        detail = reverse("meetings:detail", args=[self.meeting.pk])
        browser = Client()
        self.assertEqual(browser.post(reverse("login"), {"username": "sekretaer", "password": PASSWORD}).status_code,
                         302)
        self.assertContains(Client().get(detail), "Budget 2025")
        self.server.close()  # redis-server stops
        other_server()
        with self.assertLogs("klu.cache", "WARNING"):
            self.assertContains(Client().get(detail), "Budget 2025")
            self.assertContains(Client().get(reverse("meetings:home")), self.committee.name)
            pdf = Client().get(reverse("exports:agenda-pdf", args=[self.meeting.pk]))
            self.assertEqual(response_bytes(pdf)[:5], b"%PDF-")
            # The session comes from the database.
            self.assertEqual(browser.get(reverse("workspace:meeting", args=[self.meeting.pk])).status_code, 200)
            again = Client()
            self.assertEqual(again.post(reverse("login"), {"username": "sekretaer", "password": PASSWORD}).status_code,
                             302)
            self.assertEqual(again.get(reverse("workspace:meeting", args=[self.meeting.pk])).status_code, 200)

    def test_a_log_out_while_redis_is_away_ends_the_session(self):
        browser = Client()
        browser.post(reverse("login"), {"username": "sekretaer", "password": PASSWORD})
        session_key = browser.cookies[settings.SESSION_COOKIE_NAME].value
        self.server.close()
        other_server()
        self.assertEqual(browser.post(reverse("logout")).status_code, 302)
        copy = Client()
        copy.cookies[settings.SESSION_COOKIE_NAME] = session_key
        hub = reverse("workspace:meeting", args=[self.meeting.pk])
        self.assertRedirects(copy.get(hub), f"{reverse('login')}?next={hub}", fetch_redirect_response=False)
