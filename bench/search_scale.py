"""Search latency at scale: 10,000 to 300,000 agenda items of varied Danish text on PostgreSQL.

Run through `make bench-search` (scripts/with-postgres starts a throwaway server).
The script makes its own database on that server, builds 40 committees with monthly
meetings (the newest agendas unpublished or published without minutes, the rest
signed off), items with Danish text drawn from the seed documents (bench/danish_text.py),
decisions, notes, attachment titles, some closed items; indexes them with
`search.index.rebuild_all()` where that exists; then times twenty queries for three
audiences (the public, a member of three committees, the secretary of two) at each
size, and drops its database whatever happens.

Sizes grow in place: the data at 10,000 items is the newest part of the data at
300,000 (each committee's older months are added), as an archive grows.

Prints a markdown table and, last, one JSON line. Timed, as the search page needs
them: `search_items(...)`, the first page of results (`results[:20]`, loaded and
highlighted) and, where the results carry them, the facet counts (also reported
apart). Each query runs once untimed first (query plans, caches: a server in use).

Building 300,000 items and indexing them takes minutes. To try a change to the query
side against the same data, build once into a database that stays (`--keep-db NAME`,
on a server that outlives the run: point DATABASE_URL at it rather than using
scripts/with-postgres), then measure it as often as needed (`--reuse-db NAME`, and
`--reindex` after a change to what the index holds). Drop it yourself when done.
"""

import argparse
import datetime
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # not bench/ itself: its search.py would shadow the search app

from bench.danish_text import DanishText  # noqa: E402

COMMITTEES = 40
NEWEST = datetime.date(2026, 6, 1)  # the month of the newest (still unpublished) meetings
CLOSED_RATE = 0.03  # closed items
NOTE_RATE = 0.01  # decisions with a note after the meeting
ITEM_ATTACHMENT_RATE = 0.05
MEETING_ATTACHMENT_RATE = 0.1

# (query, what it tests): twenty, from every word in most items to words in none.
QUERIES = [
    ("kommune", "common"),
    ("borgere", "common, inflected"),
    ("sundhed", "common, compound part"),
    ("mulighed", "common"),
    ("Rusmiddelafsnittet", "common compound"),
    ("rusmiddel", "compound part (modifier)"),
    ("aftale", "compound part (head)"),
    ("hus", "compound head, short"),
    ("sygedagpenge", "compound part, very rare"),
    ("samarbejdsaftaler", "inflected compound"),
    ("pilotprojekter", "inflection, uncommon"),
    ("dialogmøder", "inflection, uncommon"),
    ("ulighed", "rare (not 'mulighed')"),
    ("klyngemidler", "rare"),
    ("alkoholbehandling", "very rare"),
    ("praktiserende læger", "two words, common"),
    ("sundhedsaftalen borgere", "two words, common"),
    ("rusmiddel aftale", "two compound parts"),
    ("zzqx", "absent"),
    ("xylofon", "absent, a real word"),
]
PAGE = 20


def own_database(keep=None, reuse=None):
    """A database of our own on the server DATABASE_URL names; returns (its URL, drop()).

    By default a new one that drop() removes. With `keep`, a new one of that name that
    drop() leaves (for a later `reuse`); with `reuse`, that existing one, also left.
    """
    import psycopg

    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Run this through `make bench-search`: it needs the PostgreSQL server scripts/with-postgres starts.")
    parts = urllib.parse.urlsplit(url)
    name = reuse or keep or f"klu_search_scale_{os.getpid()}"
    admin_url = urllib.parse.urlunsplit(parts._replace(path="/postgres"))
    if not reuse:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'CREATE DATABASE "{name}"')

    def drop():
        from django.conf import settings

        if settings.configured:
            from django.db import connections

            connections.close_all()
        if keep or reuse:
            print(f"Kept database {name!r} (reuse it with --reuse-db {name}).", file=sys.stderr)
            return
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}")), drop


def copy_rows(model, objects):
    """Write unsaved model instances (their pks set) with one COPY, as bulk_create would
    store them (field defaults, auto_now), sending no signal."""
    from django.db import connection

    if not objects:
        return
    fields = model._meta.concrete_fields
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {model._meta.db_table} ({columns}) FROM STDIN") as copy:
            for obj in objects:
                copy.write_row([f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields])


def reset_sequences(models):
    from django.core.management.color import no_style
    from django.db import connection

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), models):
            cursor.execute(sql)


