"""Framework overhead on the embedded model: ``summarize()`` on the seed versus a
bare llama.cpp call with the same messages, the same grammar and the same
number of generated tokens, both on the same loaded model (so both decode with
the same sampler). Also prints tokens and speed.

    python -m benchmarks.overhead [--runs 3]

Each measured call starts from an empty KV cache (``llama.reset()``) and the
pipeline's prefix file is off, so neither side profits from an earlier prompt:
what is left is the framework's own cost (``benchmarks.speed`` measures what
the prefix file saves).
"""

from __future__ import annotations

import argparse
import statistics
import time
from typing import Any

from summarizer import Summarizer, load_article
from summarizer.backends.local import schema_grammar, schema_json
from summarizer.backends.prefix_cache import head_tokens
from tests.paths import SEED


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()

    s = Summarizer("local", prefix_cache=False)
    article = load_article(SEED.read_text())
    sent: list[dict[str, Any]] = []
    create = s.backend.create

    def recording_create(**kw: Any):
        sent.append(kw)
        return create(**kw)

    s.backend.create = recording_create  # type: ignore[method-assign]
    llama = s.backend.llama
    s.summarize(article)  # warm-up: model load, grammar build, page cache

    rows = []
    for _ in range(args.runs):
        sent.clear()
        llama.reset()
        t0 = time.perf_counter()
        brief = s.summarize(article)
        pipeline = time.perf_counter() - t0
        m = brief.metadata
        request = sent[0]
        grammar = schema_grammar(schema_json(request["response_format"]))
        llama.reset()
        t0 = time.perf_counter()
        bare = llama.create_chat_completion(
            messages=request["messages"],
            grammar=grammar,
            max_tokens=m.usage.completion_tokens,
            temperature=0.0,
            seed=s.backend.seed,
        )
        bare_s = time.perf_counter() - t0
        rows.append(
            dict(
                pipeline=pipeline,
                bare=bare_s,
                ratio=pipeline / bare_s,
                calls=m.calls,
                prompt=m.usage.prompt_tokens,
                completion=m.usage.completion_tokens,
                bare_completion=bare["usage"]["completion_tokens"],
            )
        )

    print(f"seed brief on {s.backend.model}, {args.runs} runs (after one warm-up)")
    print(
        f"{'run':>3} {'pipeline s':>10} {'bare s':>7} {'ratio':>6} {'calls':>5} {'prompt':>6} {'compl':>5} {'bare compl':>10}"
    )
    for i, r in enumerate(rows, 1):
        print(
            f"{i:>3} {r['pipeline']:>10.1f} {r['bare']:>7.1f} {r['ratio']:>6.3f} {r['calls']:>5} "
            f"{r['prompt']:>6} {r['completion']:>5} {r['bare_completion']:>10}"
        )
    ratios = [r["ratio"] for r in rows]
    print(
        f"overhead ratio: median {statistics.median(ratios):.3f}, "
        f"min {min(ratios):.3f}, max {max(ratios):.3f}"
    )
    best = min(rows, key=lambda r: r["pipeline"])
    print(f"completion speed: {best['completion'] / best['pipeline']:.1f} tokens/s (whole brief)")

    # where the bare call's time goes: reading the prompt, then writing the answer
    llama.reset()
    t0 = time.perf_counter()
    llama.create_chat_completion(messages=request["messages"], max_tokens=1, temperature=0.0)
    prompt_s = time.perf_counter() - t0
    head = len(head_tokens(llama, request["messages"]))
    decode_s = best["bare"] - prompt_s
    print(
        f"bare call: reading the {best['prompt']}-token prompt {prompt_s:.1f} s "
        f"({best['prompt'] / prompt_s:.0f} tokens/s; its fixed head is {head} tokens), "
        f"writing {best['completion']} tokens {decode_s:.1f} s "
        f"({best['completion'] / decode_s:.1f} tokens/s)"
    )


if __name__ == "__main__":
    main()
