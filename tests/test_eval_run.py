"""`summarizer eval run` end to end against a real HTTP server on 127.0.0.1:
predictions written, responses cached (re-runs cost no calls), repeats are real calls."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.openai_server import FakeOpenAI

FIXTURES = ROOT / "tests" / "data" / "fixtures"
KEY = "sk-eval-planted-secret-424242"


@pytest.fixture
def fake_openai():
    """Answers with a draft grounded in the mini fixture (its gold, in draft shape)."""
    gold = json.loads((FIXTURES / "mini-port-strike.json").read_text())["gold"]
    draft = {
        "summary": "Dock workers struck at Apapa port.",
        "key_actors": gold["actors"],
        "events": gold["events"],
        "open_questions": gold["open_questions"],
        "stance": gold["stance"],
    }
    with FakeOpenAI(default_args=json.dumps(draft)) as server:
        yield server


def eval_run(server, out, cache, *extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI")}
    env["OPENAI_API_KEY"] = KEY
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "summarizer",
            "eval",
            "run",
            "--fixtures",
            str(FIXTURES),
            "--out",
            str(out),
            "--cache-dir",
            str(cache),
            "--base-url",
            server.url,
            "--model",
            "m",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )


def test_run_caches_and_repeats(fake_openai, tmp_path):
    cache = tmp_path / "cache"
    first = eval_run(fake_openai, tmp_path / "run1", cache)
    assert first.returncode == 0, first.stderr
    n = len(fake_openai.requests)  # the staged pipeline's passes for the one fixture
    assert n >= 2
    report = json.loads((tmp_path / "run1" / "report.json").read_text())
    assert report["n_fixtures"] == 1 and report["config"]["model"] == "m"
    assert (tmp_path / "run1" / "predictions" / "mini-port-strike.json").exists()
    assert (tmp_path / "run1" / "report.html").exists() and (
        tmp_path / "run1" / "junit.xml"
    ).exists()

    again = eval_run(fake_openai, tmp_path / "run2", cache)
    assert again.returncode == 0 and len(fake_openai.requests) == n, "a re-run is served from cache"
    assert "cached" in again.stderr

    repeated = eval_run(fake_openai, tmp_path / "run3", cache, "--repeat", "3")
    assert repeated.returncode == 0, repeated.stderr
    assert len(fake_openai.requests) == 3 * n, "repeat 0 cached; repeats 1 and 2 are real calls"

    # what is cached is the model's answer: everything after it runs again on a hit
    entries = [json.loads(p.read_text()) for p in cache.rglob("*.json")]
    assert len(entries) == 3 * n and all(e["object"] == "chat.completion" for e in entries)

    # a changed prompt is a changed request: a real call
    import shutil

    from summarizer.ask.prompts import prompts_dir

    shutil.copytree(prompts_dir(), tmp_path / "prompts")
    with (tmp_path / "prompts" / "analyst.md").open("a") as fh:
        fh.write("\nBe concise.\n")
    changed = eval_run(
        fake_openai, tmp_path / "run4", cache, "--prompts", str(tmp_path / "prompts")
    )
    assert changed.returncode == 0 and len(fake_openai.requests) == 4 * n

    # the cache is private to the user and holds no key
    for path in cache.rglob("*"):
        if path.is_file():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600
            assert KEY not in path.read_text()
    assert stat.S_IMODE(cache.stat().st_mode) == 0o700
    for path in (tmp_path / "run3").rglob("*"):
        if path.is_file():
            assert KEY not in path.read_text()


def test_failed_fixture_is_recorded_and_exit_code_says_so(fake_openai, tmp_path):
    from tests.openai_server import Action

    fake_openai.script(Action(status=400, body={"error": {"message": "bad request"}}))
    result = eval_run(fake_openai, tmp_path / "run", tmp_path / "cache")
    assert result.returncode == 7
    pred = json.loads((tmp_path / "run" / "predictions" / "mini-port-strike.json").read_text())
    assert pred["brief"] is None and pred["error_type"] == "RequestRejectedError"
