"""Dates resolved from the article's wording against the publication date."""

from __future__ import annotations

import re
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer.dates import resolve

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
        ("this week", "2025-12-08/2025-12-14", "range"),
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
    for part in r.value.split("/"):
        if part.count("-") == 2:
            date.fromisoformat(part)  # a real day
        else:
            assert re.fullmatch(r"\d{4}(-(0[1-9]|1[0-2]))?", part), part
    assert r.precision in {"day", "month", "year", "range"}
