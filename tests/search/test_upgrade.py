"""A database that existed before search had its own table is indexed by `migrate`."""

from django.core.management import call_command
from django.test import TestCase

from meetings.access import ANONYMOUS
from meetings.models import Meeting
from search.models import SearchEntry
from search.query import search_items
from tests.factories import make_item, make_meeting


class MigrateBuildsAnEmptyIndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        meeting = make_meeting(status=Meeting.Status.AGENDA_PUBLISHED)
        make_item(meeting, title="Rusmiddelafsnittet orienterer")

    def test_migrate_indexes_a_database_without_entries(self):
        SearchEntry.objects.all().delete()  # as after the migration that made the table
        self.assertEqual(len(search_items("rusmiddel", viewer=ANONYMOUS)), 0)
        call_command("migrate", verbosity=0)
        self.assertEqual([r.item.title for r in search_items("rusmiddel", viewer=ANONYMOUS)],
                         ["Rusmiddelafsnittet orienterer"])

    def test_migrate_leaves_an_existing_index_alone(self):
        entry = SearchEntry.objects.get()
        call_command("migrate", verbosity=0)
        self.assertEqual(SearchEntry.objects.get().pk, entry.pk)
