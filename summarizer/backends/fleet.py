"""A fleet of OpenAI-compatible servers used as one backend.

Each request goes to the least busy server that is not resting (one whose
latest request failed comes last), at most ``per_server`` requests at a time
on each (``--jobs`` per URL). A server that
refuses a connection, breaks one, or answers 5xx or 429 is failed over at once:
the same request goes to the next server, so one server down costs the batch no
article. A server that refuses, or fails ``strikes`` times in a row, rests for
``rest`` seconds (doubling while it keeps failing, up to ``max_rest``), then is
tried again; the others carry on. When every server is resting the one whose
rest ends first is tried, and its error goes to the pipeline's retry policy.
A timeout goes to the retry policy too (it knows the time left), which retries
it at once, without backoff, when another server is awake to take it.

Each server's requests and failures are counted (:meth:`FleetBackend.health`)
so a run can say which server failed and how often.
"""

from __future__ import annotations

import math
import threading
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import openai
from openai.types.chat import ChatCompletion

from ..ask.retry import is_transient, refused_here, retry_elsewhere
from ..errors import InvalidSettingError, safe_url
from .base import Backend
from .openai_compat import OpenAIBackend


def split_urls(value: str | Sequence[str] | None) -> list[str]:
    """Server URLs from one string (a comma list), or from several (each may be a
    comma list), in order, repeats dropped."""
    if value is None:
        return []
    parts = [value] if isinstance(value, str) else list(value)
    urls: list[str] = []
    for part in parts:
        for url in str(part).split(","):
            url = url.strip()
            if url and url not in urls:
                urls.append(url)
    return urls


def failure_kind(exc: BaseException) -> str | None:
    """Why a server failed a request, when that is the server's fault (and worth
    another server); None for answers any server would give (400, 401, ...)."""
    if isinstance(exc, openai.APITimeoutError):
        return "timeout"
    if isinstance(exc, openai.APIConnectionError):
        return "connection refused" if refused_here(exc) else "connection failed"
    if isinstance(exc, openai.APIStatusError) and (
        exc.status_code >= 500 or exc.status_code == 429
    ):
        return f"HTTP {exc.status_code}"
    return None


@dataclass
class _Server:
    backend: OpenAIBackend
    in_flight: int = 0
    requests: int = 0
    failures: Counter[str] = field(default_factory=Counter)
    strikes: int = 0  # failures in a row
    rests: int = 0
    resting_until: float = 0.0
    rest: float = 0.0  # the length of the current rest


@dataclass
class _Call:
    """One request's tries across the fleet."""

    tries: int = 0
    tried: set[int] = field(default_factory=set)
    errors: list[BaseException] = field(default_factory=list)

    def failed(self, server: int, exc: BaseException) -> None:
        self.tried.add(server)
        self.errors.append(exc)

    def error(self) -> BaseException:
        """What the retry policy gets when the fleet gives up: the latest fault it
        retries (a 5xx, a reset) rather than a refusal it would not."""
        transient = [e for e in self.errors if is_transient(e)]
        return (transient or self.errors)[-1]


