"""The one-request brief (``--pipeline single``): the whole brief in one answer.

The response model is :class:`BriefDraft` plus a grounding check bound to the
article: every evidence quote must be found in it, every actor must be named
in it, and events and stances may only refer to key actors. A failed check goes
back to the model as a re-ask while the validation budget lasts; on the last
attempt the check is lenient, and normalization drops what is ungrounded.
"""

from __future__ import annotations

from contextvars import ContextVar
from typing import Any

import instructor
from pydantic import ConfigDict, ValidationError, model_validator

from .. import errors
from ..ground.check import ground
from ..ground.locate import Aligner
from ..read.names import ActorIndex
from ..schema import BriefDraft, StanceDraft, evidenced
from .requests import Requester, completed, partial_json

MAX_PROBLEMS_SHOWN = 8


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


def salvage(response: Any) -> BriefDraft | None:
    """What an answer cut off at the token limit still holds: every item that
    was complete before the cut. None when that is nothing worth a brief."""
    data = partial_json(response)
    if data is None:
        return None
    data = completed(data, BriefDraft)
    if not data["key_actors"]:
        return None
    stance = data.get("stance") if isinstance(data.get("stance"), dict) else {}
    try:
        stance_draft = StanceDraft.model_validate(stance)
    except ValidationError:  # no tone: say so rather than guess one
        stance_draft = StanceDraft.model_construct(
            article_tone=None,
            framing=stance.get("framing") if isinstance(stance.get("framing"), str) else "",
            actor_stances=completed(stance, StanceDraft)["actor_stances"],
        )
    summary = data.get("summary")
    return BriefDraft.model_construct(
        summary=summary if isinstance(summary, str) else "",
        key_actors=data["key_actors"],
        events=data["events"],
        open_questions=data["open_questions"],
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


class Extraction:
    """The one request for one article (or one chunk of it), checked for grounding."""

    def __init__(self, requester: Requester, article_text: str, aligner: Aligner | None = None):
        self.requester = requester
        self.aligner = (
            aligner if aligner and aligner.text == article_text else Aligner(article_text)
        )
        self.attempts: list[tuple[BriefDraft, list[str]]] = []

    def check(self, draft: BriefDraft) -> BriefDraft:
        """The grounding check: a re-ask while the budget lasts. After that, the
        attempt that grounds the most items wins (a re-ask can come back worse)."""
        problems = grounding_problems(draft, self.aligner)
        self.attempts.append((draft, problems))
        if problems and self.requester.stats.calls <= self.requester.validation_retries:
            shown = problems[:MAX_PROBLEMS_SHOWN]
            more = len(problems) - len(shown)
            raise ValueError(
                "the brief is not grounded in the article:\n- "
                + "\n- ".join(shown)
                + (f"\n(and {more} more)" if more > 0 else "")
            )
        best = max(enumerate(self.attempts), key=lambda a: (_size(a[1][0]) - len(a[1][1]), a[0]))
        return best[1][0]

    def run(self, messages: list[dict[str, str]]) -> BriefDraft:
        """The brief's draft; what a cut-off answer completed; else a typed error."""
        requester = self.requester
        token = _current.set(self)
        try:
            return requester.request(messages, GroundedBrief)
        except Exception as exc:
            typed = requester.typed(exc)
            if isinstance(typed, errors.TruncatedOutputError):
                draft = salvage(requester.last_response)
                if draft is not None:
                    requester.stats.truncated = True
                    return draft
            raise typed from None
        finally:
            _current.reset(token)
