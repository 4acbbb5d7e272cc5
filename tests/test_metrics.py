"""Metric code on small hand-computed cases (no model)."""

from __future__ import annotations

import copy
import json

import pytest

from summarizer.eval.catalogue import METRICS
from summarizer.eval.metrics import date_agreement, score_fixture, similarity
from summarizer.eval.stats import aggregate, bootstrap_ci, compare
from tests.conftest import ROOT

MINI = ROOT / "tests" / "data" / "fixtures" / "mini-port-strike"
GOLD = json.loads(MINI.with_suffix(".json").read_text())["gold"]
TEXT = MINI.with_suffix(".txt").read_text()


def test_perfect_prediction_scores_one():
    m = score_fixture(GOLD, copy.deepcopy(GOLD), TEXT).metrics()
    scored = [metric.name for metric in METRICS if metric.headline and not metric.of_run]
    assert len(scored) == 8
    for name in scored:
        assert m[name] == pytest.approx(1.0), name
    assert m["unsupported_actors"] == 0


def test_empty_prediction():
    empty = {"actors": [], "events": [], "open_questions": [], "stance": None}
    m = score_fixture(GOLD, empty, TEXT).metrics()
    assert m["actor_recall"] == 0 and m["actor_precision"] == 0 and m["actor_f1"] == 0
    assert m["event_f1"] == 0 and m["question_recall"] == 0
    assert m["event_date_accuracy"] is None and m["actor_stance_accuracy"] is None
    assert m["grounding_rate"] is None and m["tone_accuracy"] == 0


def test_duplicates_do_not_raise_recall():
    union = GOLD["actors"][0]
    pred = {**GOLD, "actors": [copy.deepcopy(union) for _ in range(3)]}
    m = score_fixture(GOLD, pred, TEXT).metrics()
    # 2 gold actors, 3 predictions of the same one: tp = 1 -> recall 1/2, precision 1/3
    assert m["actor_recall"] == pytest.approx(1 / 2)
    assert m["actor_precision"] == pytest.approx(1 / 3)
    assert m["actor_f1"] == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))  # 0.4
    # salience: central (3) found, supporting (2) missed -> 3/5
    assert m["actor_recall_weighted"] == pytest.approx(3 / 5)


def test_alias_and_title_matches():
    pred = {
        **GOLD,
        "actors": [
            {
                "name": "MWUN",
                "aliases": [],
                "kind": "organization",
                "role": "",
                "salience": "central",
                "evidence": "began an indefinite strike",
            },
            {
                "name": "the Nigerian Ports Authority",
                "aliases": [],
                "kind": "organization",
                "role": "",
                "salience": "supporting",
                "evidence": "in talks with the union",
            },
        ],
    }
    assert score_fixture(GOLD, pred, TEXT).metrics()["actor_f1"] == 1.0
    gold = {
        "actors": [{"name": "Nicolas Maduro", "aliases": [], "salience": "central"}],
        "events": [],
        "open_questions": [],
        "stance": {"article_tone": "neutral"},
    }
    pred = {
        "actors": [{"name": "President Maduro", "aliases": []}],
        "events": [],
        "open_questions": [],
        "stance": {"article_tone": "neutral"},
    }
    assert score_fixture(gold, pred, "President Maduro spoke.").metrics()["actor_recall"] == 1.0


def test_invented_actor_is_unsupported_and_a_false_positive():
    pred = copy.deepcopy(GOLD)
    pred["actors"].append(
        {
            "name": "World Bank",
            "aliases": [],
            "kind": "organization",
            "role": "",
            "salience": "mentioned",
            "evidence": "lent money",
        }
    )
    s = score_fixture(GOLD, pred, TEXT)
    assert s.metrics()["unsupported_actors"] == 1
    assert s.actors.false_positives == [2]
    # 6 gold quotes (2 actors, 2 events, 1 question, 1 stance) found + "lent money" not -> 6/7
    assert s.metrics()["grounding_rate"] == pytest.approx(6 / 7)


def test_event_date_accuracy_on_matched_events():
    pred = copy.deepcopy(GOLD)
    pred["events"][0]["date"] = "2026-03-05"  # wrong day, same month
    m = score_fixture(GOLD, pred, TEXT).metrics()
    assert m["event_f1"] == 1.0, "a wrong date alone does not unmatch a clearly same event"
    assert m["event_date_accuracy"] == pytest.approx(1 / 2)


