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

from ..story import StorySource, conflicts, group_actors, group_events
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


@dataclass
class MergeScore:
    """A merge against a story's gold: pairwise same-event and same-actor
    counts, and the gold conflicts found."""

    event_pairs: tuple[int, int, int]  # (found, predicted, gold)
    actor_pairs: tuple[int, int, int]
    conflicts_found: int
    conflicts: int

    def metrics(self) -> dict[str, float | None]:
        out: dict[str, float | None] = {}
        for name, (tp, pred, gold) in (
            ("event_merge", self.event_pairs),
            ("actor_merge", self.actor_pairs),
        ):
            p = tp / pred if pred else 1.0
            r = tp / gold if gold else 1.0
            out[f"{name}_precision"], out[f"{name}_recall"] = p, r
            out[f"{name}_f1"] = 2 * p * r / (p + r) if p + r else 0.0
        out["conflict_recall"] = self.conflicts_found / self.conflicts if self.conflicts else None
        return out


def score_gold_merge(story: Story) -> MergeScore:
    """The merge of the story's gold briefs (which isolates merging from
    extraction) against its gold merge."""
    if story.gold is None:
        raise ValueError(f"{story.folder}: no gold merge ({'; '.join(story.problems)})")
    order = story.gold.articles
    fixtures = [story.articles[a] for a in order]
    events = group_events([f.gold.events for f in fixtures])
    actors = group_actors([f.gold.actors for f in fixtures])
    gold_events = _pairs(
        [[(order.index(r.article), r.event) for r in g] for g in story.gold.same_events]
    )
    names = [[a.name for a in f.gold.actors] for f in fixtures]
    gold_actors = _pairs(
        [
            [(order.index(r.article), names[order.index(r.article)].index(r.actor)) for r in g]
            for g in story.gold.same_actors
        ]
    )
    found_events, found_actors = _pairs(events), _pairs(actors)
    group_of = {ref: n for n, group in enumerate(events) for ref in group}
    found = 0
    for conflict in story.gold.conflicts:
        refs = [(order.index(i.article), i.event) for i in conflict.items]
        if len({group_of[r] for r in refs}) != 1:
            continue  # not merged: the disagreement cannot be seen
        sources = [
            StorySource(article=order[a], quote=i.quote, date=fixtures[a].gold.events[e].date)
            for (a, e), i in zip(refs, conflict.items, strict=True)
        ]
        found += any(c.kind == conflict.kind for c in conflicts(sources))
    return MergeScore(
        event_pairs=(len(found_events & gold_events), len(found_events), len(gold_events)),
        actor_pairs=(len(found_actors & gold_actors), len(found_actors), len(gold_actors)),
        conflicts_found=found,
        conflicts=len(story.gold.conflicts),
    )


def _pairs(groups: list[list[tuple[int, int]]]) -> set[frozenset[tuple[int, int]]]:
    return {frozenset((x, y)) for g in groups for i, x in enumerate(g) for y in g[i + 1 :]}
