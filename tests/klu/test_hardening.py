"""Production is HTTPS-only by default, and visitors who are not logged in cannot make the
server read large or multipart bodies."""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlencode

from django.test import Client, TestCase, override_settings
from django.urls import reverse

from tests.factories import make_committee, make_member

ROOT = Path(__file__).resolve().parents[2]
# Fifty random characters, as check --deploy asks of a production key.
SECRET_KEY = secrets.token_urlsafe(64)[:50]
# What the settings module sees on a fresh production host: nothing from this test run
# (tests/settings_env.py sets INSECURE_HTTP, FAST_PASSWORD_HASHER and more for pytest).
PRODUCTION = {"DEBUG": "0", "SECRET_KEY": SECRET_KEY, "ALLOWED_HOSTS": "klu.example",
              "DATABASE_URL": "sqlite:////tmp/x.db"}
HTTPS_SETTINGS = ["SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS"]


def run_clean(args, **env):
    """Run `python <args>` in the checkout with only PATH and `env` in the environment."""
    return subprocess.run([sys.executable, *args], cwd=ROOT, env={"PATH": os.environ["PATH"], **env},
                          capture_output=True, text=True, timeout=120)


def https_settings(**env):
    code = ("import django, json; django.setup(); from django.conf import settings; "
            f"print(json.dumps({{name: getattr(settings, name) for name in {HTTPS_SETTINGS!r}}}))")
    result = run_clean(["-c", code], DJANGO_SETTINGS_MODULE="klu.settings", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


class SecureByDefaultTests(TestCase):
    def test_check_deploy_is_clean_with_only_debug_off_a_secret_key_and_allowed_hosts(self):
        result = run_clean(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], **PRODUCTION)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("System check identified no issues", result.stdout)
        self.assertNotIn("WARNING", result.stdout + result.stderr)

    def test_production_is_https_only_without_setting_anything(self):
        self.assertEqual(https_settings(**PRODUCTION), {
            "SECURE_SSL_REDIRECT": True, "SESSION_COOKIE_SECURE": True, "CSRF_COOKIE_SECURE": True,
            "SECURE_HSTS_SECONDS": 365 * 24 * 3600})

    def test_one_variable_turns_https_off_for_a_plain_http_trial(self):
        self.assertEqual(https_settings(**PRODUCTION, INSECURE_HTTP="1"), {
            "SECURE_SSL_REDIRECT": False, "SESSION_COOKIE_SECURE": False, "CSRF_COOKIE_SECURE": False,
            "SECURE_HSTS_SECONDS": 0})
        # ... and check --deploy then says so.
        result = run_clean(["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                           **PRODUCTION, INSECURE_HTTP="1")
        self.assertNotEqual(result.returncode, 0)
        for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
            self.assertIn(check, result.stderr)

    def test_make_run_with_debug_on_serves_plain_http(self):
        self.assertEqual(https_settings(DEBUG="1", KLU_DEMO="1"), {
            "SECURE_SSL_REDIRECT": False, "SESSION_COOKIE_SECURE": False, "CSRF_COOKIE_SECURE": False,
            "SECURE_HSTS_SECONDS": 0})

    def test_a_setting_given_alone_still_wins(self):
        settings = https_settings(**PRODUCTION, SECURE_HSTS_SECONDS="600", SECURE_SSL_REDIRECT="0")
        self.assertEqual(settings["SECURE_HSTS_SECONDS"], 600)
        self.assertFalse(settings["SECURE_SSL_REDIRECT"])
        self.assertTrue(settings["SESSION_COOKIE_SECURE"])

    @override_settings(SECURE_SSL_REDIRECT=True)
    def test_the_health_check_answers_plain_http_while_pages_are_redirected(self):
        self.assertEqual(self.client.get("/healthz").status_code, 200)
        page = self.client.get(reverse("meetings:home"))
        self.assertEqual(page.status_code, 301)
        self.assertTrue(page["Location"].startswith("https://"))


MULTIPART = "multipart/form-data; boundary=klu-boundary"


def multipart_body(size):
    """A well-formed multipart body of about `size` bytes: one file field."""
    head = (b"--klu-boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.pdf\"\r\n"
            b"Content-Type: application/pdf\r\n\r\n")
    tail = b"\r\n--klu-boundary--\r\n"
    return head + b"0" * (size - len(head) - len(tail)) + tail


class AnonymousBodyTests(TestCase):
    def test_an_anonymous_30_mb_upload_to_the_log_in_page_is_refused_unread(self):
        response = self.client.post(reverse("login"), data=multipart_body(30 * 1024 * 1024), content_type=MULTIPART)
        self.assertEqual(response.status_code, 413)
        self.assertIn("Filer kan kun sendes af brugere, der er logget ind", response.content.decode())
        # The test client's stream records the first read: nothing may have parsed the body.
        self.assertFalse(response.wsgi_request.environ["wsgi.input"].read_started)

    def test_an_anonymous_large_form_is_refused_unread(self):
        body = "username=medlem&password=" + "x" * (200 * 1024)
        response = self.client.post(reverse("login"), data=body, content_type="application/x-www-form-urlencoded")
        self.assertEqual(response.status_code, 413)
        self.assertIn("Forespørgslen er for stor", response.content.decode())
        self.assertFalse(response.wsgi_request.environ["wsgi.input"].read_started)

    def test_a_browsers_log_in_with_its_csrf_token_still_works(self):
        make_member(make_committee(), username="medlem")
        client = Client(enforce_csrf_checks=True)
        token = client.get(reverse("login")).context["csrf_token"]
        body = urlencode({"username": "medlem", "password": "a-long-test-password", "csrfmiddlewaretoken": token})
        response = client.post(reverse("login"), data=body, content_type="application/x-www-form-urlencoded")
        self.assertEqual(response.status_code, 302)
        self.assertIn("_auth_user_id", client.session)

    def test_a_logged_in_members_large_post_is_read_as_usual(self):
        client = Client()
        client.force_login(make_member())
        response = client.post(reverse("meetings:home"), data=multipart_body(200 * 1024), content_type=MULTIPART)
        self.assertTrue(response.wsgi_request.environ["wsgi.input"].read_started)
        self.assertEqual(response.status_code, 405)

    def test_a_broken_multipart_body_from_a_member_is_a_400_not_a_500(self):
        client = Client(raise_request_exception=False)
        client.force_login(make_member())
        response = client.post(reverse("meetings:home"), data=b"--x\r\nbroken", content_type="multipart/form-data")
        self.assertEqual(response.status_code, 400)
        self.assertIn("kunne ikke læses", response.content.decode())
