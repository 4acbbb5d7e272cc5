"""A time limit on the embedded model holds while it reads and writes: the call
ends at the limit, keeping what the answer had completed, not after the answer
is done (a 300 s limit was once seen at 602 s, and the answer thrown away)."""

from __future__ import annotations

import json
import time

import pytest

from summarizer import RetryPolicy, Settings, Summarizer, errors
from summarizer.backends.local import LocalBackend
from tests.conftest import ROOT

pytestmark = pytest.mark.model

# how far past its limit a call may end: the model checks the time before each
# token it evaluates, and before each batch of up to 512 prompt tokens
MARGIN = 4.0


@pytest.fixture(scope="module")
def backend():
    backend = LocalBackend()
    backend.count_tokens("load the model before any clock starts")
    return backend


def test_an_answer_ends_at_the_time_limit_and_keeps_what_it_wrote(backend):
    schema = {
        "type": "object",
        "properties": {"numbers": {"type": "array", "items": {"type": "integer"}}},
        "required": ["numbers"],
    }
    started = time.monotonic()
    out = backend.create(
        messages=[
            {"role": "system", "content": "Answer in JSON."},
            {"role": "user", "content": "List the whole numbers from 1 to 2000."},
        ],
        response_format={"type": "json_schema", "json_schema": {"name": "N", "schema": schema}},
        max_tokens=6000,
        timeout=2.0,
    )
    elapsed = time.monotonic() - started
    assert elapsed < 2.0 + MARGIN, f"{elapsed:.1f}s for a 2s limit"
    assert out.choices[0].finish_reason == "length", "cut short, as at a token limit"
    assert out.usage.completion_tokens < 6000
    text = out.choices[0].message.content
    assert text.startswith('{"numbers"') and not text.rstrip().endswith("}")
    numbers = json.loads(text[: text.rindex(",")] + "]}")["numbers"]
    assert numbers[:3] == [1, 2, 3], "what was written before the limit is there"


def test_a_brief_ends_at_its_deadline(backend):
    """A long article and 3 s for the whole brief: it comes back by then, marked
    truncated with what was complete, or, when the time ran out before the model
    had read the article, as a typed timeout error."""
    text = (ROOT / "evals" / "fixtures" / "long-energy-grid-inquiry.txt").read_text()
    s = Summarizer(backend, settings=Settings(retry=RetryPolicy(timeout=3.0, deadline=3.0)))
    started = time.monotonic()
    try:
        brief = s.summarize(text)
    except errors.BackendTimeoutError as exc:
        assert "3s" in str(exc) and exc.hint
    else:
        assert brief.metadata.truncated
        assert any("time limit" in d for d in brief.metadata.dropped_items)
    elapsed = time.monotonic() - started
    assert elapsed < 3.0 + MARGIN, f"{elapsed:.1f}s for a 3s deadline"
