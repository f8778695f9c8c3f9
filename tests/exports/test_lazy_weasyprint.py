"""WeasyPrint takes about a second to import; only a process that renders a PDF pays it.

Every manage.py command (migrate, the mail worker, deactivate_former_members) loads the
URLconf and so the export views; they must not load WeasyPrint with them."""

import subprocess
import sys

from django.test import SimpleTestCase

PROBE = """
import os, sys
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "klu.settings")
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # loads every view module, the export views included
import meetings.exports.minutes_store, meetings.services
print("weasyprint" in sys.modules)
from meetings.exports.pdf import render_agenda_pdf  # noqa: F401
print("weasyprint" in sys.modules)
"""


class LazyWeasyPrintTests(SimpleTestCase):
    def test_loading_the_site_does_not_import_weasyprint(self):
        result = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, timeout=120,
                                env={**__import__("os").environ, "DEBUG": "1"})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.split(), ["False", "False"])
