"""How long the minutes PDF takes to render: the seed minutes and a generated 60-item meeting.

    make bench                 # or: .venv/bin/python -m bench.pdf_render [--runs 7]

Runs against a fresh in-memory SQLite database (migrated, then loaded with
`seed_klu`), so it touches no database or media folder of yours. Times only the
rendering (MeetingView to PDF bytes), which is what a download of unsigned minutes,
or the first download of signed-off minutes, waits for; and the sign-off itself
(services.minutes_sign_off on a drafted 60-item meeting), which is what the secretary
waits for when pressing "Godkend referatet"; what a conditional request costs (the
state key, no rendering); and how much larger a fresh process is after rendering 60
and 200 items once (each in a child process of its own).
"""

import argparse
import atexit
import gc
import json
import os
import pathlib
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
# Run as a script, Python puts bench/ first on the path; the project root is what
# belongs there, so that `import meetings` and the standard library resolve as usual.
sys.path[:] = [str(ROOT)] + [p for p in sys.path if pathlib.Path(p or ".").resolve() != HERE]
os.environ["DATABASE_URL"] = "sqlite://:memory:"
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klu.settings")
os.environ["MEDIA_ROOT"] = tempfile.mkdtemp(prefix="klu-bench-")
atexit.register(shutil.rmtree, os.environ["MEDIA_ROOT"], ignore_errors=True)

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402
import io  # noqa: E402

import pypdf  # noqa: E402  (a development dependency, as this script is)

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402

from meetings import access, services  # noqa: E402
from meetings.exports.pdf import render_minutes_pdf  # noqa: E402
from meetings.locking import minutes_unlocked  # noqa: E402
from meetings.models import (  # noqa: E402
    AgendaItem, Attendance, Committee, Decision, Meeting, Organisation, Person,
)
from meetings.presentation import build_meeting_view  # noqa: E402
from meetings.selectors import meeting_for_display  # noqa: E402

CASE_TEXT = (
    "<p>Kommunalt Lægeligt Udvalg har i sin forretningsorden fastlagt et årshjul med fire møder pr. år. "
    "Punktet beskriver baggrunden, de økonomiske rammer og de aftaler, der allerede er indgået mellem "
    "kommunen, regionen og almen praksis.</p>"
    "<ul><li>Status på samarbejdet</li><li>Erfaringer fra pilotprojektet</li><li>Forslag til næste skridt</li></ul>"
)
TABLE = (
    "<table><thead><tr><th>Indsats</th><th>Jammerbugt Kommune</th><th>Aalborg Kommune</th><th>I alt</th></tr>"
    "</thead><tbody>"
    + "".join(f"<tr><td>{n}. Indsats nummer {n}</td><td>{n * 10_000}</td><td>{n * 25_000}</td>"
              f"<td>{n * 35_000}</td></tr>" for n in range(1, 9))
    + "</tbody></table>"
)


def generated_meeting(items=60, *, signed_off=True, date=datetime.date(2025, 12, 11)):
    """A meeting with `items` items, each with case text, a decision and every fifth a table.

    Signed off, or (signed_off=False) drafted and complete, ready for minutes_sign_off."""
    committee = Committee.objects.get(slug="klu")
    organisation = Organisation.objects.order_by("pk").first()
    state = dict(status=Meeting.Status.SIGNED_OFF, sign_off_method=Meeting.SignOffMethod.CHAIR,
                 signed_off_at=datetime.datetime(2025, 12, 18, 12, tzinfo=datetime.timezone.utc))
    if not signed_off:
        state = dict(status=Meeting.Status.MINUTES_DRAFTED, minute_taker=Person.objects.order_by("pk").first())
    with minutes_unlocked():
        meeting = Meeting.objects.create(
            committee=committee, date=date, start_time=datetime.time(15),
            end_time=datetime.time(17), location="Danmarksgade 17", **state,
        )
        for position, person in enumerate(Person.objects.order_by("pk")[:20]):
            Attendance.objects.create(meeting=meeting, person=person, organisation=organisation, position=position,
                                      status=Attendance.Status.APOLOGIES if position % 7 == 0 else
                                      Attendance.Status.PRESENT)
        for number in range(1, items + 1):
            item = AgendaItem.objects.create(
                meeting=meeting, number=number, title=f"Punkt {number}: drøftelse af samarbejdet om indsats {number}",
                case_description=CASE_TEXT + (TABLE if number % 5 == 0 else ""), is_closed=number % 20 == 0,
            )
            Decision.objects.create(item=item, outcome=Decision.Outcome.DISCUSSED,
                                    text=f"<p>Drøftet. Udvalget følger op på punkt {number} på næste møde.</p>")
    return meeting


