"""The eval harness on stored predictions: no model needed."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import xml.etree.ElementTree as ET

import pytest

from summarizer.eval.fixtures import load_fixtures
from summarizer.eval.harness import build_report, check_thresholds, write_report
from summarizer.eval.runner import Prediction, prediction_path
from summarizer.schema import Brief, Evidence, RunMetadata
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "data" / "fixtures"


def brief_from_gold(gold: dict, drop_actor: bool = False) -> Brief:
    actors = gold["actors"][:1] if drop_actor else gold["actors"]
    return Brief(
        summary="s",
        key_actors=[{**a, "evidence": Evidence(quote=a["evidence"])} for a in actors],
        events=[{**e, "evidence": Evidence(quote=e["evidence"])} for e in gold["events"]],
        open_questions=[
            {**q, "evidence": Evidence(quote=q["evidence"])} for q in gold["open_questions"]
        ],
        stance={
            **gold["stance"],
            "actor_stances": [
                {**s, "evidence": Evidence(quote=s["evidence"])}
                for s in gold["stance"]["actor_stances"]
            ],
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
