"""Scoring a run: each prediction against its fixture's gold, per fixture
(averaged over repeats) and in aggregate, as a :class:`Report`."""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass, field
from typing import Any

from .catalogue import OF_RUN, REDTEAM
from .fixtures import Fixture, FixtureSet
from .metrics import FixtureScore, dropped_counts, dropped_rate, score_fixture
from .predict import Prediction
from .redteam import redteam_metrics
from .stats import aggregate, summarize_values

NOISE_NOTE = (
    "With this few fixtures, a difference smaller than the 95% interval is noise: "
    "re-run with --repeat or add fixtures before believing it."
)


@dataclass
class Scored:
    fixture: Fixture
    prediction: Prediction
    score: FixtureScore

    def metrics(self) -> dict[str, float | None]:
        """Quality metrics, the red-team ones that apply to the fixture, and operational
        ones (those only for a brief that came back)."""
        brief = self.prediction.brief
        out: dict[str, float | None] = dict(self.score.metrics())
        out.update(redteam_metrics(brief, self.fixture.text, self.fixture.redteam))
        out["schema_validity"] = 1.0 if brief else 0.0
        if brief:
            out["dropped_rate"] = dropped_rate(brief)
            m = brief.metadata
            if not self.prediction.cache_hits:  # a replayed call says nothing of speed
                out["latency_s"] = m.latency_s
            out.update(
                prompt_tokens=float(m.usage.prompt_tokens),
                completion_tokens=float(m.usage.completion_tokens),
                validation_retries=float(m.validation_retries),
                transport_retries=float(m.transport_retries),
            )
        return out


def score_all(fixtures: list[Fixture], predictions: list[Prediction]) -> list[Scored]:
    by_id = {f.id: f for f in fixtures}
    scored = []
    for p in predictions:
        fixture = by_id.get(p.fixture)
        if fixture is None:
            continue
        # a failed brief scores as an empty one: it costs recall, it is not skipped
        score = score_fixture(fixture.gold, p.brief, fixture.text)
        scored.append(Scored(fixture, p, score))
    return scored


def per_fixture(scored: list[Scored]) -> dict[str, dict[str, float | None]]:
    """Each fixture's metrics, averaged over its repeats."""
    grouped: dict[str, list[dict[str, float | None]]] = {}
    for s in scored:
        grouped.setdefault(s.fixture.id, []).append(s.metrics())
    out = {}
    for fid, runs in grouped.items():
        names = {k for r in runs for k in r}
        out[fid] = {}
        for name in sorted(names):
            values = [r[name] for r in runs if r.get(name) is not None]
            out[fid][name] = statistics.fmean(values) if values else None
    return out


def spread(scored: list[Scored]) -> dict[str, dict[str, list[float]]]:
    """Per fixture and metric, [min, max] over repeats (for non-deterministic backends)."""
    grouped: dict[str, dict[str, list[float]]] = {}
    for s in scored:
        for name, value in s.metrics().items():
            if value is not None:
                grouped.setdefault(s.fixture.id, {}).setdefault(name, []).append(value)
    return {
        fid: {n: [min(v), max(v)] for n, v in metrics.items() if len(v) > 1}
        for fid, metrics in grouped.items()
    }


@dataclass
class Report:
    data: dict[str, Any]
    scored: list[Scored] = field(default_factory=list)

    def value(self, metric: str) -> float | None:
        entry = self.data["aggregate"].get(metric)
        return entry.get("mean") if isinstance(entry, dict) else None

    @property
    def empty(self) -> bool:
        """Nothing was scored: no prediction matched a fixture."""
        return not self.data["fixtures"]

    @property
    def failed(self) -> bool:
        """Not one brief came back."""
        return all(s.prediction.brief is None for s in self.scored)


def _aggregate(scored: list[Scored], fixtures: dict[str, dict[str, float | None]]) -> dict:
    """Every metric's mean, 95% interval and micro value over ``scored``."""
    agg = aggregate([s.score for s in scored])
    for name in OF_RUN:
        agg[name] = summarize_values([m.get(name) for m in fixtures.values()])
    for name in REDTEAM:
        if any(m.get(name) is not None for m in fixtures.values()):
            agg[name] = summarize_values([m.get(name) for m in fixtures.values()])
    counts = [dropped_counts(s.prediction.brief) for s in scored if s.prediction.brief]
    total = sum(t for _, t in counts)
    if "dropped_rate" in agg:
        agg["dropped_rate"]["micro"] = sum(d for d, _ in counts) / total if total else None
    return agg


def build_report(
    fixture_set: FixtureSet, predictions: list[Prediction], config: dict[str, Any]
) -> Report:
    scored = score_all(fixture_set.fixtures, predictions)
    fixtures = per_fixture(scored)
    agg = _aggregate(scored, fixtures)
    names = sorted({s.fixture.split for s in scored if s.fixture.split})
    splits = {
        name: _aggregate(
            part := [s for s in scored if s.fixture.split == name],
            {fid: m for fid, m in fixtures.items() if any(s.fixture.id == fid for s in part)},
        )
        for name in names
    }
    errors = [
        {
            "fixture": s.prediction.fixture,
            "repeat": s.prediction.repeat,
            "error_type": s.prediction.error_type,
            "error": s.prediction.error,
        }
        for s in scored
        if s.prediction.brief is None
    ]
    data = {
        "config": config,
        "created": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "n_fixtures": len(fixtures),
        "aggregate": agg,
        # the same aggregates over each named part of the set (a fixture's "split")
        "splits": splits,
        "fixtures": {
            fid: {
                "topic": next(s.fixture.topic for s in scored if s.fixture.id == fid),
                "split": next(s.fixture.split for s in scored if s.fixture.id == fid),
                "words": next(s.fixture.words for s in scored if s.fixture.id == fid),
                "metrics": metrics,
            }
            for fid, metrics in fixtures.items()
        },
        "spread": spread(scored),
        "errors": errors,
        "bad_fixtures": fixture_set.problems,
        "note": NOISE_NOTE,
    }
    return Report(data, scored)
