"""One schema-constrained model request, validated and re-asked by instructor.

The response model is :class:`BriefDraft` plus a grounding check bound to the
article: every evidence quote must be found in it, every actor must be named
in it, and events and stances may only refer to key actors. A failed check goes
back to the model as a re-ask while the validation budget lasts; on the last
attempt the check is lenient, and normalization drops what is ungrounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any

import instructor
import pydantic_core
from instructor.core.exceptions import IncompleteOutputException, InstructorRetryException
from openai.types.chat import ChatCompletion
from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from . import errors
from .align import Aligner
from .backends import Backend
from .grounding import ground
from .names import ActorIndex
from .retry import Deadline, RetryPolicy, TransportRetrier
from .schema import (
    ActorDraft,
    ActorStanceDraft,
    BriefDraft,
    EventDraft,
    OpenQuestionDraft,
    StanceDraft,
    evidenced,
)

MAX_PROBLEMS_SHOWN = 8


@dataclass
class CallStats:
    calls: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    transport_retries: int = 0
    truncated: bool = False
    queued_s: float = 0.0  # waiting for a request slot (not this brief's own time)
    requests: int = 1  # questions asked (a staged brief asks several); the rest of calls re-ask
    dropped: list[str] = field(default_factory=list)  # what code refused of the answers
    warnings: list[str] = field(default_factory=list)

    @property
    def validation_retries(self) -> int:
        return max(0, self.calls - self.requests)


def grounding_problems(draft: BriefDraft, aligner: Aligner) -> list[str]:
    """What in ``draft`` cannot be traced to the article, as re-ask instructions."""
    problems: list[str] = []
    index = ActorIndex(draft.key_actors)
    for section, i, item in evidenced(draft):
        where = f"stance.{section}[{i}]" if section == "actor_stances" else f"{section}[{i}]"
        check = ground(section, item, aligner, index)
        if not check.named:
            problems.append(f"{where} {item.name!r} is not named in the article; remove it")
        if not check.evidence.grounded:
            problems.append(
                f"{where}.evidence {item.evidence[:80]!r} is not in the article; "
                "copy a quote word for word"
            )
        for name in check.unknown:
            problems.append(
                f"{where}.actors names {name!r}, which is not in key_actors"
                if section == "events"
                else f"{where}.actor {name!r} is not in key_actors"
            )
    return problems


def partial_json(response: ChatCompletion) -> dict | None:
    """The answer's JSON object as far as it got (cut off at the token limit), or None."""
    message = response.choices[0].message
    raw = message.tool_calls[0].function.arguments if message.tool_calls else message.content
    try:
        data = pydantic_core.from_json(raw or "", allow_partial=True)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def salvage(response: ChatCompletion) -> BriefDraft | None:
    """What an answer cut off at the token limit still holds: every item that
    was complete before the cut. None when that is nothing worth a brief."""
    data = partial_json(response)
    if data is None:
        return None

    def complete(items: object, model: type[BaseModel]) -> list:
        kept = []
        for item in items if isinstance(items, list) else []:
            with contextlib.suppress(ValidationError):  # the item the cut went through
                kept.append(model.model_validate(item))
        return kept

    actors = complete(data.get("key_actors"), ActorDraft)
    if not actors:
        return None
    stance = data.get("stance") if isinstance(data.get("stance"), dict) else {}
    try:
        stance_draft = StanceDraft.model_validate(stance)
    except ValidationError:  # no tone: say so rather than guess one
        stance_draft = StanceDraft.model_construct(
            article_tone=None,
            framing=stance.get("framing") if isinstance(stance.get("framing"), str) else "",
            actor_stances=complete(stance.get("actor_stances"), ActorStanceDraft),
        )
    summary = data.get("summary")
    return BriefDraft.model_construct(
        summary=summary if isinstance(summary, str) else "",
        key_actors=actors,
        events=complete(data.get("events"), EventDraft),
        open_questions=complete(data.get("open_questions"), OpenQuestionDraft),
        stance=stance_draft,
    )


def _size(draft: BriefDraft) -> int:
    return sum(1 for _ in evidenced(draft))


#: The extraction whose answer is being validated. A context variable, not
#: instructor's ``context=``: instructor renders every message as a Jinja
#: template when it is given a context, and the article must reach the model
#: as written (``{{`` in an article failed the call or was altered).
_current: ContextVar[Extraction | None] = ContextVar("summarizer_extraction", default=None)


# The draft schema plus the grounding check of the current extraction. One class
# for all articles, and already instructor's schema class, so instructor neither
# derives a new class nor rebuilds the schema per call. Its docstring is the
# schema's description, which a tools-mode model reads.
class GroundedBrief(BriefDraft, instructor.OpenAISchema):
    """A structured brief of one news article, grounded in its words."""

    model_config = ConfigDict(title="Brief")

    @model_validator(mode="after")
    def _grounded(self) -> GroundedBrief:
        extraction = _current.get()
        return extraction.check(self) if extraction is not None else self


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


