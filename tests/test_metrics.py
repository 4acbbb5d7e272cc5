"""Metric code on small hand-computed cases (no model)."""

from __future__ import annotations

import json

import pytest

from summarizer.eval.catalogue import METRICS
from summarizer.eval.fixtures import Gold
from summarizer.eval.metrics import date_agreement, score_fixture, similarity
from summarizer.eval.stats import aggregate, bootstrap_ci, compare
from summarizer.schema import Actor, Evidence
from tests.conftest import ROOT
from tests.test_eval_harness import brief_from_gold

MINI = ROOT / "tests" / "data" / "fixtures" / "mini-port-strike"
GOLD = Gold.model_validate(json.loads(MINI.with_suffix(".json").read_text())["gold"])
TEXT = MINI.with_suffix(".txt").read_text()


def actor(name: str, salience: str, quote: str) -> Actor:
    return Actor(
        name=name, kind="organization", role="", salience=salience, evidence=Evidence(quote=quote)
    )


def test_perfect_prediction_scores_one():
    m = score_fixture(GOLD, brief_from_gold(GOLD), TEXT).metrics()
    scored = [metric.name for metric in METRICS if metric.headline and not metric.of_run]
    assert len(scored) == 9
    for name in scored:
        assert m[name] == pytest.approx(1.0), name
    assert m["unsupported_actors"] == 0


def test_empty_prediction():
    m = score_fixture(GOLD, None, TEXT).metrics()  # a failed brief scores as an empty one
    assert m["actor_recall"] == 0 and m["actor_precision"] == 0 and m["actor_f1"] == 0
    assert m["event_f1"] == 0 and m["question_recall"] == 0
    assert m["event_date_accuracy"] is None and m["actor_stance_accuracy"] is None
    assert m["grounding_rate"] is None and m["tone_accuracy"] == 0


def test_duplicates_do_not_raise_recall():
    pred = brief_from_gold(GOLD)
    union = pred.key_actors[0]
    pred.key_actors = [union.model_copy(deep=True) for _ in range(3)]
    m = score_fixture(GOLD, pred, TEXT).metrics()
    # 2 gold actors, 3 predictions of the same one: tp = 1 -> recall 1/2, precision 1/3
    assert m["actor_recall"] == pytest.approx(1 / 2)
    assert m["actor_precision"] == pytest.approx(1 / 3)
    assert m["actor_f1"] == pytest.approx(2 * (1 / 3) * (1 / 2) / (1 / 3 + 1 / 2))  # 0.4
    # salience: central (3) found, supporting (2) missed -> 3/5
    assert m["actor_recall_weighted"] == pytest.approx(3 / 5)


def test_alias_and_title_matches():
    pred = brief_from_gold(GOLD)
    pred.key_actors = [
        actor("MWUN", "central", "began an indefinite strike"),
        actor("the Nigerian Ports Authority", "supporting", "in talks with the union"),
    ]
    assert score_fixture(GOLD, pred, TEXT).metrics()["actor_f1"] == 1.0
    gold = Gold.model_validate(
        {
            "actors": [
                {
                    "name": "Nicolas Maduro",
                    "kind": "person",
                    "role": "",
                    "salience": "central",
                    "evidence": "President Maduro spoke.",
                }
            ],
            "events": [],
            "open_questions": [],
            "stance": {"article_tone": "neutral", "framing": ""},
        }
    )
    pred = brief_from_gold(gold)
    pred.key_actors[0].name = "President Maduro"
    assert score_fixture(gold, pred, "President Maduro spoke.").metrics()["actor_recall"] == 1.0


def test_invented_actor_is_unsupported_and_a_false_positive():
    pred = brief_from_gold(GOLD)
    pred.key_actors.append(actor("World Bank", "mentioned", "lent money"))
    s = score_fixture(GOLD, pred, TEXT)
    assert s.metrics()["unsupported_actors"] == 1
    assert s.actors.false_positives == [2]
    # 6 gold quotes (2 actors, 2 events, 1 question, 1 stance) found + "lent money" not -> 6/7
    assert s.metrics()["grounding_rate"] == pytest.approx(6 / 7)


def test_event_date_accuracy_on_matched_events():
    pred = brief_from_gold(GOLD)
    pred.events[0].date = "2026-03-05"  # wrong day, same month
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
    pred = brief_from_gold(GOLD)
    pred.stance.actor_stances[0].position = "supportive"
    pred.stance.article_tone = "negative"
    m = score_fixture(GOLD, pred, TEXT).metrics()
    assert m["actor_stance_accuracy"] == 0 and m["tone_accuracy"] == 0
    assert m["actor_stance_f1"] == 1  # the same actor toward the same target: found


def test_a_stance_counts_only_for_the_same_actor_toward_a_like_target():
    pred = brief_from_gold(GOLD)
    gold_stance = GOLD.stance.actor_stances[0]
    pred.stance.actor_stances[0].toward = "the weather in another country"
    assert score_fixture(GOLD, pred, TEXT).metrics()["actor_stance_recall"] == 0
    pred = brief_from_gold(GOLD)
    other = next(a.name for a in GOLD.actors if a.name != gold_stance.actor)
    pred.stance.actor_stances[0].actor = other
    assert score_fixture(GOLD, pred, TEXT).metrics()["actor_stance_f1"] == 0


def test_grounding_tolerates_whitespace_and_curly_quotes():
    pred = brief_from_gold(GOLD)
    pred.open_questions[0].evidence = Evidence(
        quote="It was not immediately clear whether the authority would meet the union\u2019s  pay\ndemand."
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
    perfect = score_fixture(GOLD, brief_from_gold(GOLD), TEXT)
    empty = score_fixture(GOLD, None, TEXT)
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


def test_roles_salience_and_the_summary_are_scored():
    perfect = brief_from_gold(GOLD)
    lede = TEXT.strip().split("\n")[-1].split(". ")[0] + "."
    m = score_fixture(GOLD, perfect.model_copy(update={"summary": lede}), TEXT).metrics()
    assert m["role_similarity"] == pytest.approx(1.0)
    assert m["salience_agreement"] == 1.0
    assert m["summary_support"] == 1.0 and m["summary_copy_rate"] == 1.0  # a copied sentence
    assert m["cutoff_rate"] == 0.0
    changed = [
        a.model_copy(update={"role": "named in the article", "salience": "mentioned"})
        for a in perfect.key_actors
    ]
    invented = "Dock workers struck after Mayor Quimby ordered 99 cranes shut."
    worse = perfect.model_copy(update={"key_actors": changed, "summary": invented})
    m = score_fixture(GOLD, worse, TEXT).metrics()
    assert m["role_similarity"] < 0.5
    assert m["salience_agreement"] < 1.0
    assert m["summary_support"] < 1.0  # "Quimby" and "99" are not in the article
    assert m["summary_copy_rate"] < 0.5
