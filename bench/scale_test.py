"""Two app servers sharing PostgreSQL, Redis and an S3 store: `make scale-test`.

Everything on 127.0.0.1, bounded in time, and stopped whatever happens:
- PostgreSQL from scripts/with-postgres (DATABASE_URL); Redis (Debian redis-server) and
  SeaweedFS (`weed server -s3`) from tests/service_processes.py;
- the database prepared once (migrate, seed_klu with the demo log-ins, collectstatic)
  with CACHE_URL and MEDIA_STORAGE_URL set, then two meetings made for this test;
- two gunicorn app servers (A and B, different ports) and one `manage.py db_worker`,
  all with the same environment.

Checks, each of which fails the run:
1. an attachment uploaded through A (the secretariat's real multipart form) downloads
   through B with the same bytes, and the same bytes are the object in the bucket;
2. minutes signed off on A are stored by the worker; the public and the members'
   edition download byte-identical from A and from B and equal the bucket's objects
   (the members' session, made on A, works on B);
3. a page cached on both servers: an item closed on A is hidden on B on the first
   request after the save returns, and a poller reading B during the save sees no
   response started after the return that still shows the item;
4. a read load on both servers at once (wrk: the public pages, PDFs, calendar, search
   and API; then the uploaded attachment alone) answers with no error;
5. afterwards no process this run started is left, and its temporary folders are gone.

Prints a markdown table and one JSON line; `--write` records the table in
docs/performance.md under "## Two app servers (make scale-test)".
"""

import argparse
import datetime
import hashlib
import http.cookiejar
import io
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from server import PYTHON, ROOT, app_env, free_port, manage, parse_wrk, require_postgres, wait_until_up

sys.path.insert(0, str(ROOT))

from tests.service_processes import redis_server, seaweedfs_server  # noqa: E402

TIME_LIMIT_SECONDS = 290  # the whole run; an alarm stops it, and the finally blocks clean up
# Two read loads, both servers at once: the public pages (served from the shared cache),
# then the uploaded attachment alone (never cached: read from the store after the access check).
LOADS = {"pages": {"seconds": 10, "connections": 4}, "attachment": {"seconds": 6, "connections": 2}}
WORKERS_PER_SERVER = 2
SECTION = "## Two app servers (make scale-test)"
CLOSE_TITLE = "Skalatest: punkt der lukkes på server A"
SIGN_OFF_TITLE = "Skalatest: referat der godkendes på server A"


class RunTimeout(Exception):
    pass


def _alarm(_signum, _frame):
    raise RunTimeout(f"the scale test ran longer than {TIME_LIMIT_SECONDS} s")


def _terminated(signum, _frame):
    raise SystemExit(128 + signum)


# -- processes --------------------------------------------------------------------------

