"""Backup and restore: pg_dump, restore into a new database, compare.

`make backup-test`. Stores the signed-off minutes PDFs, backs up the database with
pg_dump (custom format) and the media folder with tar, restores both into a new
database and folder, then checks that the restored database has the same meetings,
items, decisions and PDF records, that every restored PDF file has the recorded
SHA-256 and the same bytes as the original, and that rendering the minutes again
from the restored records gives the same bytes.
"""

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from server import PYTHON, ROOT, app_env, prepare, require_postgres

DUMP_SCRIPT = r'''
import json, hashlib, os, sys
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klu.settings")
import django; django.setup()
from meetings import access
from meetings.exports.minutes_store import ensure_signed_minutes
from meetings.models import AgendaItem, Attendance, Decision, Meeting, MinutesPdf
from meetings.presentation import build_meeting_view
from meetings.selectors import meeting_for_display
from meetings.exports.pdf import render_minutes_pdf
mode = sys.argv[1]
if mode == "store":
    for m in Meeting.objects.filter(status="signed_off"):
        ensure_signed_minutes(m)
rows = {name: list(model.objects.order_by("pk").values()) for name, model in
        [("meetings", Meeting), ("items", AgendaItem), ("decisions", Decision), ("attendance", Attendance),
         ("pdfs", MinutesPdf)]}
files = {}
for pdf in MinutesPdf.objects.all():
    data = pdf.file.open("rb").read()
    files[pdf.file.name] = hashlib.sha256(data).hexdigest()
print(json.dumps({"rows": rows, "files": files}, default=str, sort_keys=True))
'''


def dump_state(env, mode):
    result = subprocess.run([PYTHON, "-c", DUMP_SCRIPT, mode], cwd=ROOT, env=env, capture_output=True, text=True,
                            check=True)
    return json.loads(result.stdout.strip().splitlines()[-1])


def pg(tool, *args, env):
    return subprocess.run([os.path.join(os.environ["PG_TEST_BIN"], tool), "-h", "127.0.0.1", "-p",
                           os.environ["PG_TEST_PORT"], "-U", "postgres", *args],
                          env=env, check=True, capture_output=True)


def main():
    require_postgres()
    work = Path(tempfile.mkdtemp(prefix="klu-backup-"))
    media = work / "media"
    env = app_env(MEDIA_ROOT=str(media))
    prepare(env, generate=False)
    original = dump_state(env, "store")

    # Back up: the database with pg_dump, the files with tar.
    pg("pg_dump", "-Fc", "-f", str(work / "klu.dump"), "klu", env=env)
    shutil.make_archive(str(work / "media"), "gztar", media)

    # Restore into a new database and a new folder.
    restored_media = work / "restored-media"
    shutil.unpack_archive(str(work / "media.tar.gz"), restored_media)
    pg("createdb", "klu_restored", env=env)
    pg("pg_restore", "--no-owner", "-d", "klu_restored", str(work / "klu.dump"), env=env)
    restored_env = app_env(MEDIA_ROOT=str(restored_media),
                           DATABASE_URL=env["DATABASE_URL"].rsplit("/", 1)[0] + "/klu_restored")
    restored = dump_state(restored_env, "read")

    same_rows = original["rows"] == restored["rows"]
    same_files = original["files"] == restored["files"] and all(
        hashlib.sha256((media / name).read_bytes()).digest() == hashlib.sha256((restored_media / name).read_bytes()).digest()
        for name in original["files"])
    recorded = {row["file"]: row["sha256"] for row in restored["rows"]["pdfs"]}
    hashes_match = all(recorded[name] == digest for name, digest in restored["files"].items())

    # Render again from the restored records: the signed-off PDFs are reproducible.
    rerender = subprocess.run([PYTHON, "-c", RERENDER], cwd=ROOT, env=restored_env, capture_output=True,
                              text=True, check=True).stdout.strip().splitlines()[-1]
    rerender = json.loads(rerender)

    print(f"meetings: {len(original['rows']['meetings'])}, items: {len(original['rows']['items'])}, "
          f"signed-off PDFs: {len(original['files'])}")
    print(f"same rows after restore: {same_rows}; same PDF bytes: {same_files}; hashes match records: "
          f"{hashes_match}; re-rendered PDFs identical: {rerender['identical']}/{rerender['total']}")
    ok = same_rows and same_files and hashes_match and rerender["identical"] == rerender["total"] > 0
    print("backup test:", "PASSED" if ok else "FAILED")
    shutil.rmtree(work, ignore_errors=True)
    return 0 if ok else 1


RERENDER = r'''
import json, os, sys
sys.path.insert(0, os.getcwd())
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klu.settings")
import django; django.setup()
from meetings.exports.minutes_store import store_signed_minutes
from meetings.models import MinutesPdf
from django.db import transaction
total = identical = 0
for stored in MinutesPdf.objects.filter(version=1).select_related("meeting"):
    original = stored.file.open("rb").read()
    # Render into a rolled-back transaction: the check must not change the restored data.
    try:
        with transaction.atomic():
            stored.meeting.minutes_pdfs.all().delete()
            fresh = {p.audience: p.file.open("rb").read() for p in store_signed_minutes(stored.meeting)}
            raise RuntimeError("roll back")
    except RuntimeError:
        pass
    total += 1
    identical += fresh.get(stored.audience) == original
print(json.dumps({"total": total, "identical": identical}))
'''


if __name__ == "__main__":
    sys.exit(main())
