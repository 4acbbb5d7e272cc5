"""The plumbing every model request goes through, whatever it asks.

A :class:`Requester` sends one article's requests: schema-constrained by
instructor (re-asked after a failed validation while the budget lasts),
transient transport faults retried (:mod:`.retry`), tokens and calls counted,
and every failure turned into a typed error. An answer cut off at its token
limit keeps what it completed (:func:`completed`, the one salvage rule).
It runs in one thread; a batch's limits (:class:`summarizer.fanout.Limits`),
when given, are met: a request slot held only while a request is with the
model, the thread's core let go meanwhile.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import typing
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

import instructor
import pydantic_core
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, TypeAdapter, ValidationError

from .. import errors
from ..backends import Backend
from .retry import Deadline, RetryPolicy, TransportRetrier

if TYPE_CHECKING:
    from ..fanout import Limits

M = TypeVar("M", bound=BaseModel)


@dataclass
class CallStats:
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    transport_retries: int = 0
    truncated: bool = False
    queued_s: float = 0.0  # waiting for a request slot (not this brief's own time)
    requests: int = 0  # questions asked (a staged brief asks several); the rest of calls re-ask
    dropped: list[str] = field(default_factory=list)  # what code refused of the answers
    warnings: list[str] = field(default_factory=list)

    @property
    def validation_retries(self) -> int:
        return max(0, self.calls - self.requests)


# --- an answer cut off at its token limit -----------------------------------------------
def partial_json(response: ChatCompletion | None) -> dict | None:
    """The answer's JSON object as far as it got (cut off at the token limit), or None."""
    if response is None or not response.choices:
        return None
    message = response.choices[0].message
    raw = message.tool_calls[0].function.arguments if message.tool_calls else message.content
    try:
        data = pydantic_core.from_json(raw or "", allow_partial=True)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def completed(data: dict, model: type[BaseModel]) -> dict:
    """``data`` with each of ``model``'s list fields kept to the items that were
    complete before the cut (validated; the item the cut went through is not),
    a list the cut never reached empty."""
    out = dict(data)
    for name, info in model.model_fields.items():
        if typing.get_origin(info.annotation) is not list:
            continue
        (item,) = typing.get_args(info.annotation)
        adapter = TypeAdapter(item)
        kept = []
        for value in data.get(name) if isinstance(data.get(name), list) else []:
            with contextlib.suppress(ValidationError):
                kept.append(adapter.validate_python(value))
        out[name] = kept
    return out


def partial(response: ChatCompletion | None, model: type[M]) -> M | None:
    """What an answer cut off at its token limit still holds, as ``model``: every
    field and list item completed before the cut (lists may end early), or None."""
    data = partial_json(response)
    if data is None:
        return None
    try:
        return model.model_validate(completed(data, model))
    except ValidationError:
        return None


def load_handlers(mode: Any) -> None:
    """Have instructor load ``mode``'s handlers now. It loads them on first
    use, importing its provider module, and the first uses of a batch come from
    several threads at once: in a fresh process they raced ("Mode.TOOLS is not
    registered for provider OPENAI", seen in Ray workers)."""
    try:
        from instructor.v2.core.providers import Provider
        from instructor.v2.core.registry import mode_registry
    except ImportError:  # an instructor without the v2 registry loads them at import
        return
    with contextlib.suppress(KeyError):  # a mode it lacks fails at first use, as before
        mode_registry.get_handlers(Provider.OPENAI, mode)


