"""Errors are answered with Danish pages in the design system, never a traceback."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError, connection
from django.template.loader import render_to_string
from django.test import Client, TestCase, override_settings
from django.urls import path, reverse
from django.utils import translation

from klu.urls import urlpatterns as site_urlpatterns
from tests.factories import make_member

SECRET_DETAIL = "geheim-detalje-fra-undtagelsen"
DESIGN_SYSTEM = "vendor/dkfds/css/dkfds.min.css"


def raise_bad_request(request):
    raise SuspiciousOperation(SECRET_DETAIL)


def raise_permission_denied(request):
    raise PermissionDenied(SECRET_DETAIL)


def raise_error(request):
    raise RuntimeError(SECRET_DETAIL)


# The site's own URLs plus three views that fail on purpose.
urlpatterns = [
    path("test-errors/400/", raise_bad_request),
    path("test-errors/403/", raise_permission_denied),
    path("test-errors/500/", raise_error),
    *site_urlpatterns,
]


@override_settings(DEBUG=False, ROOT_URLCONF=__name__)
class ErrorPageTests(TestCase):
    def setUp(self):
        self.client = Client(raise_request_exception=False)

    def assert_error_page(self, response, status, heading):
        body = response.content.decode()
        self.assertEqual(response.status_code, status)
        self.assertIn(f"<h1>{heading}</h1>", body)
        self.assertIn(DESIGN_SYSTEM, body)
        self.assertIn('lang="da"', body)
        for leak in ("Traceback", SECRET_DETAIL, "RuntimeError", "SuspiciousOperation"):
            self.assertNotIn(leak, body)

    def test_a_failing_view_gets_the_danish_500_page(self):
        response = self.client.get("/test-errors/500/")
        self.assert_error_page(response, 500, "Der opstod en fejl")

    def test_the_500_page_renders_while_the_database_refuses_every_query(self):
        def refuse(*args):
            raise OperationalError("the database is down")

        # Django renders 500.html with no request and no context processors.
        with connection.execute_wrapper(refuse):
            body = render_to_string("500.html")
        self.assertIn("Der opstod en fejl", body)
        self.assertIn(DESIGN_SYSTEM, body)

    def test_after_an_english_request_the_thread_speaks_danish_again(self):
        # An error answered outside the language middleware renders in the thread's
        # language, which must not be the previous reader's choice.
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        self.assertContains(self.client.get("/test-errors/500/"), "Something went wrong", status_code=500)
        self.assertEqual(translation.get_language(), "da")
        self.assertIn("Der opstod en fejl", render_to_string("500.html"))

    def test_a_bad_request_gets_the_danish_400_page(self):
        response = self.client.get("/test-errors/400/")
        self.assert_error_page(response, 400, "Forespørgslen kunne ikke behandles")

    def test_an_unknown_host_gets_the_danish_400_page(self):
        response = self.client.get(reverse("meetings:home"), headers={"Host": "angriber.example"})
        self.assert_error_page(response, 400, "Forespørgslen kunne ikke behandles")

    def test_a_refusal_gets_the_danish_403_page_with_a_way_to_log_in(self):
        response = self.client.get("/test-errors/403/")
        self.assert_error_page(response, 403, "Ingen adgang")
        self.assertContains(response, f'{reverse("login")}?next=/test-errors/403/', status_code=403)

    def test_a_logged_in_member_is_told_to_ask_the_secretariat(self):
        self.client.force_login(make_member())
        response = self.client.get("/test-errors/403/")
        self.assert_error_page(response, 403, "Ingen adgang")
        self.assertContains(response, "Kontakt sekretariatet", status_code=403)

    def test_an_unknown_address_gets_the_danish_404_page(self):
        response = self.client.get("/findes-ikke/")
        self.assert_error_page(response, 404, "Siden findes ikke")
        self.assertContains(response, reverse("meetings:archive"), status_code=404)

    def test_a_forged_form_gets_the_danish_csrf_page(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post(reverse("login"), {"username": "medlem", "password": "forkert-kode"})
        self.assert_error_page(response, 403, "Formularen blev ikke sendt")

    def test_error_pages_speak_the_language_the_reader_chose(self):
        self.client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        for url in ("/test-errors/500/", "/test-errors/400/", "/test-errors/403/", "/findes-ikke/"):
            with self.subTest(url=url):
                body = self.client.get(url).content.decode()
                self.assertIn('<html lang="en">', body)
                self.assertIn(DESIGN_SYSTEM, body)
