"""Evidence alignment, actor identity, chunking and the normalized brief."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from summarizer.ground.locate import Aligner, normalize
from summarizer.ground.normalize import build_brief, merge_actors
from summarizer.read.article import load_article
from summarizer.ground.merge import merge_drafts
from summarizer.read.chunking import split
from summarizer.read.names import ActorIndex, merge_groups
from summarizer.schema import ActorDraft, BriefDraft, RunMetadata
from tests.conftest import SEED_DRAFT

TEXT = "The minister said: \u201cWe will not\u2014under any terms\u2014sign.\u201d  Talks  resume in  May."
ALIGNER = Aligner(TEXT)


def test_exact_quote_gets_offsets():
    span = ALIGNER.locate("Talks  resume")
    assert span.method == "exact" and TEXT[span.start : span.end] == "Talks  resume"


def test_typographic_quotes_dashes_case_and_whitespace_are_tolerated():
    span = ALIGNER.locate('"we will NOT-under any terms-sign."')
    assert span is not None and span.method == "normalized"
    assert TEXT[span.start : span.end] == "We will not\u2014under any terms\u2014sign"
    span = ALIGNER.locate("talks resume in may")
    assert TEXT[span.start : span.end] == "Talks  resume in  May"


def test_fuzzy_match_is_recorded_as_fuzzy_and_invented_quotes_fail():
    span = ALIGNER.locate("Talk resumes in May")
    assert span is not None and span.method == "fuzzy" and span.score < 1
    assert "resume in  May" in TEXT[span.start : span.end]
    assert ALIGNER.locate("The president resigned on Friday") is None
    assert ALIGNER.locate("si") is None  # too short to prove anything


def test_mentions_by_name_or_surname_on_word_boundaries():
    aligner = Aligner("Maduro spoke. The Nicolas Cage film was not shown.")
    assert aligner.mentions("Nicolas Maduro")
    assert aligner.mentions("President Maduro")
    assert not aligner.mentions("Kim Jong Un")
    assert not aligner.mentions("Madur")


@given(st.text(max_size=300), st.text(max_size=60))
def test_aligner_never_crashes_and_offsets_stay_inside(text, quote):
    span = Aligner(text).locate(quote)
    if span is not None:
        assert 0 <= span.start < span.end <= len(text)


@given(st.text(min_size=1, max_size=300), st.data())
def test_a_quote_cut_from_the_text_is_found_where_it_is(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    span = Aligner(text).locate(quote)
    if span is None:
        return
    found = text[span.start : span.end]
    if span.method == "exact":
        assert found == quote
    elif span.method == "normalized":
        assert normalize(quote).strip() in normalize(found) or normalize(found) in normalize(quote)


def _actor(name: str, *aliases: str, salience: str = "supporting") -> ActorDraft:
    return ActorDraft(
        name=name, aliases=list(aliases), kind="person", role="r", salience=salience, evidence=name
    )


def test_merge_groups_by_alias_and_surname_but_not_by_first_name():
    actors = [
        _actor("Nicolas Maduro"),
        _actor("Maduro"),
        _actor("Venezuela's president", "Nicolas Maduro"),
        _actor("Nicolas Sarkozy"),
    ]
    groups = sorted(sorted(g) for g in merge_groups(actors))
    assert groups == [[0, 1, 2], [3]]


def test_merged_aliases_lose_stray_spaces_and_repeats():
    merged = merge_actors(
        [_actor("Venezuelan ambassador", " ambassador", "Venezuelan  ambassador ", " ")]
    )
    assert merged[0].aliases == ["ambassador"]


def test_actor_index_resolves_titles_and_surnames_and_refuses_ambiguity():
    index = ActorIndex([_actor("Donald Trump"), _actor("Ivanka Trump"), _actor("Nicolas Maduro")])
    assert index.resolve("President Nicolas Maduro").name == "Nicolas Maduro"
    assert index.resolve("Maduro").name == "Nicolas Maduro"
    assert index.resolve("Trump") is None  # two Trumps: no guess
    assert index.resolve("Joe Biden") is None


def test_one_identity_rule_for_merging_grounding_and_scoring():
    from summarizer.eval.metrics import names_match
    from summarizer.read.names import name_keys, same_actor, surname_of

    assert surname_of("nicolas maduro") == "maduro"
    assert surname_of("maduro") is None  # one word: it is a surname, it has none
    assert surname_of("xi li") is None  # too short to stand for the full name
    for a, b, same in [
        (["Nicolás Maduro"], ["Maduro"], True),  # accents folded, surname
        (["President Maduro"], ["Nicolas Maduro"], True),  # a title is no part of the name
        (["Nicolas Maduro"], ["Nicolas"], False),  # a first name is not a surname
        (["Xi Li"], ["Li"], False),
        (["Venezuela's president"], ["Nicolas Maduro", "Venezuela's president"], True),
        (["two diplomats"], ["Two diplomats familiar with the talks"], True),  # described further
        (["fund manager"], ["a fund manager at a pension investor"], True),
        (["European Union"], ["European Union fisheries ministers"], False),  # another actor
        (["Lucy Njoki Gitari"], ["Lucy Gitari"], True),  # a middle name
        (["Rodrigo Saavedra Toro"], ["Rodrigo Saavedra"], False),  # may be another actor
        (["Lucy Njoki Gitari"], ["Njoki Gitari"], False),  # another first name
        (["Brekke Invest AS"], ["Brekke Invest"], True),  # a company's legal form
        (["Tana Delta Commodities Ltd"], ["Tana Delta"], False),
    ]:
        assert same_actor(name_keys(a), name_keys(b)) is same, (a, b)
        assert names_match(a, b) is same, (a, b)  # the metric asks the same rule
        assert bool(merge_groups([_actor(*a), _actor(*b)]) == [[0, 1]]) is same, (a, b)
    # only the metric forgives a misspelling
    assert not same_actor(name_keys(["Lukashenko"]), name_keys(["Lukashenka"]))
    assert same_actor(name_keys(["Lukashenko"]), name_keys(["Lukashenka"]), fuzzy=90)
    assert names_match(["Alexander Lukashenko"], ["Alexander Lukashenka"])
    # the aligner's surname rule: a text saying only "Maduro" names Nicolás Maduro
    assert Aligner("Maduro spoke.").mentions("Nicolás Maduro")


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


def test_split_keeps_paragraphs_whole_within_budget_with_overlap():
    paragraphs = [f"Paragraph {i}" + " word" * 40 for i in range(10)]
    text = "\n\n".join(paragraphs)
    count = lambda s: len(s.split())  # noqa: E731
    parts = split(text, 130, count)
    assert len(parts) > 1
    assert all(count(p) <= 130 for p in parts)
    for p in parts:  # no paragraph cut in half
        assert all(chunk.strip() in paragraphs for chunk in p.split("\n\n"))
    for a, b in zip(parts, parts[1:], strict=False):  # consecutive parts share a paragraph
        assert a.split("\n\n")[-1] == b.split("\n\n")[0]
    joined = {c for p in parts for c in p.split("\n\n")}
    assert joined == set(paragraphs)
    assert split("short text", 130, count) == ["short text"]


def _seed_draft() -> BriefDraft:
    return BriefDraft.model_validate(json.loads(SEED_DRAFT.read_text()))


def test_merge_drafts_removes_what_the_overlap_produced_twice():
    a, b = _seed_draft(), _seed_draft()
    merged = merge_drafts([a, b])
    assert len(merged.events) == len(a.events)
    assert len(merged.open_questions) == len(a.open_questions)
    assert len(merged.key_actors) == 2 * len(a.key_actors)  # merged later, by identity


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


def test_a_long_article_is_briefed_in_parts_and_merged(fake_openai, seed_text):
    from summarizer import Settings, Summarizer

    # the seed three times over, as one long article: every part gets the seed draft back
    long_text = seed_text + "\n\n" + "\n\n".join(seed_text.split("\n\n")[1:]) * 2
    s = Summarizer(
        "openai", base_url=fake_openai.url, api_key="sk-x", settings=Settings(part_tokens=400)
    )
    article = load_article(long_text)
    parts = s.parts(article)
    assert len(parts) >= 3
    brief = s.summarize(article)
    assert brief.metadata.chunks == len(parts)
    assert brief.metadata.calls == len(fake_openai.requests)  # parts, plus re-asks for
    # the seed quotes that a part does not contain
    sent = [r.body["messages"][1]["content"] for r in fake_openai.requests]
    # every part was read: it opens a request's numbered article
    assert all(any(f"[1] {part.strip()[:40]}" in msg for msg in sent) for part in parts)
    names = [a.name for a in brief.key_actors]
    assert len(names) == len(set(names)) and "Alexander Lukashenko" in names  # one actor, one entry
    whats = [e.what for e in brief.events]
    assert len(whats) == len(set(whats))
    for e in brief.events:  # offsets point into the whole article
        assert article.text[e.evidence.start : e.evidence.end]


BRIDGE = (
    "Kaunas closes bridge\n\nThe Old Harbour Bridge in Kaunas was closed to all traffic on "
    "Monday after an inspection found corroded cables, the city council said. Buses will be "
    "diverted to the Aleksotas crossing."
)


def test_a_paraphrase_is_grounded_by_the_sentence_that_holds_its_words():
    aligner = Aligner(BRIDGE)
    assert aligner.locate("The city council said the bridge was closed on Monday") is None
    span = aligner.locate_sentence("The city council said the bridge was closed on Monday")
    assert span.method == "sentence"
    assert BRIDGE[span.start : span.end].startswith("The Old Harbour Bridge")
    assert BRIDGE[span.start : span.end].endswith("the city council said.")
    assert aligner.locate_sentence("The mayor resigned after the bridge scandal") is None
    assert aligner.locate_sentence("bridge closed") is None  # too few words to tell


def test_a_paraphrased_event_keeps_the_article_sentence_as_its_evidence():
    from summarizer.ground.check import evidence

    ev = evidence("Buses were diverted to the Aleksotas crossing", Aligner(BRIDGE))
    assert ev.match == "sentence" and ev.grounded
    assert (
        ev.quote == BRIDGE[ev.start : ev.end] == "Buses will be diverted to the Aleksotas crossing."
    )
