"""The formatted-text editor in real Chromium: what a secretary writes with its toolbar is
stored as clean HTML, shown the same on the public page and in the agenda PDF, opens again
unchanged; Word's markup does not survive a paste; without JavaScript the field is a
labelled textarea that still saves."""

import re
from html.parser import HTMLParser

import pytest
from django.test import Client

from meetings import services
from meetings.models import AgendaItem
from tests.browser.base import BrowserTestCase
from tests.exports.base import pdf_text
from tests.factories import make_committee, make_item, make_meeting, make_person, make_secretary

EDITOR = ".prose-editor .ProseMirror"
TABLE = [["Område", "2024", "2025"], ["Lægevagt", "120", "135"], ["Klynger", "40", "45"]]

# What Word puts on the clipboard for two short paragraphs, one with bold text.
WORD_HTML = """<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>
p.MsoNormal {margin:0cm; font-family:Calibri}</style></head><body lang=DA>
<!--StartFragment--><p class=MsoNormal style='margin-bottom:0cm;line-height:normal'><span lang=DA
style='font-size:11.0pt;font-family:"Calibri",sans-serif;color:#1F3864'>Referat fra <b><span
style='mso-bidi-font-weight:normal'>arbejdsgruppen</span></b> om klynger<o:p></o:p></span></p>
<p class=MsoNormal style='margin-bottom:0cm'><span lang=DA style='font-size:11.0pt'>Næste møde
i april<o:p>&nbsp;</o:p></span></p><!--EndFragment--></body></html>"""


class Node:
    """An element of parsed HTML: tag, attributes, children, text."""

    def __init__(self, tag, attrs=(), parent=None):
        self.tag, self.attrs, self.parent, self.children, self.text = tag, dict(attrs), parent, [], ""

    def find_all(self, tag):
        for child in self.children:
            if child.tag == tag:
                yield child
            yield from child.find_all(tag)

    def all_text(self):
        return self.text + "".join(child.all_text() for child in self.children)


class TreeBuilder(HTMLParser):
    VOID = {"br", "hr", "img", "col", "input", "meta", "link"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = self.current = Node("#root")

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.current)
        self.current.children.append(node)
        if tag not in self.VOID:
            self.current = node

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        # Text goes to a text child so that all_text() keeps document order.
        text = Node("#text", parent=self.current)
        text.text = data
        self.current.children.append(text)


def parse(html):
    builder = TreeBuilder()
    builder.feed(html)
    return builder.root


