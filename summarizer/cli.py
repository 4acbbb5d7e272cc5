"""The ``summarizer`` command.

Exit codes: 0 success; 1 unexpected error; 2 usage error; 3 bad input;
4 configuration (backend or model not set up); 5 the model server failed;
6 the model's answer was unusable. Results go to stdout, messages to stderr.
"""

from __future__ import annotations

import logging
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from . import __version__
from .errors import SummarizerError
from .retry import RetryPolicy

app = typer.Typer(
    help="Structured, grounded briefs of news articles.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


class Format(StrEnum):
    json = "json"
    markdown = "markdown"
    html = "html"


BackendOpt = Annotated[
    str | None,
    typer.Option(
        "--backend",
        "-b",
        help="local (embedded model) or openai (any compatible URL)",
        envvar="SUMMARIZER_BACKEND",
    ),
]
ModelOpt = Annotated[str | None, typer.Option("--model", "-m", help="model name (openai backend)")]
BaseUrlOpt = Annotated[
    str | None,
    typer.Option("--base-url", help="OpenAI-compatible server URL", envvar="OPENAI_BASE_URL"),
]
ApiKeyOpt = Annotated[
    str | None,
    typer.Option(
        "--api-key",
        help="API key (default: OPENAI_API_KEY)",
        envvar="OPENAI_API_KEY",
        show_envvar=True,
        show_default=False,
    ),
]
ModelPathOpt = Annotated[
    Path | None,
    typer.Option("--model-path", help="a GGUF file to run instead of the embedded model"),
]
PromptsOpt = Annotated[
    Path | None,
    typer.Option(
        "--prompts",
        help="a folder of prompt files (as in the shipped prompts/ folder) to use instead of the shipped ones",
    ),
]
PipelineOpt = Annotated[
    str,
    typer.Option(
        "--pipeline",
        help="staged (code finds candidates, the model answers short questions) or single (one request)",
    ),
]
StagesOpt = Annotated[
    str | None,
    typer.Option(
        "--stages",
        help="comma-separated parts of the staged pipeline to run, for ablations: ner, actors, "
        "events, questions (default: ner,events,questions)",
    ),
]


def _stages(value: str | None) -> frozenset[str]:
    from .staged import ALL_STAGES, STAGES

    if value is None:
        return STAGES
    chosen = frozenset(v.strip() for v in value.split(",") if v.strip())
    unknown = chosen - ALL_STAGES
    if unknown:
        raise typer.BadParameter(
            f"unknown stage(s) {', '.join(sorted(unknown))}; known: {', '.join(sorted(ALL_STAGES))}"
        )
    return chosen


def _pipeline(value: str) -> Any:
    if value not in ("staged", "single"):
        raise typer.BadParameter(f"--pipeline is staged or single, not {value!r}")
    return value


def _fail(exc: SummarizerError) -> None:
    err.print(f"[bold red]error:[/] {exc.message}", highlight=False, markup=True)
    if exc.hint:
        err.print(f"[dim]hint:[/] {exc.hint}", highlight=False)
    raise typer.Exit(exc.exit_code)


@app.callback()
def main(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="log retries and details")
    ] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.ERROR,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("instructor", "httpx", "openai"):
        logging.getLogger(noisy).setLevel(logging.WARNING if verbose else logging.CRITICAL)


