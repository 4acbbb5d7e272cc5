"""A real eval of two fixtures on the embedded model, through the CLI (slow: ~3 min)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.model

FIXTURES = ("brief-bridge-closure", "seed-lukashenko-venezuela")


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
    # a 1.5B model finds the central actors of both articles
    for fid in FIXTURES:
        assert report["fixtures"][fid]["metrics"]["actor_recall"] > 0, fid
    for name in ("report.html", "junit.xml"):
        assert (out / name).stat().st_size > 0
    assert len(list((out / "predictions").glob("*.json"))) == 2

    # a second run is answered from the cache: no model call, same scores
    again = eval_run(tmp_path, "again")
    assert again.returncode == 0 and again.stderr.decode().count(": cached") == 2
    rerun = json.loads((tmp_path / "again" / "report.json").read_text())
    assert rerun["aggregate"]["actor_f1"] == agg["actor_f1"]
