"""Dates resolved from the article's wording against the publication date."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.read.dates import RULES, When, resolve

THU = date(2025, 12, 11)  # a Thursday: the seed's publication date


@pytest.mark.parametrize(
    ("wording", "expected", "precision"),
    [
        ("on Thursday", "2025-12-11", "day"),  # the publication day itself
        ("on Monday", "2025-12-08", "day"),
        ("last Thursday", "2025-12-04", "day"),
        ("next Monday", "2025-12-15", "day"),
        ("on November 21", "2025-11-21", "day"),
        ("December 20", "2024-12-20", "day"),  # a bare month-day is never in the future
        ("next January 5", "2026-01-05", "day"),
        ("yesterday", "2025-12-10", "day"),
        ("tomorrow", "2025-12-12", "day"),
        ("last month", "2025-11", "month"),
        ("earlier this year", "2025", "year"),
        ("last year", "2024", "year"),
        ("this week", "2025-12", "month"),  # a week is its month: dates are days, months, years
        ("last week", "2025-12", "month"),
        ("in November last year", "2024-11", "month"),
        ("in the autumn", "2025", "year"),
        ("March 3, 2019", "2019-03-03", "day"),
        ("in 2013", "2013", "year"),
    ],
)
def test_wording_resolves_against_publication(wording, expected, precision):
    r = resolve(wording, THU)
    assert (r.value, r.precision, r.source) == (expected, precision, "text")


def test_wording_beats_a_wrong_model_date():
    assert resolve("on Monday", THU, model_date="2024-01-01").value == "2025-12-08"


def test_future_tense_weekday_follows_the_model_only_when_it_is_the_coming_one():
    # "will meet on Tuesday": only the model saw the tense
    assert resolve("on Tuesday", THU, model_date="2025-12-16").value == "2025-12-16"
    assert resolve("on Tuesday", THU, model_date="2025-12-23").value == "2025-12-09"


def test_a_week_is_the_month_that_holds_most_of_it():
    assert resolve("next week", date(2025, 9, 17)).value == "2025-09"  # Sep 22-28
    assert resolve("next week", date(2025, 9, 24)).value == "2025-10"  # Sep 29 - Oct 5
    assert resolve("next week", date(2025, 10, 1)).value == "2025-10"  # Oct 6-12
    assert resolve("last week", date(2025, 10, 2)).value == "2025-09"  # Sep 22-28


@pytest.mark.parametrize(
    ("wording", "expected"),
    [
        ("on Thursday", "2025-12-11"),  # the publication day: "returns to normal on Thursday"
        ("on Tuesday", "2025-12-16"),
        ("next Thursday", "2025-12-18"),  # "next" is never today
        ("last Tuesday", "2025-12-09"),  # "last" stays behind
        ("on October 19", "2026-10-19"),
        ("December 20", "2025-12-20"),
        ("in May", "2026-05"),
        ("in December", "2025-12"),  # this month, still ahead
        ("next December", "2026-12"),
        ("in the spring", "2026"),
        ("in the winter", "2025"),
    ],
)
def test_a_forward_looking_sentence_resolves_forward(wording, expected):
    assert resolve(wording, THU, ahead=True).value == expected


def test_each_rule_owns_its_wording():
    samples = {
        "iso": "2024-02-29",
        "month day year": "Dec. 11, 2025",
        "day month year": "11 December 2025",
        "month year": "March 2024",
        "month day": "November 25",
        "day month": "25th of November",
        "today": "this morning",
        "yesterday": "yesterday",
        "tomorrow": "tomorrow",
        "weekday": "on Friday",
        "ago": "three weeks ago",
        "week": "next week",
        "month of a relative year": "november last year",
        "relative month": "earlier this month",
        "relative year": "so far this year",
        "season": "the autumn",
        "bare month": "in march",
        "year": "in 2013",
    }
    assert set(samples) == {rule.name for rule in RULES}
    for rule in RULES:
        first = next(r for r in RULES if r.pattern.search(samples[rule.name].casefold()))
        assert first is rule, (rule.name, first.name)
        assert rule.resolve(first.pattern.search(samples[rule.name].casefold()), When(THU))


def test_may_the_verb_and_fall_the_verb_are_not_dates():
    assert resolve("may", THU).value is None
    assert resolve("prices fall", THU).value is None


def test_vague_or_unanchored_wording_is_not_guessed():
    assert resolve("recently", THU, model_date="2025-12-01").value is None
    assert resolve("on Thursday", None, model_date="2025-12-11").value is None
    assert resolve("March 3, 2019", None).value == "2019-03-03"


def test_model_date_used_only_without_wording_and_only_when_valid():
    assert resolve("", THU, model_date="2025-11").value == "2025-11"
    assert resolve(None, THU, model_date="2025-11").source == "model"
    assert resolve(None, THU, model_date="2025-02-30").value is None
    assert resolve(None, THU, model_date="soon").value is None


@given(st.text(max_size=80), st.none() | st.dates(), st.none() | st.text(max_size=12))
def test_resolver_never_crashes_and_returns_valid_dates(wording, published, model_date):
    r = resolve(wording, published, model_date)
    if r.value is None:
        return
    if r.value.count("-") == 2:
        date.fromisoformat(r.value)  # a real day
    else:
        assert re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2]))?", r.value), r.value
    assert r.precision in {"day", "month", "year"}
