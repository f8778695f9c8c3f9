"""A real SMTP server on loopback for tests (aiosmtpd), and a pass of the mail worker.

    from tests.smtp_server import smtp_server, run_mail_worker

    with smtp_server() as server:          # started on 127.0.0.1, a free port
        with server.settings():            # EMAIL_* point at it (plain SMTP)
            queue_mail(...)
            run_mail_worker()              # what `manage.py db_worker` does, once
        server.messages                    # email.message.EmailMessage, policy default

`server.stop()` and `server.start()` take it down and bring it back on the same port.
"""

import contextlib
import socket
import threading
from unittest import mock
from email import message_from_bytes
from email import policy

from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.test import override_settings


class _Handler:
    def __init__(self, server):
        self.server = server

    async def handle_DATA(self, smtp_server, session, envelope):
        message = message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        with self.server.lock:
            self.server.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
            self.server.messages.append(message)
        return "250 OK"


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SmtpServer:
    """An aiosmtpd server on 127.0.0.1 that keeps every message it receives."""

    def __init__(self, port=None):
        self.port = port or _free_port()
        self.messages = []
        self.envelopes = []  # (MAIL FROM, [RCPT TO, ...]) per message
        self.lock = threading.Lock()
        self._controller = None

    def start(self):
        if self._controller is None:
            self._controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port)
            self._controller.start()
        return self

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def running(self):
        return self._controller is not None

    def settings(self):
        """override_settings that send Django's mail to this server (plain SMTP, short timeout)."""
        return override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1", EMAIL_PORT=self.port, EMAIL_HOST_USER="", EMAIL_HOST_PASSWORD="",
            EMAIL_USE_TLS=False, EMAIL_USE_SSL=False, EMAIL_TIMEOUT=5,
        )


@contextlib.contextmanager
def smtp_server():
    server = SmtpServer().start()
    try:
        yield server
    finally:
        server.stop()


class SmtpServerMixin:
    """For a TestCase: self.smtp is a running server and Django's mail goes to it."""

    def setUp(self):
        super().setUp()
        self.smtp = SmtpServer().start()
        self.addCleanup(self.smtp.stop)
        overridden = self.smtp.settings()
        overridden.enable()
        self.addCleanup(overridden.disable)


def run_mail_worker(max_tasks=None):
    """One pass of the queue's worker: runs every task that is due, then returns.

    The worker closes "old" database connections between tasks, as a request would; a
    TestCase's connection is inside the test's transaction, and closing it (PostgreSQL;
    SQLite's in-memory database is never closed) would end the test. So not here.
    """
    options = {"batch": True, "startup_delay": False, "reload": False, "verbosity": 0}
    if max_tasks is not None:
        options["max_tasks"] = max_tasks
    with mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"):
        call_command("db_worker", **options)