@app.command()
def brief(
    file: Annotated[str, typer.Argument(help="article file (text or HTML), or - for stdin")],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            "-p",
            help="publication date YYYY-MM-DD "
            "(default: a leading 'date YYYY-MM-DD' line in the file)",
        ),
    ] = None,
    backend: BackendOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    api_key: ApiKeyOpt = None,
    model_path: ModelPathOpt = None,
    prompts: PromptsOpt = None,
    pipeline: PipelineOpt = "staged",
    stages: StagesOpt = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="output format")] = Format.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write here, not stdout")
    ] = None,
    validation_retries: Annotated[
        int | None,
        typer.Option(
            help="re-asks after a failed check (default: the backend's; local 0, openai 1)"
        ),
    ] = None,
    max_tokens: Annotated[int, typer.Option(help="answer token limit per call")] = 2048,
    timeout: Annotated[float, typer.Option(help="seconds for one request")] = 300.0,
    deadline: Annotated[float, typer.Option(help="seconds for all requests of a brief")] = 900.0,
    keep_ungrounded: Annotated[
        bool, typer.Option(help="keep items whose evidence is not found (flagged), not drop them")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress on stderr")] = False,
    batch: Annotated[
        bool,
        typer.Option(
            "--batch",
            help="FILE is a folder of articles or a JSONL file; write one JSONL line per "
            "article to --output, resuming where a previous run stopped",
        ),
    ] = False,
    jobs: Annotated[
        int, typer.Option("--jobs", "-j", help="articles briefed at once (--batch)")
    ] = 1,
    retry_failed: Annotated[
        bool, typer.Option(help="with --batch, brief again the articles that failed before")
    ] = False,
) -> None:
    """Brief one article: JSON (default), Markdown or a self-contained HTML page.

    With --batch, brief many: one JSONL line per article, as each is done."""
    from .article import decode, load_article
    from .core import Settings, Summarizer
    from .render import to_markdown

    settings = Settings(
        validation_retries=validation_retries,
        max_tokens=max_tokens,
        keep_ungrounded=keep_ungrounded,
        retry=RetryPolicy(timeout=timeout, deadline=deadline),
        prompts_dir=prompts,
        pipeline=_pipeline(pipeline),
        stages=_stages(stages),
    )
    backend_args = dict(
        model=model,
        base_url=base_url,
        api_key=api_key,
        model_path=str(model_path) if model_path else None,
        settings=settings,
    )
    if batch:
        if output is None:
            err.print(
                "[bold red]error:[/] --batch needs --output FILE.jsonl (results and resume state)"
            )
            raise typer.Exit(2)
        _brief_batch(Path(file), output, backend, backend_args, jobs, retry_failed, quiet)
        return
    try:
        if file == "-":
            data = sys.stdin.buffer.read()
        else:
            path = Path(file)
            if not path.is_file():
                err.print(f"[bold red]error:[/] no such file: {file}")
                raise typer.Exit(3)
            data = path.read_bytes()
        article = load_article(decode(data), published)
        summarizer = Summarizer(backend, **backend_args)
        label = f"briefing with {summarizer.backend.name} · {summarizer.backend.model}"
        if quiet or not err.is_terminal:
            if not quiet:
                err.print(label + " …", highlight=False)
            result = summarizer.summarize(article)
        else:
            with err.status(label + " …"):
                result = summarizer.summarize(article)
    except SummarizerError as exc:
        _fail(exc)
    if fmt is Format.markdown:
        text = to_markdown(result, title=article.title)
    elif fmt is Format.html:
        from .html import brief_to_html

        text = brief_to_html(result, article.text, title=article.title)
    else:
        text = result.model_dump_json(indent=2) + "\n"
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    if not quiet:
        m = result.metadata
        err.print(
            f"done in {m.latency_s:.1f}s · {m.usage.prompt_tokens} prompt + "
            f"{m.usage.completion_tokens} completion tokens · {m.calls} call(s)"
            + (f" · {len(m.dropped_items)} ungrounded item(s) dropped" if m.dropped_items else ""),
            highlight=False,
        )


EXIT_BATCH_FAILURES = 9  # a batch finished, but some articles failed (see their lines)


def _brief_batch(
    source: Path,
    output: Path,
    backend: str | None,
    backend_args: dict,
    jobs: int,
    retry_failed: bool,
    quiet: bool,
) -> None:
    from .batch import read_inputs, run_batch
    from .core import Summarizer

    try:
        inputs = list(read_inputs(source))
        summarizer = Summarizer(backend, **backend_args)
    except SummarizerError as exc:
        _fail(exc)

    def done(entry: dict) -> None:
        if not quiet:
            status = "ok" if entry["ok"] else f"failed: {entry['error']['message']}"
            err.print(f"{entry['id']}: {status}", highlight=False, markup=False)

    try:
        summary = run_batch(
            summarizer, inputs, output, jobs=jobs, retry_failed=retry_failed, on_done=done
        )
    except KeyboardInterrupt:
        err.print(
            f"interrupted: finished articles are kept in {output}; run again to resume",
            soft_wrap=True,
        )
        raise typer.Exit(130) from None
    if not quiet:
        err.print(
            f"{summary.done} briefed, {summary.failed} failed, "
            f"{summary.skipped} already in {output}",
            highlight=False,
        )
    if not summary.ok:
        raise typer.Exit(EXIT_BATCH_FAILURES)


