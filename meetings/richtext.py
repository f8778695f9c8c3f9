"""The one place that decides which formatted text may be stored and shown.

Case descriptions, recommendations, decisions and notes take paragraphs, bold and
italic, lists, links and simple tables (the Chefforum minutes have budget tables).
Everything else is removed before it is stored: no script, style, event attribute
or javascript: link can reach a reader, a PDF or the API.
"""

import re
from html import escape, unescape

import nh3

ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a",
    "table", "thead", "tbody", "tfoot", "tr", "th", "td", "caption", "h3", "h4", "blockquote",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "ol": {"start"},
}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


def sanitize(html: str) -> str:
    """Return `html` with only the allowed structure left. Plain text passes unchanged."""
    if not html:
        return ""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    ).strip()


# Something that looks like an HTML tag: "<p>", "</td>", "<a href=…>". "x < 5" is not one.
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def plain_text_as_paragraphs(text: str) -> str:
    """Plain text of several lines as paragraphs: a blank line starts a new one, a single
    line break stays a line break. Text with HTML in it (the editor always sends some)
    and a single line of plain text are returned unchanged."""
    if not text or _TAG.search(text):
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\n" not in text:
        return text
    blocks = [block.strip() for block in re.split(r"\n[ \t]*\n", text) if block.strip()]
    return "".join("<p>" + "<br>".join(escape(line.strip(), quote=False) for line in block.split("\n")) + "</p>"
                   for block in blocks)


_BLOCK_END = re.compile(r"</(?:p|div|h[1-6]|li|tr|blockquote|table|ul|ol)\s*>|<br\s*/?>", re.I)
_CELL_END = re.compile(r"</t[dh]\s*>", re.I)
_LIST_ITEM = re.compile(r"<li\b[^>]*>", re.I)


def html_to_text(value: str) -> str:
    """Stored (sanitised) rich text as plain text: a line per paragraph, list item and
    table row, "- " before each list item, table cells apart. For the archive's metadata
    and, joined to one line, for search."""
    text = _LIST_ITEM.sub("- ", value or "")
    text = _CELL_END.sub(" ", text)
    text = unescape(_TAG.sub("", _BLOCK_END.sub("\n", text)))
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)
