"""Token efficiency: prompt and completion tokens per brief, per fixture, for
this pipeline (read from an eval run's report) against a naive single-call
instructor script with a flat schema on the same embedded model (run here).

    python -m benchmarks.tokens [--run evals/baseline] [--fixtures evals/fixtures] [--limit N]

The naive script is what one writes in ten minutes: a one-line system prompt,
a flat schema (strings only: no evidence, dates, roles or stances), instructor
on llama-cpp-python's OpenAI-style call, one call per article. Instructor's
JSON mode: the schema goes into the system message and llama.cpp constrains the
answer to JSON. (Its JSON-schema mode sends ``response_format: json_schema``,
which llama-cpp-python ignores, and the answer comes back in markdown fences.)
It asks for far less, so it is the floor of what a brief can cost on this
model; the question is what the grounded brief costs on top.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path
from typing import Literal

import instructor
from pydantic import BaseModel

from summarizer.backends.local import load_model
from summarizer.backends.model_store import ensure_model
from summarizer.eval import load_fixtures


class FlatBrief(BaseModel):
    summary: str
    actors: list[str]
    events: list[str]
    open_questions: list[str]
    tone: Literal["neutral", "positive", "negative", "mixed"]


def naive_brief(create, text: str) -> tuple[FlatBrief | None, dict]:
    try:
        brief = create(
            messages=[
                {"role": "system", "content": "Summarize the news article as JSON."},
                {"role": "user", "content": text},
            ],
            response_model=FlatBrief,
            max_retries=1,
            temperature=0.0,
            max_tokens=2048,
        )
    except Exception as exc:  # the naive script has no error handling: count the failure
        raw = getattr(exc, "last_completion", None)
        return None, dict(getattr(raw, "usage", None) or {}) if raw else {}
    return brief, brief._raw_response.usage.model_dump()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--run", type=Path, default=Path("evals/baseline"))
    ap.add_argument("--fixtures", type=Path, default=Path("evals/fixtures"))
    ap.add_argument("--limit", type=int, default=None)
    args = ap.parse_args()
    ours = json.loads((args.run / "report.json").read_text())["fixtures"]
    fixtures = load_fixtures(args.fixtures).fixtures[: args.limit]
    llama = load_model(str(ensure_model()), 8192, 2, 0)
    create = instructor.patch(
        create=llama.create_chat_completion_openai_v1, mode=instructor.Mode.JSON
    )

    print(f"pipeline: {args.run}/report.json; naive: one flat-schema instructor call, run now")
    print(
        f"{'fixture':<28} {'ours prompt':>11} {'ours compl':>10} {'naive prompt':>12} "
        f"{'naive compl':>11} {'compl x':>7} {'naive s':>7} {'naive ok':>8}"
    )
    ratios, ours_c, naive_c, failed = [], [], [], []
    for fixture in fixtures:
        llama.reset()  # no prefix shared with the fixture before
        started = time.perf_counter()
        brief, usage = naive_brief(create, f"{fixture.headline}\n\n{fixture.text}")
        seconds = time.perf_counter() - started
        m = ours.get(fixture.id, {}).get("metrics", {})
        op, oc = int(m.get("prompt_tokens", 0)), int(m.get("completion_tokens", 0))
        nc = int(usage.get("completion_tokens", 0))
        if brief is None:
            failed.append(fixture.id)
        elif oc and nc:
            ratios.append(oc / nc)
            ours_c.append(oc)
            naive_c.append(nc)
        print(
            f"{fixture.id:<28} {op:>11} {oc:>10} {usage.get('prompt_tokens', 0):>12} {nc:>11} "
            f"{oc / nc if nc else float('nan'):>7.2f} {seconds:>7.1f} {'yes' if brief else 'no':>8}"
        )
    if ratios:
        print(
            f"where the naive script gave a brief ({len(ratios)}): median completion tokens "
            f"ours {statistics.median(ours_c):.0f}, naive {statistics.median(naive_c):.0f}; "
            f"ours/naive median {statistics.median(ratios):.2f} "
            f"(min {min(ratios):.2f}, max {max(ratios):.2f})"
        )
    print(f"naive script failed on {len(failed)} of {len(fixtures)}: {', '.join(failed) or '-'}")


if __name__ == "__main__":
    main()