@app.command("model")
def model_cmd(
    verify: Annotated[bool, typer.Option(help="re-check the sha256 of the assembled file")] = False,
) -> None:
    """Assemble the embedded model (once) and print its path."""
    from .model_store import ensure_model, verify_file

    try:
        path = ensure_model()
        if verify:
            verify_file(path)
    except SummarizerError as exc:
        _fail(exc)
    print(path)


@app.command()
def version() -> None:
    """Print the version and the prompt version."""
    from .prompts import load_prompts

    print(f"summarizer {__version__} (prompt {load_prompts().version})")


# --- eval -------------------------------------------------------------------------
eval_app = typer.Typer(help="Score briefs against hand-labeled fixtures.", no_args_is_help=True)
app.add_typer(eval_app, name="eval")
EXIT_RUN_ERROR = 7  # a fixture could not be briefed, or a fixture is malformed
EXIT_THRESHOLD = 8  # a --fail-under threshold was not met


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


def _finish_eval(report, out: Path, fail_under: list[str], *, written: bool = False) -> None:
    from .eval.harness import check_thresholds, write_report
    from .eval.reports import junit_xml, summary_table

    failures = check_thresholds(report, _thresholds(fail_under))
    if not written:
        write_report(report, out)
    if failures:
        (out / "junit.xml").write_text(junit_xml(report, failures), encoding="utf-8")
    Console(stderr=False).print(summary_table(report))
    err.print(report.data["note"], style="dim", highlight=False)
    if report.data["bad_fixtures"]:
        for fid, problems in report.data["bad_fixtures"].items():
            err.print(f"[red]bad fixture[/] {fid}: " + "; ".join(problems[:3]), highlight=False)
    for e in report.data["errors"]:
        err.print(f"[red]failed[/] {e['fixture']}: {e['error']}", highlight=False)
    for f in failures:
        err.print(f"[bold red]threshold:[/] {f}", highlight=False)
    err.print(f"report: {out / 'report.html'}", highlight=False)
    if report.data["errors"] or report.data["bad_fixtures"]:
        raise typer.Exit(EXIT_RUN_ERROR)
    if failures:
        raise typer.Exit(EXIT_THRESHOLD)


FixturesOpt = Annotated[
    Path, typer.Option("--fixtures", help="a fixtures folder (DESIGN.md format)")
]
FailUnderOpt = Annotated[
    list[str], typer.Option("--fail-under", help="METRIC=VALUE; exit 8 when the metric is worse")
]


