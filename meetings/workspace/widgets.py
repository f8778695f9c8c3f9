"""The formatted-text editor of the workspace.

Every formatted-text field (`forms.RichTextField`) renders as a plain textarea marked
`data-rich-text`; `static/js/rich-text.js` (loaded by templates/workspace/base.html)
puts django-prose-editor's ProseMirror/Tiptap editor over it. The editor offers only
what `meetings/richtext.py` keeps: paragraphs, headings 3 and 4, bold, italic,
underline, bullet and numbered lists, links (http, https, mailto), tables with a header
row and quotations. Its Danish labels come from here, through gettext, as JSON on the
textarea, because the editor's own labels are English and only partly translatable.

Without JavaScript the textarea stays, with a hint: plain text works (a blank line
starts a new paragraph, see `RichTextField.to_python`) and so does simple HTML.
"""

import json

from django import forms
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

HINT_SUFFIX = "_format"


def editor_labels():
    """The editor's texts in the active language: toolbar buttons by menu item name,
    the link and table dialogs by the editor's own English text."""
    return {
        "toolbar": _("Formatering"),
        "buttons": {
            "paragraph": _("Almindelig tekst"),
            "heading3": _("Overskrift"),
            "heading4": _("Underoverskrift"),
            "bulletList": _("Punktliste"),
            "orderedList": _("Nummereret liste"),
            "blockquote": _("Citat"),
            "bold": _("Fed"),
            "italic": _("Kursiv"),
            "underline": _("Understreget"),
            "link": _("Indsæt eller ret link"),
            "unlink": _("Fjern link"),
            "table": _("Indsæt tabel"),
            "table:addColumnAfter": _("Indsæt kolonne til højre"),
            "table:deleteColumn": _("Slet kolonne"),
            "table:addRowAfter": _("Indsæt række nedenfor"),
            "table:deleteRow": _("Slet række"),
            "table:mergeCells": _("Flet celler"),
            "table:splitCell": _("Del celle"),
            "table:toggleHeaderCell": _("Skift mellem overskriftscelle og almindelig celle"),
            "table:deleteTable": _("Slet tabel"),
            "history:undo": pgettext("editor", "Fortryd"),
            "history:redo": _("Gentag"),
        },
        "dialog": {
            "URL": _("Adresse (https://…, mailto:…)"),
            "Title": _("Titel (valgfri)"),
            "Edit Link": _("Link"),
            "Update": _("Gem"),
            "Cancel": _("Annuller"),
            "Rows": _("Rækker"),
            "Columns": _("Kolonner"),
            "Include header row": _("Første række er overskrifter"),
            "Table Properties": _("Ny tabel"),
            "Insert Table": _("Indsæt tabel"),
            "Yes": _("Ja"),
            "No": _("Nej"),
        },
        "invalidLink": _("Et link skal begynde med https://, http:// eller mailto:."),
    }


class RichTextEditor(forms.Textarea):
    """A textarea the workspace's editor takes over; on its own, a textarea with a hint."""

    def __init__(self, attrs=None):
        super().__init__(attrs={"rows": 8, **(attrs or {})})

    def use_required_attribute(self, initial):
        # The editor hides the textarea; a browser cannot show "required" on a hidden
        # field and would silently refuse to submit. The form checks it instead.
        return False

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        widget_attrs["data-rich-text"] = json.dumps(editor_labels(), ensure_ascii=False, separators=(",", ":"))
        if widget_attrs.get("id"):
            hint_id = widget_attrs["id"] + HINT_SUFFIX
            described = widget_attrs.get("aria-describedby", "")
            widget_attrs["aria-describedby"] = f"{described} {hint_id}".strip()
            widget_attrs["data-rich-text-hint"] = hint_id
        return context

    def render(self, name, value, attrs=None, renderer=None):
        textarea = super().render(name, value, attrs, renderer)
        hint_id = (attrs or {}).get("id") or self.attrs.get("id")
        if not hint_id:
            return textarea
        hint = format_html('<span class="form-hint rich-text-hint" id="{}">{}</span>', hint_id + HINT_SUFFIX, _(
            "Skriv almindelig tekst med en tom linje mellem afsnittene. Lister, links og tabeller kan "
            "skrives som enkel HTML, fx <ul><li>punkt</li></ul>."))
        # Before the field, where Det Fælles Designsystem puts hints.
        return mark_safe(hint + textarea)
