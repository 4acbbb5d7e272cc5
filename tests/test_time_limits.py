"""Time limits cut a brief short and keep what was done, against a real HTTP
server on 127.0.0.1 (the embedded model's side: tests/test_model_time_limits.py)."""

from __future__ import annotations

import time

from summarizer import RetryPolicy, Settings, Summarizer
from summarizer.read.analysis import analyze
from summarizer.read.language import detect
from tests.openai_server import Action


def test_a_staged_brief_out_of_time_keeps_the_answers_it_had(fake_openai, seed_text):
    """The first question is answered, the next ones hang: the brief comes back at
    its deadline, marked truncated, rather than as an error that loses the answer."""
    fake_openai.script(Action(), Action(delay=8.0))
    policy = RetryPolicy(timeout=2.0, deadline=3.0, initial_wait=0.05, max_wait=0.1, jitter=0)
    s = Summarizer(
        "openai", base_url=fake_openai.url, api_key="sk-test", settings=Settings(retry=policy)
    )
    analyze(seed_text, None)  # load spaCy and the language model before the clock starts
    detect(seed_text)  # (seconds, once a process)
    started = time.monotonic()
    brief = s.summarize(seed_text)
    elapsed = time.monotonic() - started
    assert elapsed < 3.0 + 1.5, f"{elapsed:.2f}s for a 3s deadline"
    assert brief.metadata.truncated
    assert any("time limit" in w for w in brief.metadata.warnings)
    assert len(fake_openai.requests) >= 2 and brief.key_actors
