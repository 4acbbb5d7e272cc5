"""The story merge on the story fixtures' gold briefs (which isolates merging
from extraction): pairwise same-event and same-actor F1, conflict recall, and
the merge's code time for ten articles.

    python -m benchmarks.story_merge [--stories evals/stories]

The answered-question judgments need the model: they are scored by
``summarizer eval run --stories`` (``answered_accuracy_gold``).
"""

from __future__ import annotations

import argparse
import time

from summarizer.eval.stories import gold_brief, load_stories, reports_of, score_story
from summarizer.story.merge import merge_story


def _f1(tp: int, pred: int, gold: int) -> tuple[float, float, float]:
    p, r = tp / pred if pred else 1.0, tp / gold if gold else 1.0
    return p, r, 2 * p * r / (p + r) if p + r else 0.0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--stories", default="evals/stories")
    args = ap.parse_args()
    totals = {"event": [0, 0, 0], "actor": [0, 0, 0], "conflicts": [0, 0]}
    print(f"{'story':34} {'event F1':>9} {'actor F1':>9} {'conflicts':>10}")
    stories = load_stories(args.stories)
    golds = [{a: gold_brief(f) for a, f in s.articles.items()} for s in stories]
    for story, briefs in zip(stories, golds, strict=True):
        score = score_story(story, briefs)
        for key, counts in (("event", score.event_pairs), ("actor", score.actor_pairs)):
            totals[key] = [t + c for t, c in zip(totals[key], counts, strict=True)]
        totals["conflicts"][0] += score.conflicts_found
        totals["conflicts"][1] += score.conflicts
        e, a = _f1(*score.event_pairs)[2], _f1(*score.actor_pairs)[2]
        found = f"{score.conflicts_found}/{score.conflicts}"
        print(f"{story.name:34} {e:9.3f} {a:9.3f} {found:>10}")
    for key in ("event", "actor"):
        p, r, f1 = _f1(*totals[key])
        print(f"{key} merge (all pairs): precision {p:.3f} recall {r:.3f} F1 {f1:.3f}")
    found, total = totals["conflicts"]
    print(f"conflict recall: {found}/{total}")
    # code time: the whole merge of ten articles' briefs, best of five
    reports = [r for story, b in zip(stories, golds, strict=True) for r in reports_of(story, b)]
    reports = reports[:10]
    best = float("inf")
    for _ in range(5):
        started = time.perf_counter()
        merge_story(reports)
        best = min(best, time.perf_counter() - started)
    print(f"merge of {len(reports)} articles: {best * 1000:.0f} ms")


if __name__ == "__main__":
    main()
