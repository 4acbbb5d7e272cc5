"""The eval's default folders work from any working directory, or say what is missing."""

from __future__ import annotations

import shutil

import pytest

from summarizer.errors import EvalFilesError
from summarizer.eval import paths
from summarizer.eval.fixtures import load_fixtures
from tests.conftest import ROOT

MINI = ROOT / "tests" / "data" / "fixtures"


def test_the_defaults_are_found_from_another_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    fixtures = paths.default_fixtures()
    assert fixtures == ROOT / "evals" / "fixtures"
    loaded = load_fixtures(fixtures)
    assert loaded.ok and len(loaded.fixtures) >= 1
    assert (paths.default_baseline() / "report.json").is_file()
    assert paths.default_run_dir() == ROOT / "evals" / "runs" / "latest"


def test_a_working_folder_with_its_own_evals_comes_first(tmp_path, monkeypatch):
    shutil.copytree(MINI, tmp_path / "evals" / "fixtures")
    monkeypatch.chdir(tmp_path)
    assert paths.default_fixtures() == tmp_path / "evals" / "fixtures"
    assert paths.default_run_dir() == tmp_path / "evals" / "runs" / "latest"
    assert paths.default_baseline() == ROOT / "evals" / "baseline"  # it has none of its own


def test_with_no_evals_anywhere_the_error_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setattr(paths, "CHECKOUT", tmp_path / "site-packages")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(EvalFilesError) as info:
        paths.default_fixtures()
    error = info.value
    assert error.exit_code == 3  # bad input, as any fixtures that cannot be used
    assert str(tmp_path / "evals" / "fixtures") in error.message
    assert str(tmp_path / "site-packages" / "evals" / "fixtures") in error.message
    assert "--fixtures DIR" in error.hint and "FIXTURES.md" in error.hint
    with pytest.raises(EvalFilesError, match="no baseline run"):
        paths.default_baseline()
    # a run needs no existing folder: it is written under the working directory
    assert paths.default_run_dir() == tmp_path / "evals" / "runs" / "latest"


def test_the_fixture_format_is_documented_where_users_have_it():
    doc = paths.format_doc()
    assert doc.is_file()
    text = doc.read_text(encoding="utf-8")
    # the doc names every field the loader reads
    from summarizer.eval import fixtures

    for model in (
        fixtures.FixtureMeta,
        fixtures.Gold,
        fixtures.GoldActor,
        fixtures.GoldEvent,
        fixtures.GoldQuestion,
        fixtures.GoldStance,
        fixtures.GoldActorStance,
    ):
        for name, info in model.model_fields.items():
            if info.exclude:  # set by code, never read from a file (EventDraft.resolved)
                continue
            assert f"`{name}`" in text, f"{model.__name__}.{name}"


def test_a_missing_fixtures_folder_is_reported_with_its_full_path(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    loaded = load_fixtures("evals/fixtures")
    (problems,) = loaded.problems.values()
    assert str(tmp_path / "evals" / "fixtures") in problems[0]
    assert "FIXTURES.md" in problems[0]


def test_the_documented_example_is_a_valid_fixture(tmp_path):
    import hashlib
    import re

    doc = paths.format_doc().read_text(encoding="utf-8")
    example = doc[doc.index("## A minimal example") :]
    text, meta = re.findall(r"```(?:json)?\n(.*?)```", example, re.S)[:2]
    raw = text.encode()
    (tmp_path / "mini-strike.txt").write_bytes(raw)
    meta = meta.replace("<sha256 of mini-strike.txt>", hashlib.sha256(raw).hexdigest())
    (tmp_path / "mini-strike.json").write_text(meta, encoding="utf-8")
    loaded = load_fixtures(tmp_path)
    assert loaded.problems == {} and [f.id for f in loaded.fixtures] == ["mini-strike"]
