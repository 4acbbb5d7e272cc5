"""Resolving an event's date from the article's wording, in code.

The article's words win over the model's date. Conventions (news style):
a bare weekday ("on Thursday") is the most recent such day on or before
publication, or in a forward-looking sentence the coming one (publication day
included); "last Thursday" is the most recent one strictly before it;
"next Monday" the first one after it. A month and day without a year
("November 25") is the most recent such date on or before publication unless
"next" or a forward-looking sentence says otherwise; the same for a bare month
("in March"). A week ("last week") is its month, a season its year: a date is
a day, a month or a year. Vague wording ("recently") resolves to nothing.
Without a publication date, relative wording stays unresolved; absolute dates
still resolve.

Each way of writing a date is one :class:`Rule` in :data:`RULES`, tried in order.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from .words import SEASON_TIME, SEASONS

Precision = Literal["day", "month", "year"]

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

    def after(self, day: date) -> bool:
        """Whether this date lies wholly after ``day`` ("2024-06" after 2024-03-14)."""
        return bool(self.value) and self.value > day.isoformat()[: len(self.value)]


def _valid(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _month_back(d: date, n: int) -> tuple[int, int]:
    total = d.year * 12 + (d.month - 1) - n
    return total // 12, total % 12 + 1


# --- the rules --------------------------------------------------------------------------
Found = tuple[str, Precision]
STOP: Found = ("", "day")  # a rule that owns the wording but cannot resolve it: no guess


@dataclass(frozen=True)
class When:
    """What a rule resolves against: the publication date, and whether the
    sentence looks forward ("will meet on Monday"), which only its grammar tells."""

    published: date | None
    ahead: bool = False


@dataclass(frozen=True)
class Rule:
    """One way of writing a date. The first rule whose pattern matches owns the
    wording: its resolver returns the date, ``None`` to let the next rule try,
    or :data:`STOP` (recognised but not resolvable: no later rule guesses)."""

    name: str
    pattern: re.Pattern[str]
    resolve: Callable[[re.Match[str], When], Found | None]
    relative: bool = False  # needs the publication date


def _month(y: int, m: int) -> Found:
    return f"{y:04d}-{m:02d}", "month"


def _day(y: int, m: int, d: int) -> Found | None:
    found = _valid(y, m, d)
    return (found.isoformat(), "day") if found else None


def _month_day(m: re.Match[str], w: When) -> Found:
    """A month and day without a year: the latest on or before publication, or
    looking forward, the first on or after it."""
    pub = w.published
    if pub is None:
        return STOP
    month, day = MONTHS[m["month"]], int(m["day"])
    forward = bool(m.groupdict().get("next")) or w.ahead
    for year in (pub.year, pub.year + 1) if forward else (pub.year, pub.year - 1):
        d = _valid(year, month, day)
        if d and ((d >= pub) if forward else (d <= pub)):
            return d.isoformat(), "day"
    return STOP


def _weekday(m: re.Match[str], w: When) -> Found:
    pub, wd, mod = _pub(w), WEEKDAYS[m["weekday"]], (m["mod"] or "")
    if mod in ("next", "this coming") or (w.ahead and mod != "last"):
        # "next Monday" is never today; "will meet on Monday" may be
        delta = (wd - pub.weekday()) % 7 or (7 if mod in ("next", "this coming") else 0)
        return (pub + timedelta(days=delta)).isoformat(), "day"
    back = (pub.weekday() - wd) % 7
    if mod == "last" and back == 0:
        back = 7
    return (pub - timedelta(days=back)).isoformat(), "day"


def _ago(m: re.Match[str], w: When) -> Found:
    pub, unit = _pub(w), m["unit"]
    n = int(m["n"]) if m["n"].isdigit() else _NUM_WORDS[m["n"]]
    if unit in ("day", "week"):
        return (pub - timedelta(days=n * (7 if unit == "week" else 1))).isoformat(), "day"
    if unit == "month":
        return _month(*_month_back(pub, n))
    return f"{pub.year - n:04d}", "year"


_SHIFT = {"last": -1, "next": 1}


def _week(m: re.Match[str], w: When) -> Found:
    """A week is the month holding most of its days (its Thursday's)."""
    pub = _pub(w)
    thursday = pub + timedelta(days=7 * _SHIFT.get(m["which"], 0) + 3 - pub.weekday())
    return _month(thursday.year, thursday.month)


def _relative_month(m: re.Match[str], w: When) -> Found:
    return _month(*_month_back(_pub(w), -_SHIFT.get(m["which"], 0)))


def _relative_year(m: re.Match[str], w: When) -> Found:
    return f"{_pub(w).year + _SHIFT.get(m['which'], 0):04d}", "year"


def _month_of_relative_year(m: re.Match[str], w: When) -> Found:
    return _month(_pub(w).year + _SHIFT.get(m["which"], 0), MONTHS[m["month"]])


def _bare_month(m: re.Match[str], w: When) -> Found:
    pub = _pub(w)
    month, lead = MONTHS[m["month"]], (m["lead"] or "").strip()
    if m["month"] in ("may", "mar") and not lead:
        return STOP  # "may" the verb, "mar" the verb
    if lead == "next" or (w.ahead and lead != "last"):
        this_month = month == pub.month and lead != "next"  # "will rule in December", in December
        year = pub.year if month > pub.month or this_month else pub.year + 1
    else:
        year = pub.year if month <= pub.month else pub.year - 1
    return _month(year, month)


def _season(m: re.Match[str], w: When) -> Found:
    """A season is its year; looking forward, the year of the next one not yet over."""
    pub = _pub(w)
    if m["which"] == "last":
        return f"{pub.year - 1:04d}", "year"
    over = pub.month > SEASONS[m["season"]] + 2
    ahead = m["which"] == "next" or w.ahead
    return f"{pub.year + (ahead and over):04d}", "year"


def _pub(w: When) -> date:
    assert w.published is not None  # relative rules run only with a publication date
    return w.published


def _days_from_publication(days: int) -> Callable[[re.Match[str], When], Found]:
    def resolve_fixed(_: re.Match[str], w: When) -> Found:
        return (_pub(w) + timedelta(days=days)).isoformat(), "day"

    return resolve_fixed


def _r(pattern: str) -> re.Pattern[str]:
    return re.compile(r"\b" + pattern + r"\b")


def _absolute_day(m: re.Match[str], w: When) -> Found | None:
    return _day(int(m["year"]), MONTHS[m["month"]], int(m["day"]))


#: a time of day with no day named: the news day's ("in the afternoon")
SAME_DAY = (
    r"(?:earlier|later) in the day|(?:in|during|throughout) the (?:morning|afternoon|evening)"
)
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_WHICH = r"(?P<which>this|last|next|earlier this|later this|so far this)"
RULES: list[Rule] = [
    Rule(
        "iso",
        _r(r"(\d{4})-(\d{2})-(\d{2})"),
        lambda m, w: _day(int(m[1]), int(m[2]), int(m[3])),
    ),
    Rule("month day year", _r(_MONTH + r"\s+" + _DAY + r",?\s+(?P<year>\d{4})"), _absolute_day),
    Rule(
        "day month year",
        _r(_DAY + r"\s+(?:of\s+)?" + _MONTH + r",?\s+(?P<year>\d{4})"),
        _absolute_day,
    ),
    Rule(
        "month year",
        _r(_MONTH + r",?\s+(?P<year>\d{4})"),
        lambda m, w: _month(int(m["year"]), MONTHS[m["month"]]),
    ),
    Rule("month day", _r(r"(?P<next>next\s+)?" + _MONTH + r"\s+" + _DAY), _month_day),
    Rule("day month", _r(_DAY + r"\s+(?:of\s+)?" + _MONTH), _month_day),
    Rule(
        "today",
        _r(rf"(today|tonight|this morning|this afternoon|this evening|{SAME_DAY})"),
        _days_from_publication(0),
        relative=True,
    ),
    Rule("yesterday", _r("yesterday"), _days_from_publication(-1), relative=True),
    Rule("tomorrow", _r("tomorrow"), _days_from_publication(1), relative=True),
    Rule(
        "weekday",
        _r(r"(?P<mod>last|next|this coming|this|on|late|early|by)?\s*" + _WEEKDAY),
        _weekday,
        relative=True,
    ),
    Rule(
        "ago",
        _r(
            r"(?P<n>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten)\s+"
            r"(?P<unit>day|week|month|year)s?\s+(?:ago|earlier|before)"
        ),
        _ago,
        relative=True,
    ),
    Rule("week", _r(r"(?P<which>this|last|next) week"), _week, relative=True),
    Rule(
        "month of a relative year",
        _r(_MONTH + r",?\s+(?:of\s+)?(?P<which>this|last|next) year"),
        _month_of_relative_year,
        relative=True,
    ),
    Rule("relative month", _r(_WHICH + r" month"), _relative_month, relative=True),
    Rule("relative year", _r(_WHICH + r" year"), _relative_year, relative=True),
    Rule(
        "season",
        _r(SEASON_TIME),
        _season,
        relative=True,
    ),
    Rule(
        "bare month",
        _r(r"(?P<lead>(?:next|in|last|this|since|until)\s+)?" + _MONTH),
        _bare_month,
        relative=True,
    ),
    Rule("year", _r(r"((?:19|20)\d{2})"), lambda m, w: (m[1], "year")),
]


def _from_text(s: str, when: When) -> Found | None:
    for rule in RULES:
        if rule.relative and when.published is None:
            continue
        m = rule.pattern.search(s)
        found = rule.resolve(m, when) if m else None
        if found is STOP:
            return None
        if found is not None:
            return found
    return None


def resolve(
    date_text: str | None,
    published: date | None,
    model_date: str | None = None,
    *,
    ahead: bool = False,
) -> ResolvedDate:
    """The event's date: from the wording when there is wording (unresolved when
    it does not resolve: no guessing); without wording, the model's date when it
    is valid ISO; else nothing. ``ahead``: the sentence looks forward ("will
    meet on Monday"); without that knowledge, the model's date decides between
    the two readings when it is the forward one."""
    if date_text and date_text.strip():
        wording = " ".join(date_text.casefold().split())
        found = _from_text(wording, When(published, ahead))
        if found and published and model_date and not ahead:
            forward = _from_text(wording, When(published, True))
            found = forward if forward and forward[0] == model_date.strip() else found
        if found:
            return ResolvedDate(found[0], found[1], date_text, "text")
        return ResolvedDate(None, None, date_text, "none")  # wording that does not resolve
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