class Extraction:
    """Runs one request for one article (or one chunk of it)."""

    def __init__(
        self,
        backend: Backend,
        article_text: str,
        *,
        validation_retries: int,
        retry_policy: RetryPolicy,
        deadline: Deadline,
        max_tokens: int,
        temperature: float,
        aligner: Aligner | None = None,
        limiter: asyncio.Semaphore | None = None,
    ) -> None:
        self.backend = backend
        self.aligner = (
            aligner if aligner and aligner.text == article_text else Aligner(article_text)
        )
        self.validation_retries = validation_retries
        self.max_tokens = max_tokens
        self.temperature = temperature
        self.retrier = TransportRetrier(retry_policy, deadline)
        self.limiter = limiter  # held while a request is with the model (async only)
        self.stats = CallStats()
        self.last_response: ChatCompletion | None = None
        self.attempts: list[tuple[BriefDraft, list[str]]] = []

    def check(self, draft: BriefDraft) -> BriefDraft:
        """The grounding check: a re-ask while the budget lasts. After that, the
        attempt that grounds the most items wins (a re-ask can come back worse)."""
        problems = grounding_problems(draft, self.aligner)
        self.attempts.append((draft, problems))
        if problems and self.stats.calls <= self.validation_retries:
            shown = problems[:MAX_PROBLEMS_SHOWN]
            more = len(problems) - len(shown)
            raise ValueError(
                "the brief is not grounded in the article:\n- "
                + "\n- ".join(shown)
                + (f"\n(and {more} more)" if more > 0 else "")
            )
        best = max(enumerate(self.attempts), key=lambda a: (_size(a[1][0]) - len(a[1][1]), a[0]))
        return best[1][0]

    # -- the raw request, wrapped: counting, transport retries, answer checks --
    def _record(self, response: ChatCompletion) -> ChatCompletion:
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

    def _create(self, **kwargs: Any) -> ChatCompletion:
        self.stats.calls += 1
        return self._record(self.retrier.call(self.backend.create, **kwargs))

    async def _acreate(self, **kwargs: Any) -> ChatCompletion:
        self.stats.calls += 1
        queued = time.perf_counter()
        async with self.limiter or contextlib.nullcontext():
            self.stats.queued_s += time.perf_counter() - queued
            response = await self.retrier.acall(self.backend.acreate, **kwargs)
        if self.limiter is not None:
            # let the article that takes the freed slot send its request before
            # this one's answer is checked: the model server is the bottleneck
            await asyncio.sleep(0)
        return self._record(response)

    def _request(self, messages: list[dict[str, str]]) -> dict[str, Any]:
        return dict(
            response_model=GroundedBrief,
            messages=messages,
            model=self.backend.model,
            max_tokens=self.max_tokens,
            temperature=self.temperature,
            max_retries=self.validation_retries,
        )

    def run(self, messages: list[dict[str, str]]) -> BriefDraft:
        create = instructor.patch(create=self._create, mode=self.backend.mode)
        token = _current.set(self)
        try:
            return create(**self._request(messages))
        except Exception as exc:
            return self._recover(exc)
        finally:
            _current.reset(token)

    async def arun(self, messages: list[dict[str, str]]) -> BriefDraft:
        create = instructor.patch(create=self._acreate, mode=self.backend.mode)
        token = _current.set(self)
        try:
            return await create(**self._request(messages))
        except Exception as exc:
            return self._recover(exc)
        finally:
            _current.reset(token)

    def _recover(self, exc: Exception) -> BriefDraft:
        """A cut-off answer keeps its complete items; anything else is a typed error."""
        typed = self._typed(exc)
        if isinstance(typed, errors.TruncatedOutputError) and self.last_response is not None:
            draft = salvage(self.last_response)
            if draft is not None:
                self.stats.truncated = True
                return draft
        raise typed from None

    def _typed(self, exc: Exception) -> errors.SummarizerError:
        self.stats.transport_retries = self.retrier.retries
        seen: set[int] = set()
        cause: BaseException | None = exc
        while cause is not None and id(cause) not in seen:
            seen.add(id(cause))
            if isinstance(cause, errors.SummarizerError):
                return cause
            if isinstance(cause, IncompleteOutputException):
                return errors.TruncatedOutputError(
                    f"the model's answer was cut off at the {self.max_tokens}-token limit"
                )
            cause = cause.__cause__ or cause.__context__
        if isinstance(exc, InstructorRetryException | ValidationError):
            attempts = getattr(exc, "failed_attempts", None) or []
            last = attempts[-1].exception if attempts else exc
            detail = " ".join(str(last).split())[:300]
            return errors.InvalidBriefError(
                f"no valid brief after {self.stats.calls} model call(s): {detail}"
            )
        return errors.BackendError(f"the model call failed: {type(exc).__name__}: {exc}")
