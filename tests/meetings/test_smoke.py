"""The site answers, and the vendored design system is complete enough to deploy."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase, override_settings
from django.urls import reverse

DKFDS = Path(settings.BASE_DIR, "static", "vendor", "dkfds")


class HomePageTests(TestCase):
    def test_it_answers_in_danish(self):
        response = self.client.get(reverse("meetings:home"))
        self.assertContains(response, '<html lang="da">')

    def test_it_uses_the_design_system_and_our_additions_and_no_script(self):
        response = self.client.get(reverse("meetings:home"))
        self.assertContains(response, '<link rel="stylesheet" href="/static/vendor/dkfds/css/dkfds.min.css">')
        self.assertContains(response, '<link rel="stylesheet" href="/static/css/klu.css">')
        self.assertContains(response, '<a class="skipnav" href="#main-content">')
        self.assertContains(response, '<main id="main-content" tabindex="-1">')
        # The reading pages work without JavaScript; they load none.
        self.assertNotContains(response, "<script")


class VendoredDesignSystemTests(SimpleTestCase):
    def test_it_carries_its_licences_and_version(self):
        self.assertIn("MIT", (DKFDS / "LICENSE.md").read_text())
        self.assertIn("SIL Open Font License", (DKFDS / "fonts" / "IBMPlexSans" / "LICENSE-OFL.txt").read_text())
        self.assertIn("11.2.0", (DKFDS / "VERSION").read_text())

    def test_the_finders_serve_it(self):
        self.assertIsNotNone(finders.find("vendor/dkfds/css/dkfds.min.css"))

    def test_collectstatic_with_hashed_names_finds_every_file_the_css_refers_to(self):
        # Production (STATIC_MANIFEST=1) rewrites every url() in the CSS and fails on
        # a missing font or icon; vendoring only some of dkfds' files must not break that.
        with tempfile.TemporaryDirectory() as root, override_settings(
            STATIC_ROOT=root,
            STORAGES={**settings.STORAGES, "staticfiles": {
                "BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}},
        ):
            call_command("collectstatic", interactive=False, verbosity=0)
            manifest = Path(root, "staticfiles.json").read_text()
        self.assertIn("vendor/dkfds/css/dkfds.min.css", manifest)
        self.assertIn("vendor/dkfds/fonts/IBMPlexSans/complete/woff2/IBMPlexSans-Regular.woff2", manifest)
