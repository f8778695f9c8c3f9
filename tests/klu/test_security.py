"""Production settings, security headers, log-in throttling and the health check."""

import os
import subprocess
import sys
from pathlib import Path

from django.test import TestCase, override_settings
from django.urls import reverse

from tests.factories import make_committee, make_member

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "SECRET_KEY": "x7Qp-production-like-secret-key-with-plenty-of-entropy-9fK2mZ4vT8wL1sR6",
    "DEBUG": "0",
    "KLU_DEMO": "0",
    "ALLOWED_HOSTS": "klu.example.dk",
    "SECURE_SSL_REDIRECT": "1",
    "SESSION_COOKIE_SECURE": "1",
    "CSRF_COOKIE_SECURE": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_PRELOAD": "1",
    "BEHIND_TLS_PROXY": "1",
}


class DeployCheckTests(TestCase):
    def test_check_deploy_reports_nothing_with_the_production_environment(self):
        env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "KLU_DEMO", "FAST_PASSWORD_HASHER"}}
        env.update(PRODUCTION_ENV)
        result = subprocess.run([sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
                                cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        self.assertIn("System check identified no issues", result.stdout)

    def test_the_app_refuses_to_start_without_a_secret_key_in_production(self):
        env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "KLU_DEMO", "SECRET_KEY"}}
        result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=env,
                                capture_output=True, text=True, timeout=120)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY must be set", result.stderr)


class SecurityHeaderTests(TestCase):
    def test_pages_carry_the_security_headers(self):
        response = self.client.get(reverse("meetings:home"))
        csp = response["Content-Security-Policy"]
        self.assertIn("script-src 'self'", csp)
        self.assertNotIn("unsafe-inline", csp)
        self.assertIn("frame-ancestors 'none'", csp)
        self.assertEqual(response["X-Frame-Options"], "DENY")
        self.assertEqual(response["Referrer-Policy"], "same-origin")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertIn("camera=()", response["Permissions-Policy"])

    @override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_SSL_REDIRECT=True,
                       SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"))
    def test_https_requests_get_hsts_and_http_is_redirected(self):
        secure = self.client.get(reverse("meetings:home"), headers={"X-Forwarded-Proto": "https"})
        self.assertEqual(secure["Strict-Transport-Security"], "max-age=31536000; includeSubDomains")
        plain = self.client.get(reverse("meetings:home"))
        self.assertEqual(plain.status_code, 301)
        self.assertTrue(plain["Location"].startswith("https://"))


class LoginThrottleTests(TestCase):
    @override_settings(AXES_ENABLED=True, AXES_FAILURE_LIMIT=3)
    def test_repeated_failed_log_ins_lock_the_account_even_with_the_right_password(self):
        make_member(make_committee(), username="medlem")
        for _attempt in range(3):
            self.client.post(reverse("login"), {"username": "medlem", "password": "forkert-kode"})
        response = self.client.post(reverse("login"), {"username": "medlem", "password": "a-long-test-password"})
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "For mange mislykkede forsøg", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    @override_settings(AXES_ENABLED=True)
    def test_a_correct_log_in_works(self):
        make_member(make_committee(), username="medlem")
        response = self.client.post(reverse("login"), {"username": "medlem", "password": "a-long-test-password"})
        self.assertEqual(response.status_code, 302)
        self.assertIn("_auth_user_id", self.client.session)


class HealthCheckTests(TestCase):
    def test_it_reports_the_database_reachable(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.json(), {"status": "ok", "database": "ok"})
        self.assertIn("no-cache", response["Cache-Control"])