class FleetBackend(Backend):
    """Several OpenAI-compatible servers as one backend (see the module's docs)."""

    name = "openai"

    def __init__(
        self,
        urls: Sequence[str],
        model: str | None = None,
        *,
        per_server: int | None = None,
        rest: float = 2.0,
        max_rest: float = 30.0,
        strikes: int = 3,
        **options: Any,
    ) -> None:
        if len(urls) < 2:
            raise InvalidSettingError("a fleet needs at least two server URLs")
        self.servers = [_Server(OpenAIBackend(model, base_url=url, **options)) for url in urls]
        first = self.servers[0].backend
        self.model, self.mode = first.model, first.mode
        self.base_url = [s.backend.base_url for s in self.servers]
        self.per_server = per_server
        self.rest, self.max_rest, self.strikes = rest, max_rest, strikes
        self._lock = threading.Lock()
        self._freed = threading.Condition(self._lock)
        self._turn = 0  # ties go round the fleet

    @property
    def context_tokens(self) -> int:
        return self.servers[0].backend.context_tokens

    def describe(self) -> dict[str, Any]:
        return {**super().describe(), "base_url": self.base_url}

    # -- choosing a server ---------------------------------------------------------
    def _pick(self, call: _Call) -> _Server | None:
        """The server for the next try of ``call`` (counted in flight), or None when
        it must wait for a free slot or give up (:meth:`_gave_up`). A failed-over
        request goes to an awake server it has not tried yet, else to one it has
        (a fault by chance passes). Called with the lock held."""
        now = time.monotonic()
        everyone = range(len(self.servers))
        awake = [i for i in everyone if self.servers[i].resting_until <= now]
        if call.tried:
            if self._gave_up(call):
                return None
            candidates = [i for i in awake if i not in call.tried] or awake
        else:  # all resting: try the one that wakes first
            candidates = awake or [min(everyone, key=lambda i: self.servers[i].resting_until)]
        free = [
            i
            for i in candidates
            if self.per_server is None or self.servers[i].in_flight < self.per_server
        ]
        if not free:
            return None
        self._turn += 1
        n = len(self.servers)
        # a server that failed its latest request comes after those that did not
        best = min(
            free,
            key=lambda i: (
                self.servers[i].strikes > 0,
                self.servers[i].in_flight,
                (i - self._turn) % n,
            ),
        )
        server = self.servers[best]
        server.in_flight += 1
        server.requests += 1
        call.tries += 1
        return server

    def _gave_up(self, call: _Call) -> bool:
        """Whether a failed-over request is left to the retry policy: it has had two
        tries a server, or no server is awake (lock held)."""
        if not call.tried:
            return False
        now = time.monotonic()
        return call.tries >= 2 * len(self.servers) or all(
            s.resting_until > now for s in self.servers
        )

    def _done(self, server: _Server, exc: BaseException | None) -> str | None:
        kind = failure_kind(exc) if exc is not None else None
        with self._lock:
            server.in_flight -= 1
            if exc is None or kind is None:
                server.strikes, server.rest = 0, 0.0
            else:
                server.failures[kind] += 1
                server.strikes += 1
                if kind == "connection refused" or server.strikes >= self.strikes:
                    server.rest = min(self.max_rest, server.rest * 2 or self.rest)
                    server.resting_until = time.monotonic() + server.rest
                    server.rests += 1
            self._freed.notify_all()
        return kind

    # -- requests ------------------------------------------------------------------
    def create(self, **kwargs: Any) -> ChatCompletion:
        call = _Call()
        while True:
            with self._lock:
                server = self._pick(call)
                while server is None and not self._gave_up(call):
                    self._freed.wait(0.05)
                    server = self._pick(call)
            if server is None:
                raise call.error()
            try:
                response = server.backend.create(**kwargs)
            except Exception as exc:
                if not self._failed_over(server, exc, call):
                    raise
                continue  # failed over: the loop tries another server
            self._done(server, None)
            return response

    def _failed_over(self, server: _Server, exc: BaseException, call: _Call) -> bool:
        """Count the failure; whether the request goes to a server again now. A
        timeout goes back to the retry policy (it knows the time left), marked to
        be retried at once when another server is awake."""
        kind = self._done(server, exc)
        call.failed(self.servers.index(server), exc)
        if kind == "timeout" and self._awake_besides(server):
            retry_elsewhere(exc)
        return kind is not None and kind != "timeout"

    def _awake_besides(self, server: _Server) -> bool:
        now = time.monotonic()
        with self._lock:
            return any(s is not server and s.resting_until <= now for s in self.servers)

    # -- what happened ---------------------------------------------------------------
    def health(self) -> list[dict[str, Any]]:
        """Each server's URL (without secrets), requests sent, failures by kind and rests."""
        with self._lock:
            return [
                {
                    "url": safe_url(s.backend.base_url or ""),
                    "requests": s.requests,
                    "failures": dict(s.failures),
                    "rests": s.rests,
                }
                for s in self.servers
            ]


def _fleet(backend: Backend | None) -> FleetBackend | None:
    """The fleet behind ``backend`` (itself, or behind a cache), if any."""
    while backend is not None and not isinstance(backend, FleetBackend):
        backend = getattr(backend, "inner", None)
    return backend


def take_counts(backend: Backend) -> list[dict[str, Any]] | None:
    """A fleet's counts since the last take (requests, failures, rests per server),
    zeroed: what a Ray actor sends back with its results. None for other backends."""
    fleet = _fleet(backend)
    if fleet is None:
        return None
    with fleet._lock:
        counts = [
            {"requests": s.requests, "failures": dict(s.failures), "rests": s.rests}
            for s in fleet.servers
        ]
        for s in fleet.servers:
            s.requests, s.rests = 0, 0
            s.failures.clear()
    return counts


def add_counts(backend: Backend, counts: list[dict[str, Any]] | None) -> None:
    """Add another process's counts (:func:`take_counts`) to this fleet's."""
    fleet = _fleet(backend)
    if fleet is None or not counts:
        return
    with fleet._lock:
        for server, c in zip(fleet.servers, counts, strict=False):
            server.requests += c["requests"]
            server.rests += c["rests"]
            server.failures.update(c["failures"])


def jobs_per_server(backend: Backend, jobs: int) -> int:
    """``jobs`` requests at once on each server of a fleet: caps each server and
    returns the total (``jobs`` for any other backend)."""
    fleet = _fleet(backend)
    if fleet is None:
        return jobs
    fleet.per_server = jobs
    return jobs * len(fleet.servers)


def spread_over_servers(backend: Backend, jobs: int) -> None:
    """``jobs`` requests at once in all, shared out among a fleet's servers (a Ray
    actor's share of the total that :func:`jobs_per_server` made)."""
    fleet = _fleet(backend)
    if fleet is not None:
        fleet.per_server = max(1, math.ceil(jobs / len(fleet.servers)))


def health_lines(backend: Backend) -> list[str]:
    """One line per fleet server that failed: which, how often and why."""
    fleet = _fleet(backend)
    lines = []
    for s in fleet.health() if fleet is not None else []:
        failed = sum(s["failures"].values())
        if failed:
            why = ", ".join(f"{kind} {n}" for kind, n in sorted(s["failures"].items()))
            lines.append(
                f"server {s['url']}: {failed} of {s['requests']} requests failed ({why}); "
                f"rested {s['rests']} time{'s' if s['rests'] != 1 else ''}"
            )
    return lines
