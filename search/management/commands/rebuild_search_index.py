"""`python manage.py rebuild_search_index`: build every search entry afresh from the records."""

import time

from django.core.management.base import BaseCommand

from search.index import rebuild_all


class Command(BaseCommand):
    help = "Bygger søgeindekset forfra ud fra møder, punkter, bilag, aftaler og målsætninger."

    def handle(self, *args, **options):
        started = time.monotonic()

        def progress(done, total):
            if options["verbosity"] >= 2:
                self.stdout.write(f"  {done}/{total} møder")

        total = rebuild_all(progress=progress)
        self.stdout.write(f"rebuild_search_index: {total} søgeposter på {time.monotonic() - started:.1f} s")
