"""One policy for transient transport faults, separate from validation re-asks.

Rate limits (429, ``Retry-After`` honoured), 5xx answers, timeouts and broken
connections are retried with exponential backoff and jitter, within a total
deadline. The openai client's own retries are switched off (``max_retries=0``)
so that attempts do not multiply. Everything else fails at once.
"""

from __future__ import annotations

import email.utils
import ipaddress
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

import openai
from tenacity import (
    RetryCallState,
    Retrying,
    retry_if_exception,
    stop_after_attempt,
    wait_exponential_jitter,
)

from .. import errors
from ..checks import check_number
from ..errors import safe_url

log = logging.getLogger("summarizer")
T = TypeVar("T")
_TRANSIENT_STATUS = {408, 409, 425, 429, 500, 502, 503, 504}


@dataclass(frozen=True)
class RetryPolicy:
    """How transport faults are retried. Times are seconds."""

    max_attempts: int = 6
    initial_wait: float = 1.0
    max_wait: float = 30.0
    jitter: float = 1.0
    max_retry_after: float = 60.0
    timeout: float = 300.0  # one request
    deadline: float = 900.0  # all requests of one brief, re-asks included

    def __post_init__(self) -> None:
        check_number("max_attempts", self.max_attempts, minimum=1, whole=True)
        for name in ("initial_wait", "max_wait", "jitter", "max_retry_after"):
            check_number(name, getattr(self, name), minimum=0)
        check_number("timeout", self.timeout, minimum=0, above=True)
        check_number("deadline", self.deadline, minimum=0, above=True)


class Deadline:
    """A point in monotonic time that all attempts of one brief share."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.end = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self.end - time.monotonic())


def is_transient(exc: BaseException) -> bool:
    if isinstance(exc, openai.APIConnectionError):
        return refused_here(exc) is None
    if isinstance(exc, openai.APIStatusError):
        return exc.status_code in _TRANSIENT_STATUS
    return False


def refused_here(exc: openai.APIConnectionError) -> str | None:
    """The address (scheme, host, port) that refused the connection, when it is this
    machine's loopback: nothing listens there, and nothing will a moment later, so
    it is not retried. A remote host's refusal (a restart, a balancer) still is."""
    if isinstance(exc, openai.APITimeoutError):
        return None
    url = exc.request.url
    refused = any(isinstance(c, ConnectionRefusedError) for c in errors.causes(exc))
    if not _is_loopback(url.host) or not refused:
        return None
    return safe_url(f"{url.scheme}://{url.netloc.decode('ascii', 'replace')}")


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def retry_after_seconds(exc: BaseException) -> float | None:
    """The server's ``Retry-After`` (or ``retry-after-ms``) in seconds, if it sent one."""
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    if not headers:
        return None
    if ms := headers.get("retry-after-ms"):
        try:
            return max(0.0, float(ms) / 1000)
        except ValueError:
            pass
    value = headers.get("retry-after")
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        parsed = email.utils.parsedate_to_datetime(value) if value else None
        if parsed is None:
            return None
        return max(0.0, parsed.timestamp() - time.time())


_ELSEWHERE = "_summarizer_retry_elsewhere"


def retry_elsewhere(exc: BaseException) -> BaseException:
    """Mark a transient fault whose retry goes to another server (a fleet's): the
    backoff is for the server that failed, so the retry does not wait."""
    setattr(exc, _ELSEWHERE, True)
    return exc


class TransportRetrier:
    """Runs one request with the policy; counts the retries it made."""

    def __init__(self, policy: RetryPolicy, deadline: Deadline) -> None:
        self.policy = policy
        self.deadline = deadline
        self.retries = 0
        self._backoff = wait_exponential_jitter(
            multiplier=policy.initial_wait, max=policy.max_wait, jitter=policy.jitter
        )

    def _wait(self, state: RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        if exc is not None and getattr(exc, _ELSEWHERE, False):
            return 0.0
        hinted = retry_after_seconds(exc) if exc else None
        if hinted is not None:
            return min(hinted, self.policy.max_retry_after)
        return self._backoff(state)

    def _stop(self, state: RetryCallState) -> bool:
        if stop_after_attempt(self.policy.max_attempts)(state):
            return True
        # Stop when the next sleep would run past the deadline.
        return (state.upcoming_sleep or 0.0) >= self.deadline.remaining()

    def _before_sleep(self, state: RetryCallState) -> None:
        self.retries += 1
        exc = state.outcome.exception() if state.outcome else None
        log.warning(
            "transient fault (%s); retry %d in %.1fs",
            errors.redact(type(exc).__name__ + ": " + str(exc))[:200],
            state.attempt_number,
            state.upcoming_sleep,
        )

    def _kwargs(self) -> dict[str, Any]:
        return dict(
            stop=self._stop,
            wait=self._wait,
            retry=retry_if_exception(is_transient),
            before_sleep=self._before_sleep,
            reraise=True,
        )

    def request_timeout(self) -> float:
        remaining = self.deadline.remaining()
        if remaining <= 0:
            raise errors.BackendTimeoutError(
                f"the deadline of {self.deadline.seconds:g}s for this brief has passed"
            )
        return min(self.policy.timeout, remaining)

    def call(self, fn: Callable[..., T], **kwargs: Any) -> T:
        try:
            for attempt in Retrying(**self._kwargs()):
                with attempt:
                    return fn(timeout=self.request_timeout(), **kwargs)
        except openai.OpenAIError as exc:
            raise to_backend_error(exc, self.retries + 1) from None
        raise AssertionError("unreachable")  # pragma: no cover


def to_backend_error(exc: openai.OpenAIError, attempts: int) -> errors.BackendError:
    """The typed error for an openai exception, with the key-free reason."""
    tried = f"after {attempts} attempt{'s' if attempts != 1 else ''}"
    if isinstance(exc, openai.APITimeoutError):
        return errors.BackendTimeoutError(f"the model server did not answer in time {tried}")
    if isinstance(exc, openai.APIConnectionError):
        if refused := refused_here(exc):
            return errors.BackendConnectionError(
                f"connection refused at {refused}: no model server listens there",
                hint="start the model server, or check the port in --base-url",
            )
        return errors.BackendConnectionError(f"could not connect to the model server {tried}")
    if isinstance(exc, openai.APIStatusError):
        status = exc.status_code
        detail = _error_detail(exc)
        if status == 429:
            return errors.RateLimitedError(
                f"rate-limited by the model server (429) {tried}{detail}"
            )
        if status in (401, 403):
            return errors.AuthenticationError(
                f"the model server refused the key ({status}){detail}"
            )
        if status >= 500:
            return errors.ServerError(f"the model server failed ({status}) {tried}{detail}")
        return errors.RequestRejectedError(
            f"the model server rejected the request ({status}){detail}"
        )
    return errors.BackendError(f"the model call failed: {type(exc).__name__}: {exc}")


def _error_detail(exc: openai.APIStatusError) -> str:
    body = exc.body
    message = body.get("message") if isinstance(body, dict) else None
    if message is None and isinstance(body, dict) and isinstance(body.get("error"), dict):
        message = body["error"].get("message")
    return f": {str(message)[:300]}" if message else ""
