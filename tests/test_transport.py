"""Transport faults against a real HTTP server on 127.0.0.1: attempts and deadlines."""

from __future__ import annotations

import time

import pytest

from summarizer import RetryPolicy, Settings, Summarizer, errors
from tests.openai_server import Action

FAST = dict(initial_wait=0.05, max_wait=0.2, jitter=0.05)


def make(server, pipeline: str = "single", **policy) -> Summarizer:
    """Transport is the same for both pipelines; the single one sends one request
    an article, which keeps the counts below plain."""
    settings = Settings(retry=RetryPolicy(**{**FAST, **policy}), pipeline=pipeline)
    return Summarizer(
        "openai",
        base_url=server.url,
        api_key="sk-test-planted-key-123456",
        model="test-model",
        settings=settings,
    )


def test_ok_first_time(fake_openai, seed_text):
    brief = make(fake_openai).summarize(seed_text)
    assert len(fake_openai.requests) == 1
    req = fake_openai.requests[0]
    assert req.body["model"] == "test-model"
    assert req.body["tools"], "tools mode carries the schema"
    assert brief.metadata.transport_retries == 0
    assert brief.metadata.usage.prompt_tokens == 500
    assert brief.metadata.usage.completion_tokens == 200


def test_429_with_retry_after_then_200(fake_openai, seed_text):
    fake_openai.script(
        Action(status=429, body={"error": {"message": "slow down"}}, headers={"Retry-After": "1"}),
        Action(),
    )
    started = time.monotonic()
    brief = make(fake_openai).summarize(seed_text)
    elapsed = time.monotonic() - started
    assert len(fake_openai.requests) == 2
    gap = fake_openai.requests[1].at - fake_openai.requests[0].at
    assert gap >= 0.95, "Retry-After: 1 must be honoured"
    assert elapsed < 5
    assert brief.metadata.transport_retries == 1


def test_500_twice_then_200(fake_openai, seed_text):
    fake_openai.script(
        Action(status=500, body={"error": {"message": "boom"}}),
        Action(status=500, body={"error": {"message": "boom"}}),
        Action(),
    )
    brief = make(fake_openai).summarize(seed_text)
    assert len(fake_openai.requests) == 3
    assert brief.metadata.transport_retries == 2
    assert brief.metadata.calls == 1, "transport retries are not validation re-asks"


def test_persistent_500_stops_at_max_attempts(fake_openai, seed_text):
    fake_openai.script(Action(status=503, body={"error": {"message": "down"}}))
    with pytest.raises(errors.ServerError) as info:
        make(fake_openai, max_attempts=3).summarize(seed_text)
    assert len(fake_openai.requests) == 3, "the openai client's own retries must be off"
    assert "after 3 attempts" in str(info.value)


def test_hang_past_timeout_respects_deadline(fake_openai, seed_text):
    fake_openai.script(Action(delay=3.0))
    started = time.monotonic()
    with pytest.raises(errors.BackendTimeoutError):
        make(fake_openai, timeout=0.4, deadline=1.5).summarize(seed_text)
    elapsed = time.monotonic() - started
    assert elapsed < 1.5 + 0.8, f"deadline overrun: {elapsed:.2f}s"
    assert 2 <= len(fake_openai.requests) <= 4


def test_retry_after_longer_than_deadline_gives_up_at_once(fake_openai, seed_text):
    fake_openai.script(
        Action(status=429, headers={"Retry-After": "30"}, body={"error": {"message": "quota"}})
    )
    started = time.monotonic()
    with pytest.raises(errors.RateLimitedError):
        make(fake_openai, deadline=5).summarize(seed_text)
    assert time.monotonic() - started < 2
    assert len(fake_openai.requests) == 1


def test_auth_error_is_not_retried_and_hides_key(fake_openai, seed_text):
    fake_openai.script(
        Action(
            status=401,
            body={"error": {"message": "Incorrect API key provided: sk-test-planted-key-123456"}},
        )
    )
    with pytest.raises(errors.AuthenticationError) as info:
        make(fake_openai).summarize(seed_text)
    assert len(fake_openai.requests) == 1
    assert "sk-test-planted-key-123456" not in str(info.value)
    assert fake_openai.requests[0].headers["authorization"].endswith("sk-test-planted-key-123456")


def test_connection_reset_then_ok(fake_openai, seed_text):
    fake_openai.script(Action(reset=True), Action())
    brief = make(fake_openai).summarize(seed_text)
    assert len(fake_openai.requests) == 2
    assert brief.metadata.transport_retries == 1


def test_batches_on_fresh_event_loops_do_not_trip_over_old_connections(fake_openai, seed_text):
    s = make(fake_openai)
    for _ in range(3):  # each summarize_many runs its own event loop
        results = s.summarize_many([seed_text, seed_text], concurrency=2)
        assert [r.brief.metadata.transport_retries for r in results] == [0, 0]


def test_concurrency_bounds_the_requests_in_flight_and_fills_them(fake_openai, seed_text):
    summarizer = make(fake_openai)
    summarizer.summarize(seed_text)  # what loads once per process loads before the clock
    fake_openai.requests.clear()
    fake_openai.script(Action(delay=0.3))
    results = summarizer.summarize_many([seed_text] * 9, concurrency=3)
    assert all(r.ok for r in results) and len(fake_openai.requests) == 9
    assert fake_openai.max_in_flight == 3
    # an article's latency is its own: not the time it queued for a slot (0.3 s a round)
    assert max(r.brief.metadata.latency_s for r in results) < 0.55


def test_staged_briefs_share_the_request_slots(fake_openai, seed_text):
    """The staged pipeline's passes run in a worker thread; each pass holds a slot
    of the caller's event loop only while its request is out."""
    summarizer = make(fake_openai, pipeline="staged")
    summarizer.summarize(seed_text)  # the language pipeline loads once, before the clock
    fake_openai.requests.clear()
    fake_openai.script(Action(delay=1.0))
    started = time.monotonic()
    results = summarizer.summarize_many([seed_text] * 4, concurrency=2)
    wall = time.monotonic() - started
    assert all(r.ok for r in results)
    per_article = results[0].brief.metadata.calls
    assert per_article >= 2 and len(fake_openai.requests) == 4 * per_article
    assert fake_openai.max_in_flight == 2
    # four articles in flight share two slots: each waits about as long for a slot
    # as its own requests take (the batch lasts 4 x passes x 1 s / 2 slots) ...
    own = 1.0 * per_article
    assert wall >= 1.9 * own
    # ... and its latency is its own time: its requests, plus its reading of the
    # article (shared with three other threads), never the time it waited
    assert max(r.brief.metadata.latency_s for r in results) < own + 2.0


@pytest.mark.parametrize("pipeline", ["single", "staged"])
def test_article_text_reaches_the_server_untemplated(fake_openai, seed_text, pipeline):
    """instructor renders messages as Jinja templates when given a validation
    context; the article must reach the model byte for byte all the same."""
    text = seed_text + "\n\nA sign read {{ 7 * 7 }} and {% raw %} next to {{ extraction }}."
    make(fake_openai, pipeline=pipeline).summarize(text)
    sent = "\n".join(m["content"] for m in fake_openai.requests[0].body["messages"])
    assert "{{ 7 * 7 }} and {% raw %} next to {{ extraction }}" in sent
