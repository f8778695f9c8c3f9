"""The one place that decides which formatted text may be stored and shown.

Case descriptions, recommendations, decisions and notes take paragraphs, bold and
italic, lists, links and simple tables (the Chefforum minutes have budget tables).
Everything else is removed before it is stored: no script, style, event attribute
or javascript: link can reach a reader, a PDF or the API.
"""

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
