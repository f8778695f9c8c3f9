"""EMAIL_URL: each form it takes, and clear refusals of the rest."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured
from django.test import SimpleTestCase

from mail.email_url import parse_email_url

BASE_DIR = Path(__file__).resolve().parents[2]


class ParseEmailUrlTests(SimpleTestCase):
    def test_it_reads_plain_smtp_with_the_default_port(self):
        config = parse_email_url("smtp://relay.internal")
        self.assertEqual(config.backend, "django.core.mail.backends.smtp.EmailBackend")
        self.assertEqual((config.host, config.port), ("relay.internal", 25))
        self.assertFalse(config.use_tls)
        self.assertFalse(config.use_ssl)
        self.assertEqual((config.user, config.password), ("", ""))

    def test_it_reads_starttls_with_user_password_and_port(self):
        config = parse_email_url("smtp+tls://klu:secret@mail.example:2587")
        self.assertEqual((config.host, config.port, config.user, config.password),
                         ("mail.example", 2587, "klu", "secret"))
        self.assertTrue(config.use_tls)
        self.assertFalse(config.use_ssl)

    def test_starttls_defaults_to_port_587(self):
        self.assertEqual(parse_email_url("smtp+tls://mail.example").port, 587)

    def test_it_reads_implicit_tls_on_port_465(self):
        config = parse_email_url("smtp+ssl://klu:secret@mail.example")
        self.assertEqual(config.port, 465)
        self.assertTrue(config.use_ssl)
        self.assertFalse(config.use_tls)

    def test_it_decodes_a_password_with_special_characters(self):
        config = parse_email_url("smtp+tls://klu%40aalborg.dk:p%40ss%3Aw%2Fo%23rd%25%20x@mail.example:587")
        self.assertEqual(config.user, "klu@aalborg.dk")
        self.assertEqual(config.password, "p@ss:w/o#rd% x")

    def test_it_never_shows_the_password_in_its_repr(self):
        self.assertNotIn("hemmelig", repr(parse_email_url("smtp://klu:hemmelig@mail.example")))

    def test_it_reads_a_timeout(self):
        self.assertEqual(parse_email_url("smtp://mail.example?timeout=7").timeout, 7)
        self.assertEqual(parse_email_url("smtp://mail.example").timeout, 30)

    def test_it_reads_console_and_locmem(self):
        self.assertEqual(parse_email_url("console:").backend, "django.core.mail.backends.console.EmailBackend")
        self.assertEqual(parse_email_url("locmem:").backend, "django.core.mail.backends.locmem.EmailBackend")

    def test_it_reads_a_folder_for_the_file_backend(self):
        config = parse_email_url("file:///var/tmp/klu%20mails")
        self.assertEqual(config.backend, "django.core.mail.backends.filebased.EmailBackend")
        self.assertEqual(config.file_path, "/var/tmp/klu mails")

    def test_it_refuses_an_unknown_scheme_clearly(self):
        with self.assertRaisesMessage(ImproperlyConfigured, "unknown scheme 'imap'"):
            parse_email_url("imap://klu:hemmelig@mail.example")

    def test_a_refusal_never_shows_the_password(self):
        for url in ("imap://klu:hemmelig@mail.example", "smtp://klu:hemmelig@mail.example:port",
                    "smtp://klu:hemmelig@mail.example/path", "smtp://klu:hemmelig@mail.example?x=1"):
            with self.subTest(url=url):
                with self.assertRaises(ImproperlyConfigured) as caught:
                    parse_email_url(url)
                self.assertNotIn("hemmelig", str(caught.exception))

    def test_it_refuses_values_that_are_not_mail_urls(self):
        for url in ("", "mail.example", "smtp://", "smtp://:25", "smtp://mail.example:notaport",
                    "file://relative/folder", "file:///", "console:extra", "smtp://mail.example?timeout=0",
                    "smtp://mail.example?timeout=soon"):
            with self.subTest(url=url):
                with self.assertRaises(ImproperlyConfigured):
                    parse_email_url(url)


def _settings_with(env):
    """Import klu.settings in a fresh interpreter with `env`; return its mail settings."""
    code = ("import json, klu.settings as s; print(json.dumps([s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, "
            "s.EMAIL_HOST_USER, s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.DEFAULT_FROM_EMAIL]))")
    full_env = {"PATH": os.environ.get("PATH", ""), "SECRET_KEY": "x", **env}
    result = subprocess.run([sys.executable, "-c", code], cwd=BASE_DIR, env=full_env, capture_output=True,
                            text=True, timeout=60)
    return result


class SettingsTests(SimpleTestCase):
    def test_without_email_url_mails_go_to_the_console_from_a_named_sender(self):
        result = _settings_with({})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn('"django.core.mail.backends.console.EmailBackend"', result.stdout)
        self.assertIn('"KLU M\\u00f8der <klu@aalborg.dk>"', result.stdout)

    def test_it_reads_email_url_from_a_file(self):
        with tempfile.NamedTemporaryFile("w", suffix=".secret") as secret:
            secret.write("smtp+tls://klu:p%40ss@mail.example:587\n")
            secret.flush()
            result = _settings_with({"EMAIL_URL_FILE": secret.name})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn('"mail.example", 587, "klu", "p@ss", true', result.stdout)

    def test_a_bad_email_url_stops_the_start_with_a_clear_message(self):
        result = _settings_with({"EMAIL_URL": "smtps://klu:hemmelig@mail.example"})
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("ImproperlyConfigured: EMAIL_URL has an unknown scheme 'smtps'", result.stderr)
        self.assertNotIn("hemmelig", result.stderr)
