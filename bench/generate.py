"""Adds benchmark data to a seeded database and prints the ids the benchmark needs.

A draft agenda for the KLU (the "agenda draft page"), and a separate committee with
10,000 signed-off agenda items whose texts are drawn from the words of the seed
minutes, for search. Idempotent: a second run adds nothing.
"""

import datetime
import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klu.settings")

import django  # noqa: E402

django.setup()

from django.db import transaction  # noqa: E402

from meetings.locking import minutes_unlocked  # noqa: E402
from meetings.models import AgendaItem, Committee, Decision, Meeting  # noqa: E402

ITEMS = 10_000
PER_MEETING = 50
SEED = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds" / "000_8d9de3b6ae5d5181.txt"


def words():
    text = SEED.read_text() if SEED.exists() else "samarbejdsaftale praktiserende læger kommune region"
    return [w.strip(".,:;()\"'–-") for w in text.split() if len(w.strip(".,:;()\"'–-")) > 3]


@transaction.atomic
def main():
    klu = Committee.objects.get(slug="klu")
    draft, _created = Meeting.objects.get_or_create(
        committee=klu, date=datetime.date(2031, 3, 6),
        defaults={"title": "Benchmark: dagsordensudkast", "start_time": datetime.time(15),
                  "end_time": datetime.time(17), "location": klu.default_location})
    if not draft.items.exists():
        for number in range(1, 13):
            AgendaItem.objects.create(meeting=draft, number=number, title=f"Udkast til punkt {number}",
                                      case_description="<p>Sagsbeskrivelse under udarbejdelse.</p>")
    if "--no-items" in sys.argv:
        signed = Meeting.objects.get(committee=klu, date=datetime.date(2023, 11, 30))
        print(json.dumps({"signed": signed.pk, "draft": draft.pk, "items": 0}))
        return
    bench, _created = Committee.objects.get_or_create(slug="bench", defaults={"name": "Benchmarkudvalg"})
    have = AgendaItem.objects.filter(meeting__committee=bench).count()
    rng = random.Random(2024)
    vocabulary = words()
    signed_off_at = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    with minutes_unlocked():
        for index in range(have // PER_MEETING, ITEMS // PER_MEETING):
            meeting = Meeting.objects.create(
                committee=bench, date=datetime.date(2000, 1, 1) + datetime.timedelta(days=7 * index),
                start_time=datetime.time(15), end_time=datetime.time(17), location="Benchmark",
                status=Meeting.Status.SIGNED_OFF, signed_off_at=signed_off_at, sign_off_method="chair")
            items = AgendaItem.objects.bulk_create([
                AgendaItem(meeting=meeting, number=n, title=" ".join(rng.choices(vocabulary, k=6)).capitalize(),
                           case_description="<p>" + " ".join(rng.choices(vocabulary, k=120)) + ".</p>",
                           recommendations=[" ".join(rng.choices(vocabulary, k=8))])
                for n in range(1, PER_MEETING + 1)])
            Decision.objects.bulk_create([
                Decision(item=item, outcome="discussed", text="<p>" + " ".join(rng.choices(vocabulary, k=30)) + ".</p>")
                for item in items])
    # bulk_create sends no signals, so the search index is built once for everything.
    from search.index import rebuild_all

    rebuild_all()
    signed = Meeting.objects.get(committee=klu, date=datetime.date(2023, 11, 30))
    print(json.dumps({"signed": signed.pk, "draft": draft.pk,
                      "items": AgendaItem.objects.filter(meeting__committee=bench).count()}))


def analyze():
    """Give the planner statistics, as autovacuum would on a database in use (bulk inserts have none)."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


if __name__ == "__main__":
    main()
    analyze()
