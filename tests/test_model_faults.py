"""What the model server says, not how it fails to say it: broken, truncated,
refused or empty answers, from a real server on 127.0.0.1. Each ends in a
recovered brief or a typed error, within a bounded number of calls."""

from __future__ import annotations

import json

import pytest

from summarizer import Settings, Summarizer, errors
from summarizer.ask.staged import STAGES
from summarizer.read.article import load_article
from tests.openai_server import Action, completion


def make(server, retries: int = 1, pipeline: str = "single") -> Summarizer:
    # the staged cases script the model's event pick (opt-in): the smallest answer
    # that cites sentences by number
    stages = STAGES | {"events"}
    return Summarizer(
        "openai",
        base_url=server.url,
        api_key="sk-test",
        model="m",
        settings=Settings(validation_retries=retries, pipeline=pipeline, stages=stages),
    )


def tool(args: str, **kw) -> Action:
    return Action(body=completion(tool_args=args, **kw))


@pytest.mark.parametrize(
    ("answer", "error", "calls"),
    [
        # JSON cut off mid-way: re-asked, then a typed error
        (tool('{"summary": "The minister said'), errors.InvalidBriefError, 2),
        # valid JSON that breaks the schema (wrong types, a missing field)
        (tool('{"summary": 3, "key_actors": "none"}'), errors.InvalidBriefError, 2),
        # the answer hit the token limit
        (tool('{"summary": "x"', finish_reason="length"), errors.TruncatedOutputError, 1),
        # a refusal
        (Action(body=completion(refusal="I can't help with that.")), errors.RefusalError, 1),
        # no choices at all
        (Action(body={**completion("x"), "choices": []}), errors.ModelOutputError, 1),
        # a body that is not JSON
        (Action(body="<html>gateway</html>"), errors.BackendError, 1),
    ],
    ids=["truncated-json", "schema-breaking", "length", "refusal", "empty-choices", "not-json"],
)
def test_bad_answers_end_in_typed_errors(fake_openai, seed_text, answer, error, calls):
    fake_openai.script(answer)
    with pytest.raises(error) as info:
        make(fake_openai).summarize(seed_text)
    assert len(fake_openai.requests) == calls
    assert info.value.hint, "every error says what to do"
    assert "sk-test" not in str(info.value)


def test_a_broken_answer_then_a_good_one_recovers(fake_openai, seed_text, seed_draft_json):
    fake_openai.script(tool('{"summary": 3}'), tool(seed_draft_json))
    brief = make(fake_openai).summarize(seed_text)
    assert brief.metadata.calls == 2 and brief.metadata.validation_retries == 1
    retry_messages = fake_openai.requests[1].body["messages"]
    assert len(retry_messages) > len(fake_openai.requests[0].body["messages"])
    assert "summary" in json.dumps(retry_messages[2:])  # the validation error went back


def test_ungrounded_quotes_are_sent_back_then_dropped(fake_openai, seed_text, seed_draft_json):
    draft = json.loads(seed_draft_json)
    draft["events"][0]["evidence"] = "Lukashenko flew to Caracas to meet Maduro"
    fake_openai.script(tool(json.dumps(draft)))
    brief = make(fake_openai).summarize(seed_text)
    assert len(fake_openai.requests) == 2  # one re-ask with the reason, then lenient
    reask = json.dumps(fake_openai.requests[1].body["messages"][2:])
    assert "flew to Caracas" in reask and "not grounded" in reask
    assert all("Caracas" not in e.evidence.quote for e in brief.events)
    assert any("events[0]" in d for d in brief.metadata.dropped_items)


def test_no_retry_budget_means_one_call(fake_openai, seed_text):
    fake_openai.script(tool('{"summary": 3}'))
    with pytest.raises(errors.InvalidBriefError):
        make(fake_openai, retries=0).summarize(seed_text)
    assert len(fake_openai.requests) == 1


def test_an_answer_cut_off_keeps_what_was_complete(fake_openai, seed_text, seed_draft_json):
    # the seed draft, cut in the middle of its second event: no questions, no stance
    cut = seed_draft_json[
        : seed_draft_json.index('"what"', seed_draft_json.index('"events"') + 200)
    ]
    fake_openai.script(tool(cut, finish_reason="length"))
    brief = make(fake_openai).summarize(seed_text)
    assert len(fake_openai.requests) == 1  # a cut-off answer is not re-asked
    full = json.loads(seed_draft_json)
    assert [a.name for a in brief.key_actors] == [a["name"] for a in full["key_actors"]]
    assert len(brief.events) == 1 and brief.open_questions == []
    assert brief.stance.article_tone is None  # not guessed
    assert brief.metadata.truncated
    assert any("cut off" in d for d in brief.metadata.warnings)


