"""The story merge on the story fixtures' gold briefs (which isolates merging
from extraction): pairwise same-event and same-actor F1, conflict recall, and
the merge's code time for ten articles.

    python -m benchmarks.story_merge [--stories evals/stories]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from summarizer.eval.stories import load_story, score_gold_merge
from summarizer.story import group_actors, group_events


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", default="evals/stories")
    args = ap.parse_args()
    totals = {"event": [0, 0, 0], "actor": [0, 0, 0], "conflicts": [0, 0]}
    print(f"{'story':34} {'event F1':>9} {'actor F1':>9} {'conflicts':>10}")
    stories = [load_story(d) for d in sorted(Path(args.stories).iterdir()) if d.is_dir()]
    for story in stories:
        score = score_gold_merge(story)
        m = score.metrics()
        for key, counts in (("event", score.event_pairs), ("actor", score.actor_pairs)):
            totals[key] = [t + c for t, c in zip(totals[key], counts, strict=True)]
        totals["conflicts"][0] += score.conflicts_found
        totals["conflicts"][1] += score.conflicts
        name = Path(story.folder).name
        found = f"{score.conflicts_found}/{score.conflicts}"
        print(f"{name:34} {m['event_merge_f1']:9.3f} {m['actor_merge_f1']:9.3f} {found:>10}")
    for key in ("event", "actor"):
        tp, pred, gold = totals[key]
        p, r = tp / pred if pred else 1.0, tp / gold if gold else 1.0
        print(
            f"{key} merge (all pairs): precision {p:.3f} recall {r:.3f} F1 {2 * p * r / (p + r):.3f}"
        )
    found, total = totals["conflicts"]
    print(f"conflict recall: {found}/{total}")
    # code time: ten articles' gold briefs merged, best of five
    fixtures = [f for story in stories for f in story.articles.values()][:10]
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        group_events([f.gold.events for f in fixtures])
        group_actors([f.gold.actors for f in fixtures])
        best = min(best, time.perf_counter() - started)
    print(f"merge of {len(fixtures)} articles: {best * 1000:.0f} ms")


if __name__ == "__main__":
    main()