# --- one article's requests --------------------------------------------------------------
class Requester:
    """Sends one article's requests and keeps their account (:class:`CallStats`)."""

    def __init__(
        self,
        backend: Backend,
        *,
        validation_retries: int,
        retry_policy: RetryPolicy,
        deadline: Deadline,
        max_tokens: int,
        temperature: float,
        limits: Limits | None = None,
    ) -> None:
        self.backend = backend
        self.validation_retries = validation_retries
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.retrier = TransportRetrier(retry_policy, deadline)
        self.limits = limits  # a batch's
        self.stats = CallStats()
        self.last_response: ChatCompletion | None = None

    @contextlib.contextmanager
    def _slot(self) -> Any:
        """A batch's request slot, held while a request is with the model, and
        its core let go meanwhile (the waits are not this brief's own time)."""
        limits = self.limits
        if limits is None:
            yield
            return
        loop = limits.loop
        limits.working.release()
        queued = time.perf_counter()
        asyncio.run_coroutine_threadsafe(limits.requests.acquire(), loop).result()
        self.stats.queued_s += time.perf_counter() - queued
        try:
            yield
        finally:
            loop.call_soon_threadsafe(limits.requests.release)
            queued = time.perf_counter()
            limits.working.acquire()
            self.stats.queued_s += time.perf_counter() - queued

    def _create(self, **kwargs: Any) -> ChatCompletion:
        """The raw request, wrapped: counted, retried, its answer checked."""
        self.stats.calls += 1
        with self._slot():
            response = self.retrier.call(self.backend.create, **kwargs)
        self.stats.transport_retries = self.retrier.retries
        self.last_response = response
        if response.usage:
            self.stats.prompt_tokens += response.usage.prompt_tokens or 0
            self.stats.completion_tokens += response.usage.completion_tokens or 0
        if not response.choices:
            raise errors.ModelOutputError(
                "the model server answered with no choices",
                hint="the server is misbehaving; try again or use another backend",
            )
        message = response.choices[0].message
        if getattr(message, "refusal", None):
            raise errors.RefusalError(f"the model refused: {message.refusal[:200]}")
        return response

    def request(
        self, messages: list[dict[str, str]], model: type[M], max_tokens: int | None = None
    ) -> M:
        """``model``'s answer to ``messages``, validated (re-asked while the budget
        lasts). Raises what instructor raises; :meth:`typed` names it."""
        create = instructor.patch(create=self._create, mode=self.backend.mode)
        self.stats.requests += 1
        return create(
            response_model=model,
            messages=messages,
            model=self.backend.model,
            max_tokens=max_tokens or self.max_tokens,
            temperature=self.temperature,
            max_retries=self.validation_retries,
        )

    def typed(self, exc: Exception) -> errors.SummarizerError:
        """The typed error a failed request means."""
        self.stats.transport_retries = self.retrier.retries
        for cause in errors.causes(exc):
            if isinstance(cause, errors.SummarizerError):
                return cause
            if isinstance(cause, IncompleteOutputException):
                return errors.TruncatedOutputError(
                    f"the model's answer was cut off at the {self.max_tokens}-token limit"
                )
        if isinstance(exc, InstructorRetryException | ValidationError):
            attempts = getattr(exc, "failed_attempts", None) or []
            last = attempts[-1].exception if attempts else exc
            detail = " ".join(str(last).split())[:300]
            return errors.InvalidBriefError(
                f"no valid brief after {self.stats.calls} model call(s): {detail}"
            )
        return errors.BackendError(f"the model call failed: {type(exc).__name__}: {exc}")

    def ask(self, messages: list[dict[str, str]], model: type[M], max_tokens: int) -> M | None:
        """A question of several about one article: the answer; what it completed
        when it was cut off at ``max_tokens`` or by the time limit; None when that
        is nothing, or when the time ran out before this question (after the
        first: one with no answer yet fails)."""
        try:
            return self.request(messages, model, max_tokens)
        except Exception as exc:
            typed = self.typed(exc)
            if isinstance(typed, errors.TruncatedOutputError):
                self.stats.truncated = True
                return partial(self.last_response, model)
            if isinstance(typed, errors.BackendTimeoutError) and self.stats.requests > 1:
                self.stats.truncated = True  # out of time: the earlier answers are kept
                return None
            raise typed from None
