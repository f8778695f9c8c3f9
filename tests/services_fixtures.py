"""The test session's own Redis and SeaweedFS servers, started once, on first use.

SeaweedFS takes about 14 s to start, so every test that needs an S3 store shares one
server for the whole session; the same holds for Redis. A test case asks for them in
setUpClass:

    from tests import services_fixtures

    s3 = services_fixtures.seaweedfs()        # tests.service_processes.SeaweedFS
    redis = services_fixtures.redis()         # tests.service_processes.Redis

Each test case keeps to objects under a prefix of its own (`storage_url(prefix)`), so
cases never see each other's files. The servers are stopped by the session fixture
in tests/conftest.py (and, should pytest die before it runs, when Python exits).
"""

import atexit
import contextlib
import uuid

from tests.service_processes import BUCKET, redis_server, seaweedfs_server

_stack = contextlib.ExitStack()
_started = {}


def _start(name, server):
    if name not in _started:
        _started[name] = _stack.enter_context(server())
    return _started[name]


def seaweedfs():
    """The session's SeaweedFS (`weed server -s3`) with the bucket `klu`."""
    return _start("seaweedfs", seaweedfs_server)


def redis():
    """The session's redis-server."""
    return _start("redis", redis_server)


def storage_url(prefix=None):
    """MEDIA_STORAGE_URL for the session's SeaweedFS, under a fresh prefix unless one is given."""
    server = seaweedfs()
    prefix = prefix or f"tests-{uuid.uuid4().hex[:12]}"
    return server.storage_url.replace(f"/{BUCKET}?", f"/{BUCKET}/{prefix}?", 1), prefix


def stop_all():
    """Stop whatever was started (called at the end of the session)."""
    _started.clear()
    _stack.close()


atexit.register(stop_all)
