"""A production-like KLU Møder for benchmarks and fault tests: gunicorn on loopback,
PostgreSQL from scripts/with-postgres, static files collected, demo data seeded.

Everything here talks only to 127.0.0.1 and stops by itself.
"""

import contextlib
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable


def require_postgres():
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        sys.exit("Run this through its make target: it needs the PostgreSQL server scripts/with-postgres starts.")


def app_env(**extra):
    env = dict(os.environ, DEBUG="0", KLU_DEMO="1", SECRET_KEY="bench-only-secret-key-not-for-production-use",
               STATIC_MANIFEST="1", STATIC_ROOT=str(ROOT / "staticfiles"), KLU_BENCH="1", LOG_LEVEL="ERROR",
               AXES_ENABLED="0", MEDIA_ROOT=os.environ.get("MEDIA_ROOT", "/tmp/klu-bench-media"),
               ALLOWED_HOSTS="127.0.0.1,localhost", CONN_MAX_AGE="60",
               # Plain HTTP on loopback: with DEBUG off the app would redirect to HTTPS.
               INSECURE_HTTP="1")
    env.update(extra)
    return env


def manage(*args, env):
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def prepare(env, *, generate=True):
    """Migrate, seed, collect static files; with `generate`, add the benchmark data.
    Returns the ids of the pages the benchmarks visit."""
    manage("migrate", "--noinput", env=env)
    manage("seed_klu", env=env)
    manage("collectstatic", "--noinput", env=env)
    args = [PYTHON, str(ROOT / "bench" / "generate.py")] + ([] if generate else ["--no-items"])
    output = subprocess.run(args, cwd=ROOT, env=env, check=True, capture_output=True, text=True)
    return json.loads(output.stdout.strip().splitlines()[-1])


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url, *, timeout=10, headers=None):
    """(status, body) of a GET; a refused connection or timeout is status 0."""
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=timeout) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except (OSError, TimeoutError):
        return 0, b""


def wait_until_up(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if get(url, timeout=2)[0] == 200:
            return time.monotonic()
        time.sleep(0.1)
    raise RuntimeError(f"{url} did not answer 200 within {timeout} s")


@contextlib.contextmanager
def gunicorn(env, *, workers=3):
    """Serve the app with gunicorn on a free loopback port; yields the base URL."""
    port = free_port()
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "klu.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", str(workers), "--log-level", "warning", "--graceful-timeout", "5"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/healthz")
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def login_cookie(base, username, password):
    """A session cookie for a user, through the real log-in form."""
    import http.cookiejar

    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    page = opener.open(base + "/login/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": password,
                                   "csrfmiddlewaretoken": token}).encode()
    opener.open(urllib.request.Request(base + "/login/", data=data, headers={"Referer": base + "/login/"}))
    return "; ".join(f"{c.name}={c.value}" for c in jar)


def parse_wrk(output):
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))

    def latency(label):
        match = re.search(rf"^\s+{label}%\s+([\d.]+)(us|ms|s)\s*$", output, re.M)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    total = re.search(r"(\d+) requests in", output)
    return {"rps": rps, "p50": latency("50"), "p99": latency("99"), "requests": int(total.group(1)),
            "non_2xx": int(non_2xx.group(1)) if non_2xx else 0,
            "socket_errors": sum(map(int, socket_errors.groups())) if socket_errors else 0}


def run_wrk(url, *, seconds, connections, threads=2, headers=()):
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for header in headers:
        command += ["-H", header]
    result = subprocess.run([*command, url], capture_output=True, text=True, timeout=seconds + 60)
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return parse_wrk(result.stdout)