@pytest.mark.browser
class EditorTests(BrowserTestCase):
    @classmethod
    def setUpClassData(cls):
        cls.committee = make_committee(name="Kommunalt Lægeligt Udvalg", short_name="KLU")
        cls.secretary = make_secretary(cls.committee, username="sekretaer")
        cls.meeting = make_meeting(committee=cls.committee, minute_taker=make_person(name="Lars Lund"))
        cls.item = make_item(cls.meeting, title="Lægedækning i klyngerne")
        cls.plain_item = make_item(cls.meeting, title="Punkt uden JavaScript")
        cls.paste_item = make_item(cls.meeting, title="Tekst fra Word")
        services.meeting_publish(meeting=cls.meeting, user=cls.secretary)

    def open_item(self, item):
        self.log_in(self.secretary)
        self.visit(f"/workspace/items/{item.pk}/")
        self.page.locator(EDITOR).wait_for()

    def button(self, name):
        return self.page.get_by_role("toolbar", name="Formatering").get_by_role("button", name=name, exact=True)

    def save(self, item):
        self.page.get_by_role("button", name="Gem punktet").click()
        self.page.get_by_text(f"Punkt {item.label} er gemt.").wait_for()
        item.refresh_from_db()
        return item.case_description

    def test_a_secretary_writes_paragraphs_a_list_a_link_and_a_table(self):
        page = self.page
        self.open_item(self.item)
        self.assert_no_axe_violations("an item's edit page with the editor")

        editor = page.get_by_role("textbox", name="Sagsbeskrivelse")
        editor.click()
        page.keyboard.type("Klyngerne har dækket alle vagter i foråret.")
        page.keyboard.press("Enter")
        page.keyboard.type("Læs mere på kommunens hjemmeside")
        page.keyboard.press("Control+Shift+ArrowLeft")  # selects the last word
        page.wait_for_function("getSelection().toString() === 'hjemmeside'")
        # With text selected the link button is enabled: the editor has the selection too.
        self.button("Indsæt eller ret link").and_(page.locator("[aria-disabled=false]")).wait_for()
        self.button("Indsæt eller ret link").click()
        dialog = page.locator("dialog[open]")
        dialog.get_by_label("Adresse (https://…, mailto:…)").fill("https://www.aalborg.dk/")
        self.assert_no_axe_violations("the editor's link dialog")
        dialog.get_by_role("button", name="Gem").click()
        page.locator(EDITOR).get_by_role("link", name="hjemmeside").wait_for()
        # The editor takes the focus back, with the selection, after the dialog closes; a key
        # pressed within the same few milliseconds (no person is that quick) meets the old
        # selection, so wait for the focus and pause as a person would.
        page.wait_for_function("document.activeElement.classList.contains('ProseMirror')")
        page.wait_for_timeout(300)
        page.keyboard.press("End")
        # Past the link, with nothing selected, there is nothing to link: the button says so.
        self.button("Indsæt eller ret link").and_(page.locator("[aria-disabled=true]")).wait_for()
        page.keyboard.press("Enter")
        self.button("Punktliste").click()
        page.keyboard.type("Lægevagten i Aalborg")
        page.keyboard.press("Enter")
        page.keyboard.type("Klyngen i Sulsted")
        page.keyboard.press("Enter")
        page.keyboard.press("Enter")  # an empty entry ends the list
        self.button("Indsæt tabel").click()
        dialog = page.locator("dialog[open]")
        self.assertEqual(dialog.get_by_label("Første række er overskrifter").input_value(), "Yes")
        self.assert_no_axe_violations("the editor's table dialog")
        dialog.get_by_role("button", name="Indsæt tabel").click()
        for r, row in enumerate(TABLE):
            for c, cell in enumerate(row):
                if r or c:
                    page.keyboard.press("Tab")
                page.keyboard.type(cell)
        self.assert_no_axe_violations("the editor with a table")

        stored = self.save(self.item)

        # (a) What is stored: two paragraphs, a list of two, the link, a 3×3 table.
        tree = parse(stored)
        top = [child.tag for child in tree.children if child.tag != "#text"]
        self.assertEqual(top, ["p", "p", "ul", "table"], stored)
        paragraphs = [child for child in tree.children if child.tag == "p"]
        self.assertEqual([p.all_text() for p in paragraphs], [
            "Klyngerne har dækket alle vagter i foråret.", "Læs mere på kommunens hjemmeside"], stored)
        entries = list(tree.children[2].find_all("li"))
        self.assertEqual([li.all_text() for li in entries], ["Lægevagten i Aalborg", "Klyngen i Sulsted"])
        links = list(tree.find_all("a"))
        self.assertEqual([(a.attrs["href"], a.all_text()) for a in links], [("https://www.aalborg.dk/", "hjemmeside")])
        rows = list(tree.find_all("tr"))
        self.assertEqual([[cell.all_text() for cell in row.children if cell.tag in ("th", "td")] for row in rows],
                         TABLE)
        self.assertEqual([cell.tag for cell in rows[0].children if cell.tag != "#text"], ["th"] * 3)
        for word in ("class=", "style=", "<span", "<div", "colgroup"):
            self.assertNotIn(word, stored)

        # (b) The public page shows the same, inside the item.
        public = self.browser.new_context()
        try:
            reader = public.new_page()
            reader.goto(self.url(self.meeting.get_absolute_url()))
            text = reader.locator(f"#{self.item.anchor} .rich-text").first
            self.assertEqual(text.locator(":scope > p").all_inner_texts(), [p.all_text() for p in paragraphs])
            self.assertEqual(text.locator("ul > li").all_inner_texts(), ["Lægevagten i Aalborg", "Klyngen i Sulsted"])
            link = text.get_by_role("link", name="hjemmeside")
            self.assertEqual(link.get_attribute("href"), "https://www.aalborg.dk/")
            shown = text.locator("table tr").evaluate_all(
                "rows => rows.map(row => [...row.cells].map(cell => cell.innerText.trim()))")
            self.assertEqual(shown, TABLE)
        finally:
            public.close()

        # (c) The agenda PDF has every word, the table's cells in reading order.
        response = Client().get(f"/meetings/{self.meeting.pk}/agenda.pdf")
        self.assertEqual(response.status_code, 200)
        text = pdf_text(response.content, layout=True)
        for words in ("Klyngerne har dækket alle vagter i foråret.", "Læs mere på kommunens hjemmeside",
                      "Lægevagten i Aalborg", "Klyngen i Sulsted"):
            self.assertIn(words, text)
        for row in TABLE:
            self.assertRegex(text, r"\s+".join(re.escape(cell) for cell in row))
        self.assertRegex(text, r"(?s)Område.*Lægevagt\s+120\s+135.*Klynger\s+40\s+45")
        # Lists are lists in the PDF: each entry starts with a bullet.
        self.assertRegex(text, r"•\s*Lægevagten i Aalborg")

        # Open again: the editor shows the same, and saving without edits changes nothing.
        self.visit(f"/workspace/items/{self.item.pk}/")
        editor = page.locator(EDITOR)
        editor.wait_for()
        self.assertEqual(editor.locator("table tr").count(), 3)
        self.assertEqual(editor.locator("ul > li").count(), 2)
        self.assertEqual(editor.locator("a").get_attribute("href"), "https://www.aalborg.dk/")
        self.assertEqual(self.save(self.item), stored)

    def test_text_pasted_from_word_is_stored_without_words_markup(self):
        page = self.page
        self.open_item(self.paste_item)
        page.get_by_role("textbox", name="Sagsbeskrivelse").click()
        page.locator(EDITOR).evaluate("""(element, html) => {
            const data = new DataTransfer();
            data.setData("text/html", html);
            data.setData("text/plain", "Referat fra arbejdsgruppen om klynger\\nNæste møde i april");
            element.dispatchEvent(new ClipboardEvent("paste", {clipboardData: data, bubbles: true, cancelable: true}));
        }""", WORD_HTML)
        page.locator(EDITOR).get_by_text("Næste møde i april").wait_for()
        # What the editor hands the form, before the server's sanitiser sees it.
        sent = page.locator("textarea[name=case_description]").input_value()
        stored = self.save(self.paste_item)
        for html in (sent, stored):
            for word in ("MsoNormal", "class=", "style=", "o:p", "<span", "lang=", "mso-", "Calibri", "StartFragment"):
                self.assertNotIn(word, html)
        tree = parse(stored)
        self.assertEqual([(child.tag, child.all_text().split()) for child in tree.children if child.tag != "#text"], [
            ("p", "Referat fra arbejdsgruppen om klynger".split()), ("p", "Næste møde i april".split())])
        self.assertEqual([b.all_text() for b in tree.find_all("strong")], ["arbejdsgruppen"])

    def test_without_javascript_the_field_is_a_labelled_textarea_that_saves(self):
        self.context.close()
        self.context = self.browser.new_context(java_script_enabled=False, locale="da-DK")
        self.page = self.context.new_page()
        self.log_in(self.secretary)
        self.visit(f"/workspace/items/{self.plain_item.pk}/")
        # (No axe here: it runs as JavaScript in the page. The page with the editor is checked above.)
        field = self.page.get_by_label("Sagsbeskrivelse")
        textarea = self.page.locator("textarea[name=case_description]")
        self.assertEqual(field.get_attribute("id"), textarea.get_attribute("id"))
        self.assertTrue(textarea.is_visible())
        self.assertEqual(self.page.locator(EDITOR).count(), 0)
        hint = self.page.locator(f"#{textarea.get_attribute('id')}_format")
        self.assertTrue(hint.is_visible())
        self.assertIn("tom linje", hint.inner_text())
        self.assertIn(hint.get_attribute("id"), textarea.get_attribute("aria-describedby").split())
        field.fill("Første afsnit.\n\nAndet afsnit,\nover to linjer. 5 < 7 & 8 > 6.")
        stored = self.save(self.plain_item)
        self.assertEqual(stored, "<p>Første afsnit.</p><p>Andet afsnit,<br>over to linjer. 5 &lt; 7 &amp; 8 &gt; 6.</p>")
        self.assertEqual(AgendaItem.objects.get(pk=self.plain_item.pk).case_description, stored)
