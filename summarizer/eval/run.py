"""Eval runs: predict, score, aggregate, write; and compare two runs.

A run directory holds ``predictions/`` (one JSON per fixture and repeat),
``report.json`` (config, per-fixture metrics, aggregates with 95% bootstrap
intervals), ``report.html`` and ``junit.xml``.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import ExitCode, InputError, SummarizerError
from .catalogue import metric
from .fixtures import FixtureSet
from .predict import Prediction, load_predictions, run
from .report import html_report, junit_xml
from .score import NOISE_NOTE, Report, build_report
from .stats import compare

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..core import Summarizer
    from .cache import ResponseCache


class EmptyRunError(InputError):
    """A run or re-score scored nothing; it is not written over anything."""

    default_hint = "check --fixtures and the run directory; nothing was written"


class FailedRunError(SummarizerError):
    """Every brief of a run failed, and the run directory held an earlier run."""

    exit_code = ExitCode.EVAL_RUN


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
    engine: str = "local",
    ray_address: str | None = None,
    actors: int | None = None,
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
        engine=engine,
        ray_address=ray_address,
        actors=actors,
    )
    config = {
        **summarizer.backend.describe(),
        "prompt_version": summarizer.prompts.version,
        "settings": json.loads(json.dumps(dataclasses.asdict(summarizer.settings), default=str)),
        "fixtures": fixture_set.folder,
        "repeat": repeat,
        "jobs": jobs,
        "command": command,
        **({"engine": engine} if engine != "local" else {}),
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
    result = compare(ma, mb)
    result["note"] = NOISE_NOTE
    return result


def check_thresholds(report: Report, thresholds: dict[str, float]) -> list[str]:
    """Failures of ``--fail-under METRIC=VALUE``: a value worse than the bound (below it, or
    above it for a lower-is-better metric of the catalogue)."""
    failures = []
    for name, bound in thresholds.items():
        value = report.value(name)
        if value is None:
            failures.append(f"{name}: no value (unknown metric or nothing scored)")
        elif (m := metric(name)).worse(bound, value):
            side = "above" if m.lower_is_better else "below"
            failures.append(f"{name} = {value:.3f} is {side} {bound}")
    return failures
