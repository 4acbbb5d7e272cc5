"""The model's part of a staged brief: short questions over one article.

Every pass sends the same head (instructions, then the article as numbered
sentences) and a short question of its own, so the embedded backend reads the
article once and each pass only reads its question (the prefix cache keeps
the head's state). Each answer has a small schema of its own, built per
article: sentence numbers are enums and candidate names constants, so a
citation that does not exist cannot be written under a grammar and is a
validation error (re-asked) elsewhere. The model writes numbers and a few
words; code turns numbers into quotes, offsets, actors, dates and attributions.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, create_model

from ..read.analysis import Analysis
from ..read.untrusted import shown
from ..schema import ActorDraft, ActorKind, Position, Salience, Tone
from .prompts import PromptSet

NOT_AN_ACTOR = "not an actor"
Verdict = Literal["central", "supporting", "mentioned", "not an actor"]


def _enum(values: list[Any]) -> Any:
    """A ``Literal`` of ``values`` (a type whose schema is an enum)."""
    return Literal[tuple(values)]  # type: ignore[return-value]


class _Answer(BaseModel):
    model_config = ConfigDict(extra="ignore")


def one_each(key: str, values: list[Any], **fields: dict[str, Any]) -> Any:
    """A list field with exactly one item per value, in order, whose ``key`` is
    that value (the grammar writes it: it cannot skip, add or drift to the next
    candidate or sentence) and whose other ``fields`` have these schemas."""
    prefix = [
        {
            "type": "object",
            "properties": {key: {"const": value}, **fields},
            "required": [key, *fields],
        }
        for value in values
    ]
    n = len(prefix)
    return Field(
        json_schema_extra={"prefixItems": prefix, "minItems": n, "maxItems": n, "items": False}
    )


# --- the answers' schemas, per article ------------------------------------------------
def actors_model(names: list[str], missed: int = 3) -> type[BaseModel]:
    """One verdict per candidate, in order: the grammar writes each candidate's
    name, so a role cannot drift to the next name; then up to ``missed`` actors
    the candidates lacked."""
    item = create_model(
        "ActorVerdict",
        __base__=_Answer,
        name=(str, Field(description="the candidate's name")),
        salience=(Verdict, Field(description="central, supporting, mentioned, or not an actor")),
        role=(str, Field(description="its part in the story, 2 to 6 words")),
    )
    other = create_model(
        "MissedActor",
        __base__=_Answer,
        name=(str, Field(description="the name exactly as written in the article")),
        kind=(ActorKind, ...),
        salience=(Salience, ...),
        role=(str, ...),
    )
    return create_model(
        "Actors",
        __base__=_Answer,
        actors=(
            list[item],  # type: ignore[valid-type]
            one_each(
                "name", names, salience={"enum": list(Verdict.__args__)}, role={"type": "string"}
            ),
        ),
        missed=(list[other], Field(json_schema_extra={"maxItems": missed})),  # type: ignore[valid-type]
    )


def events_model(sentences: list[int]) -> type[BaseModel]:
    """The numbers of the sentences that report an event: the model judges,
    code writes the rest (a written line cost ~40 tokens an event, and the
    embedded model copied the sentence anyway)."""
    return create_model(
        "Events",
        __base__=_Answer,
        events=(
            list[_enum(sentences)],  # type: ignore[valid-type]
            Field(json_schema_extra={"maxItems": len(sentences)}),
        ),
    )


#: a question's length, enforced by the grammar (a copied sentence runs longer)
QUESTION_CHARS = 90


def questions_model(cues: list[int]) -> type[BaseModel]:
    """One line per cue sentence, in order; an empty question when nothing is open."""
    item = create_model(
        "QuestionItem",
        __base__=_Answer,
        s=(_enum(cues), ...),
        question=(str, ...),
    )
    return create_model(
        "OpenQuestions",
        __base__=_Answer,
        questions=(
            list[item],  # type: ignore[valid-type]
            one_each("s", cues, question={"type": "string", "maxLength": QUESTION_CHARS}),
        ),
    )


def roles_model(names: list[str]) -> type[BaseModel]:
    """One role per actor, in order: the grammar writes each name."""
    item = create_model(
        "RoleItem", __base__=_Answer, name=(str, ...), role=(str, Field(description="3 to 8 words"))
    )
    one = one_each("name", names, role={"type": "string"})
    return create_model("Roles", __base__=_Answer, roles=(list[item], one))  # type: ignore[valid-type]


SUMMARY_CHARS = 300


def summary_model(
    actors: list[str], sentences: list[int], tones: tuple[str, ...] = Tone.__args__
) -> type[BaseModel]:
    stance = create_model(
        "StanceItem",
        __base__=_Answer,
        actor=(_enum(actors), ...),
        toward=(str, Field(description="whom or what")),
        position=(Position, ...),
        s=(_enum(sentences), Field(description="the sentence that shows it")),
    )
    return create_model(
        "Summary",
        __base__=_Answer,
        # a length the grammar enforces: the embedded model has run a summary on
        # for 300 tokens, restating the article (300 characters are about 45 words)
        summary=(
            str,
            Field(description="two short sentences in your own words", max_length=SUMMARY_CHARS),
        ),
        tone=(_enum(list(tones)), ...),
        framing=(
            str,
            Field(description="how the article frames the story, one sentence", max_length=160),
        ),
        stances=(list[stance], Field(json_schema_extra={"maxItems": 4})),  # type: ignore[valid-type]
    )


# --- the answers' token budgets ----------------------------------------------------------
@dataclass(frozen=True)
class Budget:
    """The tokens an answer may take: a fixed part, and a share for each item it
    covers (a candidate, a sentence, an actor). The grammar keeps answers short;
    a budget only stops one that runs on (what it completed is kept)."""

    fixed: int
    each: int = 0

    def __call__(self, items: int = 0) -> int:
        return self.fixed + self.each * items


#: a verdict, a salience and a short role per candidate, and up to three missed actors
ACTORS_BUDGET = Budget(96, 30)
#: no candidates: the model lists up to twelve actors itself
NAMES_BUDGET = Budget(400)
#: a sentence number per event
EVENTS_BUDGET = Budget(8, 4)
#: a short question (or none) per cue sentence
QUESTIONS_BUDGET = Budget(24, 32)
#: three to eight words per actor
ROLES_BUDGET = Budget(16, 16)
#: two sentences, a tone, a line and a few stances; the embedded model has looped
#: past 700 on the seed (a cut keeps what was complete)
SUMMARY_BUDGET = Budget(320)


# --- the questions --------------------------------------------------------------------
def numbered(analysis: Analysis) -> str:
    return "\n".join(f"[{s.number}] {shown(analysis, s.number)}" for s in analysis.sentences)


def candidate_list(analysis: Analysis) -> str:
    lines = []
    for c in analysis.candidates:
        also = f" (also: {', '.join(c.aliases)})" if c.aliases else ""
        lines.append(f"- {c.name}{also}, in {', '.join(f'[{n}]' for n in c.sentences[:4])}")
    return "\n".join(lines) or "(none)"


def cue_list(analysis: Analysis, cues: list[int]) -> str:
    """Each cue sentence with the one before it, which often says what is unanswered."""
    lines = []
    for n in cues:
        before = f"[{n - 1}] {shown(analysis, n - 1)} " if n > 1 else ""
        lines.append(f"- {before}[{n}] {shown(analysis, n)}")
    return "\n".join(lines)


#: the sentences shown to the question pass, strongest hints first (each costs
#: about 15 written tokens)
MAX_QUESTION_SENTENCES = 8

Ask = Callable[[list[dict[str, str]], type[BaseModel], int], BaseModel | None]


def run_passes(
    analysis: Analysis, prompts: PromptSet, ask: Ask, *, stages: frozenset[str]
) -> dict[str, Any]:
    """Every enabled pass's answer (None for one that was skipped or cut off)."""
    head = prompts.staged_head(numbered(analysis), analysis.published)
    out: dict[str, Any] = {"actors": None, "events": None, "questions": None}

    def question(name: str, **values: Any) -> list[dict[str, str]]:
        return [*head, {"role": "user", "content": prompts.stage(name, **values)}]

    names = [c.name for c in analysis.candidates]
    if "actors" in stages or not names:
        # no candidates (none found, or named-entity recognition off): the model lists them
        out["actors"] = ask(
            question("actors", candidates=candidate_list(analysis)) if names else question("names"),
            actors_model(names, missed=3 if names else 12),
            ACTORS_BUDGET(len(names)) if names else NAMES_BUDGET(),
        )
    if "events" in stages:
        # every number is allowed (a grammar that forbade the headline's "1" pushed
        # the model to "11"); the headline is dropped afterwards
        numbers = [s.number for s in analysis.sentences]
        out["events"] = ask(question("events"), events_model(numbers), EVENTS_BUDGET(len(numbers)))
    wide = "hints" in stages
    cues = analysis.question_hints(MAX_QUESTION_SENTENCES) if wide else analysis.question_cues
    if "questions" in stages and cues:
        out["questions"] = ask(
            question("questions", cues=cue_list(analysis, cues)),
            questions_model(cues),
            QUESTIONS_BUDGET(len(cues)),
        )
    return out


