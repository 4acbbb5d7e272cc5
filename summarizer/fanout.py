"""Many articles at once, within bounds: the one loop that briefs side by side.

``Summarizer.asummarize_many``, the batch command and the eval runner all brief
their articles through :func:`brief_each`; each says only what an item's
article is and what becomes of its brief or its error.
"""

from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from .errors import SummarizerError

if TYPE_CHECKING:
    from .core import Summarizer
    from .read.article import Article
    from .schema import Brief

T = TypeVar("T")
R = TypeVar("R")


class Limits:
    """Bounds for many briefs at once: at most ``n`` requests with the model, and
    at most ``2n`` articles in progress, each in a thread of its own, of which no
    more work at once (read, check, parse answers) than the machine has cores: a
    thread lets go of its core while it waits for the model. So the requests in
    flight reach ``n`` however slow the server, and the threads that work do not
    crowd one interpreter lock (64 threads working at once made a batch against
    fast servers 4x slower). A request slot is held only while the model works,
    so the next article is sent while the last answer is checked; the article
    bound keeps memory flat however long the batch."""

    def __init__(self, n: int) -> None:
        """Made on the event loop whose semaphores they are (``loop``)."""
        n = max(1, n)
        self.loop = asyncio.get_running_loop()
        self.requests = asyncio.Semaphore(n)
        self.articles = asyncio.Semaphore(2 * n)
        self.threads = ThreadPoolExecutor(2 * n, thread_name_prefix="summarizer")
        self.working = threading.BoundedSemaphore(os.cpu_count() or 1)


class Job(NamedTuple):
    """What one item asks: this article, of this summarizer."""

    summarizer: Summarizer
    text: str | bytes | Article
    published: str | date | None = None


async def brief_each(
    items: Iterable[T],
    job: Callable[[T], Job],
    done: Callable[[T, Brief | SummarizerError], R],
    *,
    jobs: int = 1,
) -> list[R]:
    """Brief every item, at most ``jobs`` requests with the model at once (see
    :class:`Limits`), and return ``done``'s results in the items' order.

    ``job(item)`` says what to brief; a :class:`SummarizerError` it raises (bad
    input) is that item's outcome, like one the brief itself meets, and costs
    the other items nothing. ``done(item, outcome)`` hears each item's brief or
    error as soon as it is ready."""
    limits = Limits(jobs)

    async def one(item: T) -> R:
        async with limits.articles:
            outcome: Brief | SummarizerError
            try:
                summarizer, text, published = job(item)
                outcome = await summarizer.asummarize(text, published, limits=limits)
            except SummarizerError as exc:
                outcome = exc
            return done(item, outcome)

    try:
        return list(await asyncio.gather(*(one(item) for item in items)))
    finally:  # a brief under way finishes while the loop runs (its slots are the loop's)
        await asyncio.to_thread(limits.threads.shutdown, wait=True, cancel_futures=True)