def test_date_agreement_levels():
    assert date_agreement("2026-03-04", "2026-03-04") == 1
    assert date_agreement("2026-03-04", "2026-03-02/2026-03-08") == 1
    assert date_agreement("2026-03-04", "2026-03") == 0.5
    assert date_agreement("2026-03-04", "2026") == 0.25
    assert date_agreement(None, None) == 1 and date_agreement(None, "2026") == 0
    # a week range inside the gold month agrees; one that spills over does not fully
    assert date_agreement("2025-12", "2025-12-08/2025-12-14") == 1
    assert date_agreement("2025-12", "2025-11-24/2025-11-30") == 0.25  # same year only
    assert date_agreement("2025-12", "2025-12-29/2026-01-04") == 0.5


def test_stance_accuracy():
    pred = copy.deepcopy(GOLD)
    pred["stance"]["actor_stances"][0]["position"] = "supportive"
    pred["stance"]["article_tone"] = "negative"
    m = score_fixture(GOLD, pred, TEXT).metrics()
    assert m["actor_stance_accuracy"] == 0 and m["tone_accuracy"] == 0


def test_grounding_tolerates_whitespace_and_curly_quotes():
    pred = copy.deepcopy(GOLD)
    pred["open_questions"][0]["evidence"] = (
        "It was not immediately clear whether the authority would meet the union\u2019s  pay\ndemand."
    )
    assert score_fixture(GOLD, pred, TEXT).metrics()["grounding_rate"] == 1.0


def test_similarity_is_symmetric_and_bounded():
    a, b = "The union began a strike", "A strike was begun by the union"
    assert 0 <= similarity(a, b) <= 1 and similarity(a, b) == pytest.approx(similarity(b, a))
    assert similarity(a, a) == 1 and similarity(a, "") == 0


def test_bootstrap_is_deterministic_and_contains_the_mean():
    values = [0.2, 0.4, 0.5, 0.9, 0.7, 0.3]
    lo, hi = bootstrap_ci(values)
    assert (lo, hi) == bootstrap_ci(values)
    assert lo <= sum(values) / len(values) <= hi


def test_aggregate_micro_and_macro():
    perfect = score_fixture(GOLD, copy.deepcopy(GOLD), TEXT)
    empty = score_fixture(
        GOLD, {"actors": [], "events": [], "open_questions": [], "stance": {}}, TEXT
    )
    agg = aggregate([perfect, empty])
    assert agg["actor_recall"]["mean"] == pytest.approx(0.5)
    assert agg["actor_recall"]["micro"] == pytest.approx(2 / 4)  # tp 2 of 4 gold
    assert agg["actor_precision"]["micro"] == pytest.approx(1.0)  # 2 of 2 predictions right


def test_compare_flags_clear_changes_and_calls_small_ones_noise():
    ids = [f"f{i}" for i in range(12)]
    a = {f: {"actor_f1": 0.4 + 0.01 * i, "event_f1": 0.5} for i, f in enumerate(ids)}
    b = {
        f: {"actor_f1": 0.8 + 0.01 * i, "event_f1": 0.5 + (0.02 if i % 2 else -0.02)}
        for i, f in enumerate(ids)
    }
    result = compare(a, b)
    assert (
        result["metrics"]["actor_f1"]["significant"]
        and result["metrics"]["actor_f1"]["delta"] > 0.39
    )
    assert not result["metrics"]["event_f1"]["significant"]
    assert set(result["worse_fixtures"]) == {f for i, f in enumerate(ids) if i % 2 == 0}


def test_compare_verdicts_know_which_way_is_better():
    ids = [f"f{i}" for i in range(10)]
    a = {f: {"actor_f1": 0.5, "latency_s": 100.0 + i} for i, f in enumerate(ids)}
    b = {f: {"actor_f1": 0.3, "latency_s": 60.0 + i} for i, f in enumerate(ids)}
    result = compare(a, b)
    m = result["metrics"]
    assert m["actor_f1"]["verdict"] == "worse"
    assert m["latency_s"]["verdict"] == "better"  # faster is better (the catalogue says so)
    # actor_f1 flags worse fixtures, latency does not
    assert result["worse_fixtures"] == sorted(ids)
    faster_only = compare(a, {f: {**b[f], "actor_f1": 0.5} for f in ids})
    assert faster_only["worse_fixtures"] == []
