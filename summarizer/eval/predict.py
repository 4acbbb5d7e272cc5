"""Running the pipeline over a fixture set: cached, concurrent, nothing lost.

Predictions are written one file per fixture and repeat as soon as each is
done. The model's answers are cached by the request that produced them (the
backend's settings, every request parameter, the repeat index; see
:class:`CachedBackend`), so a re-run costs no model call while everything
after the model runs again, and ``--repeat`` makes real calls.
"""

from __future__ import annotations

import asyncio
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..core import Summarizer
from ..errors import SummarizerError
from ..fanout import Job, brief_each
from ..schema import Brief
from .cache import CachedBackend, ResponseCache, cached
from .fixtures import Fixture


@dataclass
class Prediction:
    fixture: str
    repeat: int
    brief: Brief | None
    error: str | None = None
    error_type: str | None = None
    cached: bool = False  # every model call answered from the cache
    cache_hits: int = 0  # model calls answered from the cache

    def to_json(self) -> dict[str, Any]:
        return {
            "fixture": self.fixture,
            "repeat": self.repeat,
            "brief": self.brief.model_dump(mode="json") if self.brief else None,
            "error": self.error,
            "error_type": self.error_type,
            "cached": self.cached,
            "cache_hits": self.cache_hits,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Prediction:
        brief = Brief.model_validate(data["brief"]) if data.get("brief") else None
        return cls(
            fixture=data["fixture"],
            repeat=data.get("repeat", 0),
            brief=brief,
            error=data.get("error"),
            error_type=data.get("error_type"),
            cached=data.get("cached", False),
            cache_hits=data.get("cache_hits", 1 if data.get("cached") else 0),
        )


def prediction_path(out_dir: Path, fixture_id: str, repeat: int) -> Path:
    suffix = f".r{repeat}" if repeat else ""
    return out_dir / "predictions" / f"{fixture_id}{suffix}.json"


@dataclass(frozen=True)
class _Attempt:
    """One fixture's ``repeat``-th brief, asked of a summarizer whose backend
    answers from the cache when there is one."""

    fixture: Fixture
    repeat: int
    summarizer: Summarizer
    backend: CachedBackend | None


def _attempt(
    summarizer: Summarizer, fixture: Fixture, repeat: int, cache: ResponseCache | None
) -> _Attempt:
    if cache is None:
        return _Attempt(fixture, repeat, summarizer, None)
    briefer = cached(summarizer, cache, repeat)
    return _Attempt(fixture, repeat, briefer, briefer.backend)  # type: ignore[arg-type]


def _prediction(attempt: _Attempt, outcome: Brief | SummarizerError) -> Prediction:
    fixture, repeat, backend = attempt.fixture, attempt.repeat, attempt.backend
    if isinstance(outcome, SummarizerError):
        return Prediction(
            fixture.id, repeat, None, error=str(outcome), error_type=type(outcome).__name__
        )
    hits = backend.hits if backend is not None else 0
    cached = hits > 0 and backend is not None and backend.misses == 0
    return Prediction(fixture.id, repeat, outcome, cached=cached, cache_hits=hits)


def _save(
    out_dir: Path, prediction: Prediction, on_done: Callable[[Prediction], None] | None
) -> Prediction:
    path = prediction_path(out_dir, prediction.fixture, prediction.repeat)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(prediction.to_json(), indent=1), encoding="utf-8")
    tmp.replace(path)
    if on_done:
        on_done(prediction)
    return prediction


def _job(attempt: _Attempt) -> Job:
    return Job(attempt.summarizer, attempt.fixture.text, attempt.fixture.published)


async def arun(
    summarizer: Summarizer,
    fixtures: list[Fixture],
    out_dir: Path,
    *,
    jobs: int = 1,
    repeat: int = 1,
    cache: ResponseCache | None = None,
    on_done: Callable[[Prediction], None] | None = None,
) -> list[Prediction]:
    """Predict every fixture ``repeat`` times, at most ``jobs`` at once."""
    (out_dir / "predictions").mkdir(parents=True, exist_ok=True)

    def done(attempt: _Attempt, outcome: Brief | SummarizerError) -> Prediction:
        return _save(out_dir, _prediction(attempt, outcome), on_done)

    attempts = [_attempt(summarizer, f, k, cache) for f in fixtures for k in range(repeat)]
    return await brief_each(attempts, _job, done, jobs=jobs)


async def eval_work(
    summarizer: Summarizer,
    attempts: list[tuple[Fixture, int]],
    jobs: int,
    *,
    cache: ResponseCache | None = None,
) -> list[Prediction]:
    """What a Ray actor does with its share of the fixtures: their predictions."""
    return await brief_each(
        [_attempt(summarizer, f, k, cache) for f, k in attempts], _job, _prediction, jobs=jobs
    )


def run(
    summarizer: Summarizer,
    fixtures: list[Fixture],
    out_dir: Path,
    *,
    engine: str = "local",
    ray_address: str | None = None,
    actors: int | None = None,
    **options: Any,
) -> list[Prediction]:
    """:func:`arun` on this process (``engine="local"``) or on Ray actors (``"ray"``),
    the predictions written here as they come, and returned in the fixtures' order."""
    if engine != "ray":
        return asyncio.run(arun(summarizer, fixtures, out_dir, **options))
    from ..engines.ray_engine import brief_on_ray

    (out_dir / "predictions").mkdir(parents=True, exist_ok=True)
    attempts = [(f, k) for f in fixtures for k in range(options.get("repeat", 1))]
    work = functools.partial(eval_work, cache=options.get("cache"))
    found: dict[tuple[str, int], Prediction] = {}
    for p in brief_on_ray(
        summarizer, attempts, work, jobs=options.get("jobs", 1), actors=actors, address=ray_address
    ):
        if (p.fixture, p.repeat) not in found:  # a retried batch's second answer: kept once
            found[(p.fixture, p.repeat)] = _save(out_dir, p, options.get("on_done"))
    return [found[(f.id, k)] for f, k in attempts]


def load_predictions(run_dir: Path) -> list[Prediction]:
    return [
        Prediction.from_json(json.loads(p.read_text(encoding="utf-8")))
        for p in sorted((run_dir / "predictions").glob("*.json"))
    ]
