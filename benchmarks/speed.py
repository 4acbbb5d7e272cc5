"""Briefs on the embedded default, as a user meets them: a new process that
loads the model and briefs one article. Each configuration runs in a process
of its own, once per article per round for ``--runs`` rounds (so that a shared
machine's drift moves every row alike), and the table gives the mean seconds
per article, what each change buys, and the ratio to an earlier commit (the
pipeline before this one, checked out beside it and run with the same
interpreter and model).

    python -m benchmarks.speed [--runs 2] [--first 6026c79] [--fixtures 4]

``--fixtures N`` adds the first N eval fixtures (every third one, for spread)
to the seed. Configurations, each adding one thing to the one above:
- ``stock``: llama-cpp-python's sampler (grammar over the whole vocabulary
  every token) and no prefix file: the whole prompt is evaluated.
- ``+ best-token grammar check``: same tokens, the grammar checked on the
  model's best token first.
- ``+ prefix state from disk``: the head's KV state loaded from the file
  an earlier process wrote (the steady state of the CLI); the rest of the
  prompt is read with the arithmetic of a whole-prompt evaluation, so every
  row writes the same tokens.
- ``staged``: the staged pipeline (the default): code finds the candidates,
  the model answers short questions over one evaluated article.
The first three run ``pipeline="single"``, the one-request brief, and only
with ``--runtime-rows``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.paths import ROOT, SEED

# One brief in a fresh process: the wall time of summarize() (model load
# included, as on the command line) and what the answer cost. ``{setup}`` puts
# the code under test on the path and builds ``s``, a Summarizer.
_BRIEF = """
import json, sys, time
started = time.perf_counter()
{setup}
t0 = time.perf_counter()
brief = s.summarize(open({seed!r}).read(), {published!r})
m = brief.metadata
print(json.dumps(dict(seconds=time.perf_counter() - t0, process=time.perf_counter() - started,
    prompt=m.usage.prompt_tokens, completion=m.usage.completion_tokens, calls=m.calls,
    head=getattr(s.backend, "last_prefix", None), actors=len(brief.key_actors),
    events=len(brief.events))))
"""
_CURRENT = """
from summarizer import Summarizer
from summarizer.backends.model_store import ensure_model
from summarizer.core import Settings
s = Summarizer("local", model_path=str(ensure_model()), prefix_cache={prefix}, fast_grammar={fast},
               settings=Settings(pipeline={pipeline!r}))
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
    )
    if out.returncode != 0:
        raise SystemExit(f"a brief failed ({cwd}):\n{out.stderr[-2000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def articles(fixtures: int) -> list[tuple[str, str | None]]:
    """The seed, then every third eval fixture up to ``fixtures`` of them: (path, published)."""
    chosen = [(str(SEED), None)]
    metas = sorted((ROOT / "evals" / "fixtures").glob("*.json"))[::3][:fixtures]
    for meta in metas:
        chosen.append((str(meta.with_suffix(".txt")), json.loads(meta.read_text())["published"]))
    return chosen


def measure(
    runs: int, first: str | None, fixtures: int = 0, runtime_rows: bool = False
) -> list[tuple[str, list[dict]]]:
    """Each round runs every configuration once on every article, so that a
    machine that speeds up or slows down during the benchmark (a shared host
    does) moves every row alike, and the ratios stay fair."""
    with tempfile.TemporaryDirectory() as tmp:
        prefix_dir = {"SUMMARIZER_CACHE_DIR": tmp}  # the prefix files of this benchmark only
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
        runtime = [
            ("stock", False, False, "single"),
            ("+ best-token grammar check", False, True, "single"),
            ("+ prefix state from disk", True, True, "single"),
        ]
        staged = ("staged", True, True, "staged")
        for label, prefix, fast, pipeline in [*(runtime if runtime_rows else []), staged]:
            setup = _CURRENT.format(prefix=prefix, fast=fast, pipeline=pipeline)
            configs.append((label, setup, prefix_dir, ROOT))
        chosen = articles(fixtures)
        try:
            for _, setup, env, cwd in configs:  # warm: prefix files, the page cache
                _run(_BRIEF.format(setup=setup, seed=chosen[0][0], published=None), env, cwd=cwd)
            results: dict[str, list[dict]] = {label: [] for label, *_ in configs}
            for _ in range(runs):
                for path, published in chosen:
                    for label, setup, env, cwd in configs:
                        code = _BRIEF.format(setup=setup, seed=path, published=published)
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
    ap.add_argument("--first", default="6026c79", help="commit to compare with ('' to skip)")
    ap.add_argument("--fixtures", type=int, default=0, help="eval fixtures besides the seed")
    ap.add_argument(
        "--runtime-rows",
        action="store_true",
        help="also the one-request pipeline, stock and with each runtime change",
    )
    args = ap.parse_args()
    rows = measure(args.runs, args.first or None, args.fixtures, args.runtime_rows)
    n = 1 + args.fixtures
    base = statistics.mean(r["seconds"] for r in rows[0][1])
    print(
        f"{n} article(s) x {args.runs} round(s), new process each (summarize() incl. model load); "
        "seconds and tokens are means per article"
    )
    print(
        f"{'configuration':<34} {'s':>6} {'seed s':>6} {'prompt':>6} {'compl':>5} "
        f"{'calls':>5} {'actors':>6} {'events':>6} {'vs row 1':>8}"
    )
    for label, results in rows:
        mean = statistics.mean(r["seconds"] for r in results)
        seed = statistics.median(r["seconds"] for r in results[::n])

        def avg(key: str, results: list[dict] = results) -> float:
            return statistics.mean(r[key] for r in results)

        print(
            f"{label:<34} {mean:>6.1f} {seed:>6.1f} {avg('prompt'):>6.0f} {avg('completion'):>5.0f} "
            f"{avg('calls'):>5.1f} {avg('actors'):>6.1f} {avg('events'):>6.1f} {mean / base:>7.0%}"
        )


if __name__ == "__main__":
    main()
