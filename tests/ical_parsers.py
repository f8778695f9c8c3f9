"""Three independent iCalendar parsers for the tests: what we export must read back in each.

- `parse_with_ical(data)`: the `ical` package (Python, pydantic; used by Home Assistant).
- `check_with_libical_itip(data)`: libical (C, used by Evolution and Thunderbird's
  predecessor) through GObject introspection, with RFC 5546 (iTIP) restrictions checked.
- `parse_with_icaljs(data)`: ical.js (JavaScript, used by Thunderbird and Nextcloud), run
  by node from tests/js (installed by `make test` through scripts/system-deps).

None of them skips: a missing parser is an error that says what to install.
"""

import json
import shutil
import subprocess
from pathlib import Path

from ical.calendar import Calendar
from ical.calendar_stream import IcsCalendarStream

JS_DIR = Path(__file__).resolve().parent / "js"

# libical's Python bindings exist for Debian's Python only (python3-gi), so the check runs
# in /usr/bin/python3. It parses the document, runs icalrestriction_check (RFC 5546's
# table for the document's METHOD; a document without METHOD has none to meet) and prints
# every X-LIC-ERROR libical attached anywhere: parse errors as well as iTIP failures.
LIBICAL_ITIP_CHECK = r"""
import json, sys
try:
    import gi
    gi.require_version("ICalGLib", "3.0")
    from gi.repository import ICalGLib
except (ImportError, ValueError) as error:
    print(json.dumps({"missing": str(error)}))
    sys.exit(0)

calendar = ICalGLib.Component.new_from_string(sys.stdin.read())
if calendar is None or calendar.isa() != ICalGLib.ComponentKind.VCALENDAR_COMPONENT:
    print(json.dumps({"errors": ["libical did not read a VCALENDAR"]}))
    sys.exit(0)
ICalGLib.restriction_check(calendar)
errors = []

def collect(component):
    prop = component.get_first_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    while prop is not None:
        errors.append("%s: %s" % (ICalGLib.Component.kind_to_string(component.isa()), prop.get_xlicerror()))
        prop = component.get_next_property(ICalGLib.PropertyKind.XLICERROR_PROPERTY)
    child = component.get_first_component(ICalGLib.ComponentKind.ANY_COMPONENT)
    while child is not None:
        collect(child)
        child = component.get_next_component(ICalGLib.ComponentKind.ANY_COMPONENT)

collect(calendar)
print(json.dumps({"errors": errors}))
"""


def parse_with_ical(data: bytes) -> Calendar:
    """The document read by the `ical` package; raises if it does not parse."""
    return IcsCalendarStream.calendar_from_ics(data.decode("utf-8"))


def check_with_libical_itip(data: bytes) -> list[str]:
    """libical's complaints about the document, iTIP restrictions included; [] means valid."""
    if not Path("/usr/bin/python3").exists():
        raise AssertionError("libical's check needs Debian's Python: apt-get install python3 python3-gi gir1.2-ical-3.0")
    result = subprocess.run(["/usr/bin/python3", "-c", LIBICAL_ITIP_CHECK], input=data, capture_output=True,
                            check=True, timeout=60)
    answer = json.loads(result.stdout)
    if "missing" in answer:
        raise AssertionError(
            f"libical's Python bindings are missing ({answer['missing']}). "
            "Install them: apt-get install gir1.2-ical-3.0 python3-gi"
        )
    return answer["errors"]


def parse_with_icaljs(data: bytes) -> dict:
    """The document read by ical.js: {"method": …, "events": [{uid, sequence, method, dtstart,
    dtend, tzid, summary, location, description, status, url, organizer, attendees}]}.

    Times are ISO 8601 in UTC ("2024-04-04T13:00:00Z"), all-day dates as "2024-04-04".
    Raises AssertionError with ical.js's message if it cannot parse the document.
    """
    node = shutil.which("node")
    if node is None:
        raise AssertionError("ical.js needs node: apt-get install nodejs npm, then `cd tests/js && npm ci`")
    if not (JS_DIR / "node_modules" / "ical.js").is_dir():
        raise AssertionError("ical.js is not installed: run `cd tests/js && npm ci --no-audit --no-fund` "
                             "(make test does this through scripts/system-deps)")
    result = subprocess.run([node, str(JS_DIR / "parse.mjs")], input=data, capture_output=True, timeout=60)
    if result.returncode != 0:
        raise AssertionError(f"ical.js could not parse the document: {result.stderr.decode(errors='replace')}")
    return json.loads(result.stdout)
