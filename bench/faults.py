"""PostgreSQL restarts under load: the app answers again within seconds, nothing saved is lost.

`make fault-test`. Saves records, puts readers on the app, restarts the database
server (pg_ctl restart -m fast) in the middle, and measures how long until /healthz
answers 200 again; then checks every record saved before the restart is there and
that the app can save again.
"""

import os
import subprocess
import sys
import threading
import time

from server import ROOT, app_env, get, gunicorn, prepare, require_postgres, run_wrk

RECOVERY_LIMIT_SECONDS = 10


def restart_postgres():
    bin_dir, data_dir = os.environ["PG_TEST_BIN"], os.path.join(os.environ["PG_TEST_DIR"], "data")
    command = [f"{bin_dir}/pg_ctl", "-D", data_dir, "restart", "-m", "fast", "-w", "-t", "30"]
    if os.geteuid() == 0:
        command = ["runuser", "-u", "postgres", "--", *command]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def django_setup(env):
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klu.settings")
    import django

    django.setup()


def save_follow_ups(count, label):
    from meetings.models import Decision, FollowUpAction

    decision = Decision.objects.filter(item__meeting__committee__slug="klu").order_by("pk").first()
    return [FollowUpAction.objects.create(decision=decision, what=f"{label} {n}").pk for n in range(count)]


def main():
    require_postgres()
    env = app_env()
    ids = prepare(env, generate=False)
    django_setup(env)
    saved_before = save_follow_ups(25, "Gemt før genstart")

    with gunicorn(env, workers=3) as base:
        load = {}
        thread = threading.Thread(target=lambda: load.update(
            run_wrk(f"{base}/meetings/{ids['signed']}/", seconds=12, connections=32)))
        thread.start()
        time.sleep(4)
        restarted_at = time.monotonic()
        restart_postgres()
        back_at = None
        while time.monotonic() - restarted_at < 60:
            if get(base + "/healthz", timeout=2)[0] == 200:
                back_at = time.monotonic()
                break
            time.sleep(0.1)
        thread.join()
        page_after = get(f"{base}/meetings/{ids['signed']}/")[0]

    from django.db import connection

    connection.close()  # the restart broke this process's connection too
    from meetings.models import FollowUpAction

    present = set(FollowUpAction.objects.filter(pk__in=saved_before).values_list("pk", flat=True))
    lost = len(saved_before) - len(present)
    saved_after = save_follow_ups(5, "Gemt efter genstart")
    recovery = None if back_at is None else back_at - restarted_at
    print(f"requests during the run: {load.get('requests')}, failed while the database restarted: "
          f"{load.get('non_2xx', 0) + load.get('socket_errors', 0)}")
    print(f"app answering again after: {recovery:.2f} s" if recovery is not None else "app never came back")
    print(f"records saved before the restart: {len(saved_before)}, lost: {lost}; saved after: {len(saved_after)}")
    ok = recovery is not None and recovery <= RECOVERY_LIMIT_SECONDS and lost == 0 and page_after == 200
    print("fault test:", "PASSED" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
