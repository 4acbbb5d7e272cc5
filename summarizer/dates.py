"""Resolving an event's date from the article's wording, in code.

The article's words win over the model's date. Conventions (news style):
a bare weekday ("on Thursday") is the most recent such day on or before
publication, or the coming one when the model dated it so (only the sentence's
tense tells, and the model saw the sentence); "last Thursday" is the most recent one strictly before it;
"next Monday" the first one after it. A month and day without a year
("November 25") is the most recent such date on or before publication unless
"next" says otherwise; the same for a bare month ("in March"). "this week" and
"last week" are ISO-week ranges. Vague wording ("recently") resolves to nothing.
Without a publication date, relative wording stays unresolved; absolute dates
still resolve.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

Precision = Literal["day", "month", "year", "range"]

MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ]
    )
    for m in names
}
WEEKDAYS = {
    d: i
    for i, d in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"
_NUM_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "several": None,
    "few": None,
}
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


@dataclass(frozen=True)
class ResolvedDate:
    value: str | None
    precision: Precision | None
    text: str | None
    source: Literal["text", "model", "none"]


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_back(d: date, n: int) -> tuple[int, int]:
    total = d.year * 12 + (d.month - 1) - n
    return total // 12, total % 12 + 1


def _week(d: date) -> str:
    start = d - timedelta(days=d.weekday())
    return f"{start.isoformat()}/{(start + timedelta(days=6)).isoformat()}"


def _from_text(s: str, pub: date | None) -> tuple[str, Precision] | None:
    # absolute: ISO
    m = re.search(r"\b(\d{4})-(\d{2})-(\d{2})\b", s)
    if m and (d := _valid(int(m[1]), int(m[2]), int(m[3]))):
        return d.isoformat(), "day"
    # "December 11, 2025" / "Dec. 11 2025" / "11 December 2025"
    for pattern in (
        _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>\d{4})",
        r"(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})",
    ):
        m = re.search(r"\b" + pattern + r"\b", s)
        if m and (d := _valid(int(m["year"]), MONTHS[m["month"]], int(m["day"]))):
            return d.isoformat(), "day"
    # "March 2024"
    if m := re.search(r"\b" + _MONTH + r",?\s+(?P<year>\d{4})\b", s):
        return f"{int(m['year']):04d}-{MONTHS[m['month']]:02d}", "month"
    # month and day, no year: "November 25", "25 November"
    m = re.search(
        r"\b(?P<next>next\s+)?" + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?\b", s
    ) or re.search(r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"\b", s)
    if m and pub:
        month, day = MONTHS[m["month"]], int(m["day"])
        forward = bool(m.groupdict().get("next"))
        for year in (pub.year, pub.year + 1) if forward else (pub.year, pub.year - 1):
            d = _valid(year, month, day)
            if d and ((d > pub) if forward else (d <= pub)):
                return d.isoformat(), "day"
        return None
    if m:
        return None
    if pub is None:
        if m := re.search(r"\b(?:in|since|during|of|by|until|from)?\s*((?:19|20)\d{2})\b", s):
            return m[1], "year"
        return None
    # relative to publication
    if re.search(r"\b(today|tonight|this morning|this afternoon|this evening)\b", s):
        return pub.isoformat(), "day"
    if re.search(r"\byesterday\b", s):
        return (pub - timedelta(days=1)).isoformat(), "day"
    if re.search(r"\btomorrow\b", s):
        return (pub + timedelta(days=1)).isoformat(), "day"
    if m := re.search(
        r"\b(?P<mod>last|next|this coming|this|on|late|early|by)?\s*" + _WEEKDAY + r"\b", s
    ):
        wd, mod = WEEKDAYS[m["weekday"]], (m["mod"] or "")
        if mod in ("next", "this coming"):
            delta = (wd - pub.weekday()) % 7 or 7
            return (pub + timedelta(days=delta)).isoformat(), "day"
        back = (pub.weekday() - wd) % 7
        if mod == "last" and back == 0:
            back = 7
        return (pub - timedelta(days=back)).isoformat(), "day"
    if m := re.search(
        r"\b(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
        r"(?P<unit>day|week|month|year)s?\s+(?:ago|earlier|before)\b",
        s,
    ):
        n = int(m["n"]) if m["n"].isdigit() else _NUM_WORDS[m["n"]]
        unit = m["unit"]
        if unit == "day":
            return (pub - timedelta(days=n)).isoformat(), "day"
        if unit == "week":
            return (pub - timedelta(weeks=n)).isoformat(), "day"
        if unit == "month":
            y, mo = _month_back(pub, n)
            return f"{y:04d}-{mo:02d}", "month"
        return f"{pub.year - n:04d}", "year"
    if re.search(r"\bthis week\b", s):
        return _week(pub), "range"
    if re.search(r"\blast week\b", s):
        return _week(pub - timedelta(days=7)), "range"
    if re.search(r"\bnext week\b", s):
        return _week(pub + timedelta(days=7)), "range"
    if re.search(r"\b(this|earlier this|later this|so far this) month\b", s):
        return f"{pub.year:04d}-{pub.month:02d}", "month"
    if re.search(r"\blast month\b", s):
        y, mo = _month_back(pub, 1)
        return f"{y:04d}-{mo:02d}", "month"
    if re.search(r"\bnext month\b", s):
        y, mo = _month_back(pub, -1)
        return f"{y:04d}-{mo:02d}", "month"
    if re.search(r"\b(this|earlier this|later this|so far this) year\b", s):
        return f"{pub.year:04d}", "year"
    if re.search(r"\blast year\b", s):
        return f"{pub.year - 1:04d}", "year"
    if re.search(r"\bnext year\b", s):
        return f"{pub.year + 1:04d}", "year"
    if m := re.search(r"\b(?P<next>next\s+)?(?:in\s+|last\s+|this\s+)?" + _MONTH + r"\b", s):
        month = MONTHS[m["month"]]
        if m["month"] in ("may", "mar") and not re.search(
            r"\b(in|next|last|this|since|until)\s+" + m["month"] + r"\b", s
        ):
            return None  # "may" the verb, "mar" the verb
        if m["next"]:
            year = pub.year if month > pub.month else pub.year + 1
        else:
            year = pub.year if month <= pub.month else pub.year - 1
        return f"{year:04d}-{month:02d}", "month"
    if m := re.search(r"\b((?:19|20)\d{2})\b", s):
        return m[1], "year"
    return None


def _future_weekday(wording: str, pub: date, model_date: str) -> tuple[str, Precision] | None:
    """A bare "on Thursday" reads as past unless the sentence is in the future
    tense, which the wording alone cannot tell: when the model dated it to the
    coming Thursday, trust that reading."""
    m = re.fullmatch(r"(?:on\s+)?" + _WEEKDAY, wording)
    if not m:
        return None
    ahead = pub + timedelta(days=(WEEKDAYS[m["weekday"]] - pub.weekday()) % 7 or 7)
    return (ahead.isoformat(), "day") if model_date == ahead.isoformat() else None


def resolve(
    date_text: str | None, published: date | None, model_date: str | None = None
) -> ResolvedDate:
    """The event's date: from the wording when there is wording (unresolved when
    it does not resolve: no guessing); without wording, the model's date when it
    is valid ISO; else nothing."""
    if date_text and date_text.strip():
        wording = " ".join(date_text.casefold().split())
        found = _from_text(wording, published)
        if found and published and model_date:
            found = _future_weekday(wording, published, model_date.strip()) or found
        if found:
            return ResolvedDate(found[0], found[1], date_text, "text")
        return ResolvedDate(
            None, None, date_text, "none"
        )  # wording that does not resolve: no guess
    if model_date and _ISO.match(model_date.strip()):
        value = model_date.strip()
        parts = value.split("-")
        if len(parts) == 3 and _valid(*map(int, parts)) is None:
            return ResolvedDate(None, None, date_text, "none")
        if len(parts) == 2 and not 1 <= int(parts[1]) <= 12:
            return ResolvedDate(None, None, date_text, "none")
        precision: Precision = ("year", "month", "day")[len(parts) - 1]
        return ResolvedDate(value, precision, date_text, "model")
    return ResolvedDate(None, None, date_text, "none")