def test_a_re_ask_that_comes_back_worse_does_not_replace_the_better_answer(
    fake_openai, seed_text, seed_draft_json
):
    first = json.loads(seed_draft_json)
    first["events"][0]["evidence"] = "Lukashenko flew to Caracas to meet Maduro"  # one bad quote
    worse = json.loads(seed_draft_json)
    worse["key_actors"] = worse["key_actors"][:1]
    worse["events"] = [{**worse["events"][0], "evidence": "met with Lukashenko in Moscow"}]
    fake_openai.script(tool(json.dumps(first)), tool(json.dumps(worse)))
    brief = make(fake_openai).summarize(seed_text)
    assert len(fake_openai.requests) == 2
    assert len(brief.key_actors) == len(first["key_actors"])  # the first answer was kept
    assert len(brief.events) == len(first["events"]) - 1  # minus its one ungrounded event


# --- the staged pipeline: short answers that cite sentences by number ----------------
def _events_answer(numbers: list[int]) -> Action:
    return tool(json.dumps({"events": numbers}), tool_name="Events")


def test_a_cited_sentence_that_does_not_exist_is_re_asked(fake_openai, seed_text):
    """The seed (no headline) has 15 sentences: "sentence 40" fails validation and goes back to
    the model once; the second answer's citations become quotes with offsets."""
    fake_openai.script(_events_answer([40]), _events_answer([2, 3]), Action())
    brief = make(fake_openai, pipeline="staged").summarize(seed_text)
    first, second = (r.body for r in fake_openai.requests[:2])
    assert first["tools"][0]["function"]["name"] == "Events"
    assert "40" in second["messages"][-1]["content"]  # the re-ask names the bad citation
    assert brief.metadata.validation_retries == 1
    call = [e for e in brief.events if e.evidence.quote.startswith("Maduro told Trump in a")]
    assert call and call[0].date == "2025-11-21"  # sentence 2, dated by code
    text = load_article(seed_text).text  # offsets are into the cleaned article
    for e in brief.events:
        assert text[e.evidence.start : e.evidence.end] == e.evidence.quote


def test_a_pass_that_keeps_citing_nothing_real_fails_typed(fake_openai, seed_text):
    fake_openai.script(_events_answer([99]))
    with pytest.raises(errors.InvalidBriefError):
        make(fake_openai, pipeline="staged").summarize(seed_text)
    assert len(fake_openai.requests) == 2  # one answer, one re-ask: bounded


def test_a_pass_cut_off_keeps_its_complete_items_and_the_rest(fake_openai, seed_text):
    fake_openai.script(
        tool('{"events": [8, 1', finish_reason="length", tool_name="Events"), Action()
    )
    brief = make(fake_openai, pipeline="staged").summarize(seed_text)
    assert brief.metadata.truncated
    quotes = [e.evidence.quote for e in brief.events]
    assert any(
        q.startswith("Reuters requested further comment") for q in quotes
    )  # item 8, complete
    assert brief.key_actors and brief.summary  # the other passes still ran


def test_a_summary_cut_off_before_it_closes_falls_back_to_the_lede(fake_openai, seed_text):
    cut = tool(
        '{"summary": "Lukashenko met the envoy and', finish_reason="length", tool_name="Summary"
    )
    fake_openai.script(Action(), Action(), cut)
    brief = make(fake_openai, pipeline="staged").summarize(seed_text)
    assert brief.metadata.truncated
    assert brief.summary.startswith("Belarusian President Alexander Lukashenko on Thursday")
    assert brief.stance.article_tone == "neutral"  # news, by the genre rule


def test_a_summary_pass_with_no_valid_answer_keeps_the_items_found(fake_openai, seed_text):
    bad = tool('{"summary": 3}', tool_name="Summary")
    fake_openai.script(_events_answer([2, 3]), Action(), bad, bad, bad)
    brief = make(fake_openai, pipeline="staged").summarize(seed_text)
    assert brief.events  # what the earlier passes found stands
    assert brief.summary.startswith("Belarusian President Alexander Lukashenko")  # the lede
    assert any("summary pass gave no valid answer" in w for w in brief.metadata.warnings)
