"""Eval runs: predict, score, aggregate, write; and compare two runs.

A run directory holds ``predictions/`` (one JSON per fixture and repeat),
``report.json`` (config, per-fixture metrics, aggregates with 95% bootstrap
intervals), ``report.html`` and ``junit.xml``.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ExitCode, InputError, SummarizerError
from .fixtures import Fixture, FixtureSet
from .metrics import FixtureScore, dropped_counts, dropped_rate, score_fixture
from .runner import Prediction, load_predictions, run
from .stats import aggregate, compare, summarize_values

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..core import Summarizer
    from .cache import ResponseCache

HEADLINE = (
    "actor_f1",
    "actor_recall_weighted",
    "event_f1",
    "event_date_accuracy",
    "question_f1",
    "tone_accuracy",
    "actor_stance_accuracy",
    "grounding_rate",
    "dropped_rate",
    "schema_validity",
)
LOWER_IS_BETTER = {
    "dropped_rate",
    "unsupported_actors",
    "latency_s",
    "prompt_tokens",
    "completion_tokens",
    "validation_retries",
    "transport_retries",
}
EMPTY_BRIEF: dict[str, Any] = {"actors": [], "events": [], "open_questions": [], "stance": {}}
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
        """Quality metrics and operational ones (those only for a brief that came back)."""
        brief = self.prediction.brief
        out: dict[str, float | None] = dict(self.score.metrics())
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
        predicted = p.brief.to_fixture_gold() if p.brief else EMPTY_BRIEF
        score = score_fixture(fixture.gold, predicted, fixture.text)
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


class EmptyRunError(InputError):
    """A run or re-score scored nothing; it is not written over anything."""

    default_hint = "check --fixtures and the run directory; nothing was written"


class FailedRunError(SummarizerError):
    """Every brief of a run failed, and the run directory held an earlier run."""

    exit_code = ExitCode.EVAL_RUN


def build_report(
    fixture_set: FixtureSet, predictions: list[Prediction], config: dict[str, Any]
) -> Report:
    scored = score_all(fixture_set.fixtures, predictions)
    fixtures = per_fixture(scored)
    scores = [s.score for s in scored]
    agg = aggregate(scores)
    for name in (
        "schema_validity",
        "dropped_rate",
        "latency_s",
        "prompt_tokens",
        "completion_tokens",
        "validation_retries",
        "transport_retries",
    ):
        agg[name] = summarize_values([m.get(name) for m in fixtures.values()])
    counts = [dropped_counts(s.prediction.brief) for s in scored if s.prediction.brief]
    total = sum(t for _, t in counts)
    agg["dropped_rate"]["micro"] = sum(d for d, _ in counts) / total if total else None
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
        "fixtures": {
            fid: {
                "topic": next(s.fixture.topic for s in scored if s.fixture.id == fid),
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


def evaluate(
    summarizer: Summarizer,
    fixture_set: FixtureSet,
    out_dir: Path,
    *,
    jobs: int = 1,
    repeat: int = 1,
    cache: ResponseCache | None = None,
    on_done: Callable[[Prediction], None] | None = None,
    command: str | None = None,
) -> Report:
    """Brief every fixture of the set, score, and write the run to ``out_dir``.

    An earlier run in ``out_dir`` is never replaced by one in which every brief
    failed: the new run is made beside it and moved in only when some brief
    came back (else :class:`FailedRunError`, the earlier run untouched)."""
    earlier = (out_dir / "report.json").exists()
    work = (
        _fresh(out_dir.resolve().with_name(out_dir.resolve().name + ".partial"))
        if earlier
        else out_dir
    )
    predictions = run(
        summarizer,
        fixture_set.fixtures,
        work,
        jobs=jobs,
        repeat=repeat,
        cache=cache,
        on_done=on_done,
    )
    config = {
        **summarizer.backend.describe(),
        "prompt_version": summarizer.prompts.version,
        "settings": json.loads(json.dumps(dataclasses.asdict(summarizer.settings), default=str)),
        "fixtures": fixture_set.folder,
        "repeat": repeat,
        "jobs": jobs,
        "command": command,
    }
    report = build_report(fixture_set, predictions, config)
    if earlier:
        if report.failed:
            write_report(report, work)
            raise FailedRunError(
                f"every brief failed (first: {report.data['errors'][0]['error']}); "
                f"the earlier run in {out_dir} is kept, this one is in {work}",
                hint="check the backend options and the server, then run again",
            )
        _replace_predictions(work, out_dir)
    write_report(report, out_dir)
    return report


def _fresh(folder: Path) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    return folder


def _replace_predictions(work: Path, out_dir: Path) -> None:
    """Move ``work``'s predictions into ``out_dir`` in place of the earlier ones."""
    old = out_dir / "predictions"
    if old.exists():
        shutil.rmtree(old)
    (work / "predictions").replace(old)
    shutil.rmtree(work)


def write_report(report: Report, out_dir: Path) -> None:
    """Write the run's reports; a report that scored nothing is refused, so it can
    never replace a real one."""
    from .reports import html_report, junit_xml

    if report.empty:
        raise EmptyRunError(
            f"nothing to score in {out_dir}: it holds no prediction for these fixtures"
        )
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "report.json").write_text(json.dumps(report.data, indent=2), encoding="utf-8")
    (out_dir / "report.html").write_text(html_report(report), encoding="utf-8")
    (out_dir / "junit.xml").write_text(junit_xml(report), encoding="utf-8")


def rescore(run_dir: Path, fixture_set: FixtureSet) -> Report:
    """Score a finished run again from its stored predictions (no model calls)."""
    config = (
        json.loads((run_dir / "report.json").read_text())["config"]
        if (run_dir / "report.json").exists()
        else {}
    )
    return build_report(fixture_set, load_predictions(run_dir), config)


def load_report(run_dir: Path) -> dict[str, Any]:
    path = run_dir / "report.json" if run_dir.is_dir() else run_dir
    return json.loads(path.read_text(encoding="utf-8"))


def compare_runs(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    """Per-metric deltas (B − A) with paired-bootstrap intervals over shared fixtures."""
    ma = {fid: f["metrics"] for fid, f in a["fixtures"].items()}
    mb = {fid: f["metrics"] for fid, f in b["fixtures"].items()}
    result = compare(ma, mb, lower_is_better=LOWER_IS_BETTER)
    result["note"] = NOISE_NOTE
    return result


def check_thresholds(report: Report, thresholds: dict[str, float]) -> list[str]:
    """Failures of ``--fail-under METRIC=VALUE`` (for lower-is-better metrics: above)."""
    failures = []
    for metric, bound in thresholds.items():
        value = report.value(metric)
        if value is None:
            failures.append(f"{metric}: no value (unknown metric or nothing scored)")
        elif metric in LOWER_IS_BETTER and value > bound:
            failures.append(f"{metric} = {value:.3f} is above {bound}")
        elif metric not in LOWER_IS_BETTER and value < bound:
            failures.append(f"{metric} = {value:.3f} is below {bound}")
    return failures
