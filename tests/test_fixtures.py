from __future__ import annotations

import json
import shutil

import pytest

from summarizer.eval.fixtures import load_fixtures
from tests.conftest import ROOT

MINI = ROOT / "tests" / "data" / "fixtures"


@pytest.fixture
def folder(tmp_path):
    shutil.copytree(MINI, tmp_path / "f")
    return tmp_path / "f"


def edit(folder, change):
    path = folder / "mini-port-strike.json"
    data = json.loads(path.read_text())
    change(data)
    path.write_text(json.dumps(data))


def test_good_fixture_loads(folder):
    s = load_fixtures(folder)
    assert s.ok and [f.id for f in s.fixtures] == ["mini-port-strike"]
    assert s.fixtures[0].published.isoformat() == "2026-03-05"


def test_changed_text_fails_the_checksum(folder):
    (folder / "mini-port-strike.txt").write_text("Dock workers strike at Lagos port\n\nOther text.")
    s = load_fixtures(folder)
    assert not s.fixtures
    assert any("text_sha256" in p for p in s.problems["mini-port-strike"])


def test_evidence_not_in_text_and_undefined_actor(folder):
    def change(d):
        d["gold"]["actors"][0]["evidence"] = "a quote nobody wrote"
        d["gold"]["events"][0]["actors"] = ["Dock Workers Federation"]
        d["gold"]["events"][1]["date"] = "March 4"

    edit(folder, change)
    problems = load_fixtures(folder).problems["mini-port-strike"]
    assert any("actors[0].evidence not found" in p for p in problems)
    assert any("undefined actor 'Dock Workers Federation'" in p for p in problems)
    assert any("events[1].date 'March 4'" in p for p in problems)


def test_bad_enum_is_reported_not_raised(folder):
    edit(folder, lambda d: d["gold"]["actors"][0].update(kind="union"))
    problems = load_fixtures(folder).problems["mini-port-strike"]
    assert any("kind" in p for p in problems)


def test_missing_pair_and_broken_json(folder):
    (folder / "orphan.txt").write_text("x")
    (folder / "broken.json").write_text("{")
    (folder / "broken.txt").write_text("x")
    s = load_fixtures(folder)
    assert "orphan" in s.problems and "broken" in s.problems
    assert [f.id for f in s.fixtures] == ["mini-port-strike"]


def test_repository_fixtures_are_all_valid():
    s = load_fixtures(ROOT / "evals" / "fixtures")
    assert s.ok, s.problems


def test_the_gold_models_are_the_schemas_drafts_made_strict(folder):
    from summarizer import schema
    from summarizer.eval import fixtures

    for gold, draft in (
        (fixtures.GoldActor, schema.ActorDraft),
        (fixtures.GoldEvent, schema.EventDraft),
        (fixtures.GoldQuestion, schema.OpenQuestionDraft),
        (fixtures.GoldActorStance, schema.ActorStanceDraft),
        (fixtures.GoldStance, schema.StanceDraft),
    ):
        assert issubclass(gold, draft) and set(gold.model_fields) == set(draft.model_fields)
    edit(folder, lambda d: d["gold"]["stance"]["actor_stances"][0].update(stance="opposed"))
    problems = load_fixtures(folder).problems["mini-port-strike"]
    assert any("actor_stances.0.stance" in p and "Extra inputs" in p for p in problems)