def timed(view, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        data = render_minutes_pdf(view)
        times.append(time.perf_counter() - start)
    return times, data


def timed_sign_offs(runs, items=60):
    """Seconds each sign-off (the service call a sign-off request makes) takes, one fresh meeting a run."""
    user = get_user_model().objects.create_superuser("bench-secretary", "bench@example.dk", "x")
    times = []
    for run in range(runs):
        date = datetime.date(2025, 1, 2) + datetime.timedelta(days=7 * run)
        meeting = generated_meeting(items, signed_off=False, date=date)
        start = time.perf_counter()
        services.minutes_sign_off(meeting=meeting, user=user, method=Meeting.SignOffMethod.CHAIR)
        times.append(time.perf_counter() - start)
    return times


def rss_mib():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS:"))


def memory_growth(items):
    """(RSS before, after) in MiB of a fresh process that renders an `items`-item minutes PDF once.

    Run in a child process (see main), so that nothing rendered before counts."""
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    call_command("seed_klu", stdout=io.StringIO())
    view = build_meeting_view(meeting_for_display(generated_meeting(items).pk), access.Audience.MEMBER)
    import weasyprint  # noqa: F401  (its import is not the rendering's memory)

    gc.collect()
    before = rss_mib()
    render_minutes_pdf(view)
    gc.collect()
    return before, rss_mib()


def timed_state_keys(view, runs):
    """Seconds to learn a PDF's state (its ETag) without rendering: what a conditional request costs."""
    try:
        from meetings.exports.pdf import minutes_job
    except ImportError:  # before issue 15 the state was known only by rendering
        return None
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        minutes_job(view)
        times.append(time.perf_counter() - start)
    return times


def timed_floor(view, runs):
    """Seconds WeasyPrint takes for the same document with a bare stylesheet (A4 margins only).

    No styling can make the minutes faster than this: it is the cost of laying out and
    writing their text at all."""
    try:
        from meetings.exports.pdf import minutes_job
    except ImportError:
        return None
    import weasyprint

    html = re.sub(r"<style>.*?</style>", "<style>@page { size: A4; margin: 25mm 20mm 22mm 25mm }</style>",
                  minutes_job(view).html, flags=re.S)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        weasyprint.HTML(string=html).write_pdf()
        times.append(time.perf_counter() - start)
    return times


def report(name, times, data):
    pages = len(pypdf.PdfReader(io.BytesIO(data)).pages)
    print(f"{name}: median {statistics.median(times):.2f} s (min {min(times):.2f} s, max {max(times):.2f} s; "
          f"{pages} pages, {len(data) / 1024:.0f} KiB)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=int(os.environ.get("BENCH_RUNS", 5)))
    parser.add_argument("--memory", type=int, metavar="ITEMS",
                        help="only print the RSS of a process before and after one render of ITEMS items")
    arguments = parser.parse_args()
    if arguments.memory:
        print(json.dumps(memory_growth(arguments.memory)))
        return
    runs = arguments.runs

    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    call_command("seed_klu", stdout=io.StringIO())
    seed = Meeting.objects.get(committee__slug="klu", date=datetime.date(2023, 11, 30))
    big = generated_meeting()

    # The first rendering loads fonts and warms caches; a server pays that once.
    # A single run (a smoke test, as the test suite makes) skips the warm-up.
    if runs > 1:
        render_minutes_pdf(build_meeting_view(meeting_for_display(seed.pk), access.Audience.PUBLIC))
    print(f"PDF rendering, WeasyPrint, {runs} runs each" + (" (after one warm-up run):" if runs > 1 else ":"))
    for name, meeting in (("Seed minutes, KLU 30 November 2023", seed), ("Generated meeting, 60 items", big)):
        view = build_meeting_view(meeting_for_display(meeting.pk), access.Audience.MEMBER)
        report(name, *timed(view, runs))
    floor = timed_floor(build_meeting_view(meeting_for_display(big.pk), access.Audience.MEMBER), runs)
    if floor:
        print(f"WeasyPrint's floor for the 60-item minutes (same HTML, bare stylesheet, untagged): "
              f"median {statistics.median(floor):.2f} s")
    state_keys = timed_state_keys(build_meeting_view(meeting_for_display(big.pk), access.Audience.MEMBER), runs)
    if state_keys:
        print(f"State key of the 60-item minutes, no rendering (a conditional request): "
              f"median {statistics.median(state_keys) * 1000:.0f} ms")
    times = timed_sign_offs(runs)
    print(f"Sign-off of a 60-item meeting (services.minutes_sign_off): median {statistics.median(times):.2f} s "
          f"(min {min(times):.2f} s, max {max(times):.2f} s)")

    for items in map(int, os.environ.get("BENCH_MEMORY_ITEMS", "60 200").split()):
        child = subprocess.run([sys.executable, "-m", "bench.pdf_render", "--memory", str(items)], cwd=ROOT,
                               capture_output=True, text=True, check=True)
        before, after = json.loads(child.stdout.strip().splitlines()[-1])
        print(f"Memory of a fresh process around one render of {items} items: {before:.0f} MiB before, "
              f"{after:.0f} MiB after (+{after - before:.0f} MiB)")


if __name__ == "__main__":
    main()
