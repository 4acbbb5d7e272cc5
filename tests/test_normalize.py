"""From a draft to a Brief (``ground.normalize``): grounded, dates resolved, actors united."""

from __future__ import annotations

from datetime import date

from summarizer.ground.normalize import build_brief, merge_actors
from summarizer.read.article import load_article
from summarizer.schema import RunMetadata
from tests.drafts import actor_draft as _actor
from tests.drafts import seed_draft as _seed_draft


def test_merged_aliases_lose_stray_spaces_and_repeats():
    merged = merge_actors(
        [_actor("Venezuelan ambassador", " ambassador", "Venezuelan  ambassador ", " ")]
    )
    assert merged[0].aliases == ["ambassador"]


def test_build_brief_grounds_resolves_and_drops(seed_text):
    article = load_article(seed_text)
    draft = _seed_draft()
    draft.key_actors.append(_actor("Vladimir Putin", salience="central"))
    draft.events[0].evidence = "Lukashenko flew to Caracas on Thursday"
    meta = RunMetadata(backend="t", model="t", prompt_version="x")
    brief = build_brief(draft, article.text, date(2025, 12, 11), meta)
    names = [a.name for a in brief.key_actors]
    assert "Vladimir Putin" not in names
    assert any("Putin" in d for d in brief.metadata.dropped_items)
    assert any("events[0]" in d for d in brief.metadata.dropped_items)
    for item in [*brief.key_actors, *brief.events, *brief.open_questions]:
        ev = item.evidence
        assert ev.grounded and article.text[ev.start : ev.end]
    event = next(e for e in brief.events if e.date_text == "on November 21")
    assert event.date == "2025-11-21" and event.date_source == "text"
    assert set(event.actors) == {"Nicolas Maduro", "Donald Trump"}  # canonical names

    kept = build_brief(_seed_draft(), article.text, None, meta.model_copy(), keep_ungrounded=True)
    thursday = next(e for e in kept.events if e.date_text == "on Thursday")
    assert thursday.date is None  # no publication date: relative wording stays unresolved
