"""What counts as text a person wrote.

A reason, a title or a follow-up must say something a reader can see. Python's
str.strip() removes spaces but not the invisible format characters (zero-width
space U+200B, word joiner U+2060, BOM U+FEFF, bidi marks …) that pasted text can
carry, so "\u200b" would otherwise pass as a cancel reason and print as nothing.
"""

import unicodedata

# Unicode categories that print nothing: format, control, separators.
_INVISIBLE = {"Cf", "Cc", "Zs", "Zl", "Zp"}


def _invisible(char):
    return char.isspace() or unicodedata.category(char) in _INVISIBLE


def visible_text(value):
    """`value` without invisible characters at either end ('' for None)."""
    value = value or ""
    start, end = 0, len(value)
    while start < end and _invisible(value[start]):
        start += 1
    while end > start and _invisible(value[end - 1]):
        end -= 1
    return value[start:end]


def has_visible_text(value):
    """True if `value` holds at least one character a reader can see."""
    return bool(visible_text(value))