@eval_app.command("run")
def eval_run(
    fixtures: FixturesOpt = Path("evals/fixtures"),
    out: Annotated[Path, typer.Option("--out", help="run directory to write")] = Path(
        "evals/runs/latest"
    ),
    backend: BackendOpt = None,
    model: ModelOpt = None,
    base_url: BaseUrlOpt = None,
    api_key: ApiKeyOpt = None,
    model_path: ModelPathOpt = None,
    prompts: PromptsOpt = None,
    pipeline: PipelineOpt = "staged",
    stages: StagesOpt = None,
    jobs: Annotated[int, typer.Option("--jobs", "-j", help="fixtures briefed at once")] = 1,
    repeat: Annotated[int, typer.Option(help="runs per fixture (non-deterministic backends)")] = 1,
    only: Annotated[list[str], typer.Option("--only", help="fixture ids to run (repeatable)")] = [],  # noqa: B006
    limit: Annotated[int | None, typer.Option(help="run only the first N fixtures")] = None,
    cache_dir: Annotated[Path | None, typer.Option(help="response cache folder")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="always call the model")] = False,
    keep_ungrounded: Annotated[
        bool, typer.Option(help="keep items whose evidence is not found (flagged), not drop them")
    ] = False,
    validation_retries: Annotated[
        int | None,
        typer.Option(
            help="re-asks after a failed check (default: the backend's; local 0, openai 1)"
        ),
    ] = None,
    fail_under: FailUnderOpt = [],  # noqa: B006
) -> None:
    """Brief every fixture, score, and write the run (predictions, reports, JUnit)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from .core import Settings, Summarizer
    from .eval.cache import ResponseCache
    from .eval.fixtures import load_fixtures
    from .eval.harness import evaluate

    fixture_set = load_fixtures(fixtures)
    fixture_set.fixtures = [f for f in fixture_set.fixtures if not only or f.id in only][:limit]
    if not fixture_set.fixtures:
        err.print(f"[bold red]error:[/] no usable fixtures in {fixtures}")
        raise typer.Exit(EXIT_RUN_ERROR)
    try:
        summarizer = Summarizer(
            backend,
            model=model,
            base_url=base_url,
            api_key=api_key,
            model_path=str(model_path) if model_path else None,
            settings=Settings(
                prompts_dir=prompts,
                keep_ungrounded=keep_ungrounded,
                validation_retries=validation_retries,
                pipeline=_pipeline(pipeline),
                stages=_stages(stages),
            ),
        )
    except SummarizerError as exc:
        _fail(exc)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    ) as progress:
        task = progress.add_task("briefing fixtures", total=len(fixture_set.fixtures) * repeat)

        def done(p) -> None:
            status = "cached" if p.cached else ("failed" if p.brief is None else "done")
            progress.console.print(f"{p.fixture}: {status}", highlight=False, markup=False)
            progress.advance(task)

        report = evaluate(
            summarizer,
            fixture_set,
            out,
            jobs=jobs,
            repeat=repeat,
            cache=None if no_cache else ResponseCache(cache_dir),
            on_done=done,
            command="summarizer " + " ".join(sys.argv[1:]),
        )
    _finish_eval(report, out, fail_under, written=True)


@eval_app.command("score")
def eval_score(
    run_dir: Annotated[Path, typer.Argument(help="a run directory written by `eval run`")],
    fixtures: FixturesOpt = Path("evals/fixtures"),
    fail_under: FailUnderOpt = [],  # noqa: B006
) -> None:
    """Score a run again from its stored predictions (no model calls)."""
    from .eval.fixtures import load_fixtures
    from .eval.harness import rescore

    fixture_set = load_fixtures(fixtures)
    _finish_eval(rescore(run_dir, fixture_set), run_dir, fail_under)


@eval_app.command("compare")
def eval_compare(
    run_a: Annotated[Path, typer.Argument(help="the baseline run")],
    run_b: Annotated[Path, typer.Argument(help="the candidate run")],
    as_json: Annotated[bool, typer.Option("--json", help="print JSON")] = False,
) -> None:
    """Per-metric deltas B − A with 95% intervals, and the fixtures that got worse."""
    import json

    from .eval.harness import compare_runs, load_report
    from .eval.reports import compare_table

    try:
        result = compare_runs(load_report(run_a), load_report(run_b))
    except (OSError, ValueError, KeyError) as exc:
        err.print(f"[bold red]error:[/] cannot read the runs: {exc}")
        raise typer.Exit(EXIT_RUN_ERROR) from None
    if as_json:
        print(json.dumps(result, indent=2))
        return
    Console().print(compare_table(result))
    worse = result.get("worse_fixtures") or []
    if worse:
        Console().print("got worse: " + ", ".join(worse))
    err.print(result["note"], style="dim", highlight=False)


@eval_app.command("validate")
def eval_validate(fixtures: FixturesOpt = Path("evals/fixtures")) -> None:
    """Check a fixtures folder: checksums, evidence in the text, actors defined."""
    from .eval.fixtures import load_fixtures

    fixture_set = load_fixtures(fixtures)
    for f in fixture_set.fixtures:
        print(f"ok   {f.id} ({f.words} words, {f.topic})")
    for fid, problems in fixture_set.problems.items():
        print(f"BAD  {fid}")
        for p in problems:
            print(f"       {p}")
    raise typer.Exit(0 if fixture_set.ok else EXIT_RUN_ERROR)
