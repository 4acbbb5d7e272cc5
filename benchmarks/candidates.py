"""Code's reading scored alone (no model calls), per fixture split.

python -m benchmarks.candidates [--fixtures evals/fixtures] [--redate RUN_DIR]

Actor F1: the staged brief's actors are code's candidates (the model's actor
verdicts are off by default), so this screens an actor rule in seconds.
``--redate``: the events of a stored run (the sentences the model picked) dated
again by this code, and their date accuracy on the matched events, which screens
a date rule. `summarizer eval run` confirms either on real briefs.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from pathlib import Path

from summarizer.eval import load_fixtures
from summarizer.eval.metrics import match_actors, score_fixture
from summarizer.read.analysis import Analysis, analyze
from summarizer.read.segment import sentence_at
from summarizer.schema import ActorDraft, Brief


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--fixtures", default="evals/fixtures", type=Path)
    ap.add_argument("--redate", type=Path, help="a run folder whose events to date again")
    args = ap.parse_args()
    if args.redate:
        redate(args.redate, args.fixtures)
        return
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


def redate(run: Path, fixtures: Path) -> None:
    right: dict[str, list[int]] = defaultdict(lambda: [0, 0])  # per split: right, matched
    for fx in load_fixtures(fixtures).fixtures:
        stored = run / "predictions" / f"{fx.id}.json"
        data = json.loads(stored.read_text()).get("brief") if stored.exists() else None
        if not data:
            continue
        brief = Brief.model_validate(data)
        analysis = analyze(fx.text, fx.published)
        events = [
            e.model_copy(update={"date": _date(analysis, e.evidence.start)}) for e in brief.events
        ]
        score = score_fixture(fx.gold, brief.model_copy(update={"events": events}), fx.text)
        same = sum(fx.gold.events[g].date == events[p].date for g, p, _ in score.events.matches)
        for split in ("all", fx.split or "dev"):
            right[split][0] += same
            right[split][1] += len(score.events.matches)
    print(f"{'split':8} {'matched':>8} {'date accuracy':>14}")
    for split, (ok, n) in sorted(right.items()):
        print(f"{split:8} {n:8d} {ok / max(n, 1):14.3f}")


def _date(analysis: Analysis, start: int | None) -> str | None:
    s = sentence_at(analysis.sentences, start or 0)
    when = analysis.event_date(s.number) if s else None
    return when[1].value if when else None


if __name__ == "__main__":
    main()
