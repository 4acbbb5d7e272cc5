"""What the command reads and writes: input files or stdin; results on stdout or a
file; messages on stderr.

Text that comes from users, files or models (paths, error messages, model
names) must never be read as rich markup: a path such as ``notes[/b].txt``
would break the message, ``news[draft].txt`` would lose a part and a hint's
``'summarizer[local]'`` would print as ``'summarizer'``. Every message goes
through :func:`say`, which prints it as plain text; tables go to a console
with markup off; the progress bar's text columns have markup off.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import typer
from rich.console import Console, RenderableType
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.text import Text

from ..errors import ExitCode, InputError

err = Console(stderr=True, highlight=False)
#: tables and other rich renderables for stdout; their cells are plain text
out = Console(markup=False, highlight=False)
STDIO = "-"  # as a file name: stdin or stdout


def say(text: object, *, label: str = "", style: str = "") -> None:
    """One message on stderr: ``style`` colours the ``label`` if there is one, else
    the text. The text is a :class:`rich.text.Text`, never parsed as markup (safer
    than ``rich.markup.escape``, which mangles a trailing backslash)."""
    body = str(text)
    line = Text.assemble((label, style), " ", body) if label else Text(body, style=style)
    err.print(line, soft_wrap=True)


def error(message: str, hint: str | None = None) -> None:
    say(message, label="error:", style="bold red")
    if hint:
        say(hint, label="hint:", style="dim")


def fail(message: str, code: ExitCode, hint: str | None = None) -> NoReturn:
    error(message, hint)
    raise typer.Exit(code)


def show(renderable: RenderableType) -> None:
    """A rich table or the like on stdout (plain text cells: no markup)."""
    out.print(renderable)


def read_input(file: str) -> bytes:
    """The bytes of ``file``, or of stdin for ``-``."""
    if file == STDIO:
        return sys.stdin.buffer.read()
    path = Path(file)
    if not path.is_file():
        raise InputError(f"no such file: {file}")
    return path.read_bytes()


def output_path(value: Path | None) -> Path | None:
    """Check an ``--output`` before any work is done; ``-`` (or nothing) is stdout."""
    if value is None or str(value) == STDIO:
        return None
    if value.is_dir():
        raise typer.BadParameter(f"{value} is a folder; give a file name inside it")
    folder = value.parent
    if not folder.is_dir():
        raise typer.BadParameter(f"the folder {folder} does not exist; create it first")
    target = value if value.exists() else folder
    if not os.access(target, os.W_OK):
        raise typer.BadParameter(f"{target} is not writable")
    return value


def write_result(text: str, path: Path | None, what: str = "brief") -> None:
    """Write to ``path`` (stdout when None). A write that fails after the work is
    done keeps the result: it goes to a recovery file, or to stdout, and the
    message says where."""
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    try:
        path.write_text(text, encoding="utf-8")
        return
    except OSError as exc:
        reason = exc.strerror or str(exc)
    try:
        fd, recovery = tempfile.mkstemp(prefix=f"summarizer-{what}-", suffix=path.suffix)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        kept = f"the {what} was saved to {recovery}"
    except OSError:
        sys.stdout.write(text)
        kept = f"the {what} was written to stdout"
    fail(f"cannot write {path}: {reason}; {kept}", ExitCode.USAGE)


class Tally:
    """A progress bar's handle: ``start(total)``, then ``advance(ok)`` per finished item."""

    def __init__(self, bar: Progress, description: str) -> None:
        self.bar = bar
        self.failed = 0
        self.task = bar.add_task(description, total=None, failed=0)

    def start(self, total: int) -> None:
        self.bar.update(self.task, total=total)

    def advance(self, ok: bool) -> None:
        self.failed += not ok
        self.bar.update(self.task, advance=1, failed=self.failed)


@contextmanager
def progress(description: str, *, quiet: bool = False) -> Iterator[Tally]:
    """A progress bar on stderr (done/total, failed, elapsed, ETA), shown only on a
    terminal."""
    bar = Progress(
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("· {task.fields[failed]} failed ·", markup=False),
        TimeElapsedColumn(),
        TextColumn("· ETA", markup=False),
        TimeRemainingColumn(),
        console=err,
        disable=quiet or not err.is_terminal,
    )
    with bar:
        yield Tally(bar, description)
