"""Open questions followed across a story: code proposes a later sentence, the
model (a real HTTP server on 127.0.0.1, scripted) says yes or no."""

from __future__ import annotations

import json

from summarizer import Summarizer
from summarizer.eval.stories import gold_brief, load_story, reports_of
from summarizer.ground.written import content_words
from summarizer.schema import Evidence
from summarizer.story.followup import MIN_SHARED, asked_in, mark_answered, propose
from summarizer.story.merge import merge_story
from tests.openai_server import Action, FakeOpenAI, completion
from tests.test_story import FERRY


def _reports(n: int = 3):
    story = load_story(FERRY)
    briefs = {a: gold_brief(story.articles[a]) for a in story.gold.articles[:n]}
    return reports_of(story, briefs)


def test_code_proposes_for_each_question_a_sentence_of_each_later_article():
    reports = _reports()
    proposals = propose(asked_in(reports))
    assert proposals
    order = [r.id for r in reports]
    texts = {r.id: r.text for r in reports}
    for p in proposals:
        assert order.index(p.later) > order.index(p.article)
        assert texts[p.later][p.start : p.end] == p.sentence
        assert len(content_words(p.text) & content_words(p.sentence)) >= MIN_SHARED
    # the last article's questions have no later article to be answered in
    assert not [p for p in proposals if p.article == order[-1]]


def _verdicts(n: int, answer: str) -> Action:
    body = {"verdicts": [{"n": i, "answer": answer} for i in range(1, n + 1)]}
    return Action(body=completion(tool_args=json.dumps(body), tool_name="Verdicts"))


def test_only_what_the_model_says_yes_to_is_answered_and_the_earliest_article_wins():
    reports = _reports()
    proposals = propose(asked_in(reports))
    first = [
        p for p in proposals if (p.article, p.later) == (proposals[0].article, proposals[0].later)
    ]
    with FakeOpenAI() as server:
        # the first article and later article: every pair no; all the others yes
        server.script(_verdicts(len(first), "no"), Action())
        summarizer = Summarizer("openai", base_url=server.url, api_key="k", model="m")
        answers, calls = summarizer.answered(reports)
        sent = [r.body["messages"][-1]["content"] for r in server.requests]
    pairs = {(p.article, p.later) for p in proposals}
    assert calls == len(pairs) == len(sent) < len(proposals)  # one request per pair of articles
    assert answers == [p for p in proposals if p not in first]
    assert all(p.text in sent[0] and p.sentence in sent[0] for p in first)
    story = merge_story(reports)
    mark_answered(story, answers)
    order = [r.id for r in reports]
    for q in story.questions:
        mine = [p for p in answers if (p.article, p.text) == (q.article, q.question)]
        if not mine:
            assert q.answered_in is None and q.answer is None
            continue
        first = min(mine, key=lambda p: order.index(p.later))
        assert q.answered_in == first.later and q.answer.quote == first.sentence


def test_a_sentence_addressed_to_the_model_is_never_put_to_it():
    reports = _reports(4)
    proposals = propose(asked_in(reports))
    assert proposals
    planted = proposals[0]
    later = next(r for r in reports if r.id == planted.later)
    later.brief.metadata.flagged = [
        Evidence(quote=planted.sentence, start=planted.start, end=planted.end)
    ]
    again = propose(asked_in(reports))
    assert again and all(p.start != planted.start for p in again if p.later == planted.later)