class Archive:
    """The benchmark's records, grown month by month into the past."""

    @classmethod
    def existing(cls):
        """The archive a kept database holds (--reuse-db): its committees and counts; it does not grow."""
        from meetings.models import AgendaItem, Committee, Meeting

        archive = cls.__new__(cls)
        archive.committees = list(Committee.objects.filter(slug__startswith="bench-").order_by("slug"))
        archive.items = AgendaItem.objects.count()
        archive.months = Meeting.objects.dates("date", "month").count()
        archive.ids = {"meeting": Meeting.objects.count()}
        return archive

    def __init__(self):
        from meetings.models import Committee

        self.text = DanishText()
        self.months = 0  # months built, newest first
        self.items = 0
        self.ids = {"meeting": 0, "item": 0, "decision": 0, "note": 0, "attachment": 0}
        names = ["Kommunalt Lægeligt Udvalg", "Chefforum", "Sundhedsklynge", "Driftsforum for Voksen Somatik",
                 "Driftsforum for Psykiatri", "Praksisplanudvalg", "Sundhedspolitisk Dialogforum",
                 "Samarbejdsudvalg"]
        committees = [Committee(slug=f"bench-{n:02d}", name=f"{names[n % len(names)]} {n // len(names) + 1}",
                                default_location="Rådhuset") for n in range(1, COMMITTEES + 1)]
        Committee.objects.bulk_create(committees)
        self.committees = list(Committee.objects.filter(slug__startswith="bench-").order_by("slug"))

    def grow(self, target):
        """Add older months until the archive holds at least `target` items."""
        from django.db import transaction

        while self.items < target:
            with transaction.atomic():
                batch_end = self.items + 10_000
                records = {"meetings": [], "items": [], "decisions": [], "notes": [], "attachments": []}
                while self.items < min(target, batch_end):
                    self.items += self._month(self.months, records)
                    self.months += 1
                self._write(records)
        from meetings.models import AgendaItem, Attachment, Decision, DecisionNote, Meeting

        reset_sequences([Meeting, AgendaItem, Decision, DecisionNote, Attachment])

    def _next(self, kind):
        self.ids[kind] += 1
        return self.ids[kind]

    def _month(self, month, records):
        """One meeting per committee in the month `month` months before NEWEST. Returns the items made."""
        from meetings.models import AgendaItem, Attachment, Decision, DecisionNote, Meeting

        year, month_of_year = divmod(NEWEST.year * 12 + NEWEST.month - 1 - month, 12)
        made = 0
        for index, committee in enumerate(self.committees):
            rng = random.Random(f"{committee.slug}:{month}")  # the same records at every size
            date = datetime.date(year, month_of_year + 1, 1 + (index * 7 + month) % 27)
            if month == 0:
                status = "planned" if index % 2 else "agenda_published"  # unpublished drafts, and agendas
            elif month == 1:
                status = "minutes_drafted"
            else:
                status = "signed_off"
            at = datetime.datetime.combine(date, datetime.time(18), tzinfo=datetime.timezone.utc)
            meeting = Meeting(
                pk=self._next("meeting"), committee_id=committee.pk, date=date, start_time=datetime.time(15),
                end_time=datetime.time(17), location="Rådhuset", status=status,
                agenda_published_at=None if status == "planned" else at - datetime.timedelta(days=7),
                signed_off_at=at if status == "signed_off" else None,
                sign_off_method="chair" if status == "signed_off" else "")
            records["meetings"].append(meeting)
            for number in range(1, rng.randint(8, 24) + 1):
                title, case, recommendations, decision = self.text.item(rng)
                item = AgendaItem(pk=self._next("item"), meeting_id=meeting.pk, number=number, title=title[:500],
                                  case_description=case, recommendation_lead="Det indstilles, at",
                                  recommendations=recommendations, is_closed=rng.random() < CLOSED_RATE)
                records["items"].append(item)
                made += 1
                if status != "planned" and status != "agenda_published":
                    records["decisions"].append(Decision(pk=self._next("decision"), item_id=item.pk,
                                                         outcome="discussed", text=decision))
                    if rng.random() < NOTE_RATE:
                        records["notes"].append(DecisionNote(
                            pk=self._next("note"), decision_id=self.ids["decision"], noted_on=date,
                            text=f"<p>{rng.choice(self.text.pool)}.</p>"))
                if rng.random() < ITEM_ATTACHMENT_RATE:
                    records["attachments"].append(Attachment(
                        pk=self._next("attachment"), meeting_id=meeting.pk, item_id=item.pk, part="agenda",
                        title=self.text.title(rng)[:300], is_closed=rng.random() < 0.1, position=1))
            if rng.random() < MEETING_ATTACHMENT_RATE:
                records["attachments"].append(Attachment(
                    pk=self._next("attachment"), meeting_id=meeting.pk, part="minutes",
                    title=self.text.title(rng)[:300], position=1))
        return made

    def _write(self, records):
        from meetings.models import AgendaItem, Attachment, Decision, DecisionNote, Meeting

        copy_rows(Meeting, records["meetings"])
        copy_rows(AgendaItem, records["items"])
        copy_rows(Decision, records["decisions"])
        copy_rows(DecisionNote, records["notes"])
        copy_rows(Attachment, records["attachments"])