class Processes:
    """Every process this run starts, each in its own process group, stopped together."""

    def __init__(self, folder):
        self.folder = folder
        self.started = []  # (name, Popen, log path)

    def start(self, name, args, env):
        log = os.path.join(self.folder, f"{name}.log")
        with open(log, "wb") as out:
            process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
                                       start_new_session=True)
        self.started.append((name, process, log))
        return process

    def __enter__(self):
        return self

    def __exit__(self, *_exc):
        self.stop_all()  # before the services they use stop

    def check_alive(self):
        for name, process, log in self.started:
            if process.poll() is not None:
                raise RuntimeError(f"{name} exited with status {process.returncode}:\n{tail(log)}")

    def stop_all(self):
        for _name, process, _log in reversed(self.started):
            _signal_group(process.pid, signal.SIGTERM)
        deadline = time.monotonic() + 20
        for _name, process, _log in self.started:
            try:
                process.wait(max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass
        for _name, process, _log in self.started:
            # The leader may be gone while a child of its group is not: end the group.
            if _group_members(process.pid):
                _signal_group(process.pid, signal.SIGKILL)
            if process.poll() is None:
                process.wait(5)

    def logs(self):
        return "\n".join(f"--- {name} ---\n{tail(log)}" for name, _process, log in self.started)


def _signal_group(pgid, signum):
    try:
        os.killpg(pgid, signum)
    except ProcessLookupError:
        pass


def _group_members(pgid):
    result = subprocess.run(["pgrep", "-g", str(pgid)], capture_output=True, text=True)
    return result.stdout.split()


def tail(path, size=3000):
    try:
        return Path(path).read_text(errors="replace")[-size:]
    except OSError:
        return ""


# -- HTTP -------------------------------------------------------------------------------

class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Client:
    """A browser-like client: a cookie jar (cookies for 127.0.0.1 go to both servers, as a
    browser behind one proxy would send them), no redirects followed, timings kept."""

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def request(self, url, *, data=None, headers=None, timeout=30):
        request = urllib.request.Request(url, data=data, headers=headers or {})
        started = time.monotonic()
        try:
            with self.opener.open(request, timeout=timeout) as response:
                body = response.read()
                status, response_headers = response.status, response.headers
        except urllib.error.HTTPError as error:
            body, status, response_headers = error.read(), error.code, error.headers
        return status, response_headers, body, time.monotonic() - started

    def get(self, url, **kwargs):
        return self.request(url, **kwargs)

    def csrf_token(self):
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def post_form(self, url, fields, *, files=None):
        """POST `fields` (a list of pairs) with the CSRF token; multipart when there are files."""
        fields = [(k, v) for k, v in fields if k != "csrfmiddlewaretoken"]
        fields.append(("csrfmiddlewaretoken", self.csrf_token()))
        if files:
            from urllib3.filepost import encode_multipart_formdata

            body, content_type = encode_multipart_formdata(fields + files)
        else:
            body, content_type = urllib.parse.urlencode(fields).encode(), "application/x-www-form-urlencoded"
        return self.request(url, data=body, headers={"Content-Type": content_type, "Referer": url})

    def log_in(self, base, username, password):
        self.get(base + "/login/")
        status, headers, body, _seconds = self.post_form(base + "/login/", [("username", username),
                                                                          ("password", password)])
        if status != 302:
            raise RuntimeError(f"log-in as {username} on {base} answered {status}, not a redirect")


def form_fields(html, action_path):
    """The values a browser would send from the form posting to `action_path` (or the
    page's own form when the action is empty), as lxml reads it."""
    import lxml.html

    document = lxml.html.fromstring(html)
    for form in document.forms:
        action = form.get("action") or ""
        if (action_path and urllib.parse.urlsplit(action).path == action_path) or (not action_path and not action):
            return form, list(form.form_values())
    raise RuntimeError(f"no form posting to {action_path or 'its own page'} on the page")


def anonymous_get(url, timeout=30):
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read(), time.monotonic() - started
    except OSError:
        return 0, b"", time.monotonic() - started


def sha(data):
    return hashlib.sha256(data).hexdigest()


def ms(seconds):
    return round(seconds * 1000, 1)


# -- the run ----------------------------------------------------------------------------

class Report:
    def __init__(self):
        self.checks = []  # (what, passed, detail)
        self.figures = {}

    def check(self, what, passed, detail=""):
        self.checks.append((what, bool(passed), detail))
        print(f"{'ok  ' if passed else 'FAIL'} {what}{': ' + detail if detail else ''}", flush=True)
        return bool(passed)

    @property
    def passed(self):
        return bool(self.checks) and all(passed for _what, passed, _detail in self.checks)


def django_setup(env):
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klu.settings")
    import django

    django.setup()


def make_meetings():
    """Two KLU meetings for this test: minutes ready to sign off, and a published agenda."""
    from django.utils import timezone

    from meetings.models import COPENHAGEN, AgendaItem, Committee, Decision, Meeting, Person

    klu = Committee.objects.get(slug="klu")
    today = timezone.localdate(timezone=COPENHAGEN)
    minute_taker = Person.objects.get(name="Lars Lund")
    common = {"committee": klu, "start_time": datetime.time(15), "end_time": datetime.time(17),
              "location": klu.default_location or "Danmarksgade 17", "minute_taker": minute_taker,
              "agenda_published_at": timezone.now() - datetime.timedelta(days=14)}
    signed = Meeting.objects.create(date=today - datetime.timedelta(days=7), title=SIGN_OFF_TITLE,
                                    status=Meeting.Status.MINUTES_DRAFTED, **common)
    for number, title, closed in [(1, "Godkendelse af dagsorden", False),
                                  (2, "Samarbejde om akutpladser", False),
                                  (3, "Personsag om en praksis", True)]:
        item = AgendaItem.objects.create(meeting=signed, number=number, title=title, is_closed=closed,
                                         case_description=f"<p>Sagsbeskrivelse til {title.lower()}.</p>")
        Decision.objects.create(item=item, outcome=Decision.Outcome.APPROVED, text="<p>Godkendt.</p>")
    agenda = Meeting.objects.create(date=today + datetime.timedelta(days=30), title="Skalatest: dagsorden",
                                    status=Meeting.Status.AGENDA_PUBLISHED, **common)
    AgendaItem.objects.create(meeting=agenda, number=1, title="Godkendelse af dagsorden")
    closing = AgendaItem.objects.create(meeting=agenda, number=2, title=CLOSE_TITLE,
                                        case_description="<p>Et punkt, der lukkes under testen.</p>")
    AgendaItem.objects.create(meeting=agenda, number=3, title="Eventuelt")
    seed_signed = Meeting.objects.get(committee=klu, date=datetime.date(2023, 11, 30))
    return {"signed": signed.pk, "agenda": agenda.pk, "closing_item": closing.pk, "seed_signed": seed_signed.pk}


def upload_pdf_bytes():
    """A valid PDF of about 1 MiB with random content, so no earlier file can match it."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.SkalatestData = pdf.make_stream(os.urandom(1 << 20))
    pdf.docinfo["/Title"] = f"Skalatest {os.urandom(8).hex()}"
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def upload_and_download(report, a, b, ids, s3, secretary):
    from meetings.models import Attachment

    data = upload_pdf_bytes()
    hub = f"/workspace/meetings/{ids['agenda']}/"
    action = f"/workspace/meetings/{ids['agenda']}/attachments/"
    status, _h, page, _s = secretary.get(a + hub)
    if status != 200:
        raise RuntimeError(f"the meeting's workspace on A answered {status}")
    _form, fields = form_fields(page, action)
    fields = [(k, v) for k, v in fields if k not in {"attachment-title", "attachment-is_closed"}]
    fields.append(("attachment-title", "Skalatest: bilag uploadet på server A"))
    status, headers, body, upload_seconds = secretary.post_form(
        a + action, fields, files=[("attachment-file", ("skalatest-bilag.pdf", data, "application/pdf"))])
    match = re.search(r"#attachment-(\d+)$", headers.get("Location", "") or "")
    if not report.check("upload through A (multipart form, CSRF)", status == 302 and match,
                        f"{status}, {len(data)} bytes in {ms(upload_seconds)} ms"):
        raise RuntimeError(body.decode(errors="replace")[-1500:])
    attachment = Attachment.objects.get(pk=int(match.group(1)))
    url = f"/meetings/{ids['agenda']}/attachments/{attachment.pk}/"
    status, downloaded, download_seconds = anonymous_get(b + url)
    report.check("download through B: same bytes", status == 200 and downloaded == data,
                 f"{status}, sha256 {sha(downloaded)[:12]}… in {ms(download_seconds)} ms")
    stored = s3.client().get_object(Bucket="klu", Key=attachment.file.name)["Body"].read()
    report.check("the attachment is an object in the bucket, same bytes", stored == data, attachment.file.name)
    # Not cached by the app: every download is read from the store after the access check.
    repeated = sorted(anonymous_get(base + url)[2] for base in (a, b, a, b, a))
    report.figures.update(upload_bytes=len(data), upload_ms=ms(upload_seconds),
                          download_other_server_ms=ms(download_seconds),
                          download_median_of_5_ms=ms(repeated[2]))
    return url


def sign_off_and_compare(report, a, b, ids, s3, secretary, member):
    from meetings.models import MinutesPdf

    path = f"/meetings/{ids['signed']}/sign-off/"
    status, _h, page, _s = secretary.get(a + path)
    if status != 200:
        raise RuntimeError(f"the sign-off page on A answered {status}")
    _form, fields = form_fields(page, path)
    fields = [(k, v) for k, v in fields if k != "signoff-method"] + [("signoff-method", "chair")]
    status, _h, body, sign_off_seconds = secretary.post_form(a + path, fields)
    signed_at = time.monotonic()
    if not report.check("sign-off through A", status == 302, f"{status} in {ms(sign_off_seconds)} ms"):
        raise RuntimeError(body.decode(errors="replace")[-1500:])
    rows = {}
    while time.monotonic() - signed_at < 90:
        rows = {row.audience: row for row in MinutesPdf.objects.filter(meeting_id=ids["signed"], version=1)}
        if len(rows) == 2:
            break
        time.sleep(0.2)
    worker_seconds = time.monotonic() - signed_at
    if not report.check("the worker stored both editions", len(rows) == 2, f"after {worker_seconds:.1f} s"):
        raise RuntimeError("the worker stored no PDFs in 90 s")
    url = f"/meetings/{ids['signed']}/minutes.pdf"
    client = s3.client()
    editions, identical = {}, True
    for audience, fetch in [("public", lambda base: anonymous_get(base + url)[:2]),
                            ("members", lambda base: member.get(base + url)[::2])]:
        row = rows[audience]
        in_bucket = client.get_object(Bucket="klu", Key=row.file.name)["Body"].read()
        from_a, from_b = fetch(a), fetch(b)
        editions[audience] = sha(from_a[1])
        identical &= report.check(f"{audience} edition: A and B and the bucket byte-identical",
                     from_a[0] == 200 and from_b[0] == 200 and from_a[1] == from_b[1] == in_bucket
                     and sha(in_bucket) == row.sha256,
                     f"{from_a[0]}/{from_b[0]}, sha256 {row.sha256[:12]}…, {row.size} bytes")
    report.check("the members' edition is not the public one (closed item)", editions["public"] != editions["members"])
    report.figures.update(sign_off_post_ms=ms(sign_off_seconds), worker_pdfs_stored_s=round(worker_seconds, 2),
                          pdf_editions_identical=identical)


def close_item_and_watch(report, a, b, ids, redis_url, secretary):
    import redis as redis_client

    page = f"/meetings/{ids['agenda']}/"
    title = CLOSE_TITLE.encode()
    cache = redis_client.Redis.from_url(redis_url)
    keys_before = cache.dbsize()
    for base in (a, b, a, b):  # rendered once, then served from the shared cache
        status, body, _s = anonymous_get(base + page)
        if status != 200 or title not in body:
            raise RuntimeError(f"{base}{page} answered {status} without the open item before closing it")
    report.figures["redis_keys_after_warming"] = cache.dbsize()
    report.check("the page is cached in Redis", cache.dbsize() > keys_before,
                 f"{keys_before} → {cache.dbsize()} keys")

    item_path = f"/workspace/items/{ids['closing_item']}/"
    status, _h, html, _s = secretary.get(a + item_path)
    if status != 200:
        raise RuntimeError(f"the item's edit page on A answered {status}")
    _form, fields = form_fields(html, "")
    fields = [(k, v) for k, v in fields if k != "is_closed"] + [("is_closed", "on")]

    # A reader on B all through the save: (started, finished, still showing the title).
    seen, stop = [], threading.Event()

    def poll():
        while not stop.is_set():
            started = time.monotonic()
            status, body, _s = anonymous_get(b + page, timeout=10)
            seen.append((started, time.monotonic(), status, title in body))

    poller = threading.Thread(target=poll, daemon=True)
    poller.start()
    time.sleep(0.5)
    posted_at = time.monotonic()
    status, _h, body, save_seconds = secretary.post_form(a + item_path, fields)
    returned_at = time.monotonic()
    first = anonymous_get(b + page)
    first_seen = time.monotonic() - returned_at
    time.sleep(1.0)
    stop.set()
    poller.join(15)
    if not report.check("item closed through A", status == 302, f"{status} in {ms(save_seconds)} ms"):
        raise RuntimeError(body.decode(errors="replace")[-1500:])
    first_hidden = first[0] == 200 and title not in first[1] and b"Lukket punkt" in first[1]
    report.check("B's first answer after the save shows 'Lukket punkt', not the title", first_hidden,
                 f"{ms(first_seen)} ms after the save returned")
    after = [row for row in seen if row[0] >= returned_at]
    stale_after = [row for row in after if row[3] or row[2] != 200]
    overlapping_stale = [row for row in seen if row[0] < returned_at <= row[1] and row[3]]
    # When the first response showing the item hidden was asked for, and when it came, both
    # relative to the moment the save returned (negative: before it returned).
    hidden = [row for row in seen if not row[3] and row[2] == 200]
    hidden_first_asked = min((row[0] for row in hidden), default=None)
    hidden_first_answered = min((row[1] for row in hidden), default=None)
    before = [row for row in seen if row[1] < posted_at]
    report.check("poller on B: no response started after the save returned shows the item",
                 not stale_after and after and before and all(row[3] for row in before),
                 f"{len(seen)} responses, {len(before)} before the save (all showing it), "
                 f"{len(after)} started after the return, {len(stale_after)} stale")
    report.figures.update(
        close_post_ms=ms(save_seconds), change_seen_on_other_server_ms=ms(first_seen),
        poller_responses=len(seen), poller_after_return=len(after), poller_stale_after_return=len(stale_after),
        poller_stale_in_flight_at_return=len(overlapping_stale),
        poller_first_hidden_asked_vs_return_ms=(None if hidden_first_asked is None
                                                else ms(hidden_first_asked - returned_at)),
        poller_first_hidden_answered_vs_return_ms=(None if hidden_first_answered is None
                                                   else ms(hidden_first_answered - returned_at)),
        save_post_started_to_return_ms=ms(returned_at - posted_at))


LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i %% #paths + 1
  return wrk.format("GET", paths[i])
end
"""


def redis_calls(redis_url):
    """Commands Redis has answered so far, all kinds together."""
    import redis as redis_client

    stats = redis_client.Redis.from_url(redis_url).info("commandstats")
    return sum(entry["calls"] for entry in stats.values())


def read_load(report, servers, label, paths, folder, redis_url):
    seconds, connections = LOADS[label]["seconds"], LOADS[label]["connections"]
    for name, base in servers.items():
        for path in paths:
            status, _body, _s = anonymous_get(base + path)
            if status != 200:
                report.check(f"{name} {path} answers 200 before the load", False, str(status))
    script = os.path.join(folder, f"{label}.lua")
    Path(script).write_text(LUA % ", ".join(json.dumps(p) for p in paths))
    runs, calls_before = {}, redis_calls(redis_url)
    for name, base in servers.items():
        runs[name] = subprocess.Popen(
            ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s",
             "-s", script, base + "/"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
            start_new_session=True)
    results = {}
    try:
        for name, process in runs.items():
            out, err = process.communicate(timeout=seconds + 60)
            if process.returncode != 0:
                raise RuntimeError(f"wrk against {name} failed: {err}")
            results[name] = parse_wrk(out)
    finally:
        for process in runs.values():
            if process.poll() is None:
                _signal_group(process.pid, signal.SIGKILL)
                process.wait()
    calls = redis_calls(redis_url) - calls_before
    for name, figures in results.items():
        errors = figures["non_2xx"] + figures["socket_errors"]
        report.check(f"read load ({label}) on {name}: no errors", errors == 0 and figures["requests"] > 0,
                     f"{figures['requests']} requests, {figures['rps']:.0f} req/s, p99 {figures['p99']:.1f} ms, "
                     f"{errors} errors")
    report.figures.setdefault("load", {})[label] = {
        "seconds": seconds, "connections_per_server": connections, "urls": len(paths),
        "redis_commands_per_request": round(calls / max(1, sum(f["requests"] for f in results.values())), 2),
        **{name: {"requests": f["requests"], "rps": round(f["rps"], 1), "p50_ms": f["p50"], "p99_ms": f["p99"],
                  "errors": f["non_2xx"] + f["socket_errors"]} for name, f in results.items()}}


def leftovers(processes, folders, ports):
    """Processes of this run still alive, and its folders still on disk."""
    left = []
    for name, process, _log in processes.started:
        members = _group_members(process.pid)
        if members:
            left.append(f"{name} (group {process.pid}: {' '.join(members)})")
    for pattern in ports:
        found = subprocess.run(["pgrep", "-f", pattern], capture_output=True, text=True).stdout.split()
        found = [pid for pid in found if pid != str(os.getpid())]
        if found:
            left.append(f"'{pattern}': {' '.join(found)}")
    left += [f"folder {folder}" for folder in folders if folder and os.path.exists(folder)]
    return left


def machine_note():
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown CPU")
    load = " ".join(f"{value:.2f}" for value in os.getloadavg())
    return f"{os.cpu_count()} cores ({cpu}), load average {load} at the start"


def markdown(report, note):
    f = report.figures
    load = f.get("load", {})
    rows = [
        ("Opsætning", f"2 gunicorn-servere à {WORKERS_PER_SERVER} workers, 1 db_worker, PostgreSQL, Redis, "
                      "SeaweedFS (S3), alt på 127.0.0.1"),
        ("Bilag uploadet via A", f"{f.get('upload_bytes', '–')} bytes på {f.get('upload_ms', '–')} ms"),
        ("Samme bilag hentet via B", f"{f.get('download_other_server_ms', '–')} ms, samme bytes som i bucket; "
                                     f"median af 5 hentninger (A/B) {f.get('download_median_of_5_ms', '–')} ms"),
        ("Referat godkendt via A (POST)", f"{f.get('sign_off_post_ms', '–')} ms"),
        ("Arbejderen har gemt begge PDF-udgaver", f"{f.get('worker_pdfs_stored_s', '–')} s efter godkendelsen"),
        ("PDF'er fra A og B", {True: "offentlig og medlemsudgave byte-identiske med hinanden og med bucket",
                               False: "FORSKELLIGE"}.get(f.get("pdf_editions_identical"), "–")),
        ("Punkt lukket via A (POST)", f"{f.get('close_post_ms', '–')} ms"),
        ("Tid til ændringen ses på B", f"{f.get('change_seen_on_other_server_ms', '–')} ms (første svar efter "
                                       "gem viser “Lukket punkt”)"),
        ("Læser på B under gem", f"{f.get('poller_responses', '–')} svar, {f.get('poller_after_return', '–')} "
                                  f"startet efter gem, {f.get('poller_stale_after_return', '–')} "
                                  "med punktet synligt; "
                                  f"første svar med punktet skjult var bedt om "
                                  f"{f.get('poller_first_hidden_asked_vs_return_ms', '–')} ms i forhold til gem "
                                  "(negativt: før gem var færdigt)"),
    ]
    what = {"pages": "offentlige sider, PDF, kalender, søgning", "attachment": "bilaget (1 MiB fra S3)"}
    for label, run in load.items():
        for name in ("A", "B"):
            figures = run[name]
            rows.append((f"Læselast på {name}: {what[label]} ({run['seconds']} s, {run['connections_per_server']} "
                         f"forbindelser)", f"{figures['requests']} forespørgsler, {figures['rps']:.0f} req/s, "
                         f"p50 {figures['p50_ms']:.1f} ms, p99 {figures['p99_ms']:.1f} ms, {figures['errors']} fejl"))
        rows.append((f"Redis-kommandoer pr. forespørgsel: {what[label]}", f"{run['redis_commands_per_request']}"))
    rows.append(("Tjek", f"{sum(p for _w, p, _d in report.checks)} af {len(report.checks)} bestået"))
    rows.append(("Samlet tid", f"{f.get('total_s', '–')} s"))
    lines = [f"Measured {datetime.date.today().isoformat()} on {note} (other work shares the machine):", "",
             "| Måling | Resultat |", "| --- | --- |"]
    lines += [f"| {what} | {value} |" for what, value in rows]
    return "\n".join(lines) + "\n"


def write_section(table):
    path = ROOT / "docs" / "performance.md"
    text = path.read_text()
    body = (f"{SECTION}\n\nReproduce: `make scale-test` (`bench/scale_test.py`, about 2 minutes). Two gunicorn "
            "servers A and B, one worker (`manage.py db_worker`), one PostgreSQL, one Redis (page cache and "
            "sessions) and one S3-compatible store (SeaweedFS) for attachments and stored PDFs, all on loopback "
            "and all started and stopped by the script. An attachment is uploaded through A's workspace form "
            "and downloaded through B; minutes signed off on A are stored once by the worker and download "
            "byte-identical from both servers and from the bucket; an item closed on A is hidden on B on the "
            "first request after the save returns (the time below is B re-rendering the page, since the save "
            "made every cached copy unreachable), and a reader polling B throughout the save never gets the "
            "item back once the save has returned. Then wrk reads from both servers at once: the public pages "
            "and feeds, and the attachment alone, which the app never caches (each download is read from the "
            "store after the access check). The run fails on any failed check or any error under load.\n\n"
            + table)
    start = text.find(SECTION)
    if start == -1:
        text = text.rstrip("\n") + "\n\n" + body
    else:
        following = text.find("\n## ", start + len(SECTION))
        text = text[:start] + body + ("\n" + text[following + 1:] if following != -1 else "")
    path.write_text(text)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", action="store_true", help="record the figures in docs/performance.md")
    args = parser.parse_args()
    require_postgres()
    if shutil.which("wrk") is None:
        sys.exit("wrk is missing: run scripts/system-deps (apt-get install wrk).")
    signal.signal(signal.SIGALRM, _alarm)
    signal.signal(signal.SIGTERM, _terminated)
    signal.alarm(TIME_LIMIT_SECONDS)
    note = machine_note()
    began = time.monotonic()
    report = Report()
    folder = tempfile.mkdtemp(prefix="klu-scale-")
    processes = Processes(folder)
    service_folders, patterns = [folder], []
    try:
        with redis_server() as redis, seaweedfs_server() as s3, processes:
            service_folders.append(s3.folder)
            import redis as redis_client

            service_folders.append(redis_client.Redis.from_url(redis.url).config_get("dir")["dir"])
            patterns += [f"redis-server 127.0.0.1:{redis.port}", f"s3.port={s3.port}"]
            media = os.path.join(folder, "media")
            os.makedirs(media)
            env = app_env(CACHE_URL=redis.url, MEDIA_STORAGE_URL=s3.storage_url, MEDIA_ROOT=media,
                          EMAIL_URL="console:")
            started = time.monotonic()
            manage("migrate", "--noinput", env=env)
            manage("seed_klu", env=env)
            manage("collectstatic", "--noinput", env=env)
            django_setup(env)
            ids = make_meetings()
            report.figures["prepare_s"] = round(time.monotonic() - started, 1)

            gunicorn = str(Path(PYTHON).parent / "gunicorn")
            servers = {}
            for name in ("A", "B"):
                port = free_port()
                processes.start(f"gunicorn-{name}", [gunicorn, "klu.wsgi", "--bind", f"127.0.0.1:{port}",
                                                     "--workers", str(WORKERS_PER_SERVER), "--log-level", "warning",
                                                     "--graceful-timeout", "5", "--timeout", "60"], env)
                servers[name] = f"http://127.0.0.1:{port}"
                patterns.append(f"gunicorn klu.wsgi --bind 127.0.0.1:{port}")
            processes.start("db_worker", [PYTHON, "manage.py", "db_worker", "--no-reload", "--interval", "0.5",
                                          "--no-startup-delay"], env)
            for base in servers.values():
                wait_until_up(base + "/healthz", timeout=60)
            processes.check_alive()
            a, b = servers["A"], servers["B"]
            print(f"A {a}, B {b}, Redis {redis.url}, S3 {s3.endpoint}, prepared in {report.figures['prepare_s']} s",
                  flush=True)

            secretary, member = Client(), Client()
            secretary.log_in(a, "sekretaer", "klu-sekretaer-demo")
            member.log_in(a, "medlem", "klu-medlem-demo")  # made on A, used on B too

            attachment_url = upload_and_download(report, a, b, ids, s3, secretary)
            sign_off_and_compare(report, a, b, ids, s3, secretary, member)
            close_item_and_watch(report, a, b, ids, redis.url, secretary)
            pages = ["/", "/meetings/", f"/meetings/{ids['seed_signed']}/", f"/meetings/{ids['signed']}/",
                     f"/meetings/{ids['agenda']}/", f"/meetings/{ids['signed']}/minutes.pdf",
                     f"/meetings/{ids['seed_signed']}/minutes.pdf", "/calendar/klu.ics",
                     "/search/?q=samarbejdsaftalen", "/api/meetings/?committee=klu"]
            read_load(report, servers, "pages", pages, folder, redis.url)
            read_load(report, servers, "attachment", [attachment_url], folder, redis.url)
            processes.check_alive()
            local = [str(p) for p in Path(media).rglob("*") if p.is_file()]
            report.check("no file landed in MEDIA_ROOT (all in the bucket)", not local, ", ".join(local[:3]))
    except BaseException as error:  # a signal or Ctrl-C too: report, clean up, fail
        report.check("the run finished", False, f"{type(error).__name__}: {error}")
        print(processes.logs(), file=sys.stderr)
    finally:
        signal.alarm(0)
        processes.stop_all()  # again, in case the block never entered
        shutil.rmtree(folder, ignore_errors=True)
    left = leftovers(processes, service_folders, patterns)
    report.check("nothing this run started is left (processes, folders)", not left, "; ".join(left))
    report.figures["total_s"] = round(time.monotonic() - began, 1)

    table = markdown(report, note)
    print()
    print(table)
    print(json.dumps({"scale_test": "passed" if report.passed else "failed", "machine": note,
                      "figures": report.figures,
                      "failed_checks": [what for what, passed, _d in report.checks if not passed]},
                     ensure_ascii=False))
    if args.write and report.passed:
        write_section(table)
        print("recorded in docs/performance.md")
    print("scale test:", "PASSED" if report.passed else "FAILED")
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
