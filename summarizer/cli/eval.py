"""``summarizer eval ...``: score briefs against hand-labeled fixtures."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ..errors import ExitCode, InputError
from . import options as o
from .output import fail, progress, say, show

if TYPE_CHECKING:
    from ..eval.fixtures import FixtureSet
    from ..eval.run import Report

eval_app = typer.Typer(
    help="Score briefs against hand-labeled fixtures.", no_args_is_help=True, rich_markup_mode=None
)

Fixtures = Annotated[
    Path | None,
    typer.Option(
        "--fixtures",
        help="a folder of <id>.txt + <id>.json pairs (format: evals/FIXTURES.md) "
        "[default: evals/fixtures here or in the source checkout]",
        show_default=False,
    ),
]
Stories = Annotated[
    Path | None,
    typer.Option(
        "--stories",
        help="a folder of story folders (each articles + story.json, evals/FIXTURES.md): "
        "score each story's merge too, instead of --fixtures",
        show_default=False,
    ),
]
FailUnder = Annotated[
    list[str],
    typer.Option(
        "--fail-under",
        help=f"METRIC=VALUE; exit {int(ExitCode.EVAL_THRESHOLD)} when the metric is worse",
    ),
]


def _thresholds(values: list[str]) -> dict[str, float]:
    out = {}
    for value in values:
        name, sep, bound = value.partition("=")
        try:
            out[name.strip()] = float(bound)
        except ValueError:
            raise typer.BadParameter(
                f"{value!r}: expected METRIC=VALUE, e.g. actor_f1=0.5"
            ) from None
        if not sep:
            raise typer.BadParameter(f"{value!r}: expected METRIC=VALUE")
    return out


def _fixture_set(
    folder: Path | None, only: list[str] | None = None, limit: int | None = None
) -> FixtureSet:
    """The usable fixtures of ``folder`` (those chosen); none is a bad-input error."""
    from ..eval.fixtures import load_fixtures
    from ..eval.paths import default_fixtures

    folder = folder or default_fixtures()
    fixture_set = load_fixtures(folder)
    fixture_set.fixtures = [f for f in fixture_set.fixtures if not only or f.id in only][:limit]
    if not fixture_set.fixtures:
        problems = "; ".join(f"{k}: {', '.join(v)}" for k, v in fixture_set.problems.items())
        raise InputError(
            f"no usable fixtures in {folder}" + (f" ({problems})" if problems else ""),
            hint="check --fixtures (and --only); nothing was run or written",
        )
    return fixture_set


def _stories(folder: Path) -> list:
    """The story folders under ``folder``; none is a bad-input error."""
    from ..eval.stories import load_stories

    stories = load_stories(folder) if folder.is_dir() else []
    if not stories:
        raise InputError(
            f"no story folders in {folder}",
            hint="a story folder holds its articles' fixtures and a story.json "
            "(evals/FIXTURES.md, 'Story folders')",
        )
    return stories


def _finish(report: Report, out: Path, fail_under: list[str]) -> None:
    """Print the summary and problems; exit with the run's status."""
    from ..eval.report import junit_xml, summary_table
    from ..eval.run import check_thresholds

    failures = check_thresholds(report, _thresholds(fail_under))
    if failures:
        (out / "junit.xml").write_text(junit_xml(report, failures), encoding="utf-8")
    show(summary_table(report))
    say(report.data["note"], style="dim")
    for fid, problems in report.data["bad_fixtures"].items():
        say(f"{fid}: " + "; ".join(problems[:3]), label="bad fixture", style="red")
    for e in report.data["errors"]:
        say(f"{e['fixture']}: {e['error']}", label="failed", style="red")
    for f in failures:
        say(f, label="threshold:", style="bold red")
    say(f"report: {out / 'report.html'}")
    if report.data["errors"] or report.data["bad_fixtures"]:
        raise typer.Exit(ExitCode.EVAL_RUN)
    if failures:
        raise typer.Exit(ExitCode.EVAL_THRESHOLD)


