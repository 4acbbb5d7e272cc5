"""Story fixtures: each folder's articles load as fixtures and its gold merge
points only at what they hold."""

from __future__ import annotations

import json
import shutil

import pytest

from summarizer.eval.stories import load_story
from tests.paths import ROOT

STORIES = sorted(p for p in (ROOT / "evals" / "stories").iterdir() if p.is_dir())


@pytest.mark.parametrize("folder", STORIES, ids=[p.name for p in STORIES])
def test_every_story_loads_with_a_merge_worth_testing(folder):
    story = load_story(folder)
    assert story.problems == []
    assert story.gold is not None and len(story.articles) >= 3
    assert story.gold.same_events and story.gold.same_actors and story.gold.answered


def test_a_merge_that_points_nowhere_is_reported(tmp_path):
    folder = tmp_path / STORIES[0].name
    shutil.copytree(STORIES[0], folder)
    merge = json.loads((folder / "story.json").read_text(encoding="utf-8"))
    merge["same_events"][0][0]["event"] = 99
    merge["answered"][0]["quote"] = "words no article holds"
    merge["answered"][0]["answered_in"] = merge["articles"][0]
    (folder / "story.json").write_text(json.dumps(merge), encoding="utf-8")
    problems = " | ".join(load_story(folder).problems)
    assert "has no event 99" in problems
    assert "is not in" in problems and "is not later than" in problems
