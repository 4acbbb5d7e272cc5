"""Story fixtures: the articles of one evolving story, each a fixture, and the
gold merge across them in ``story.json`` (which happenings, actors and figures
are the same, which open question a later article settles). The format:
``FIXTURES.md``, "Story folders"."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from .fixtures import STORY_FILE, Fixture, load_fixtures


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EventRef(_Strict):
    article: str
    event: int  # index in that article's gold events


class ActorRef(_Strict):
    article: str
    actor: str  # that article's gold actor name


class QuotedEvent(EventRef):
    quote: str  # the article's words that give the figure or date


class Conflict(_Strict):
    kind: str  # "figure" or "date"
    items: list[QuotedEvent]


class Answered(_Strict):
    article: str
    question: int  # index in that article's gold open questions
    answered_in: str  # a later article
    quote: str  # the answering article's words


class StoryGold(_Strict):
    id: str
    articles: list[str]  # in publication order
    same_events: list[list[EventRef]] = []
    same_actors: list[list[ActorRef]] = []
    conflicts: list[Conflict] = []
    answered: list[Answered] = []


@dataclass
class Story:
    folder: str
    gold: StoryGold | None = None
    articles: dict[str, Fixture] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)


def load_story(folder: str | Path) -> Story:
    """A story folder's articles and gold merge, with every problem found in
    either (an article that is a bad fixture, a reference that points nowhere)."""
    folder = Path(folder)
    story = Story(folder=str(folder))
    fixtures = load_fixtures(folder)
    story.problems += [f"{k}: {p}" for k, ps in fixtures.problems.items() for p in ps]
    story.articles = {f.id: f for f in fixtures.fixtures}
    try:
        story.gold = StoryGold.model_validate(
            json.loads((folder / STORY_FILE).read_text(encoding="utf-8"))
        )
    except FileNotFoundError:
        story.problems.append(f"{STORY_FILE} is missing")
    except (json.JSONDecodeError, ValidationError) as exc:
        story.problems.append(f"{STORY_FILE}: {exc}")
    if story.gold is not None:
        story.problems += _reference_problems(story.gold, story.articles)
    return story


def _reference_problems(gold: StoryGold, articles: dict[str, Fixture]) -> list[str]:
    problems = [f"article {a} has no fixture" for a in gold.articles if a not in articles]
    problems += [
        f"fixture {a} is not listed in articles" for a in articles if a not in gold.articles
    ]
    order = {a: i for i, a in enumerate(gold.articles)}
    dates = [articles[a].published for a in gold.articles if a in articles]
    if all(dates) and dates != sorted(dates):  # type: ignore[type-var]
        problems.append("articles are not in publication order")

    def event(ref: EventRef, where: str) -> None:
        fixture = articles.get(ref.article)
        if fixture is None:
            problems.append(f"{where}: unknown article {ref.article}")
        elif not 0 <= ref.event < len(fixture.gold.events):
            problems.append(f"{where}: {ref.article} has no event {ref.event}")

    def quoted(article: str, quote: str, where: str) -> None:
        fixture = articles.get(article)
        if fixture is not None and _plain(quote) not in _plain(fixture.text):
            problems.append(f"{where}: {quote!r} is not in {article}")

    for group in gold.same_events:
        for ref in group:
            event(ref, "same_events")
    for group in gold.same_actors:
        for actor in group:
            fixture = articles.get(actor.article)
            if fixture is not None and actor.actor not in {a.name for a in fixture.gold.actors}:
                problems.append(f"same_actors: {actor.actor!r} is no gold actor of {actor.article}")
    for conflict in gold.conflicts:
        if conflict.kind not in ("figure", "date") or len(conflict.items) < 2:
            problems.append(f"conflicts: a {conflict.kind!r} conflict needs two items or more")
        for item in conflict.items:
            event(item, "conflicts")
            quoted(item.article, item.quote, "conflicts")
    for answer in gold.answered:
        fixture = articles.get(answer.article)
        if fixture is not None and not 0 <= answer.question < len(fixture.gold.open_questions):
            problems.append(f"answered: {answer.article} has no open question {answer.question}")
        if order.get(answer.answered_in, -1) <= order.get(answer.article, len(order)):
            problems.append(f"answered: {answer.answered_in} is not later than {answer.article}")
        quoted(answer.answered_in, answer.quote, "answered")
    return problems


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
