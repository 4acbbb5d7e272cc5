"""`eval run --engine ray` on the embedded model gives the local run's briefs:
three fixtures, the same response cache (the local run fills it when it is
empty; the Ray run replays it)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.model
pytest.importorskip("ray", reason="the ray extra is not installed")

FIXTURES = ("brief-bridge-closure", "seed-lukashenko-venezuela", "wire-labor-rail-strike")


def eval_run(out, *extra: str) -> subprocess.CompletedProcess:
    only = [arg for f in FIXTURES for arg in ("--only", f)]
    command = ["eval", "run", "--fixtures", str(ROOT / "evals" / "fixtures"), *only]
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *command, "--out", str(out), *extra],
        capture_output=True,
        timeout=1200,
    )


def test_ray_engine_gives_the_local_briefs_on_the_embedded_model(tmp_path):
    local = eval_run(tmp_path / "local")
    assert local.returncode in (0, 7), local.stderr.decode()[-3000:]
    on_ray = eval_run(tmp_path / "ray", "--engine", "ray", "--actors", "2")
    assert on_ray.returncode == local.returncode, on_ray.stderr.decode()[-3000:]
    assert on_ray.stderr.decode().count(": cached") == len(FIXTURES)  # no model call
    for fixture in FIXTURES:
        a, b = (
            json.loads((tmp_path / run / "predictions" / f"{fixture}.json").read_text())
            for run in ("local", "ray")
        )
        for p in (a, b):  # what may differ: the time, and whether the cache answered
            for key in ("cached", "cache_hits"):
                p.pop(key)
            if p["brief"]:
                p["brief"]["metadata"].pop("latency_s")
        assert a == b, fixture
    assert json.loads((tmp_path / "ray" / "report.json").read_text())["config"]["engine"] == "ray"
