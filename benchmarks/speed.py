"""The seed brief on the embedded default, as a user meets it: a new process
that loads the model and briefs the seed once. Each configuration runs in a
process of its own, once per round for ``--runs`` rounds (so that a shared
machine's drift moves every row alike), and the table gives the median, what
each runtime change buys, and the ratio to the project's first working
pipeline (an earlier commit, checked out beside this one and run with the same
interpreter and model).

    python -m benchmarks.speed [--runs 2] [--first b079710]

Configurations, each adding one thing to the one above:
- ``stock``: llama-cpp-python's sampler (grammar over the whole vocabulary
  every token) and no prefix file: the whole prompt is evaluated.
- ``+ best-token grammar check``: same tokens, the grammar checked on the
  model's best token first.
- ``+ prefix state from disk``: the head's KV state loaded from the file
  an earlier process wrote (the steady state of the CLI); the rest of the
  prompt is read with the arithmetic of a whole-prompt evaluation, so every
  row writes the same tokens.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = "examples/seed-lukashenko-venezuela.txt"

# One brief in a fresh process: the wall time of summarize() (model load
# included, as on the command line) and what the answer cost. ``{setup}`` puts
# the code under test on the path and builds ``s``, a Summarizer.
_BRIEF = """
import json, sys, time
started = time.perf_counter()
{setup}
t0 = time.perf_counter()
brief = s.summarize(open({seed!r}).read())
m = brief.metadata
print(json.dumps(dict(seconds=time.perf_counter() - t0, process=time.perf_counter() - started,
    prompt=m.usage.prompt_tokens, completion=m.usage.completion_tokens, calls=m.calls,
    head=getattr(s.backend, "last_prefix", None), actors=len(brief.key_actors),
    events=len(brief.events))))
"""
_CURRENT = """
from summarizer import Summarizer
from summarizer.model_store import ensure_model
s = Summarizer("local", model_path=str(ensure_model()), prefix_cache={prefix}, fast_grammar={fast})
"""
_FIRST = """
sys.path.insert(0, {tree!r})
from summarizer import Summarizer
s = Summarizer("local")
"""


def _run(code: str, env: dict[str, str] | None = None, cwd: Path = ROOT) -> dict:
    import os

    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def measure(runs: int, first: str | None) -> list[tuple[str, list[dict]]]:
    """Each round runs every configuration once, so that a machine that speeds
    up or slows down during the benchmark (a shared host does) moves every row
    alike, and the ratios stay fair."""
    with tempfile.TemporaryDirectory() as tmp:
        prefix_dir = {"SUMMARIZER_CACHE_DIR": tmp}  # the prefix files of this benchmark only
        seed = str(ROOT / SEED)
        configs: list[tuple[str, str, dict[str, str] | None, Path]] = []
        tree = Path(tmp) / "first"
        if first:
            subprocess.run(
                ["git", "worktree", "add", "--detach", str(tree), first],
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
            setup = _FIRST.format(tree=str(tree))
            configs.append((f"first pipeline ({first})", setup, None, tree))
        for label, prefix, fast in (
            ("stock", False, False),
            ("+ best-token grammar check", False, True),
            ("+ prefix state from disk", True, True),
        ):
            configs.append((label, _CURRENT.format(prefix=prefix, fast=fast), prefix_dir, ROOT))
        try:
            writer = _BRIEF.format(setup=configs[-1][1], seed=seed)
            _run(writer, prefix_dir)  # writes the prefix file the last row loads
            results: dict[str, list[dict]] = {label: [] for label, *_ in configs}
            for _ in range(runs):
                for label, setup, env, cwd in configs:
                    code = _BRIEF.format(setup=setup, seed=seed)
                    results[label].append(_run(code, env, cwd=cwd))
        finally:
            if first:
                subprocess.run(
                    ["git", "worktree", "remove", "--force", str(tree)], cwd=ROOT, check=True
                )
    return list(results.items())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument(
        "--first", default="b079710", help="commit of the first working pipeline ('' to skip)"
    )
    args = ap.parse_args()
    rows = measure(args.runs, args.first or None)
    base = statistics.median(r["seconds"] for r in rows[0][1])
    print(f"seed brief, new process each, median of {args.runs} (summarize() incl. model load)")
    print(
        f"{'configuration':<34} {'s':>6} {'min':>6} {'max':>6} {'prompt':>6} {'compl':>5} "
        f"{'compl/s':>7} {'vs row 1':>8} {'head':>6}"
    )
    for label, results in rows:
        secs = [r["seconds"] for r in results]
        med = statistics.median(secs)
        r = results[0]
        print(
            f"{label:<34} {med:>6.1f} {min(secs):>6.1f} {max(secs):>6.1f} {r['prompt']:>6} "
            f"{r['completion']:>5} {r['completion'] / med:>7.1f} {med / base:>7.0%} {str(r['head']):>6}"
        )


if __name__ == "__main__":
    main()
