"""A real eval of two fixtures on the embedded model, through the CLI (slow: ~3 min)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from summarizer.eval.metrics import names_match
from tests.conftest import ROOT

pytestmark = pytest.mark.model

#: two fixtures of the committed baseline (a short blind one, and the seed)
FIXTURES = ("blind-brief-ferry-sailings-suspended", "seed-lukashenko-venezuela")


def eval_run(tmp_path, name: str, *extra: str) -> subprocess.CompletedProcess:
    only = [arg for f in FIXTURES for arg in ("--only", f)]
    command = ["eval", "run", "--fixtures", str(ROOT / "evals" / "fixtures"), *only]
    command += ["--out", str(tmp_path / name), "--cache-dir", str(tmp_path / "cache"), *extra]
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *command], capture_output=True, timeout=1200
    )


def test_eval_run_on_the_embedded_model(tmp_path):
    out = tmp_path / "run"
    gate = ("--fail-under", "schema_validity=1", "--fail-under", "grounding_rate=0.9")
    result = eval_run(tmp_path, "run", *gate)
    assert result.returncode == 0, result.stderr.decode()[-3000:]
    report = json.loads((out / "report.json").read_text())
    assert report["n_fixtures"] == 2 and not report["errors"]
    assert report["config"]["backend"] == "local"
    agg = report["aggregate"]
    shown = ("actor_f1", "event_f1", "grounding_rate", "latency_s")
    print("\n" + json.dumps({k: agg[k]["mean"] for k in shown}))
    # the embedded model is greedy: both score as in the committed baseline
    baseline = json.loads((ROOT / "evals" / "baseline" / "report.json").read_text())
    for fid in FIXTURES:
        for metric in ("actor_f1", "event_f1", "event_date_accuracy", "question_f1"):
            expected = baseline["fixtures"][fid]["metrics"][metric]
            assert report["fixtures"][fid]["metrics"][metric] == expected, (fid, metric)
    # and the seed's brief names the three people it is about
    seed = json.loads((out / "predictions" / "seed-lukashenko-venezuela.json").read_text())
    found = [[a["name"], *a["aliases"]] for a in seed["brief"]["key_actors"]]
    for name in ["Alexander Lukashenko", "Nicolas Maduro", "Donald Trump"]:
        assert any(names_match([name], names) for names in found), name
    for name in ("report.html", "junit.xml"):
        assert (out / name).stat().st_size > 0
    assert len(list((out / "predictions").glob("*.json"))) == 2

    # a second run is answered from the cache: no model call, same scores
    again = eval_run(tmp_path, "again")
    assert again.returncode == 0 and again.stderr.decode().count(": cached") == 2
    rerun = json.loads((tmp_path / "again" / "report.json").read_text())
    assert rerun["aggregate"]["actor_f1"] == agg["actor_f1"]
