"""The one bounded fan-out behind summarize_many, the batch and the eval runner,
against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import asyncio

import pytest

from summarizer import Brief, Summarizer, SummarizerError, errors
from summarizer.fanout import Job, brief_each
from tests.openai_server import Action
from tests.test_transport import make  # the single pipeline: one request an article


class Tracker:
    """Counts the articles in progress: from ``job`` (an article slot taken) to ``done``."""

    def __init__(self, s: Summarizer) -> None:
        self.s, self.open, self.most, self.finished = s, 0, 0, []

    def job(self, item: str) -> Job:
        self.open += 1
        self.most = max(self.most, self.open)
        if item == "bad":
            raise errors.InputError("a bad item")
        return Job(self.s, item)

    def done(self, item: str, outcome: Brief | SummarizerError) -> tuple[str, object]:
        self.open -= 1
        self.finished.append(item)
        return item, outcome


def test_at_most_n_requests_and_2n_articles_at_once(fake_openai, seed_text):
    fake_openai.script(Action(delay=0.3))
    s = make(fake_openai)
    t = Tracker(s)
    results = asyncio.run(brief_each([seed_text] * 10, t.job, t.done, jobs=2))
    assert len(results) == 10 and all(isinstance(o, Brief) for _, o in results)
    assert len(fake_openai.requests) == 10
    assert fake_openai.max_in_flight == 2
    assert t.most == 4, "twice as many articles in progress as requests, never more"


def test_results_in_order_each_heard_when_ready_errors_per_item(fake_openai, seed_text):
    fake_openai.script(Action(delay=0.2))
    s = make(fake_openai)
    t = Tracker(s)
    items = [seed_text, "bad", seed_text]
    results = asyncio.run(brief_each(items, t.job, t.done, jobs=2))
    assert [item for item, _ in results] == items
    assert t.finished[0] == "bad", "a failed item is heard at once, not after the batch"
    assert isinstance(results[1][1], errors.InputError)
    assert isinstance(results[0][1], Brief) and isinstance(results[2][1], Brief)
    assert len(fake_openai.requests) == 2, "the bad item costs no request"


def test_an_error_the_brief_meets_is_that_items_outcome(fake_openai, seed_text):
    fake_openai.script(Action(status=400, body={"error": {"message": "no"}}), Action())
    s = make(fake_openai)
    t = Tracker(s)
    results = asyncio.run(brief_each([seed_text, seed_text], t.job, t.done, jobs=1))
    outcomes = [type(o) for _, o in results]
    assert sorted(o is Brief for o in outcomes) == [False, True]
    assert any(isinstance(o, SummarizerError) for _, o in results)


def test_cancelling_stops_the_rest_and_is_not_an_item_error(fake_openai, seed_text):
    fake_openai.script(Action(delay=2.0))
    s = make(fake_openai)
    t = Tracker(s)

    async def main() -> None:
        await asyncio.wait_for(brief_each(["bad", seed_text], t.job, t.done, jobs=1), 0.5)

    with pytest.raises(TimeoutError):
        asyncio.run(main())
    assert t.finished == ["bad"]
