"""Aggregating fixture scores, with bootstrap intervals; comparing two runs.

With a dozen or two fixtures every mean is noisy: each headline number comes
with a 95% percentile-bootstrap interval over fixtures, and comparisons use a
paired bootstrap of per-fixture differences.
"""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from typing import Any

import numpy as np

from .catalogue import metric
from .metrics import FixtureScore


def bootstrap_ci(
    values: Sequence[float], n: int = 2000, seed: int = 0, alpha: float = 0.05
) -> tuple[float, float]:
    data = np.asarray(values, dtype=float)
    if data.size == 0:
        raise ValueError("no values")
    if data.size == 1:
        return float(data[0]), float(data[0])
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, data.size, size=(n, data.size))].mean(axis=1)
    return float(np.quantile(means, alpha / 2)), float(np.quantile(means, 1 - alpha / 2))


def summarize_values(values: Sequence[float | None]) -> dict[str, Any]:
    present = [v for v in values if v is not None]
    if not present:
        return {"mean": None, "ci": None, "n": 0}
    lo, hi = bootstrap_ci(present)
    return {"mean": statistics.fmean(present), "ci": [lo, hi], "n": len(present)}


def aggregate(scores: Sequence[FixtureScore]) -> dict[str, Any]:
    """Macro means with 95% CIs for every metric, micro P/R/F1 per section."""
    out: dict[str, Any] = {}
    names = scores[0].metrics().keys() if scores else []
    for name in names:
        out[name] = summarize_values([s.metrics()[name] for s in scores])
    for section in ("actors", "events", "questions") if scores else ():
        prefix = {"actors": "actor", "events": "event", "questions": "question"}[section]
        tp = sum(getattr(s, section).tp for s in scores)
        n_pred = sum(getattr(s, section).n_pred for s in scores)
        n_gold = sum(getattr(s, section).n_gold for s in scores)
        p = tp / n_pred if n_pred else (1.0 if not n_gold else 0.0)
        r = tp / n_gold if n_gold else 1.0
        f = 0.0 if p + r == 0 else 2 * p * r / (p + r)
        for kind, value in (("precision", p), ("recall", r), ("f1", f)):
            out.setdefault(f"{prefix}_{kind}", {"mean": None, "ci": None, "n": 0})["micro"] = value
    if scores:
        found = sum(s.evidence_found for s in scores)
        total = sum(s.evidence_total for s in scores)
        out["grounding_rate"]["micro"] = found / total if total else None
        out["unsupported_actors"]["total"] = sum(s.unsupported_actors for s in scores)
    return out


def compare(
    a: dict[str, dict[str, float | None]],
    b: dict[str, dict[str, float | None]],
    n: int = 2000,
    seed: int = 0,
) -> dict[str, Any]:
    """Paired comparison of two runs' per-fixture metrics (fixture id -> metrics).
    A metric's verdict is better/worse only when its 95% interval excludes zero
    (which way is better, and which metrics flag worse fixtures: the catalogue)."""
    shared = sorted(set(a) & set(b))
    names = sorted({k for fid in shared for k in a[fid]} & {k for fid in shared for k in b[fid]})
    metrics: dict[str, Any] = {}
    worse: set[str] = set()
    for name in names:
        m = metric(name)
        pairs = [(fid, a[fid].get(name), b[fid].get(name)) for fid in shared]
        pairs = [(fid, x, y) for fid, x, y in pairs if x is not None and y is not None]
        if not pairs:
            continue
        deltas = [y - x for _, x, y in pairs]
        lo, hi = bootstrap_ci(deltas, n=n, seed=seed)
        up = hi < 0 if m.lower_is_better else lo > 0
        down = lo > 0 if m.lower_is_better else hi < 0
        metrics[name] = {
            "a": statistics.fmean(x for _, x, _ in pairs),
            "b": statistics.fmean(y for _, _, y in pairs),
            "delta": statistics.fmean(deltas),
            "ci": [lo, hi],
            "significant": lo > 0 or hi < 0,
            "verdict": "better" if up else "worse" if down else "noise",
            "n": len(pairs),
            "per_fixture": {fid: y - x for fid, x, y in pairs},
        }
        if m.flags_worse:
            worse.update(fid for fid, x, y in pairs if m.worse(x, y))
    return {"fixtures": shared, "metrics": metrics, "worse_fixtures": sorted(worse)}
