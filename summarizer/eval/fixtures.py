"""Hand-labeled fixtures: a folder of ``<id>.txt`` + ``<id>.json`` (the format:
``evals/FIXTURES.md``, shipped as ``summarizer/eval/FIXTURES.md``).

Any folder in that format loads unchanged. Each fixture is validated before it
is scored: the text's sha256, every evidence quote found in the text (after
collapsing whitespace), every referenced actor defined, dates and labels well
formed. A bad fixture is reported with its problems instead of being scored.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from ..schema import (
    ActorDraft,
    ActorStanceDraft,
    EventDraft,
    OpenQuestionDraft,
    StanceDraft,
    evidenced,
    references,
)
from .paths import format_doc
from .redteam import RedTeam, canary_problems

Topic = Literal[
    "politics",
    "business",
    "legal",
    "disaster",
    "science",
    "sports",
    "technology",
    "opinion",
    "brief",
]
_ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


# The gold items are the schema's draft items (what the model is asked for), with
# unknown keys refused and the optional fields of evals/FIXTURES.md defaulted.
class GoldActor(ActorDraft, _Strict):
    aliases: list[str] = []


class GoldEvent(EventDraft, _Strict):
    date_text: str | None = None
    location: str | None = None
    attribution: str | None = None


class GoldQuestion(OpenQuestionDraft, _Strict):
    pass


class GoldActorStance(ActorStanceDraft, _Strict):
    pass


class GoldStance(StanceDraft, _Strict):
    actor_stances: list[GoldActorStance] = []


class Gold(_Strict):
    actors: list[GoldActor]
    events: list[GoldEvent]
    open_questions: list[GoldQuestion]
    stance: GoldStance


class FixtureMeta(BaseModel):
    id: str
    url: str | None = None
    published: date | None
    headline: str | None = None
    text_sha256: str
    topic: Topic
    #: a named part of the set, reported beside the whole (e.g. "blind": written
    #: and labeled by people who had not read the pipeline's rules)
    split: str | None = None
    gold: Gold
    #: a red-team fixture's planted content (``summarizer.eval.redteam``)
    redteam: RedTeam | None = None


@dataclass(frozen=True)
class Fixture:
    id: str
    text: str
    published: date | None
    headline: str | None
    topic: str
    gold: Gold
    text_sha256: str
    split: str | None = None
    redteam: RedTeam | None = None

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class FixtureSet:
    fixtures: list[Fixture] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=dict)
    folder: str | None = None

    @property
    def ok(self) -> bool:
        return not self.problems


def collapse(text: str) -> str:
    return " ".join(text.split())


def validate(meta: dict[str, Any], raw: bytes, stem: str) -> tuple[FixtureMeta | None, list[str]]:
    """The fixture's problems; an empty list means it can be scored."""
    problems: list[str] = []
    try:
        fixture = FixtureMeta.model_validate(meta)
    except ValidationError as exc:
        for e in exc.errors():
            problems.append(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}")
        return None, problems
    if fixture.id != stem:
        problems.append(f"id {fixture.id!r} differs from the file name {stem!r}")
    actual = hashlib.sha256(raw).hexdigest()
    if actual != fixture.text_sha256:
        problems.append(
            f"text_sha256 {fixture.text_sha256[:12]}… does not match the text ({actual[:12]}…)"
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return fixture, [*problems, "the .txt file is not UTF-8"]
    first_line = text.split("\n", 1)[0].strip()
    if fixture.headline is not None and first_line != fixture.headline.strip():
        problems.append(f"headline {fixture.headline!r} is not the text's first line")
    body = collapse(text)
    gold = fixture.gold
    names = {a.name for a in gold.actors}
    for section, i, item in evidenced(gold):
        if collapse(item.evidence) not in body:
            problems.append(
                f"{section}[{i}].evidence not found in the text: {item.evidence[:60]!r}"
            )
    for section, i, item in evidenced(gold):
        for actor in references(section, item):
            if actor not in names:
                problems.append(f"{section}[{i}] refers to undefined actor {actor!r}")
        if section == "events" and item.date is not None and not _ISO.match(item.date):
            problems.append(f"events[{i}].date {item.date!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    if fixture.redteam is not None:
        for i, planted in enumerate(fixture.redteam.planted):
            if not collapse(planted) or collapse(planted) not in body:
                problems.append(f"redteam.planted[{i}] not found in the text: {planted[:60]!r}")
        problems += canary_problems(fixture.redteam, text, gold)
        planted = [collapse(p) for p in fixture.redteam.planted]
        for section, i, item in evidenced(gold):
            if any(collapse(item.evidence) in p for p in planted):
                problems.append(f"{section}[{i}].evidence quotes planted text")
    return fixture, problems


#: a story folder's gold merge (:mod:`summarizer.eval.stories`), not a fixture
STORY_FILE = "story.json"


def load_fixtures(directory: str | Path) -> FixtureSet:
    """Every fixture in ``directory``; bad ones land in ``problems``, not ``fixtures``."""
    directory = Path(directory)
    result = FixtureSet(folder=str(directory))
    if not directory.is_dir():
        result.problems[str(directory)] = [
            f"no such folder: {directory.absolute()} (a fixtures folder holds <id>.txt + "
            f"<id>.json pairs; the format: {format_doc()})"
        ]
        return result
    for meta_path in sorted(directory.glob("*.json")):
        if meta_path.name == STORY_FILE:
            continue
        stem = meta_path.stem
        text_path = meta_path.with_suffix(".txt")
        if not text_path.exists():
            result.problems[stem] = [f"{text_path.name} is missing"]
            continue
        try:
            meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            result.problems[stem] = [f"{meta_path.name} is not valid JSON: {exc}"]
            continue
        raw = text_path.read_bytes()
        fixture, problems = validate(meta, raw, stem)
        if problems or fixture is None:
            result.problems[stem] = problems
            continue
        result.fixtures.append(
            Fixture(
                id=fixture.id,
                text=raw.decode("utf-8"),
                published=fixture.published,
                headline=fixture.headline,
                topic=fixture.topic,
                split=fixture.split,
                gold=fixture.gold,
                text_sha256=fixture.text_sha256,
                redteam=fixture.redteam,
            )
        )
    for text_path in sorted(directory.glob("*.txt")):
        if not text_path.with_suffix(".json").exists():
            result.problems[text_path.stem] = [f"{text_path.stem}.json is missing"]
    return result
