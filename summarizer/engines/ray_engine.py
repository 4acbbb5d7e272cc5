"""Briefs on a Ray cluster: the one module that imports Ray.

The items (a batch's articles, an eval's fixtures, ``summarize_many``'s
articles) become a Ray Dataset, mapped in small batches by a pool of Ray actors
that each hold one :class:`~summarizer.core.Summarizer`, built once from the
caller's :meth:`~summarizer.core.Summarizer.recipe` (the embedded model loaded
once per actor, or an openai client). An actor briefs its batch with the same
fan-out as a local run (``work``: e.g. :func:`summarizer.batch.batch_work`),
and the results stream back to the caller as they are done, which writes them.

Ray Data restarts an actor that dies and runs its batch again on another, so
nothing is lost; the caller keeps the first result of an id, so nothing is
written twice. ``address`` joins an existing cluster; without it, and unless
this process already joined one, a local cluster starts (no dashboard).
"""

from __future__ import annotations

import asyncio
import logging
import math
import pickle
from collections.abc import Awaitable, Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import BackendUnavailableError, ConfigurationError

if TYPE_CHECKING:
    from ..core import Summarizer

Work = Callable[["Summarizer", list[Any], int], Awaitable[list[Any]]]


def _ray() -> Any:
    try:
        import ray
        import ray.data  # noqa: F401 (Ray Data needs its extra: pyarrow, pandas)
    except ImportError:
        raise BackendUnavailableError(
            "the ray engine needs Ray", hint="install it with `pip install 'summarizer[ray]'`"
        ) from None
    return ray


def connect(address: str | None = None) -> Any:
    """Ray, joined to the cluster at ``address``; else the one this process joined
    already; else a new local cluster."""
    ray = _ray()
    if ray.is_initialized():
        return ray
    try:
        ray.init(
            address=address or "local",
            include_dashboard=False if address is None else None,
            log_to_driver=False,
            configure_logging=False,
        )
    except (ConnectionError, ValueError, RuntimeError) as exc:
        raise ConfigurationError(
            f"cannot join the Ray cluster at {address!r}: {exc}"[:300],
            hint="check --ray-address (e.g. ray://head:10001 or auto), or leave it out "
            "to start a local cluster",
        ) from None
    return ray


def _quiet(ray: Any) -> None:
    """No progress bars or per-dataset log lines: the caller reports progress."""
    logging.getLogger("ray.data").setLevel(logging.ERROR)
    context = ray.data.DataContext.get_current()
    context.enable_progress_bars = False
    context.print_on_execution_start = False


class _Briefer:
    """A Ray actor's state: one Summarizer, kept between batches (the embedded
    model loads once), and its share of the requests at once (``jobs``, spread
    over a fleet's servers)."""

    def __init__(self, recipe: dict[str, Any], work: Work, jobs: int) -> None:
        from ..backends.fleet import spread_over_servers
        from ..core import Summarizer

        self.summarizer = Summarizer(**recipe)
        self.work = work
        self.jobs = jobs
        spread_over_servers(self.summarizer.backend, jobs)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[bytes]]:
        from ..backends.fleet import take_counts

        items = [pickle.loads(blob) for blob in batch["item"]]
        results = asyncio.run(self.work(self.summarizer, items, self.jobs))
        # the fleet's counts of this batch ride on its first row, for the caller's summary
        counts = [pickle.dumps(take_counts(self.summarizer.backend))]
        return {
            "result": [pickle.dumps(r) for r in results],
            "counts": (counts + [pickle.dumps(None)] * len(results))[: len(results)],
        }


def brief_on_ray(
    summarizer: Summarizer,
    items: Sequence[Any],
    work: Work,
    *,
    jobs: int = 1,
    actors: int | None = None,
    address: str | None = None,
) -> Iterator[Any]:
    """``work``'s results for ``items``, as they are done, from a pool of ``actors``
    Ray actors (default: one per CPU of the cluster), ``jobs`` requests at once in
    all (shared among the actors; on a fleet, per server)."""
    from ..backends.fleet import add_counts

    recipe = summarizer.recipe()
    if not items:
        return
    ray = connect(address)
    _quiet(ray)
    if actors is None:
        actors = max(1, int(ray.cluster_resources().get("CPU", 1)))
    actors = max(1, min(actors, len(items)))
    per_actor = max(1, math.ceil(jobs / actors))
    batch_size = 2 * per_actor  # as many articles as one actor keeps in progress
    blocks = math.ceil(len(items) / batch_size)
    actors = min(actors, blocks)  # no actor without a batch to brief
    ds = ray.data.from_items(
        [{"item": pickle.dumps(item)} for item in items], override_num_blocks=blocks
    )
    ds = ds.map_batches(
        _Briefer,
        fn_constructor_args=(recipe, work, per_actor),
        batch_size=batch_size,
        batch_format="numpy",
        compute=ray.data.ActorPoolStrategy(size=actors),
        num_cpus=1,
    )
    for row in ds.iter_rows():
        add_counts(summarizer.backend, pickle.loads(row["counts"]))
        yield pickle.loads(row["result"])
