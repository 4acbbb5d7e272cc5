"""``summarizer batch`` (and ``brief --batch``): many articles, one JSONL line each."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from ..errors import ExitCode
from . import options as o
from .output import fail, progress, say


def run_batch_command(
    source: Path,
    output: Path | None,
    jobs: int,
    retry_failed: bool,
    quiet: bool,
    summarizer_of: dict[str, Any],
    engine: str = "local",
    ray_address: str | None = None,
    actors: int | None = None,
) -> None:
    from ..backends.fleet import health_lines, jobs_per_server
    from ..batch import read_inputs, run_batch

    if output is None:
        fail("a batch needs --output FILE.jsonl (results and resume state)", ExitCode.USAGE)
    inputs = list(read_inputs(source))
    summarizer = o.make_summarizer(**summarizer_of)
    with progress("briefing articles", quiet=quiet) as tally:

        def done(entry: dict) -> None:
            if not quiet:
                status = "ok" if entry["ok"] else f"failed: {entry['error']['message']}"
                say(f"{entry['id']}: {status}")
            tally.advance(entry["ok"])

        try:
            summary = run_batch(
                summarizer,
                inputs,
                output,
                jobs=jobs_per_server(summarizer.backend, jobs),
                retry_failed=retry_failed,
                on_start=tally.start,
                on_done=done,
                engine=engine,
                ray_address=ray_address,
                actors=actors,
            )
        except KeyboardInterrupt:
            say(f"interrupted: finished articles are kept in {output}; run again to resume")
            raise typer.Exit(ExitCode.INTERRUPTED) from None
    if not quiet:
        say(
            f"{summary.done} briefed, {summary.failed} failed, "
            f"{summary.skipped} already in {output}"
        )
    for line in health_lines(summarizer.backend):
        say(line, style="yellow")
    if not summary.ok:
        raise typer.Exit(ExitCode.BATCH_FAILURES)


def batch(
    source: Annotated[
        Path,
        typer.Argument(
            help="a folder of .txt/.html/.md articles, or a JSONL or Parquet file "
            "(id, text, published)"
        ),
    ],
    output: o.Output = None,
    jobs: o.Jobs = 1,
    retry_failed: o.RetryFailed = False,
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
    quiet: o.Quiet = False,
    engine: o.Engine = "local",
    ray_address: o.RayAddress = None,
    actors: o.Actors = None,
) -> None:
    """Brief many articles: one JSONL line per article in --output (a Parquet table when
    it ends in .parquet), as each is done.

    Run it again on the same output to resume: articles already there are skipped."""
    run_batch_command(
        source,
        output,
        jobs,
        retry_failed,
        quiet,
        o.summarizer_options(locals()),
        engine=engine,
        ray_address=ray_address,
        actors=actors,
    )
