"""HTTP benchmark: gunicorn + PostgreSQL on loopback, load from wrk, bounded in time.

Run through `make bench` (which starts a throwaway PostgreSQL with
scripts/with-postgres). Prints requests per second and p50/p99 latency for each
page, and each as a ratio of a trivial Django view measured in the same run, then
search latency over 10,000 generated items. With --write, records the figures in
docs/performance.md.
"""

import argparse
import datetime
import json
import os
import re
import subprocess
import time
import urllib.request
from pathlib import Path

from server import PYTHON, ROOT, app_env, gunicorn, login_cookie, prepare, require_postgres, run_wrk

# (label, path template, target ratio of the baseline's requests per second)
PAGES = [
    ("Baseline: trivial Django view", "/bench/baseline", None),
    ("Forside /", "/", 0.2),
    ("Arkiv /meetings/", "/meetings/?committee=klu", 0.2),
    ("Godkendt referat (side)", "/meetings/{signed}/", 0.5),
    ("Dagsordensudkast (side, sekretariat)", "/meetings/{draft}/", 0.2),
    ("Referat som PDF", "/meetings/{signed}/minutes.pdf", 0.5),
    ("KLU-kalender /calendar/klu.ics", "/calendar/klu.ics", 0.5),
    ("Søgning /search/?q=samarbejdsaftale", "/search/?q=samarbejdsaftale", 0.2),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=8, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--write", action="store_true", help="record the figures in docs/performance.md")
    args = parser.parse_args()

    require_postgres()
    env = app_env()
    ids = prepare(env)

    results = []
    with gunicorn(env, workers=args.workers) as base:
        cookie = login_cookie(base, "sekretaer", "klu-sekretaer-demo")
        for label, template, target in PAGES:
            path = template.format(**ids)
            headers = [f"Cookie: {cookie}"] if "sekretariat" in label else []
            # One request first, so lazily stored PDFs and caches are warm, as in production,
            # then a short unmeasured load (every worker process warms its own cache), and a
            # pause so that no queued request of the previous page overlaps the measurement.
            request = urllib.request.Request(base + path, headers=dict(h.split(": ", 1) for h in headers))
            urllib.request.urlopen(request, timeout=60).read()
            run_wrk(base + path, seconds=1, connections=args.connections, headers=headers)
            time.sleep(2)
            figures = run_wrk(base + path, seconds=args.seconds, connections=args.connections, headers=headers)
            results.append({"label": label, "path": path, "target": target, **figures})

    baseline = results[0]["rps"]
    lines = [
        "| Side | Sti | req/s | p50 ms | p99 ms | andel af baseline | mål | fejl |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    for r in results:
        ratio = r["rps"] / baseline
        verdict = "" if r["target"] is None else (f"≥ {r['target']} " + ("✔" if ratio >= r["target"] else "✘"))
        errors = r["non_2xx"] + r["socket_errors"]
        lines.append(f"| {r['label']} | `{r['path']}` | {r['rps']:.0f} | {r['p50']:.1f} | {r['p99']:.1f} | "
                     f"{ratio:.2f} | {verdict} | {errors} |")

    completed = subprocess.run([PYTHON, str(ROOT / "bench" / "search_latency.py")], cwd=ROOT, env=env, check=True,
                               capture_output=True, text=True)
    print(completed.stderr)
    search = completed.stdout.strip().splitlines()[-1]
    search = json.loads(search)
    search_line = (f"Søgning i {search['items']} punkter på PostgreSQL ({search['runs']} søgninger, "
                   f"{len(search['queries'])} forskellige ord): p50 {search['p50']:.1f} ms, "
                   f"p95 {search['p95']:.1f} ms (mål: p95 under 50 ms "
                   f"{'✔' if search['p95'] < 50 else '✘'}).")

    report = "\n".join(lines) + "\n\n" + search_line + "\n"
    print(report)
    if args.write:
        write_report(report, args)


def write_report(report, args):
    path = ROOT / "docs" / "performance.md"
    text = path.read_text() if path.exists() else ""
    marker_start, marker_end = "<!-- bench:http:start -->", "<!-- bench:http:end -->"
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown CPU")
    block = (f"{marker_start}\nMeasured {datetime.date.today().isoformat()} on {os.cpu_count()} cores ({cpu}), "
             f"gunicorn with {args.workers} workers, wrk with 2 threads and {args.connections} connections for "
             f"{args.seconds} s per page, all in one run:\n\n{report}{marker_end}")
    if marker_start in text:
        text = re.sub(re.escape(marker_start) + ".*?" + re.escape(marker_end), lambda _m: block, text, flags=re.S)
    else:
        text += "\n" + block + "\n"
    path.write_text(text)


if __name__ == "__main__":
    main()
