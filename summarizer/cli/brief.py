"""``summarizer brief``: one article in, one brief out (JSON, Markdown or HTML)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.text import Text

from ..read.article import decode, load_article
from . import options as o
from .batch import run_batch_command
from .output import err, read_input, say, write_result
from .render import rendered


def brief(
    file: Annotated[str, typer.Argument(help="article file (text or HTML), or - for stdin")],
    published: Annotated[
        str | None,
        typer.Option(
            "--published",
            "-p",
            help="publication date YYYY-MM-DD "
            "(default: a leading 'date YYYY-MM-DD' line in the file, else an HTML "
            "page's own date)",
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
    fmt: o.FormatOpt = o.Format.json,
    output: o.Output = None,
    validation_retries: o.ValidationRetries = None,
    max_tokens: o.MaxTokens = o.MAX_TOKENS_DEFAULT,
    timeout: o.Timeout = o.TIMEOUT_DEFAULT,
    deadline: o.Deadline = o.DEADLINE_DEFAULT,
    keep_ungrounded: o.KeepUngrounded = False,
    quiet: o.Quiet = False,
    batch: Annotated[
        bool,
        typer.Option(
            "--batch",
            help="the same as `summarizer batch FILE -o OUTPUT`: FILE is a folder of articles "
            "or a JSONL file",
        ),
    ] = False,
    jobs: o.Jobs = 1,
    retry_failed: o.RetryFailed = False,
) -> None:
    """Brief one article: JSON (default), Markdown or a self-contained HTML page.

    With --batch, brief many: one JSONL line per article, as each is done."""
    summarizer_of = o.summarizer_options(locals())
    if batch:
        run_batch_command(Path(file), output, jobs, retry_failed, quiet, summarizer_of)
        return
    article = load_article(decode(read_input(file)), published)
    summarizer = o.make_summarizer(**summarizer_of)
    label = f"briefing with {summarizer.backend.name} · {summarizer.backend.model} …"
    if quiet or not err.is_terminal:
        if not quiet:
            say(label)
        result = summarizer.summarize(article)
    else:
        with err.status(Text(label)):  # Text: the model's name is not markup
            result = summarizer.summarize(article)
    write_result(rendered(result, fmt, article.text, article.title), output)
    if not quiet:
        m = result.metadata
        say(
            f"done in {m.latency_s:.1f}s · {m.usage.prompt_tokens} prompt + "
            f"{m.usage.completion_tokens} completion tokens · {m.calls} call(s)"
            + (f" · {len(m.dropped_items)} ungrounded item(s) dropped" if m.dropped_items else "")
        )
        for warning in m.warnings:
            say(warning, label="warning:", style="yellow")
