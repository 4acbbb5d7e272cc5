"""Batches that lose nothing: many articles in, one JSONL line per article out.

Input is a folder (every ``.txt``, ``.html``, ``.htm`` and ``.md`` file is an
article, its id the file name) or a JSONL file (one ``{"id", "text",
"published"?}`` object per line). Each result is appended to the output as one
line, written with a single ``write`` on a file opened for appending and
flushed to disk, as soon as that article is done: a brief, or the error it met.

An output ending in ``.parquet`` gets the same records as a Parquet table
(``id``, ``ok``, and ``brief`` or ``error`` as JSON): they are appended to
``<output>.partial.jsonl`` as they are done, and folded into the table when
the run ends.

Started again on the same output, a batch resumes: ids already in the output
are skipped (``retry_failed`` re-runs the failed ones), and a last line cut
short by a kill is removed first. So a killed batch loses nothing and does
nothing twice.
"""

from __future__ import annotations

import asyncio
import json
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .core import Summarizer
from .errors import ConfigurationError, InputError, InvalidSettingError, SummarizerError
from .fanout import Job, brief_each
from .read.article import decode
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
    """The articles of a folder, a JSONL file or a Parquet file; a bad entry becomes
    a failed input."""
    if source.is_dir():
        for path in sorted(p for p in source.iterdir() if p.suffix.lower() in ARTICLE_SUFFIXES):
            try:
                yield BatchInput(path.name, decode(path.read_bytes()))
            except SummarizerError as exc:
                yield BatchInput(path.name, error=exc)
        return
    if not source.is_file():
        raise InputError(f"no such file or folder: {source}")
    if source.suffix.lower() == ".parquet":
        yield from _parquet_inputs(source)
        return
    with source.open("rb") as fh:
        for n, raw in enumerate(fh, 1):
            if not raw.strip():
                continue
            try:
                entry = json.loads(raw)
            except ValueError as exc:
                entry = exc
            yield _input(entry, n, source)


def _input(entry: Any, n: int, source: Path) -> BatchInput:
    """The article of row ``n``: an object with a ``text`` string, an ``id`` and a
    ``published`` date (both optional); anything else is a failed input."""
    problem = entry if isinstance(entry, ValueError) else None
    if problem is None and (not isinstance(entry, dict) or not isinstance(entry.get("text"), str)):
        problem = 'each line must be an object with a "text" string'
    if problem is not None:
        return BatchInput(f"line-{n}", error=InputError(f"line {n} of {source}: {problem}"))
    return BatchInput(str(entry.get("id") or f"line-{n}"), entry["text"], entry.get("published"))


def _parquet_inputs(source: Path) -> Iterator[BatchInput]:
    pq = _pyarrow_parquet()
    try:
        table = pq.ParquetFile(source)
        columns = [c for c in ("id", "text", "published") if c in table.schema_arrow.names]
        n = 0
        for batch in table.iter_batches(columns=columns, batch_size=1024):
            for row in batch.to_pylist():
                n += 1
                if row.get("published") is not None:
                    row["published"] = str(row["published"])[:10]
                yield _input(row, n, source)
    except (OSError, ValueError) as exc:  # not a Parquet file, or a damaged one
        raise InputError(f"cannot read the Parquet file {source}: {exc}") from None


def _pyarrow_parquet() -> Any:
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise ConfigurationError(
            "Parquet input or output needs pyarrow",
            hint="install it with `pip install 'summarizer[ray]'` (or `pip install pyarrow`)",
        ) from None
    return pq


def recorded(output: Path) -> dict[str, bool]:
    """Ids already in the output and whether each succeeded (the latest record of
    an id wins); repairs a torn last line."""
    seen: dict[str, bool] = {}
    if _is_parquet(output):
        if output.exists():
            table = _pyarrow_parquet().read_table(output, columns=["id", "ok"])
            seen.update(zip(table["id"].to_pylist(), table["ok"].to_pylist(), strict=True))
        output = _journal(output)
    if not output.exists():
        return seen
    data = output.read_bytes()
    if data and not data.endswith(b"\n"):  # killed mid-write: drop the partial line
        keep = data.rfind(b"\n") + 1
        with output.open("r+b") as fh:
            fh.truncate(keep)
        data = data[:keep]
    for line in data.splitlines():
        try:
            entry = json.loads(line)
            seen[str(entry["id"])] = bool(entry["ok"])
        except (ValueError, KeyError, TypeError):
            continue
    return seen


def _is_parquet(output: Path) -> bool:
    return output.suffix.lower() == ".parquet"


def _journal(output: Path) -> Path:
    """Where a Parquet output's records go as they are done, until the run ends."""
    return output.with_name(output.name + ".partial.jsonl")


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


