"""Batches that lose nothing: many articles in, one JSONL line per article out.

Input is a folder (every ``.txt``, ``.html``, ``.htm`` and ``.md`` file is an
article, its id the file name) or a JSONL file (one ``{"id", "text",
"published"?}`` object per line). Each result is appended to the output as one
line, written with a single ``write`` on a file opened for appending and
flushed to disk, as soon as that article is done: a brief, or the error it met.

Started again on the same output, a batch resumes: ids already in the output
are skipped (``retry_failed`` re-runs the failed ones), and a last line cut
short by a kill is removed first. So a killed batch loses nothing and does
nothing twice.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .article import decode
from .core import Summarizer
from .errors import InputError, SummarizerError
from .fanout import Job, brief_each
from .schema import Brief

ARTICLE_SUFFIXES = {".txt", ".html", ".htm", ".md"}


@dataclass(frozen=True)
class BatchInput:
    id: str
    text: str | None = None
    published: str | None = None
    error: SummarizerError | None = None  # the input itself was bad


@dataclass
class BatchSummary:
    done: int = 0  # briefed in this run
    failed: int = 0  # failed in this run
    skipped: int = 0  # already in the output
    not_ok: list[str] = field(default_factory=list)  # ids whose latest result is a failure

    @property
    def ok(self) -> bool:
        """Whether every input has a brief in the output, this run's or an earlier one's."""
        return not self.not_ok


def read_inputs(source: Path) -> Iterator[BatchInput]:
    """The articles of a folder or a JSONL file; a bad entry becomes a failed input."""
    if source.is_dir():
        for path in sorted(p for p in source.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES):
            try:
                yield BatchInput(path.name, decode(path.read_bytes()))
            except SummarizerError as exc:
                yield BatchInput(path.name, error=exc)
        return
    if not source.is_file():
        raise InputError(f"no such file or folder: {source}")
    with source.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                entry = json.loads(raw)
                if not isinstance(entry, dict) or not isinstance(entry.get("text"), str):
                    raise ValueError('each line must be an object with a "text" string')
            except ValueError as exc:
                yield BatchInput(f"line-{n}", error=InputError(f"line {n} of {source}: {exc}"))
                continue
            yield BatchInput(
                str(entry.get("id") or f"line-{n}"), entry["text"], entry.get("published")
            )


def recorded(output: Path) -> dict[str, bool]:
    """Ids already in the output and whether each succeeded; repairs a torn last line."""
    if not output.exists():
        return {}
    data = output.read_bytes()
    if data and not data.endswith(b"\n"):  # killed mid-write: drop the partial line
        keep = data.rfind(b"\n") + 1
        with output.open("r+b") as fh:
            fh.truncate(keep)
        data = data[:keep]
    seen: dict[str, bool] = {}
    for line in data.splitlines():
        try:
            entry = json.loads(line)
            seen[str(entry["id"])] = bool(entry["ok"])
        except (ValueError, KeyError, TypeError):
            continue
    return seen


class _Appender:
    """One line per result, appended whole and flushed to disk."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def write(self, entry: dict[str, Any]) -> None:
        line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
        os.write(self.fd, line)
        os.fsync(self.fd)

    def close(self) -> None:
        os.close(self.fd)


def _error_entry(item_id: str, exc: SummarizerError) -> dict[str, Any]:
    return {
        "id": item_id,
        "ok": False,
        "error": {"type": type(exc).__name__, "message": exc.message, "hint": exc.hint},
    }


async def arun_batch(
    summarizer: Summarizer,
    inputs: list[BatchInput],
    output: Path,
    *,
    jobs: int = 1,
    retry_failed: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[dict[str, Any]], None] | None = None,
) -> BatchSummary:
    """Brief ``inputs`` into ``output``; ``on_start`` hears how many articles this
    run briefs (those not already done), ``on_done`` each result as it is written."""
    seen = recorded(output)
    summary = BatchSummary()
    todo = []
    for item in inputs:
        if item.id in seen and (seen[item.id] or not retry_failed):
            summary.skipped += 1
        else:
            todo.append(item)
    if on_start:
        on_start(len(todo))
    appender = _Appender(output)

    def job(item: BatchInput) -> Job:
        if item.error is not None:
            raise item.error
        return Job(summarizer, item.text or "", item.published)

    def done(item: BatchInput, outcome: Brief | SummarizerError) -> None:
        if isinstance(outcome, SummarizerError):
            entry = _error_entry(item.id, outcome)
        else:
            entry = {"id": item.id, "ok": True, "brief": outcome.model_dump(mode="json")}
        appender.write(entry)
        if entry["ok"]:
            summary.done += 1
        else:
            summary.failed += 1
        if on_done:
            on_done(entry)

    try:
        await brief_each(todo, job, done, jobs=jobs)
    finally:
        appender.close()
    latest = recorded(output)
    summary.not_ok = [item.id for item in inputs if not latest.get(item.id, False)]
    return summary


def run_batch(
    summarizer: Summarizer, inputs: list[BatchInput], output: Path, **kw: Any
) -> BatchSummary:
    return summarizer.run_async(arun_batch(summarizer, inputs, output, **kw))
