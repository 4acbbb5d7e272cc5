"""The ``summarizer`` command: ``summarizer.cli:app``.

Commands: ``brief`` (one article), ``batch`` (many), ``story`` (several on one story merged), ``render`` (a saved brief
in another format), ``schema``, ``model``, ``version`` and ``eval ...``.
Results go to stdout (or ``--output``), messages to stderr. Exit codes are
:class:`summarizer.errors.ExitCode`; no traceback reaches a user (``--verbose``
logs it).
"""

from __future__ import annotations

import logging
import sys
import traceback
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from ..errors import ExitCode, SummarizerError, redact
from .batch import batch
from .brief import brief
from .eval import eval_app
from .model import model, version, version_text
from .output import error, say
from .render import render, schema
from .story import story

log = logging.getLogger("summarizer.cli")


class _Command(TyperGroup):
    """The top of the command: a library error becomes its message and exit code,
    anything else a one-line message and exit 1 (the traceback with --verbose)."""

    def invoke(self, ctx: typer.Context) -> Any:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:
            say("interrupted")
            raise typer.Exit(ExitCode.INTERRUPTED) from None

    def main(self, *args: Any, **kwargs: Any) -> Any:
        try:
            return super().main(*args, **kwargs)
        except SummarizerError as exc:
            error(exc.message, exc.hint)
            sys.exit(exc.exit_code)
        except Exception as exc:
            log.info(redact("".join(traceback.format_exception(exc))))
            error(
                f"unexpected {type(exc).__name__}: {redact(str(exc))}",
                "this is a bug: please report it, with the output of the same command "
                "run with --verbose",
            )
            sys.exit(ExitCode.UNEXPECTED)


app = typer.Typer(
    cls=_Command,
    help="Structured, grounded briefs of news articles.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
    # click's own help and errors: option names are never cut at 80 columns, and no
    # user text (an option's value in an error) is read as rich markup
    rich_markup_mode=None,
)


def _print_version(value: bool) -> None:
    if value:
        print(version_text())
        raise typer.Exit()


@app.callback()
def main(
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="log retries and details")
    ] = False,
    show_version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="print the version and exit"
        ),
    ] = False,
) -> None:
    logging.basicConfig(
        level=logging.INFO if verbose else logging.ERROR,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    for noisy in ("instructor", "httpx", "openai"):
        logging.getLogger(noisy).setLevel(logging.WARNING if verbose else logging.CRITICAL)


app.command()(brief)
app.command()(batch)
app.command()(story)
app.command()(render)
app.command()(schema)
app.command()(model)
app.command()(version)
app.add_typer(eval_app, name="eval")

__all__ = ["app"]
