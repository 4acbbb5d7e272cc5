"""A story eval run (``summarizer eval run --stories``): every article of every
story briefed and scored as a fixture, then each story's merge scored against
its gold merge — of the model's briefs, and of the gold briefs (which isolates
the merge from extraction). The model's answered-question judgments are kept in
the run (:data:`~.stories.ANSWERS_FILE`), so ``eval score --stories`` needs no model."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from ..core import Summarizer
from ..schema import Brief
from .cache import ResponseCache, cached
from .predict import Prediction
from .run import evaluate, rescore, write_report
from .score import Report
from .stories import (
    ANSWERS_FILE,
    StoryFixture,
    add_story_metrics,
    judge_stories,
    story_fixtures,
    story_metrics,
)


def _briefs(report: Report) -> dict[str, Brief | None]:
    """Each article's brief of the first repeat."""
    return {s.fixture.id: s.prediction.brief for s in report.scored if s.prediction.repeat == 0}


def evaluate_stories(
    summarizer: Summarizer,
    stories: list[StoryFixture],
    folder: Path,
    out_dir: Path,
    *,
    jobs: int = 1,
    cache: ResponseCache | None = None,
    on_done: Callable[[Prediction], None] | None = None,
    command: str | None = None,
) -> Report:
    report = evaluate(
        summarizer,
        story_fixtures(stories, folder),
        out_dir,
        jobs=jobs,
        cache=cache,
        on_done=on_done,
        command=command,
    )
    judge = cached(summarizer, cache) if cache is not None else summarizer
    briefs = _briefs(report)
    answers = judge_stories(stories, briefs, lambda reports: judge.answered(reports)[0])
    (out_dir / ANSWERS_FILE).write_text(json.dumps(answers, indent=1), encoding="utf-8")
    add_story_metrics(report, story_metrics(stories, briefs, answers))
    write_report(report, out_dir)
    return report


def rescore_stories(run_dir: Path, stories: list[StoryFixture], folder: Path) -> Report:
    """A story run scored again from its predictions and kept judgments."""
    report = rescore(run_dir, story_fixtures(stories, folder))
    path = run_dir / ANSWERS_FILE
    answers = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    add_story_metrics(report, story_metrics(stories, _briefs(report), answers))
    return report
