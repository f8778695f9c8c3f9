"""Dates and times as Danes write them, as pure functions (tested without a database).

"torsdag den 4. april 2024, kl. 15.00–17.00"
"""

import datetime

WEEKDAYS_DA = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
MONTHS_DA = ["januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
             "oktober", "november", "december"]
WEEKDAYS_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS_EN = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
             "October", "November", "December"]


def danish_date(value: datetime.date, *, weekday=True) -> str:
    """'torsdag den 4. april 2024' (or '4. april 2024' without the weekday)."""
    text = f"{value.day}. {MONTHS_DA[value.month - 1]} {value.year}"
    return f"{WEEKDAYS_DA[value.weekday()]} den {text}" if weekday else text


def english_date(value: datetime.date, *, weekday=True) -> str:
    text = f"{value.day} {MONTHS_EN[value.month - 1]} {value.year}"
    return f"{WEEKDAYS_EN[value.weekday()]} {text}" if weekday else text


def danish_time(value: datetime.time) -> str:
    """'15.00': Danish writes hours and minutes with a full stop."""
    return f"{value.hour:02d}.{value.minute:02d}"


def clock(value: datetime.time) -> str:
    """'kl. 15.00': a time of day as a reader sees it on its own."""
    return f"kl. {danish_time(value)}"


def danish_datetime(value: datetime.datetime, *, weekday=False) -> str:
    """'1. december 2026 kl. 20.01': when something happened (give it in local time)."""
    return f"{danish_date(value.date(), weekday=weekday)} {clock(value.time())}"


def english_datetime(value: datetime.datetime, *, weekday=False) -> str:
    """'1 December 2026 at 20:01'."""
    return f"{english_date(value.date(), weekday=weekday)} at {value:%H:%M}"


def time_span(start: datetime.time | None, end: datetime.time | None) -> str:
    """'kl. 15.00–17.00', 'kl. 14.00', or '' when the time is unknown."""
    if start is None:
        return ""
    if end is None:
        return f"kl. {danish_time(start)}"
    return f"kl. {danish_time(start)}–{danish_time(end)}"


def meeting_when(date: datetime.date, start: datetime.time | None, end: datetime.time | None,
                 *, language="da") -> str:
    """The full date line of a meeting; never a placeholder when the time is unknown."""
    if language.startswith("en"):
        day = english_date(date)
        if start is None:
            return day
        times = f"{start:%H:%M}" + (f"–{end:%H:%M}" if end else "")
        return f"{day}, {times}"
    span = time_span(start, end)
    return f"{danish_date(date)}, {span}" if span else danish_date(date)


def file_size(size: int, *, language="da") -> str:
    """'1,2 MB', '340 kB', '512 bytes': an attachment's size as a reader wants it.

    Danish writes a decimal comma, English a decimal point. Units are decimal
    (1 kB = 1000 bytes): the reader only needs the order of magnitude.
    """
    if size < 1000:
        return f"{size} bytes"
    for unit, factor in (("kB", 1000), ("MB", 1000 ** 2), ("GB", 1000 ** 3)):
        value = size / factor
        if value < 999.5 or unit == "GB":
            break
    text = f"{value:.0f}" if value >= 10 else f"{value:.1f}"
    if not language.startswith("en"):
        text = text.replace(".", ",")
    return f"{text} {unit}"


def partial_date(value: datetime.date, precision="day", *, language="da") -> str:
    """A date known only to the month ('oktober 2020') or year ('2020'), or in full ('7. december 2021')."""
    english = language.startswith("en")
    if precision == "year":
        return str(value.year)
    if precision == "month":
        return f"{(MONTHS_EN if english else MONTHS_DA)[value.month - 1]} {value.year}"
    return english_date(value, weekday=False) if english else danish_date(value, weekday=False)