def search_function(which):
    """(search_items, module name): with "auto", the search app's where it exists, else
    meetings.search's (the search before the search app)."""
    if which != "legacy":
        try:
            from search.query import search_items

            return search_items, "search.query"
        except ImportError:
            if which == "new":
                raise
    from meetings.search import search_items

    return search_items, "meetings.search"


def rebuild_index():
    """Seconds `search.index.rebuild_all()` took."""
    from search.index import rebuild_all

    started = time.perf_counter()
    rebuild_all()
    return time.perf_counter() - started


def analyze():
    """Statistics for the planner, as autovacuum would give a database in use; and forget
    whatever was cached about the smaller archive."""
    from django.core.cache import cache
    from django.db import connection

    from meetings import pagecache

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    pagecache.bump()
    cache.clear()


def audiences(archive):
    from meetings import access

    ids = [c.pk for c in archive.committees]
    return {
        "public": access.ANONYMOUS,
        "member of 3": access.Viewer(member_of=frozenset(ids[:3])),
        "secretary of 2": access.Viewer(secretary_of=frozenset(ids[3:5])),
    }


def one_search(search_items, query, viewer):
    """(results, ms for the search and its first page, ms for the facet counts or None)."""
    started = time.perf_counter()
    results = search_items(query, viewer=viewer)
    list(results[:PAGE])
    searched = time.perf_counter()
    if not hasattr(results, "facets"):  # meetings.search counts nothing
        return results, (searched - started) * 1000, None
    facets = results.facets
    for counts in facets.values():
        dict(counts)
    return results, (searched - started) * 1000, (time.perf_counter() - searched) * 1000


def measure(search_items, viewers, rounds):
    """{audience: {"timings": [total ms], "page": [ms without facets], "per_query": {query: (median ms, hits)}}}."""
    figures = {}
    for label, viewer in viewers.items():
        timings, pages, per_query = [], [], {}
        for query, _kind in QUERIES:
            results = one_search(search_items, query, viewer)[0]  # warm: plans, caches, as a server in use
            values = []
            for _round in range(rounds):
                _results, page, facets = one_search(search_items, query, viewer)
                values.append(page + (facets or 0))
                pages.append(page)
            timings += values
            per_query[query] = (statistics.median(values), len(results))
        figures[label] = {"timings": timings, "page": pages, "per_query": per_query}
    return figures


def percentile(values, fraction):
    values = sorted(values)
    return values[max(0, int(len(values) * fraction + 0.5) - 1)]


