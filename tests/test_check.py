"""Whether an item is grounded (``ground.check``): one check for the re-ask and the brief."""

from __future__ import annotations

from datetime import date

from summarizer.ground.locate import Aligner
from summarizer.ground.normalize import build_brief
from summarizer.read.article import load_article
from summarizer.schema import BriefDraft, RunMetadata
from tests.drafts import actor_draft as _actor
from tests.drafts import seed_draft as _seed_draft


def test_the_evidenced_sections_are_walked_alike_in_every_shape(seed_text):
    from summarizer.schema import EVIDENCED, evidenced

    draft = _seed_draft()
    meta = RunMetadata(backend="t", model="t", prompt_version="x")
    brief = build_brief(draft, load_article(seed_text).text, date(2025, 12, 11), meta)
    gold = brief.to_fixture_gold()
    walks = [list(evidenced(x)) for x in (draft, brief, gold)]
    sections = [[section for section, _, _ in walk] for walk in walks]
    assert sections[1] == [s if s != "actors" else "key_actors" for s in sections[2]]
    assert set(sections[0]) == set(EVIDENCED) and sections[0] == sorted(
        sections[0], key=EVIDENCED.index
    )  # every section, in brief order
    quotes = [item.evidence.quote for _, _, item in walks[1]]
    assert quotes == [item["evidence"] for _, _, item in walks[2]]
    assert [i for s, i, _ in walks[2] if s == "actors"] == list(range(len(brief.key_actors)))


def test_one_grounding_check_for_the_reask_and_the_brief():
    from summarizer.ask.single import grounding_problems
    from summarizer.ground.check import ground
    from summarizer.read.names import ActorIndex
    from summarizer.schema import EventDraft

    text = "Nicolas Maduro met Donald Trump on Monday in Caracas, officials said."
    aligner = Aligner(text)
    actors = [_actor("Nicolas Maduro"), _actor("Donald Trump")]
    for a in actors:
        a.evidence = text
    event = EventDraft(
        evidence="Maduro flew to Havana on Tuesday",  # not in the article
        what="They met.",
        date_text="on Monday",
        date=None,
        actors=["Maduro", "Kim Jong Un", "Trump"],
        location=None,
        attribution=None,
    )
    check = ground("events", event, aligner, ActorIndex(actors))
    assert [a.name for a in check.actors] == ["Nicolas Maduro", "Donald Trump"]
    assert check.unknown == ["Kim Jong Un"] and check.named
    assert not check.evidence.grounded
    draft = BriefDraft.model_construct(
        summary="",
        key_actors=actors,
        events=[event],
        open_questions=[],
        stance=_seed_draft().stance,
    )
    draft.stance.actor_stances = []
    problems = grounding_problems(draft, aligner)
    assert problems == [
        "events[0].evidence 'Maduro flew to Havana on Tuesday' is not in the article; "
        "copy a quote word for word",
        "events[0].actors names 'Kim Jong Un', which is not in key_actors",
    ]
    meta = RunMetadata(backend="t", model="t", prompt_version="x")
    kept = build_brief(draft, text, None, meta, keep_ungrounded=True)
    assert kept.events[0].actors == ["Nicolas Maduro", "Donald Trump"]
    assert kept.metadata.dropped_items == []  # the event stays: its unknown name is a warning
    assert kept.metadata.warnings == ["events[0]: reference to unknown actor 'Kim Jong Un' removed"]
    dropped = build_brief(draft, text, None, meta.model_copy(update={"dropped_items": []}))
    assert not dropped.events
    assert dropped.metadata.dropped_items == [
        "events[0]: evidence not found in the article: 'Maduro flew to Havana on Tuesday'"
    ]


BRIDGE = (
    "Kaunas closes bridge\n\nThe Old Harbour Bridge in Kaunas was closed to all traffic on "
    "Monday after an inspection found corroded cables, the city council said. Buses will be "
    "diverted to the Aleksotas crossing."
)


def test_a_paraphrased_event_keeps_the_article_sentence_as_its_evidence():
    from summarizer.ground.check import evidence

    ev = evidence("Buses were diverted to the Aleksotas crossing", Aligner(BRIDGE))
    assert ev.match == "sentence" and ev.grounded
    assert (
        ev.quote == BRIDGE[ev.start : ev.end] == "Buses will be diverted to the Aleksotas crossing."
    )
