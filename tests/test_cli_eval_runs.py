"""A good eval run is never replaced by an empty or failed one."""

from __future__ import annotations

import json

import pytest

from tests.openai_server import Action
from tests.test_eval_harness import FIXTURES, brief_from_gold, cli, write_run
from tests.test_eval_run import eval_run
from tests.test_eval_run import fake_openai as fake_openai  # noqa: F401 (the fixture's draft)

REPORTS = ("report.json", "report.html", "junit.xml")


def snapshot(run_dir) -> dict[str, bytes]:
    return {
        str(p.relative_to(run_dir)): p.read_bytes()
        for p in sorted(run_dir.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def good_run(tmp_path):
    from summarizer.eval.fixtures import load_fixtures

    gold = load_fixtures(FIXTURES).fixtures[0].gold
    run_dir = tmp_path / "good"
    write_run(run_dir, brief_from_gold(gold))
    return run_dir


@pytest.mark.parametrize("fixtures", ["missing", "empty", "other"])
def test_score_with_wrong_fixtures_leaves_the_run_untouched(good_run, tmp_path, fixtures):
    folder = tmp_path / fixtures
    if fixtures != "missing":
        folder.mkdir()
    if fixtures == "other":  # a valid fixture set, but none of the run's fixtures
        src = json.loads((FIXTURES / "mini-port-strike.json").read_text())
        (folder / "elsewhere.txt").write_bytes((FIXTURES / "mini-port-strike.txt").read_bytes())
        (folder / "elsewhere.json").write_text(json.dumps({**src, "id": "elsewhere"}))
    before = snapshot(good_run)
    result = cli("score", str(good_run), "--fixtures", str(folder))
    assert result.returncode == 3, result.stderr
    assert "nothing" in result.stderr or "no usable fixtures" in result.stderr
    assert "Traceback" not in result.stderr
    assert snapshot(good_run) == before


def test_score_of_a_folder_with_no_run_writes_nothing(tmp_path):
    result = cli("score", str(tmp_path / "no-run"), "--fixtures", str(FIXTURES))
    assert result.returncode == 3, result.stderr
    assert not (tmp_path / "no-run").exists()


def test_run_with_wrong_fixtures_leaves_the_run_untouched(fake_openai, tmp_path):  # noqa: F811
    first = eval_run(fake_openai, tmp_path / "run", tmp_path / "cache")
    assert first.returncode == 0, first.stderr
    before = snapshot(tmp_path / "run")
    wrong = eval_run(fake_openai, tmp_path / "run", tmp_path / "cache", "--only", "nope")
    assert wrong.returncode == 3 and "no usable fixtures" in wrong.stderr
    assert snapshot(tmp_path / "run") == before


def test_a_failed_run_does_not_replace_a_good_one(fake_openai, tmp_path):  # noqa: F811
    run_dir = tmp_path / "run"
    first = eval_run(fake_openai, run_dir, tmp_path / "cache")
    assert first.returncode == 0, first.stderr
    before = snapshot(run_dir)
    fake_openai.script(Action(status=400, body={"error": {"message": "bad request"}}))
    failed = eval_run(fake_openai, run_dir, tmp_path / "cache", "--no-cache")
    assert failed.returncode == 7, failed.stderr
    assert "earlier run" in failed.stderr and "Traceback" not in failed.stderr
    assert snapshot(run_dir) == before
    kept = tmp_path / "run.partial"
    assert json.loads((kept / "report.json").read_text())["errors"]

    fake_openai.script(Action())  # a run that works replaces the earlier one
    again = eval_run(fake_openai, run_dir, tmp_path / "cache", "--no-cache")
    assert again.returncode == 0, again.stderr
    assert snapshot(run_dir)["report.json"] != before["report.json"]
    assert not kept.exists()