def code_state(module):
    """The commit, and a hash of the search code as it is in the working tree (it may differ)."""
    def git(*args):
        try:
            return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
        except (OSError, subprocess.CalledProcessError):
            return ""
    files = sorted((ROOT / "search").glob("*.py")) if module == "search.query" else [ROOT / "meetings" / "search.py"]
    digest = hashlib.sha256(b"".join(path.read_bytes() for path in files)).hexdigest()[:12]
    changed = git("status", "--porcelain", "--", *[str(p.relative_to(ROOT)) for p in files])
    return {"commit": git("rev-parse", "--short", "HEAD"), "search_code_sha256": digest,
            "search_code_uncommitted": bool(changed)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--items", type=int, nargs="+", default=[10_000, 300_000])
    parser.add_argument("--rounds", type=int, default=5, help="timed searches per query and audience")
    parser.add_argument("--search", choices=["auto", "new", "legacy"], default="auto",
                        help="new: search.query (indexed by search.index.rebuild_all); legacy: meetings.search")
    parser.add_argument("--keep-db", metavar="NAME",
                        help="build into a new database NAME and keep it (at the largest size) for --reuse-db")
    parser.add_argument("--reuse-db", metavar="NAME",
                        help="measure the archive a kept database holds, as it is (no build; --items is ignored)")
    parser.add_argument("--reindex", action="store_true",
                        help="with --reuse-db: rebuild the search index first (after a change to what it holds)")
    args = parser.parse_args()
    if args.keep_db and args.reuse_db:
        parser.error("--keep-db builds a new database, --reuse-db measures a kept one: choose one")

    url, drop = own_database(keep=args.keep_db, reuse=args.reuse_db)
    # Production-like (DEBUG off: no query log), as bench/server.py runs the app.
    os.environ.update(DATABASE_URL=url, DEBUG="0", KLU_DEMO="1", KLU_BENCH="1", LOG_LEVEL="ERROR",
                      SECRET_KEY="bench-only-secret-key-not-for-production-use")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klu.settings")
    try:
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0, interactive=False)
        search_items, module = search_function(args.search)
        archive = Archive.existing() if args.reuse_db else Archive()
        sizes = []
        for target in [archive.items] if args.reuse_db else sorted(args.items):
            started = time.perf_counter()
            if not args.reuse_db:
                archive.grow(target)
            built = time.perf_counter() - started
            reindex = module == "search.query" and (args.reindex or not args.reuse_db)
            indexed = rebuild_index() if reindex else None
            analyze()
            if indexed is not None:
                done = f", indexed in {indexed:.1f} s"
            elif args.reuse_db:
                done = f" (kept database {args.reuse_db}, its index as it was)"
            else:
                done = " (meetings.search: no index to build)"
            print(f"{archive.items} items in {archive.months} months: built in {built:.1f} s{done}",
                  file=sys.stderr, flush=True)
            load = os.getloadavg()[0]
            figures = measure(search_items, audiences(archive), args.rounds)
            # The machine's load while measuring: other work on it slows every figure alike.
            load = round(max(load, os.getloadavg()[0]), 1)
            sizes.append({"items": archive.items, "meetings": archive.ids["meeting"], "build_s": round(built, 1),
                          "index_s": None if indexed is None else round(indexed, 1), "load": load,
                          "figures": figures})
            report_size(sizes[-1])
    finally:
        drop()
    report(sizes, module, args.rounds)


def report_size(size):
    """Per query: median ms and hits, per audience (on stderr, as each size finishes)."""
    labels = list(size["figures"])
    print(f"\nPer query at {size['items']:,} items (median ms / hits):", file=sys.stderr)
    print("| query | " + " | ".join(labels) + " |", file=sys.stderr)
    print("| --- |" + " ---: |" * len(labels), file=sys.stderr)
    for query, _kind in QUERIES:
        cells = ["{:.1f} / {}".format(*size["figures"][label]["per_query"][query]) for label in labels]
        print(f"| {query} | " + " | ".join(cells) + " |", file=sys.stderr)
    print(file=sys.stderr, flush=True)


def report(sizes, module, rounds):
    from django.db import connection  # noqa: F401  (settings are loaded; the server version below)

    state = code_state(module)
    print(f"Search: `{module}.search_items` at commit {state['commit']}"
          f"{' + uncommitted changes' if state['search_code_uncommitted'] else ''}"
          f" (code sha256 {state['search_code_sha256']}); {len(QUERIES)} queries × {rounds} rounds per audience;"
          f" {os.cpu_count()} CPUs, load average while measuring "
          + ", ".join(f"{size['load']} at {size['items']:,}" for size in sizes) + ".\n")
    print("| items | meetings | build s | index s | audience | p50 ms | p95 ms | max ms | p50/p95 without facets |")
    print("| ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: |")
    summary = []
    for size in sizes:
        entry = {"items": size["items"], "meetings": size["meetings"], "build_s": size["build_s"],
                 "index_s": size["index_s"], "load": size["load"], "audiences": {}}
        for label, figures in size["figures"].items():
            timings = figures["timings"]
            p50, p95, top = statistics.median(timings), percentile(timings, 0.95), max(timings)
            page50, page95 = statistics.median(figures["page"]), percentile(figures["page"], 0.95)
            index = "–" if size["index_s"] is None else f"{size['index_s']}"
            print(f"| {size['items']:,} | {size['meetings']:,} | {size['build_s']} | {index} | {label} | "
                  f"{p50:.1f} | {p95:.1f} | {top:.1f} | {page50:.1f} / {page95:.1f} |")
            entry["audiences"][label] = {"p50": round(p50, 1), "p95": round(p95, 1), "max": round(top, 1),
                                         "p50_without_facets": round(page50, 1),
                                         "p95_without_facets": round(page95, 1),
                                         "per_query_median": {q: round(median, 1)
                                                              for q, (median, _hits) in figures["per_query"].items()},
                                         "hits": {q: hits for q, (_median, hits) in figures["per_query"].items()}}
        summary.append(entry)
    print(json.dumps({"benchmark": "search_scale", "search": module, **state, "rounds": rounds,
                      "queries": [q for q, _kind in QUERIES], "sizes": summary}, ensure_ascii=False))


if __name__ == "__main__":
    main()
