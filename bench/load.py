"""Bounded load on loopback: many concurrent readers, no errors allowed.

`make load-test`. 64 connections read the public pages for 15 s each; the run fails
if any request fails or answers other than 2xx/3xx.
"""

import sys

from server import app_env, gunicorn, prepare, require_postgres, run_wrk

PATHS = ["/", "/meetings/", "/meetings/{signed}/", "/meetings/{signed}/minutes.pdf", "/calendar/klu.ics",
         "/search/?q=samarbejdsaftalen", "/api/meetings/?committee=klu&year=2024"]


def main(seconds=15, connections=64):
    require_postgres()
    env = app_env()
    ids = prepare(env, generate=False)
    failures = 0
    with gunicorn(env, workers=3) as base:
        for template in PATHS:
            path = template.format(**ids)
            figures = run_wrk(base + path, seconds=seconds, connections=connections)
            errors = figures["non_2xx"] + figures["socket_errors"]
            failures += errors
            print(f"{path:45} {figures['requests']:7d} requests  {figures['rps']:7.0f} req/s  "
                  f"p99 {figures['p99']:7.1f} ms  errors {errors}")
    print("load test:", "PASSED, no errors" if failures == 0 else f"FAILED, {failures} errors")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