def _to_parquet(output: Path) -> None:
    """Fold the journal into the Parquet output (one row an id, its latest record:
    ``id``, ``ok``, and ``brief`` or ``error`` as JSON), then drop the journal."""
    pq = _pyarrow_parquet()
    import pyarrow as pa

    journal = _journal(output)
    rows: dict[str, dict[str, Any]] = {}
    if output.exists():
        for row in pq.read_table(output).to_pylist():
            rows[row["id"]] = row
    if journal.exists():
        for line in journal.read_bytes().splitlines():
            entry = json.loads(line)
            rows[entry["id"]] = {
                "id": entry["id"],
                "ok": entry["ok"],
                "brief": json.dumps(entry["brief"]) if "brief" in entry else None,
                "error": json.dumps(entry["error"]) if "error" in entry else None,
            }
    schema = pa.schema(
        [("id", pa.string()), ("ok", pa.bool_()), ("brief", pa.string()), ("error", pa.string())]
    )
    tmp = output.with_name(output.name + ".tmp")
    pq.write_table(pa.Table.from_pylist(list(rows.values()), schema=schema), tmp)
    tmp.replace(output)
    journal.unlink(missing_ok=True)


def error_entry(item_id: str, exc: SummarizerError) -> dict[str, Any]:
    return {
        "id": item_id,
        "ok": False,
        "error": {"type": type(exc).__name__, "message": exc.message, "hint": exc.hint},
    }


def entry(item_id: str, outcome: Brief | SummarizerError) -> dict[str, Any]:
    """An article's record: its brief, or the typed error it met."""
    if isinstance(outcome, SummarizerError):
        return error_entry(item_id, outcome)
    return {"id": item_id, "ok": True, "brief": outcome.model_dump(mode="json")}


async def brief_entries(
    summarizer: Summarizer,
    items: list[BatchInput],
    on_entry: Callable[[dict[str, Any]], Any],
    *,
    jobs: int = 1,
) -> list[Any]:
    """Brief ``items``, at most ``jobs`` requests at once; ``on_entry`` hears each
    article's record as soon as it is ready."""

    def job(item: BatchInput) -> Job:
        if item.error is not None:
            raise item.error
        return Job(summarizer, item.text or "", item.published)

    return await brief_each(items, job, lambda item, out: on_entry(entry(item.id, out)), jobs=jobs)


class _Writer:
    """The output of one run: each record written once, as it comes, and counted."""

    def __init__(
        self,
        output: Path,
        summary: BatchSummary,
        on_done: Callable[[dict[str, Any]], None] | None,
    ) -> None:
        self.output, self.summary, self.on_done = output, summary, on_done
        self.appender = _Appender(_journal(output) if _is_parquet(output) else output)
        self.written: set[str] = set()

    def __call__(self, entry: dict[str, Any]) -> None:
        if entry["id"] in self.written:  # a retried task's second answer: kept once
            return
        self.written.add(entry["id"])
        self.appender.write(entry)
        if entry["ok"]:
            self.summary.done += 1
        else:
            self.summary.failed += 1
        if self.on_done:
            self.on_done(entry)

    def close(self) -> None:
        self.appender.close()
        if _is_parquet(self.output):
            _to_parquet(self.output)


def run_batch(
    summarizer: Summarizer,
    inputs: list[BatchInput],
    output: Path,
    *,
    jobs: int = 1,
    retry_failed: bool = False,
    on_start: Callable[[int], None] | None = None,
    on_done: Callable[[dict[str, Any]], None] | None = None,
    engine: str = "local",
    ray_address: str | None = None,
    actors: int | None = None,
) -> BatchSummary:
    """Brief ``inputs`` into ``output`` (JSONL, or Parquet when it ends in
    ``.parquet``); ``on_start`` hears how many articles this run briefs (those
    not already done), ``on_done`` each result as it is written.

    ``engine="local"`` briefs in this process (a thread per article in
    progress); ``"ray"`` on a pool
    of Ray actors (``summarizer.engines.ray_engine``), of the cluster at
    ``ray_address`` or a local one. Either way the records are written here,
    one line each, so resuming works the same."""
    if engine not in ENGINES:
        raise InvalidSettingError(
            f"unknown engine {engine!r}", hint=f"choose one of: {', '.join(ENGINES)}"
        )
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
    write = _Writer(output, summary, on_done)
    try:
        if engine == "ray":
            from .engines.ray_engine import brief_on_ray

            for item in todo:  # bad input is known here: its record needs no actor
                if item.error is not None:
                    write(error_entry(item.id, item.error))
            good = [item for item in todo if item.error is None]
            for result in brief_on_ray(
                summarizer, good, batch_work, jobs=jobs, actors=actors, address=ray_address
            ):
                write(result)
        else:
            asyncio.run(brief_entries(summarizer, todo, write, jobs=jobs))
    finally:
        write.close()
    latest = recorded(output)
    summary.not_ok = [item.id for item in inputs if not latest.get(item.id, False)]
    return summary


ENGINES = ("local", "ray")


async def batch_work(
    summarizer: Summarizer, items: list[BatchInput], jobs: int
) -> list[dict[str, Any]]:
    """What a Ray actor does with its share of a batch: each article's record."""
    entries: list[dict[str, Any]] = []
    await brief_entries(summarizer, items, entries.append, jobs=jobs)
    return entries
