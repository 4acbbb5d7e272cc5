"""The eval harness on stored predictions: no model needed."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest
from rich.console import Console

from summarizer.eval.fixtures import Gold, load_fixtures
from summarizer.eval.metrics import dropped_rate
from summarizer.eval.predict import Prediction, prediction_path
from summarizer.eval.report import summary_table
from summarizer.eval.run import build_report, check_thresholds, compare_runs, write_report
from summarizer.ground.normalize import build_brief
from summarizer.schema import Brief, BriefDraft, Evidence, RunMetadata
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "data" / "fixtures"


def brief_from_gold(gold: Gold, drop_actor: bool = False) -> Brief:
    """The brief that states exactly ``gold``, its quotes as evidence."""

    def item(gold_item) -> dict:
        return {**gold_item.model_dump(), "evidence": Evidence(quote=gold_item.evidence)}

    actors = gold.actors[:1] if drop_actor else gold.actors
    return Brief(
        summary="s",
        key_actors=[item(a) for a in actors],
        events=[item(e) for e in gold.events],
        open_questions=[item(q) for q in gold.open_questions],
        stance={
            **gold.stance.model_dump(),
            "actor_stances": [item(s) for s in gold.stance.actor_stances],
        },
        metadata=RunMetadata(backend="local", model="m", prompt_version="v", latency_s=1.5),
    )


def write_run(run_dir, brief: Brief | None, error: str | None = None):
    path = prediction_path(run_dir, "mini-port-strike", 0)
    path.parent.mkdir(parents=True, exist_ok=True)
    p = Prediction(
        "mini-port-strike", 0, brief, error=error, error_type="ServerError" if error else None
    )
    path.write_text(json.dumps(p.to_json()))
    fixtures = load_fixtures(FIXTURES)
    report = build_report(fixtures, [p], {"backend": "local", "model": "m"})
    write_report(report, run_dir)
    return report


def cli(*args):
    return subprocess.run(
        [sys.executable, "-m", "summarizer", "eval", *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def gold():
    return load_fixtures(FIXTURES).fixtures[0].gold


def test_report_files_and_headline(tmp_path, gold):
    report = write_run(tmp_path / "a", brief_from_gold(gold))
    assert report.value("actor_f1") == 1.0 and report.value("schema_validity") == 1.0
    data = json.loads((tmp_path / "a" / "report.json").read_text())
    assert data["aggregate"]["actor_f1"]["ci"] == [1.0, 1.0]
    assert "noise" in data["note"]
    html = (tmp_path / "a" / "report.html").read_text()
    assert "mini-port-strike" in html and "Maritime Workers Union of Nigeria" in html
    assert "<script>alert" not in html
    suite = ET.parse(tmp_path / "a" / "junit.xml").getroot()
    assert suite.get("tests") == "1" and suite.get("errors") == "0"


def test_misses_are_marked_in_the_html(tmp_path, gold):
    write_run(tmp_path / "b", brief_from_gold(gold, drop_actor=True))
    html = (tmp_path / "b" / "report.html").read_text()
    assert 'class="item miss"' in html and 'mark class="miss"' in html


def test_score_cli_thresholds_and_exit_codes(tmp_path, gold):
    write_run(tmp_path / "b", brief_from_gold(gold, drop_actor=True))
    ok = cli(
        "score", str(tmp_path / "b"), "--fixtures", str(FIXTURES), "--fail-under", "actor_f1=0.5"
    )
    assert ok.returncode == 0, ok.stderr
    assert "actor_f1" in ok.stdout
    bad = cli(
        "score", str(tmp_path / "b"), "--fixtures", str(FIXTURES), "--fail-under", "actor_f1=0.9"
    )
    assert bad.returncode == 8 and "actor_f1" in bad.stderr
    suite = ET.parse(tmp_path / "b" / "junit.xml").getroot()
    assert suite.get("failures") == "1"


def test_run_error_has_its_own_exit_code(tmp_path):
    write_run(tmp_path / "c", None, error="the model server failed (500)")
    result = cli("score", str(tmp_path / "c"), "--fixtures", str(FIXTURES))
    assert result.returncode == 7 and "failed" in result.stderr
    suite = ET.parse(tmp_path / "c" / "junit.xml").getroot()
    assert suite.get("errors") == "1"
    # the failed brief counts as an empty one, so it pulls recall down rather than vanishing
    agg = json.loads((tmp_path / "c" / "report.json").read_text())["aggregate"]
    assert agg["actor_recall"]["mean"] == 0 and agg["schema_validity"]["mean"] == 0


def test_compare_runs(tmp_path, gold):
    write_run(tmp_path / "a", brief_from_gold(gold))
    write_run(tmp_path / "b", brief_from_gold(gold, drop_actor=True))
    result = cli("compare", str(tmp_path / "a"), str(tmp_path / "b"), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["metrics"]["actor_recall"]["delta"] == pytest.approx(-0.5)
    assert data["worse_fixtures"] == ["mini-port-strike"]


def test_thresholds_for_lower_is_better_metrics(tmp_path, gold):
    report = write_run(tmp_path / "d", brief_from_gold(gold))
    assert check_thresholds(report, {"latency_s": 1.0}) == ["latency_s = 1.500 is above 1.0"]
    assert check_thresholds(report, {"nonsense": 1.0})[0].startswith("nonsense: no value")


def test_bad_fixture_is_reported_not_scored(tmp_path, gold):
    import shutil

    shutil.copytree(FIXTURES, tmp_path / "fx")
    meta = tmp_path / "fx" / "mini-port-strike.json"
    data = json.loads(meta.read_text())
    data["text_sha256"] = "0" * 64
    meta.write_text(json.dumps(data))
    result = cli("validate", "--fixtures", str(tmp_path / "fx"))
    assert result.returncode == 7 and "text_sha256" in result.stdout
    report = build_report(load_fixtures(tmp_path / "fx"), [], {})
    assert "mini-port-strike" in report.data["bad_fixtures"] and report.data["n_fixtures"] == 0


def test_repeat_spread(tmp_path, gold):
    fixtures = load_fixtures(FIXTURES)
    good, worse = brief_from_gold(gold), brief_from_gold(copy.deepcopy(gold), drop_actor=True)
    preds = [Prediction("mini-port-strike", 0, good), Prediction("mini-port-strike", 1, worse)]
    report = build_report(fixtures, preds, {})
    assert report.data["spread"]["mini-port-strike"]["actor_recall"] == [0.5, 1.0]
    assert report.data["fixtures"]["mini-port-strike"]["metrics"]["actor_recall"] == pytest.approx(
        0.75
    )


def brief_with_drops(gold: Gold, invented: int) -> Brief:
    """The gold items as a model's answer, plus ``invented`` events whose quotes
    are not in the article, through the real grounding step (which drops them)."""
    fixture = load_fixtures(FIXTURES).fixtures[0]
    data = gold.model_dump()
    made_up = {**data["events"][0], "evidence": "the minister resigned in protest at the deal"}
    draft = BriefDraft.model_validate(
        {
            "summary": "s",
            "key_actors": data["actors"],
            "events": data["events"] + [made_up] * invented,
            "open_questions": data["open_questions"],
            "stance": data["stance"],
        }
    )
    metadata = RunMetadata(backend="local", model="m", prompt_version="v")
    return build_brief(draft, fixture.text, fixture.published, metadata)


def test_dropped_rate_counts_ungrounded_items_against_all_items(gold):
    kept = (
        len(gold.actors)
        + len(gold.events)
        + len(gold.open_questions)
        + len(gold.stance.actor_stances)
    )
    brief = brief_with_drops(gold, invented=2)
    assert len(brief.metadata.dropped_items) == 2 and len(brief.events) == len(gold.events)
    assert dropped_rate(brief) == pytest.approx(2 / (kept + 2))
    assert dropped_rate(brief_with_drops(gold, invented=0)) == 0
    # a warning (an answer cut off, an unknown actor reference) is not a dropped item
    cut = brief_with_drops(gold, invented=0)
    cut.metadata.warnings.append("an answer was cut off at the 2048-token limit")
    assert dropped_rate(cut) == 0


def test_dropped_rate_is_reported_lower_is_better_and_gated(tmp_path, gold):
    clean = write_run(tmp_path / "a", brief_with_drops(gold, invented=0))
    dropped = write_run(tmp_path / "b", brief_with_drops(gold, invented=2))
    assert clean.value("dropped_rate") == 0
    rate = dropped.value("dropped_rate")
    assert rate == pytest.approx(dropped_rate(brief_with_drops(gold, invented=2)))
    assert dropped.data["aggregate"]["dropped_rate"]["micro"] == pytest.approx(rate)
    # grounding_rate cannot see it: drops happen before scoring
    assert dropped.value("grounding_rate") == 1.0
    assert "dropped_rate" in (tmp_path / "b" / "report.html").read_text()
    junit = ET.parse(tmp_path / "b" / "junit.xml").getroot()
    assert f"dropped_rate={rate:.3f}" in junit.find("testcase/system-out").text
    table = Console(width=200, record=True)
    table.print(summary_table(dropped))
    assert "dropped_rate" in table.export_text()
    assert check_thresholds(dropped, {"dropped_rate": 0.1}) == [
        f"dropped_rate = {rate:.3f} is above 0.1"
    ]
    assert check_thresholds(clean, {"dropped_rate": 0.1}) == []
    result = compare_runs(clean.data, dropped.data)
    assert result["metrics"]["dropped_rate"]["delta"] == pytest.approx(rate)
    assert result["worse_fixtures"] == ["mini-port-strike"]  # more drops is worse
    better = compare_runs(dropped.data, clean.data)
    assert better["worse_fixtures"] == []


def test_a_failed_brief_has_no_dropped_rate(tmp_path):
    report = write_run(tmp_path / "c", None, error="the model server failed (500)")
    assert report.value("dropped_rate") is None


def test_every_reported_metric_is_in_the_catalogue_and_shown_from_it(tmp_path, gold):
    from summarizer.eval.catalogue import CATALOGUE, HEADLINE, SHOWN

    report = write_run(tmp_path / "a", brief_from_gold(gold))
    per_fixture = report.data["fixtures"]["mini-port-strike"]["metrics"]
    assert set(report.data["aggregate"]) | set(per_fixture) <= set(CATALOGUE)
    table = Console(width=200, record=True)
    table.print(summary_table(report))
    lines = table.export_text().splitlines()
    rows = [line.split("│")[1].strip() for line in lines if line.startswith("│")]
    assert rows == [m.name for m in SHOWN if m.name in report.data["aggregate"]]
    junit = ET.parse(tmp_path / "a" / "junit.xml").getroot()
    out = junit.find("testcase/system-out").text
    assert [pair.split("=")[0] for pair in out.split()] == list(HEADLINE)
