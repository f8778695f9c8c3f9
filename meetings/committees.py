"""A committee's own settings, kept by its secretariat in the workspace.

The rules of procedure say when the committee meets (its meeting windows, weekday,
time and place) and what its letterhead says. Planning a year (services.meeting_plan_year)
reads them, so a committee the sources give no windows (Chefforum) gets them here
rather than through the admin.
"""

import hashlib
import json
import re

from django.db import transaction
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .formatting import MONTHS_DA, MONTHS_EN
from .models import Committee
from .services import Refused, _by

# The committee's own words in its agendas and minutes (see Committee.item_prefix).
VOCABULARY_FIELDS = ("item_prefix", "label_case_description", "label_recommendation", "label_decision",
                     "label_attachments")
# What the secretariat may change here; the slug stays (it is in every address).
SETTINGS_FIELDS = ("name", "short_name", "administration", "secretariat", "address", "default_location",
                   "default_weekday", "default_start_time", "default_end_time", "rules_of_procedure",
                   "meeting_windows", *VOCABULARY_FIELDS)


class StaleSettings(Exception):
    """The settings were saved by someone else after the form was opened."""

    def __init__(self, current):
        super().__init__("stale committee settings")
        self.current = current


def fingerprint(committee: Committee) -> str:
    """A short digest of the settings as stored: the form carries it, so a save made from
    settings someone else has changed since is refused instead of overwriting them."""
    values = {name: getattr(committee, name) for name in SETTINGS_FIELDS}
    text = json.dumps(values, default=str, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


_MONTH_WORDS = {}
# Danish names first; English ones are read too, for the English interface.
for _months in (MONTHS_EN, MONTHS_DA):
    for _number, _name in enumerate(_months, start=1):
        _MONTH_WORDS[_name.lower()] = _number
        _MONTH_WORDS[_name[:3].lower()] = _number


def _month(token: str) -> int:
    token = token.strip().lower().rstrip(".")
    if token.isdecimal() and 1 <= int(token) <= 12:
        return int(token)
    if token in _MONTH_WORDS:
        return _MONTH_WORDS[token]
    raise ValueError(token)


def parse_windows(text: str) -> list:
    """'feb-mar, juni, 9-10, nov–dec' → [[2, 3], [6], [9, 10], [11, 12]].

    Windows are separated by commas or semicolons; a window is one month or a range of
    months, by number or by Danish name (or its first three letters). Raises ValueError
    naming the part that is not a month; windows may not overlap.
    """
    windows = []
    for part in re.split(r"[,;\n]", text or ""):
        if not part.strip():
            continue
        ends = re.split(r"\s*[-–]\s*", part.strip())
        if len(ends) > 2:
            raise ValueError(part.strip())
        try:
            first, last = _month(ends[0]), _month(ends[-1])
        except ValueError:
            raise ValueError(part.strip()) from None
        if last < first:
            raise ValueError(part.strip())
        windows.append(list(range(first, last + 1)))
    months = [month for window in windows for month in window]
    if len(months) != len(set(months)):
        raise ValueError(_("mødevinduerne overlapper"))
    return sorted(windows)


def windows_text(windows) -> str:
    """[[2, 3], [6]] → 'februar–marts, juni' (how the form and the pages show them;
    English month names in the English interface)."""
    months = MONTHS_EN if (get_language() or "da").startswith("en") else MONTHS_DA
    parts = []
    for window in windows or []:
        first, last = months[window[0] - 1], months[window[-1] - 1]
        parts.append(first if len(window) == 1 else f"{first}–{last}")
    return ", ".join(parts)


@transaction.atomic
def committee_update(*, committee: Committee, user, data: dict, expected_fingerprint: str) -> Committee:
    """Save the committee's settings, refusing a save made from settings changed meanwhile."""
    current = Committee.objects.select_for_update().get(pk=committee.pk)
    if fingerprint(current) != expected_fingerprint:
        raise StaleSettings(current)
    unknown = set(data) - set(SETTINGS_FIELDS)
    if unknown:
        raise Refused([_("Ukendte felter: %(names)s") % {"names": ", ".join(sorted(unknown))}])
    for name, value in data.items():
        setattr(current, name, value)
    if current.default_start_time and current.default_end_time and \
            current.default_end_time <= current.default_start_time:
        raise Refused([_("Møderne skal slutte efter, de begynder.")])
    current.full_clean(exclude=["slug"])
    _by(current, user, _("Udvalgets indstillinger ændret")).save()
    return current
