"""The sanitiser keeps what the workspace's editor writes, and plain text from a textarea
(no JavaScript) becomes paragraphs."""

from django.test import SimpleTestCase

from meetings.richtext import html_to_text, plain_text_as_paragraphs, sanitize
from meetings.workspace.forms import RichTextField

# What the editor (static/js/rich-text.js) hands the form, copied from Chromium: every
# kind of block and mark it offers, a link with a title, a mailto link, a numbered list
# that starts at 3, a table with a header row and a merged cell.
EDITOR_OUTPUT = [
    '<p>Klyngerne har dækket alle vagter i foråret.</p><p>Læs mere på kommunens '
    '<a href="https://www.aalborg.dk/" rel="noopener noreferrer">hjemmeside</a></p>'
    '<ul><li><p>Lægevagten i Aalborg</p></li><li><p>Klyngen i Sulsted</p></li></ul>'
    '<table><tbody><tr><th><p>Område</p></th><th><p>2024</p></th><th><p>2025</p></th></tr>'
    '<tr><td><p>Lægevagt</p></td><td><p>120</p></td><td><p>135</p></td></tr>'
    '<tr><td><p>Klynger</p></td><td><p>40</p></td><td><p>45</p></td></tr></tbody></table>',

    '<h3>Økonomi</h3><h4>Budget 2025</h4><p>Tekst med <strong>fed</strong>, <em>kursiv</em>, '
    '<u>understreget</u> og linjeskift<br>her &amp; &lt;tegn&gt; "citat" æøå&nbsp;x.</p>'
    '<ol start="3"><li><p>tre</p></li><li><p>fire</p></li></ol><ol><li><p>en</p></li></ol>'
    '<blockquote><p>Citeret</p></blockquote>'
    '<p><a href="mailto:a@b.dk" title="Skriv" rel="noopener noreferrer">mail</a> og '
    '<a href="https://x.dk/?a=1&amp;b=2" rel="noopener noreferrer">x</a> ond</p>'
    '<table><tbody><tr><th><p>A</p></th><th colspan="2"><p>B</p></th></tr>'
    '<tr><td><p>1</p></td><td><p>2</p></td><td><p>3</p></td></tr></tbody></table>',

    "<p>Referat fra <strong>arbejdsgruppen</strong> om klynger</p><p>Næste møde i april</p>",
    "<p></p>",
]


class SanitiserKeepsEditorOutputTests(SimpleTestCase):
    def test_it_returns_the_editors_html_unchanged(self):
        for html in EDITOR_OUTPUT:
            with self.subTest(html=html[:40]):
                self.assertEqual(sanitize(html), html)

    def test_it_is_idempotent(self):
        for html in EDITOR_OUTPUT + ['<p style="color:red" class="MsoNormal">x<o:p></o:p></p><a href="javascript:x">y</a>']:
            once = sanitize(html)
            self.assertEqual(sanitize(once), once)

    def test_it_still_removes_what_the_editor_never_writes(self):
        self.assertEqual(sanitize('<p class="MsoNormal" style="margin:0"><span lang="DA">Tekst<o:p></o:p></span></p>'),
                         "<p>Tekst</p>")
        self.assertEqual(sanitize('<a href="javascript:alert(1)" target="_blank">x</a>'),
                         '<a rel="noopener noreferrer">x</a>')
        self.assertEqual(sanitize('<ol data-type="decimal" type="1"><li>x</li></ol>'), "<ol><li>x</li></ol>")


class PlainTextTests(SimpleTestCase):
    def test_lines_become_paragraphs_and_line_breaks(self):
        self.assertEqual(plain_text_as_paragraphs("Første afsnit.\r\n\r\nAndet afsnit,\r\nover to linjer.\n"),
                         "<p>Første afsnit.</p><p>Andet afsnit,<br>over to linjer.</p>")

    def test_markup_characters_in_plain_text_are_text(self):
        self.assertEqual(plain_text_as_paragraphs("5 < 7 & 8 > 6\n\nslut"), "<p>5 &lt; 7 &amp; 8 &gt; 6</p><p>slut</p>")

    def test_html_and_a_single_line_are_left_alone(self):
        for text in ("<p>Et afsnit</p>\n\n<p>Et andet</p>", "Godkendt.", "", "<ul><li>a</li></ul>"):
            self.assertEqual(plain_text_as_paragraphs(text), text)

    def test_the_form_field_converts_plain_text_and_keeps_the_editors_html(self):
        field = RichTextField(required=False)
        self.assertEqual(field.clean("a\n\nb"), "<p>a</p><p>b</p>")
        self.assertEqual(field.clean(EDITOR_OUTPUT[0]), EDITOR_OUTPUT[0])

    def test_the_widget_is_a_textarea_with_a_linked_hint_and_never_required(self):
        field = RichTextField(label="Sagsbeskrivelse", required=True)
        html = field.widget.render("case_description", "<p>x</p>", attrs={"id": "id_case_description"})
        self.assertIn('<span class="form-hint rich-text-hint" id="id_case_description_format">', html)
        self.assertIn('aria-describedby="id_case_description_format"', html)
        self.assertIn("data-rich-text=", html)
        self.assertIn("&lt;p&gt;x&lt;/p&gt;</textarea>", html)
        self.assertFalse(field.widget.use_required_attribute(None))


class HtmlToTextTests(SimpleTestCase):
    def test_paragraphs_lists_and_table_rows_become_lines_and_cells_stay_apart(self):
        stored = ("<p>Drøftet &amp; <strong>besluttet</strong>.</p><ul><li>Første</li><li>Anden</li></ul>"
                  "<table><tr><th>År</th><th>Beløb</th></tr><tr><td>2024</td><td>1.200 kr.</td></tr></table>"
                  "<p>Linje<br>to</p>")
        self.assertEqual(html_to_text(stored),
                         "Drøftet & besluttet.\n- Første\n- Anden\nÅr Beløb\n2024 1.200 kr.\nLinje\nto")
        self.assertEqual(html_to_text(""), "")
