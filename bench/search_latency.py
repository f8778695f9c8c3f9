"""Search latency over the generated items, measured in-process on PostgreSQL.

Prints one JSON line: p50 and p95 in milliseconds over repeated searches for words
that occur in the items (and inflected forms of them).
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klu.settings")

import django  # noqa: E402

django.setup()

from meetings import access  # noqa: E402
from meetings.models import AgendaItem  # noqa: E402
from search.query import search_items  # noqa: E402

QUERIES = ["samarbejdsaftale", "samarbejdsaftaler", "praktiserende læger", "Rusmiddelafsnittet", "pilotprojekt",
           "sundhedsaftalen", "kommunal praksiskonsulent", "dialogmøder", "alkoholbehandling", "mødekalender"]


def main(rounds=10):
    timings, per_query = [], {query: [] for query in QUERIES}
    for _round in range(rounds):
        for query in QUERIES:
            started = time.perf_counter()
            results = search_items(query, viewer=access.ANONYMOUS)
            list(results[:20])  # the first page of results, as the search page shows it
            elapsed = (time.perf_counter() - started) * 1000
            timings.append(elapsed)
            per_query[query].append(elapsed)
    for query, values in per_query.items():
        print(f"  {query!r}: median {statistics.median(values):.1f} ms, {len(search_items(query, viewer=access.ANONYMOUS))} hits",
              file=sys.stderr)
    timings.sort()
    print(json.dumps({
        "items": AgendaItem.objects.count(), "runs": len(timings), "queries": QUERIES,
        "p50": statistics.median(timings), "p95": timings[int(len(timings) * 0.95) - 1],
    }))


if __name__ == "__main__":
    main()
