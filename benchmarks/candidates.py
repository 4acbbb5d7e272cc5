"""Actor F1 of code's reading alone (no model calls), per fixture split.

python -m benchmarks.candidates [--fixtures evals/fixtures]

The staged brief's actors are code's candidates (the model's actor verdicts are
off by default), so this screens an actor rule in seconds; `summarizer eval run`
confirms it on real briefs. Scored with the catalogue's actor matcher.
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from summarizer.candidates import analyze
from summarizer.eval import load_fixtures
from summarizer.eval.metrics import match_actors
from summarizer.schema import ActorDraft


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fixtures", default="evals/fixtures", type=Path)
    args = ap.parse_args()
    # per split: fixtures, matched actors, predicted, gold, matched with the same salience
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for fx in load_fixtures(args.fixtures).fixtures:
        found = [c for c in analyze(fx.text, fx.published).candidates if c.is_actor]
        pred = [
            ActorDraft.model_construct(name=c.name, aliases=c.aliases, salience=c.salience)
            for c in found
        ]
        section = match_actors(fx.gold.actors, pred)
        same = sum(fx.gold.actors[g].salience == pred[p].salience for g, p, _ in section.matches)
        for split in ("all", fx.split or "dev"):
            row = counts[split]
            for i, n in enumerate((1, section.tp, section.n_pred, section.n_gold, same)):
                row[i] += n
    print(f"{'split':8} {'fixtures':>8} {'P':>6} {'R':>6} {'F1':>6} {'salience':>9}")
    for split, (n, tp, n_pred, n_gold, same) in sorted(counts.items()):
        p, r = tp / max(n_pred, 1), tp / max(n_gold, 1)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        print(f"{split:8} {n:8d} {p:6.3f} {r:6.3f} {f1:6.3f} {same / max(tp, 1):9.3f}")


if __name__ == "__main__":
    main()