@eval_app.command("run")
def eval_run(
    fixtures: Fixtures = None,
    stories: Stories = None,
    out: Annotated[
        Path | None,
        typer.Option(
            "--out",
            help="run directory to write [default: evals/runs/latest beside the fixtures]",
            show_default=False,
        ),
    ] = None,
    backend: o.Backend = None,
    model: o.Model = None,
    base_url: o.BaseUrl = None,
    api_key: o.ApiKey = None,
    model_path: o.ModelPath = None,
    prompts: o.Prompts = None,
    pipeline: o.Pipeline = o.PIPELINE_DEFAULT,
    stages: o.Stages = None,
    validation_retries: o.ValidationRetries = None,
    max_tokens: o.MaxTokens = o.MAX_TOKENS_DEFAULT,
    timeout: o.Timeout = o.TIMEOUT_DEFAULT,
    deadline: o.Deadline = o.DEADLINE_DEFAULT,
    keep_ungrounded: o.KeepUngrounded = False,
    jobs: Annotated[int, typer.Option("--jobs", "-j", min=1, help="fixtures briefed at once")] = 1,
    repeat: Annotated[
        int, typer.Option("--repeat", min=1, help="runs per fixture (non-deterministic backends)")
    ] = 1,
    only: Annotated[list[str], typer.Option("--only", help="fixture ids to run (repeatable)")] = [],  # noqa: B006
    limit: Annotated[
        int | None, typer.Option("--limit", min=1, help="run only the first N fixtures")
    ] = None,
    cache_dir: Annotated[
        Path | None, typer.Option("--cache-dir", help="response cache folder")
    ] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="always call the model")] = False,
    fail_under: FailUnder = [],  # noqa: B006
    engine: o.Engine = "local",
    ray_address: o.RayAddress = None,
    actors: o.Actors = None,
) -> None:
    """Brief every fixture, score, and write the run (predictions, reports, JUnit)."""
    from ..backends.fleet import health_lines, jobs_per_server
    from ..eval.cache import ResponseCache
    from ..eval.paths import default_run_dir
    from ..eval.run import evaluate

    _thresholds(fail_under)  # a malformed threshold fails before any work
    if stories is not None:
        from ..eval.stories import story_fixtures

        if engine != "local":
            raise typer.BadParameter("--stories runs on the local engine", param_hint="--engine")

        story_set = _stories(stories)
        fixture_set = story_fixtures(story_set, stories)
    else:
        fixture_set = _fixture_set(fixtures, only, limit)
    out = out or default_run_dir()
    summarizer = o.make_summarizer(**o.summarizer_options(locals()))
    with progress("briefing fixtures") as tally:
        tally.start(len(fixture_set.fixtures) * repeat)

        def done(p) -> None:
            status = "cached" if p.cached else ("failed" if p.brief is None else "done")
            say(f"{p.fixture}: {status}")
            tally.advance(p.brief is not None)

        common = dict(
            jobs=jobs_per_server(summarizer.backend, jobs),
            cache=None if no_cache else ResponseCache(cache_dir),
            on_done=done,
            command="summarizer " + " ".join(sys.argv[1:]),
        )
        if stories is not None:
            from ..eval.story_run import evaluate_stories

            report = evaluate_stories(summarizer, story_set, stories, out, **common)
        else:
            report = evaluate(
                summarizer,
                fixture_set,
                out,
                repeat=repeat,
                engine=engine,
                ray_address=ray_address,
                actors=actors,
                **common,
            )
    for line in health_lines(summarizer.backend):
        say(line, style="yellow")
    _finish(report, out, fail_under)


@eval_app.command("score")
def eval_score(
    run_dir: Annotated[Path, typer.Argument(help="a run directory written by `eval run`")],
    fixtures: Fixtures = None,
    stories: Stories = None,
    fail_under: FailUnder = [],  # noqa: B006
) -> None:
    """Score a run again from its stored predictions (no model calls)."""
    from ..eval.run import rescore, write_report
    from ..eval.story_run import rescore_stories

    _thresholds(fail_under)
    if stories is not None:
        report = rescore_stories(run_dir, _stories(stories), stories)
    else:
        report = rescore(run_dir, _fixture_set(fixtures))
    write_report(report, run_dir)
    _finish(report, run_dir, fail_under)


@eval_app.command("compare")
def eval_compare(
    run_a: Annotated[Path, typer.Argument(help="the baseline run")],
    run_b: Annotated[Path, typer.Argument(help="the candidate run")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Per-metric deltas B − A with 95% intervals, and the fixtures that got worse."""
    from ..eval.report import compare_table
    from ..eval.run import compare_runs, load_report

    try:
        result = compare_runs(load_report(run_a), load_report(run_b))
    except (OSError, ValueError, KeyError) as exc:
        fail(f"cannot read the runs: {exc}", ExitCode.EVAL_RUN)
    if as_json:
        print(json.dumps(result, indent=2))
        return
    show(compare_table(result))
    worse = result.get("worse_fixtures") or []
    if worse:
        show("got worse: " + ", ".join(worse))
    say(result["note"], style="dim")


@eval_app.command("validate")
def eval_validate(fixtures: Fixtures = None) -> None:
    """Check a fixtures folder: checksums, evidence in the text, actors defined."""
    from ..eval.fixtures import load_fixtures
    from ..eval.paths import default_fixtures

    fixture_set = load_fixtures(fixtures or default_fixtures())
    for f in fixture_set.fixtures:
        print(f"ok   {f.id} ({f.words} words, {f.topic})")
    for fid, problems in fixture_set.problems.items():
        print(f"BAD  {fid}")
        for p in problems:
            print(f"       {p}")
    raise typer.Exit(ExitCode.OK if fixture_set.ok else ExitCode.EVAL_RUN)
