"""The fault and bad-input matrix: each scenario against a real loopback
OpenAI-compatible server, with its outcome, the requests made and the time.

    python -m benchmarks.faults

The retry policy is the default one, scaled down (waits / 10, timeout 2 s,
deadline 10 s) so the table takes seconds; attempts are what the default makes.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

from summarizer import RetryPolicy, Settings, Summarizer
from summarizer.errors import SummarizerError
from tests.openai_server import Action, FakeOpenAI, completion
from tests.paths import SEED, SEED_DRAFT

POLICY = RetryPolicy(initial_wait=0.1, max_wait=3.0, jitter=0.1, timeout=2.0, deadline=10.0)
ERR = {"error": {"message": "injected"}}


def tool(args: str, **kw) -> Action:
    return Action(body=completion(tool_args=args, **kw))


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    seed, draft = SEED.read_text(), SEED_DRAFT.read_text()
    cut = draft[: draft.index('"what"', draft.index('"events"') + 200)]
    faults: list[tuple[str, list[Action]]] = [
        ("429 with Retry-After: 1, then 200", [Action(429, ERR, {"Retry-After": "1"}), Action()]),
        ("429 without Retry-After, then 200", [Action(429, ERR), Action()]),
        ("500, 502, then 200", [Action(500, ERR), Action(502, ERR), Action()]),
        ("503 every time", [Action(503, ERR)]),
        ("connection reset, then 200", [Action(reset=True), Action()]),
        ("slower than the timeout, every time", [Action(delay=3.0)]),
        ("401 bad key", [Action(401, ERR)]),
        ("truncated JSON, every time", [tool('{"summary": "The minister')]),
        ("JSON that breaks the schema, then valid", [tool('{"summary": 3}'), Action()]),
        ("a refusal", [Action(body=completion(refusal="I can't help with that."))]),
        ("empty choices", [Action(body={**completion("x"), "choices": []})]),
        ("finish_reason=length mid-answer", [tool(cut, finish_reason="length")]),
        ("a body that is not JSON", [Action(body="<html>bad gateway</html>")]),
    ]
    inputs: list[tuple[str, Callable[[], str | bytes]]] = [
        ("empty text", lambda: ""),
        ("whitespace only", lambda: " \n\t \n"),
        ("bytes that are not UTF-8", lambda: "Caf\xe9 owners protest".encode("latin-1")),
        (
            "a whole HTML page",
            lambda: (
                f"<html><head><script>x()</script></head><body><nav>Menu</nav><article><p>{seed}</p></article></body></html>"
            ),
        ),
        ("a megabyte of text", lambda: "word " * 210_000),
        ("a headline only", lambda: "Dock workers strike at Lagos port"),
    ]
    rows = []
    with FakeOpenAI(default_args=draft) as server:
        s = Summarizer(
            "openai",
            base_url=server.url,
            api_key="sk-bench",
            model="m",
            settings=Settings(retry=POLICY),
        )
        for name, actions in faults:
            server.script(*actions)
            rows.append((name, *_attempt(lambda: s.summarize(seed)), len(server.requests)))
        for name, make in inputs:
            server.script(Action())
            rows.append(
                (name, *_attempt(lambda make=make: s.summarize(make())), len(server.requests))
            )
    print("| scenario | outcome | requests | seconds |\n|---|---|---:|---:|")
    for name, outcome, seconds, requests in rows:
        print(f"| {name} | {outcome} | {requests} | {seconds:.2f} |")


def _attempt(call: Callable[[], object]) -> tuple[str, float]:
    t0 = time.perf_counter()
    try:
        brief = call()
        m = brief.metadata
        notes = [f"{m.transport_retries} transport retries"] if m.transport_retries else []
        notes += [f"{m.validation_retries} re-ask"] if m.validation_retries else []
        notes += ["truncated: partial brief kept"] if m.truncated else []
        outcome = "brief" + (f" ({', '.join(notes)})" if notes else "")
    except SummarizerError as exc:
        outcome = f"{type(exc).__name__}: {exc.message[:70]}"
    return outcome, time.perf_counter() - t0


if __name__ == "__main__":
    main()
