"""The brief: what the model is asked for (``*Draft``) and what users get.

The draft models are the schema sent to the model; their field descriptions
are rendered into the prompt, so they double as the model's instructions.
The user-facing :class:`Brief` adds what code, not the model, establishes:
evidence offsets, resolved dates, and run metadata.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator
from pydantic.json_schema import SkipJsonSchema

from .read.dates import ResolvedDate

ActorKind = Literal["person", "organization", "country", "group", "other"]
Salience = Literal["central", "supporting", "mentioned"]
#: the order of salience, the most central first
SALIENCE_RANK = {"central": 0, "supporting": 1, "mentioned": 2}
Tone = Literal["neutral", "positive", "negative", "mixed"]
Position = Literal["supportive", "opposed", "neutral", "ambiguous"]
MatchKind = Literal["exact", "normalized", "fuzzy", "sentence"]
DatePrecision = Literal["day", "month", "year", "range"]

EVIDENCE = "a short quote copied word for word from the article (5 to 25 words)"


def limit(items: int) -> dict:
    """A list cap for constrained decoding: in the JSON schema (the grammar
    enforces it, so a small model cannot ramble) but not validated, so a remote
    model that lists a little more is not re-asked for it. (String caps are
    left out on purpose: ``maxLength`` makes llama.cpp's grammar ~2x slower.)"""
    return {"json_schema_extra": {"maxItems": items}}


# --- what the model produces ---------------------------------------------------------
class ActorDraft(BaseModel):
    name: str = Field(description="the actor's fullest name as written in the article")
    aliases: list[str] = Field(
        description="other names the article uses for the same actor (surname, acronym, title)",
        **limit(4),
    )
    kind: ActorKind = Field(description="person, organization, country, group or other")
    role: str = Field(description="the actor's part in this story, in a few words")
    salience: Salience = Field(
        description="central (the story is about them), supporting (acts in it), "
        "or mentioned (named in passing)"
    )
    evidence: str = Field(description=EVIDENCE + " that shows the actor's role")


class EventDraft(BaseModel):
    evidence: str = Field(description=EVIDENCE + " that reports the event")
    what: str = Field(description="what happened, one neutral sentence")
    date_text: str | None = Field(
        description="the article's own words for when it happened "
        '(e.g. "on Thursday", "last month"), or null',
    )
    date: str | None = Field(
        description="that date as YYYY-MM-DD, YYYY-MM or YYYY, counted from the "
        "publication date, or null when the article does not say",
    )
    actors: list[str] = Field(
        description="names of the key actors involved, as in key_actors", **limit(6)
    )
    location: str | None = Field(description="where it happened, or null")
    attribution: str | None = Field(
        description="who says it happened when the article attributes it "
        '(e.g. "Belta", "sources"), or null',
    )
    #: the date as code resolved it (the staged pipeline reads tense off the
    #: parse, which the wording alone does not carry): set by code only, never
    #: taken from an answer, not in the schema the model sees nor in a dump
    resolved: SkipJsonSchema[ResolvedDate | None] = Field(default=None, exclude=True)

    @field_validator("resolved", mode="before")
    @classmethod
    def _set_by_code(cls, value: object) -> ResolvedDate | None:
        return value if isinstance(value, ResolvedDate) else None


class OpenQuestionDraft(BaseModel):
    question: str = Field(description="something the article leaves unresolved, as a question")
    evidence: str = Field(description=EVIDENCE + " that shows it is unresolved")


class ActorStanceDraft(BaseModel):
    actor: str = Field(description="a key actor's name")
    toward: str = Field(description="whom or what the stance is about")
    position: Position = Field(description="supportive, opposed, neutral or ambiguous")
    evidence: str = Field(description=EVIDENCE + " that shows the stance")


class StanceDraft(BaseModel):
    article_tone: Tone = Field(description="the article's tone: neutral, positive, negative, mixed")
    framing: str = Field(description="how the article frames the story, one sentence")
    actor_stances: list[ActorStanceDraft] = Field(
        description="positions key actors take, as the article reports them", **limit(6)
    )


class BriefDraft(BaseModel):
    """What the model is asked to produce for one article (or one part of it)."""

    model_config = ConfigDict(title="Brief")

    summary: str = Field(description="two or three neutral sentences on what the article reports")
    key_actors: list[ActorDraft] = Field(
        description="every person, organization, country or group that plays a part",
        **limit(12),
    )
    events: list[EventDraft] = Field(
        description="what happened or is planned, one item per event", **limit(10)
    )
    open_questions: list[OpenQuestionDraft] = Field(
        description="what the article says is unknown or unresolved", **limit(5)
    )
    stance: StanceDraft = Field(description="the article's stance")


# --- what users get -------------------------------------------------------------------
class Evidence(BaseModel):
    """A quote from the article and where it is; ``start``/``end`` are ``[start, end)``."""

    quote: str
    start: int | None = None
    end: int | None = None
    match: MatchKind | None = Field(
        default=None,
        description="how the quote was found: exact, normalized, fuzzy, or sentence (the "
        "model paraphrased; the quote is the article sentence that holds its words)",
    )

    @property
    def grounded(self) -> bool:
        return self.start is not None


class Actor(BaseModel):
    name: str
    aliases: list[str] = Field(default_factory=list)
    kind: ActorKind
    role: str
    salience: Salience
    evidence: Evidence


class Event(BaseModel):
    what: str
    date: str | None = Field(default=None, description="ISO date, month, year or range")
    date_text: str | None = None
    date_precision: DatePrecision | None = None
    date_source: Literal["text", "model", "none"] = "none"
    actors: list[str] = Field(default_factory=list)
    location: str | None = None
    attribution: str | None = None
    evidence: Evidence


class OpenQuestion(BaseModel):
    question: str
    evidence: Evidence


class ActorStance(BaseModel):
    actor: str
    toward: str
    position: Position
    evidence: Evidence


class Stance(BaseModel):
    article_tone: Tone | None = Field(
        description="None only when the model's answer was cut off before it gave one"
    )
    framing: str
    actor_stances: list[ActorStance] = Field(default_factory=list)


class Usage(BaseModel):
    prompt_tokens: int = 0
    completion_tokens: int = 0


class RunMetadata(BaseModel):
    backend: str
    model: str
    prompt_version: str
    published: str | None = None
    usage: Usage = Field(default_factory=Usage)
    latency_s: float = 0.0
    calls: int = Field(default=0, description="model calls made, validation re-asks included")
    validation_retries: int = 0
    transport_retries: int = 0
    chunks: int = 1
    truncated: bool = Field(
        default=False,
        description="an answer was cut off at the token limit; the brief holds the "
        "items completed before the cut",
    )
    dropped_items: list[str] = Field(
        default_factory=list, description="items removed because they could not be grounded"
    )
    warnings: list[str] = Field(
        default_factory=list,
        description="what may make this brief less reliable: the article not in English, "
        "no publication date, an answer cut off, a reference to an unknown actor removed",
    )
    flagged: list[Evidence] = Field(
        default_factory=list,
        description="article sentences addressed to the model (instructions, role tags, "
        "control text, a pasted answer): kept as content, withheld from the model's "
        "questions and from every item (see summarizer.read.untrusted)",
    )


# --- the sections whose items carry evidence -------------------------------------------
#: in brief order; ``actor_stances`` lie under ``stance``
EVIDENCED = ("key_actors", "events", "open_questions", "actor_stances")
#: each section's fields in the fixture gold shape, in its order (evidence last, as its quote)
_GOLD_FIELDS = {
    "key_actors": ("name", "aliases", "kind", "role", "salience"),
    "events": ("date", "date_text", "actors", "what", "location", "attribution"),
    "open_questions": ("question",),
    "actor_stances": ("actor", "toward", "position"),
}


def evidenced(brief: Any) -> Iterator[tuple[str, int, Any]]:
    """Every item that carries evidence, as ``(section, index, item)``: key actors,
    events, open questions, then actor stances (see :data:`EVIDENCED`).

    ``brief`` is a :class:`BriefDraft`, a :class:`Brief`, or the fixture gold
    shape (a dict or model), whose first section is ``actors``, the name yielded."""

    def get(obj: Any, name: str) -> Any:
        return obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name, None)

    actors = "key_actors" if get(brief, "key_actors") is not None else "actors"
    stance = get(brief, "stance")
    sections = [
        (actors, get(brief, actors)),
        ("events", get(brief, "events")),
        ("open_questions", get(brief, "open_questions")),
        ("actor_stances", get(stance, "actor_stances") if stance is not None else None),
    ]
    for section, items in sections:
        for i, item in enumerate(items or []):
            yield section, i, item


