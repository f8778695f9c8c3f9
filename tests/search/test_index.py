"""What the search index holds per audience, PDF text, keeping it current, and PostgreSQL's plan."""

import datetime
import tempfile

from django.core.files.base import ContentFile
from django.db import connection
from django.test import TestCase, override_settings

from meetings.access import ADMINISTRATOR, ANONYMOUS, Viewer
from meetings.locking import minutes_unlocked
from meetings.models import Meeting
from search.models import SearchEntry
from search.query import search_items
from tests.factories import make_attachment, make_committee, make_decision, make_item, make_meeting, sign_off

MEDIA_ROOT = tempfile.mkdtemp(prefix="klu-search-test-")


def pdf_with_text(text):
    """A one-page PDF whose page shows `text` (ASCII) in Helvetica, readable by any PDF reader."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@override_settings(MEDIA_ROOT=MEDIA_ROOT)
class AudienceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.klu = make_committee(slug="klu", name="Kommunalt Lægeligt Udvalg")
        cls.other = make_committee(slug="chefforum", name="Chefforum")
        cls.signed = make_meeting(committee=cls.klu, date=datetime.date(2024, 3, 1), status=Meeting.Status.HELD)
        cls.open_item = make_item(cls.signed, number=1, title="Sygedagpengehuset og lægerne")
        make_decision(cls.open_item, text="<p>Tiltrådt med ønske om kvartalsvise dialogmøder.</p>")
        cls.pdf = make_attachment(cls.signed, item=cls.open_item, title="Slides",
                                  file=ContentFile(pdf_with_text("Fremskudt visitation i akutmodtagelsen"),
                                                   name="slides.pdf"))
        cls.closed_pdf = make_attachment(cls.signed, item=cls.open_item, title="Fortroligt notat", is_closed=True,
                                         file=ContentFile(pdf_with_text("Kvistgaardrapporten lonniveau"),
                                                          name="notat.pdf"))
        cls.closed_item = make_item(cls.signed, number=2, title="Lukket sag om papegøjehuset", is_closed=True,
                                    case_description="<p>Budgettet for papegøjehuset.</p>")
        sign_off(cls.signed)
        cls.draft = make_meeting(committee=cls.klu, date=datetime.date(2024, 6, 1),
                                 status=Meeting.Status.MINUTES_DRAFTED)
        cls.draft_item = make_item(cls.draft, number=1, title="Tematikdrøftelse om akutpladser")
        make_decision(cls.draft_item, text="<p>Psykiatrihuset inviteres til næste møde.</p>")
        cls.planned = make_meeting(committee=cls.klu, date=datetime.date(2024, 9, 1), status=Meeting.Status.PLANNED)
        make_item(cls.planned, number=1, title="Udkast om akutpladser i papegøjehuset")
        cls.member = Viewer(member_of=frozenset({cls.klu.pk}))
        cls.other_member = Viewer(member_of=frozenset({cls.other.pk}))
        cls.secretary = Viewer(secretary_of=frozenset({cls.klu.pk}))

    def found(self, query, viewer, **kw):
        return [r.item for r in search_items(query, viewer=viewer, **kw)]

    def test_the_text_of_a_pdf_attachment_is_searched(self):
        [result] = search_items("visitation", viewer=ANONYMOUS)
        self.assertEqual((result.item, result.field_label), (self.open_item, "Bilagets tekst"))
        self.assertIn("Fremskudt <mark>visitation</mark>", result.snippet)

    def test_a_file_that_cannot_be_read_is_not_remembered_as_empty(self):
        from search.index import _pdf_text, attachment_text

        _pdf_text.cache_clear()  # the index read the file when the test data was made
        storage = self.pdf.file.storage
        with storage.open(self.pdf.file.name, "rb") as handle:
            data = handle.read()
        storage.delete(self.pdf.file.name)
        try:
            # The store is away (here: the file is gone): no text, no error.
            self.assertEqual(attachment_text(self.pdf), "")
        finally:
            with open(storage.path(self.pdf.file.name), "wb") as handle:
                handle.write(data)
        # Back again: the next reading finds the text, not a remembered failure.
        self.assertIn("Fremskudt visitation", attachment_text(self.pdf))

    def test_a_closed_attachments_text_is_found_by_members_only(self):
        self.assertEqual(self.found("Kvistgaardrapporten", ANONYMOUS), [])
        self.assertEqual(self.found("Kvistgaardrapporten", self.other_member), [])
        self.assertEqual(self.found("Kvistgaardrapporten", self.member), [self.open_item])
        # The public's version of the item says nothing of it, not even in a snippet.
        [public] = search_items("sygedagpengehuset", viewer=ANONYMOUS)
        self.assertNotIn("Fortroligt", str(public.snippet))

    def test_a_closed_item_never_matches_counts_or_shows_for_the_public(self):
        for viewer in (ANONYMOUS, self.other_member):
            with self.subTest(viewer=viewer):
                results = search_items("papegøjehuset", viewer=viewer)
                self.assertEqual(list(results), [])
                self.assertEqual(results.facets, {"committee": {}, "year": {}, "kind": {}})
        self.assertEqual(self.found("papegøjehuset", self.member), [self.closed_item])
        # The planned meeting's agenda is the secretariat's alone.
        self.assertEqual(len(self.found("papegøjehuset", self.secretary)), 2)
        self.assertEqual(search_items("papegøjehuset", viewer=self.secretary).facets["year"], {2024: 2})

    def test_a_draft_decision_is_the_secretariats_alone(self):
        for viewer in (ANONYMOUS, self.member):
            with self.subTest(viewer=viewer):
                self.assertEqual(self.found("psykiatrihuset", viewer), [])
                # The published agenda is public; its draft decision gives no snippet.
                [result] = search_items("akutpladser", viewer=viewer)
                self.assertEqual((result.item, str(result.snippet)), (self.draft_item, ""))
        self.assertEqual(self.found("psykiatrihuset", self.secretary), [self.draft_item])
        self.assertEqual(self.found("psykiatrihuset", ADMINISTRATOR), [self.draft_item])

    def test_one_row_serves_every_audience_that_reads_the_same(self):
        rows = SearchEntry.objects.filter(kind="item", object_id=self.open_item.pk)
        # The public reads it without the closed attachment; members and the secretariat with it.
        self.assertEqual(sorted(rows.values_list("level", "top_level")), [(0, 0), (1, 2)])
        self.assertEqual(list(SearchEntry.objects.filter(kind="item", object_id=self.closed_item.pk)
                              .values_list("level", "top_level")), [(1, 2)])

    def test_a_compound_is_found_by_its_parts_and_ranks_by_title(self):
        # "sygedagpenge" is the head of "Sygedagpengehuset"; "dialogmøder" is in the decision only.
        self.assertEqual(self.found("sygedagpenge", ANONYMOUS), [self.open_item])
        [result] = search_items("dialogmøder", viewer=ANONYMOUS)
        self.assertEqual(result.field_label, "Beslutning")

    def test_saving_the_meeting_reindexes_it(self):
        # A meeting's status decides what each audience reads; its save re-indexes its items.
        self.draft.status = Meeting.Status.SIGNED_OFF
        self.draft.sign_off_method = Meeting.SignOffMethod.CHAIR
        self.draft.signed_off_at = datetime.datetime(2024, 6, 10, 12, 0, tzinfo=datetime.timezone.utc)
        with minutes_unlocked():
            self.draft.save()
        self.assertEqual(self.found("psykiatrihuset", ANONYMOUS), [self.draft_item])

    def test_deleting_an_item_removes_its_rows(self):
        self.planned.items.all().delete()
        self.assertFalse(SearchEntry.objects.filter(meeting=self.planned).exists())
        self.planned.delete()
        self.assertEqual(len(self.found("papegøjehuset", ADMINISTRATOR)), 1)

    def test_postgresql_answers_from_the_gin_index(self):
        if connection.vendor != "postgresql":
            with connection.cursor() as cursor:
                columns = {c.name for c in connection.introspection.get_table_description(
                    cursor, SearchEntry._meta.db_table)}
            self.assertNotIn("document", columns)  # SQLite matches the term columns with LIKE
            return
        from search.query import _match, access_filter
        # A few thousand rows of other words, as the statistics see them after ANALYZE.
        SearchEntry.objects.bulk_create(
            SearchEntry(kind="item", object_id=100_000 + n, committee=self.klu, meeting=self.signed,
                        date=self.signed.date, year=2024, level=n % 2, top_level=2, title=f"Punkt {n}",
                        url="/", title_terms=f" punkt ord{n % 97} ", body_terms=f" tekst ord{n % 89} sundhed ")
            for n in range(4000))
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE search_searchentry")
        for viewer in (ANONYMOUS, self.member, ADMINISTRATOR):
            with self.subTest(viewer=viewer.key):
                queryset = _match(SearchEntry.objects.filter(access_filter(viewer)), ["sygedagpeng"])
                self.assertIn("searchentry_document_gin", queryset.order_by().explain())
