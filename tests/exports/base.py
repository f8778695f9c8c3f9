"""What the export tests share: a throwaway media folder, the seed, and real PDF readers."""

import io
import re
import shutil
import subprocess
import tempfile

import pypdf
from django.core.management import call_command
from django.test import TestCase, override_settings

from meetings.models import Meeting


class OwnMediaRoot:
    """Mix in before a test case class: its stored files (seed attachments, minutes PDFs,
    uploads) go to a folder of the class's own, removed after the class."""

    media_prefix = "klu-media-"

    @classmethod
    def setUpClass(cls):
        cls._media_root = tempfile.mkdtemp(prefix=cls.media_prefix)
        cls._media_override = override_settings(MEDIA_ROOT=cls._media_root)
        cls._media_override.enable()
        try:
            super().setUpClass()
        except BaseException:
            cls._media_override.disable()
            shutil.rmtree(cls._media_root, ignore_errors=True)
            raise

    @classmethod
    def tearDownClass(cls):
        try:
            super().tearDownClass()
        finally:
            cls._media_override.disable()
            shutil.rmtree(cls._media_root, ignore_errors=True)


class ExportTestCase(OwnMediaRoot, TestCase):
    """A TestCase whose stored files (seed attachments, minutes PDFs) go to a folder of its own."""

    media_prefix = "klu-exports-"


def seed():
    """Load the source documents with the project's own loader (about 4 s: call once per class)."""
    call_command("seed_klu", stdout=io.StringIO())


def seed_meeting(slug, date):
    return Meeting.objects.get(committee__slug=slug, date=date)


def pdf_text(data: bytes, *, layout=False) -> str:
    """The PDF's text as poppler's pdftotext reads it, whitespace collapsed to single spaces."""
    options = ["-layout"] if layout else []
    result = subprocess.run(["pdftotext", *options, "-enc", "UTF-8", "-", "-"], input=data, capture_output=True,
                            check=True)
    return normalise(result.stdout.decode("utf-8"))


def pdf_fonts(data: bytes) -> list[dict]:
    """The fonts `pdffonts` lists, each as {name, emb}."""
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        result = subprocess.run(["pdffonts", handle.name], capture_output=True, text=True, check=True)
    fonts = []
    for line in result.stdout.splitlines()[2:]:
        # Columns: name, type (may contain spaces), encoding, emb, sub, uni, object, ID.
        parts = line.split()
        fonts.append({"name": parts[0], "emb": parts[-5]})
    return fonts


def pdf_reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def normalise(text: str) -> str:
    return " ".join(text.split())


def html_text_blocks(html: str) -> list[str]:
    """The text runs of stored rich text (one per paragraph or list item), as a reader sees them."""
    text = re.sub(r"<[^>]+>", "\n", html)
    for entity, char in (("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'")):
        text = text.replace(entity, char)
    return [normalise(block) for block in text.split("\n") if block.strip()]
