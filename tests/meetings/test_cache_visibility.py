"""Making something less visible takes effect for every worker before the save returns.

Each worker process keeps its own page cache. Once, each also kept its copy of the
content version for a second, so after an item was closed other workers went on
serving the cached public page with the item in it. Now every cached request asks the
database for the version; these tests change it the way another process does and
expect the very next request to see the change.
"""

import contextlib
import json
import os
import select
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

from django.db import connection
from django.test import TestCase, TransactionTestCase

from meetings.models import AgendaItem, Meeting, SiteVersion
from tests.factories import make_item, make_meeting

ROOT = Path(__file__).resolve().parents[2]
SECRET = "Fortrolig personalesag om en konsulent"


class AnotherProcessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.meeting = make_meeting(status=Meeting.Status.AGENDA_PUBLISHED)
        cls.item = make_item(cls.meeting, title=SECRET)

    def test_closing_an_item_elsewhere_hides_it_from_the_next_public_request(self):
        url = self.meeting.get_absolute_url()
        self.assertContains(self.client.get(url), SECRET)
        self.assertContains(self.client.get(url), SECRET)  # now from this process's cache
        # Another worker closes the item: its writes reach the database, not this
        # process (no signal, no bump() here), exactly what this process sees of it.
        AgendaItem.objects.filter(pk=self.item.pk).update(is_closed=True)
        SiteVersion.objects.filter(pk=1).update(value="set-by-another-process")
        self.assertNotContains(self.client.get(url), SECRET)

    def test_a_cached_page_costs_one_query_for_the_version(self):
        url = self.meeting.get_absolute_url()
        self.client.get(url)
        # the content version (the page itself comes from the cache)
        with self.assertNumQueries(1):
            self.client.get(url)


# The child process: a second worker with its own page cache, serving requests that
# the test sends as JSON lines, with the settings production runs with.
WORKER = """
import json, sys
import django
django.setup()
from django.test import Client
client = Client()
for line in sys.stdin:
    request = json.loads(line)
    response = client.get(request["path"])
    print(json.dumps({"status": response.status_code, "shows": request["text"] in response.content.decode()}),
          flush=True)
"""


def _shared_database_url():
    """The test database as another process can reach it, or None (an in-memory SQLite)."""
    settings = connection.settings_dict
    if connection.vendor == "postgresql":
        auth = quote(settings["USER"], safe="") + (f":{quote(settings['PASSWORD'], safe='')}"
                                                   if settings["PASSWORD"] else "")
        host = quote(settings["HOST"] or "localhost", safe="")  # a socket folder is a path
        return f"postgres://{auth}@{host}:{settings['PORT'] or 5432}/{quote(settings['NAME'], safe='')}"
    if connection.vendor == "sqlite" and not connection.is_in_memory_db():
        return f"sqlite:///{settings['NAME']}"
    return None


class SecondWorkerTests(TransactionTestCase):
    def setUp(self):
        # Asked here, not at import: only now does the connection name the test database.
        database_url = _shared_database_url()
        if database_url is None:
            self.skipTest("a second process cannot open an in-memory SQLite test database")
        # Production's defaults, not the test run's (tests/settings_env.py once set a
        # version TTL of 0 there, which hid this defect from every test).
        env = {key: value for key, value in os.environ.items() if key != "PAGE_CACHE_VERSION_TTL"}
        env.update(DATABASE_URL=database_url, DJANGO_SETTINGS_MODULE="klu.settings",
                   ALLOWED_HOSTS="testserver")
        self.worker = subprocess.Popen([sys.executable, "-c", WORKER], cwd=ROOT, env=env, text=True,
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        # Its connection must be gone before the test database is flushed or dropped.
        self.addCleanup(self.stop_worker)

    def stop_worker(self):
        with contextlib.suppress(BrokenPipeError):  # it may have died already
            self.worker.stdin.close()
        self.worker.wait(timeout=30)
        self.worker.stdout.close()

    def ask_worker(self, path, text):
        self.worker.stdin.write(json.dumps({"path": path, "text": text}) + "\n")
        self.worker.stdin.flush()
        ready, _, _ = select.select([self.worker.stdout], [], [], 60)
        self.assertTrue(ready, "the worker process did not answer within a minute")
        answer = self.worker.stdout.readline()
        self.assertTrue(answer, "the worker process died")
        return json.loads(answer)

    def test_closing_an_item_hides_it_in_another_worker_before_the_save_returns(self):
        meeting = make_meeting(status=Meeting.Status.AGENDA_PUBLISHED)
        item = make_item(meeting, title=SECRET)
        url = meeting.get_absolute_url()
        self.assertEqual(self.ask_worker(url, SECRET), {"status": 200, "shows": True})
        self.assertEqual(self.ask_worker(url, SECRET), {"status": 200, "shows": True})  # its cache
        item.is_closed = True
        item.save()
        self.assertEqual(self.ask_worker(url, SECRET), {"status": 200, "shows": False})