#: the actors the role pass describes at most, the most salient first (each costs
#: about 14 written tokens)
MAX_ROLE_ACTORS = 5


def role_pass(
    analysis: Analysis, prompts: PromptSet, ask: Ask, names: list[str]
) -> BaseModel | None:
    """A few words on each actor's part in the story, for actors code could not describe."""
    head = prompts.staged_head(numbered(analysis), analysis.published)
    by_name = {c.name: c for c in analysis.candidates}
    lines = []
    for name in names:
        c = by_name.get(name)
        where = f" (in {', '.join(f'[{n}]' for n in c.sentences[:3])})" if c else ""
        lines.append(f"- {name}{where}")
    content = prompts.stage("roles", actors="\n".join(lines))
    return ask(
        [*head, {"role": "user", "content": content}], roles_model(names), ROLES_BUDGET(len(names))
    )


def summary_pass(
    analysis: Analysis,
    prompts: PromptSet,
    ask: Ask,
    actors: list[ActorDraft],
) -> BaseModel | None:
    """Summary, tone, framing and stances, written once the actors are known."""
    head = prompts.staged_head(numbered(analysis), analysis.published)
    # the central actors only (given every item found, the embedded model listed
    # them), each with its role: told only the names, it made the Venezuelan
    # ambassador "Nicolas Maduro", who is the president
    named = [f"{a.name} ({a.role})" if a.role else a.name for a in actors[:4]]
    content = prompts.stage("summary", actors="; ".join(named) or "none found")
    names = [a.name for a in actors]
    # news is neutral by the labeling rule; the embedded model called a cup win
    # "positive" and a profit warning "negative": for news, the grammar allows only neutral
    tones = ("neutral",) if analysis.reads_as_news else Tone.__args__
    model = summary_model(names or ["(none)"], [s.number for s in analysis.sentences], tones)
    return ask([*head, {"role": "user", "content": content}], model, SUMMARY_BUDGET())
