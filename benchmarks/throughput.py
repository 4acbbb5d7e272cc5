"""Throughput at concurrency: N articles against a loopback OpenAI-compatible
server that answers every request after a fixed delay, as a ratio to the ideal
(articles x delay / concurrency). The gap is the pipeline's own CPU time
(request building, instructor, validation, alignment) on one event loop.

    python -m benchmarks.throughput [--articles 200] [--delay 0.2]
"""

from __future__ import annotations

import argparse
import asyncio
import subprocess
import sys
import time

from summarizer import Summarizer
from tests.conftest import SEED, SEED_DRAFT


def measure(articles: int, delay: float, levels: list[int]) -> list[dict]:
    text = SEED.read_text()
    rows = []
    for c in levels:
        # the server runs in a process of its own, so it does not share our GIL
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.openai_server",
                "--delay",
                str(delay),
                "--answer",
                str(SEED_DRAFT),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        try:
            url = server.stdout.readline().strip()
            s = Summarizer("openai", base_url=url, api_key="sk-bench", model="bench")
            s.summarize(text)  # warm up: imports, schema, client
            started = time.perf_counter()
            results = asyncio.run(s.asummarize_many([text] * articles, concurrency=c))
            wall = time.perf_counter() - started
        finally:
            server.stdin.close()
            server.wait()
        failed = [str(r.error) for r in results if not r.ok]
        retries = sum(r.brief.metadata.transport_retries for r in results if r.ok)
        assert not failed and not retries, (failed[:3], retries)
        ideal = articles * delay / c
        rows.append(dict(concurrency=c, wall_s=wall, ideal_s=ideal, ratio=ideal / wall))
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=200)
    ap.add_argument("--delay", type=float, default=0.2)
    ap.add_argument("--levels", type=int, nargs="+", default=[1, 8, 32])
    args = ap.parse_args()
    print(f"{args.articles} articles, server delay {args.delay * 1000:.0f} ms")
    print(f"{'concurrency':>11} {'wall s':>8} {'ideal s':>8} {'of ideal':>9}")
    for r in measure(args.articles, args.delay, args.levels):
        print(f"{r['concurrency']:>11} {r['wall_s']:>8.2f} {r['ideal_s']:>8.2f} {r['ratio']:>8.0%}")


if __name__ == "__main__":
    main()