def references(section: str, item: Any) -> list[str]:
    """The actor names an item refers to: an event's actors, a stance's actor."""
    if section == "events":
        return list(item.actors)
    if section == "actor_stances":
        return [item.actor]
    return []


class Brief(BaseModel):
    """A structured, grounded brief of one news article."""

    summary: str
    key_actors: list[Actor]
    events: list[Event]
    open_questions: list[OpenQuestion]
    stance: Stance
    metadata: RunMetadata
    #: the cleaned article text the evidence offsets point into (not serialized)
    _article_text: str | None = PrivateAttr(default=None)

    @property
    def article_text(self) -> str | None:
        """The cleaned article the brief was made from (``evidence.start``/``end``
        index into it); None for a brief read back from JSON."""
        return self._article_text

    def to_markdown(self, title: str | None = None) -> str:
        """The brief as Markdown, events as a dated timeline."""
        from .views.markdown import to_markdown

        return to_markdown(self, title=title)

    def _repr_html_(self) -> str:
        """The HTML view (the brief beside its highlighted article) for notebooks, in
        a frame of its own so that its styles and script stay out of the notebook."""
        from html import escape

        from .views.webpage import brief_to_html

        page = brief_to_html(self, self._article_text or "")
        return (
            f'<iframe srcdoc="{escape(page, quote=True)}" title="Brief" '
            'style="width:100%;height:640px;border:1px solid #ddd"></iframe>'
        )

    def to_fixture_gold(self) -> dict:
        """This brief in the fixture format's ``gold`` shape (``evals/FIXTURES.md``), for scoring."""
        sections: dict[str, list[dict]] = {section: [] for section in EVIDENCED}
        for section, _, item in evidenced(self):
            fields = item.model_dump(exclude={"evidence"})
            sections[section].append(
                {**{f: fields[f] for f in _GOLD_FIELDS[section]}, "evidence": item.evidence.quote}
            )
        return {
            "actors": sections["key_actors"],
            "events": sections["events"],
            "open_questions": sections["open_questions"],
            "stance": {
                "article_tone": self.stance.article_tone,
                "framing": self.stance.framing,
                "actor_stances": sections["actor_stances"],
            },
        }
