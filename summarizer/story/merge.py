"""One story from several briefs, merged in code: the actors by the one
identity rule (:mod:`summarizer.read.names`), the same happening reported by several
articles as one timeline event that keeps every source, the dates and figures
the sources disagree on, and what each article adds to those before it.

No model call: the merge reads only the briefs (each item's words, date,
actors and quote), so it is exact where the briefs are."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from pydantic import BaseModel, Field

from ..ground.written import content_words
from ..read.names import name_keys, names_of, same_actor, second_surname
from ..schema import Actor, Brief, DatePrecision, Event

#: how alike two events must be to be one happening: words shared (of the
#: shorter description) weigh 0.6, agreeing dates 0.4 (both undated: half)
SAME_EVENT = 0.6
_WORDS_WEIGHT, _DATE_WEIGHT = 0.6, 0.4


class StorySource(BaseModel):
    """Where one article reports a timeline event."""

    article: str
    quote: str
    start: int | None = None
    end: int | None = None
    date: str | None = None
    attribution: str | None = None


class StoryConflict(BaseModel):
    """Sources of one event that disagree: on its ``date``, or on a ``figure``."""

    kind: str
    detail: str = Field(description='what differs: "12 people" against "15 people"')
    sources: list[int] = Field(description="indices into the event's sources")


class StoryEvent(BaseModel):
    date: str | None = Field(description="the most precise date its sources give")
    date_precision: DatePrecision | None = None
    what: str
    actors: list[str] = []
    sources: list[StorySource]
    conflicts: list[StoryConflict] = []


class StoryActor(BaseModel):
    name: str
    kind: str
    aliases: list[str] = []
    articles: list[str]


class StoryQuestion(BaseModel):
    """An open question of one article, and where a later article answers it."""

    article: str
    question: str
    answered_in: str | None = None
    answer: StorySource | None = Field(default=None, description="the answering sentence")


class StoryArticle(BaseModel):
    id: str
    published: date | None = None
    title: str | None = None
    new_events: list[int] = Field(default=[], description="timeline events first reported here")
    new_actors: list[int] = Field(default=[], description="actors first named here")
    error: str | None = Field(default=None, description="why this article has no brief")


class Story(BaseModel):
    """Several articles on one story, merged: who, what happened when (each
    event with every source that reports it), what the sources disagree on,
    and which questions a later article answered."""

    articles: list[StoryArticle] = Field(description="in publication order")
    actors: list[StoryActor]
    timeline: list[StoryEvent] = Field(description="by date, undated last")
    questions: list[StoryQuestion] = []
    calls: int = Field(default=0, description="model calls of the answered-question judgments")


@dataclass(frozen=True)
class Reported:
    """One article's brief, with its id, publication date, title and text
    (which the brief's offsets point into)."""

    id: str
    brief: Brief
    published: date | None = None
    title: str | None = None
    text: str = ""


def in_publication_order(reports: Sequence[Reported]) -> list[Reported]:
    """Oldest first; undated articles first, in the order given (a stable sort)."""
    return sorted(reports, key=lambda r: r.published or date.min)


def merge_story(reports: Sequence[Reported], failed: Sequence[StoryArticle] = ()) -> Story:
    """The story the briefs tell, articles in publication order; ``failed``
    are the articles that have no brief (kept, with their error)."""
    reports = in_publication_order(reports)
    actor_groups = group_actors([r.brief.key_actors for r in reports])
    canonical = _canonical_names(reports, actor_groups)
    event_groups = group_events([r.brief.events for r in reports])
    timeline = [_event(reports, group, canonical) for group in event_groups]
    order = sorted(range(len(timeline)), key=lambda i: _date_key(timeline[i].date))
    timeline = [timeline[i] for i in order]
    first: dict[str, list[int]] = {}
    for n, event in enumerate(timeline):
        first.setdefault(event.sources[0].article, []).append(n)
    actors = [
        StoryActor(
            name=canonical[group[0]],
            kind=reports[group[0][0]].brief.key_actors[group[0][1]].kind,
            aliases=sorted(
                {n for a, i in group for n in names_of(reports[a].brief.key_actors[i])}
                - {canonical[group[0]]}
            ),
            articles=list(dict.fromkeys(reports[a].id for a, _ in group)),  # group is sorted
        )
        for group in actor_groups
    ]
    named: dict[str, list[int]] = {}
    for n, actor in enumerate(actors):
        named.setdefault(actor.articles[0], []).append(n)
    articles = [
        StoryArticle(
            id=r.id,
            published=r.published,
            title=r.title,
            new_events=first.get(r.id, []),
            new_actors=named.get(r.id, []),
        )
        for r in reports
    ]
    articles = sorted([*articles, *failed], key=lambda a: a.published or date.min)
    questions = [
        StoryQuestion(article=r.id, question=q.question)
        for r in reports
        for q in r.brief.open_questions
    ]
    return Story(articles=articles, actors=actors, timeline=timeline, questions=questions)


Ref = tuple[int, int]  # (article index, item index)


def group_actors(actors: Sequence[Sequence[Actor]]) -> list[list[Ref]]:
    """Actors of different articles that are one actor: the same identity rule
    as within a brief, and the same kind (an unnamed group only by its whole
    name: "workers" are not "contract workers"; two people also when one name
    adds a second surname)."""
    refs = [(a, i) for a, items in enumerate(actors) for i in range(len(items))]
    keys = {(a, i): name_keys(names_of(actors[a][i])) for a, i in refs}

    def same(x: Ref, y: Ref) -> bool:
        p, q = actors[x[0]][x[1]], actors[y[0]][y[1]]
        if p.kind != q.kind and "other" not in (p.kind, q.kind):
            return False
        if "group" in (p.kind, q.kind):
            return bool(keys[x] & keys[y])
        if p.kind == q.kind == "person" and second_surname(keys[x], keys[y]):
            return True
        return same_actor(keys[x], keys[y])

    pairs = [(1.0, x, y) for n, x in enumerate(refs) for y in refs[n + 1 :] if same(x, y)]
    return _clusters(refs, pairs, separate=False)


def group_events(events: Sequence[Sequence[Event]]) -> list[list[Ref]]:
    """Events of different articles that are one happening (:data:`SAME_EVENT`),
    the most alike joined first; two events of one article never join."""
    refs = [(a, i) for a, items in enumerate(events) for i in range(len(items))]
    words = {(a, i): _words(events[a][i]) for a, i in refs}
    pairs = []
    for n, x in enumerate(refs):
        for y in refs[n + 1 :]:
            if x[0] != y[0]:
                ex, ey = events[x[0]][x[1]], events[y[0]][y[1]]
                score = _likeness(words[x], words[y], ex.date, ey.date)
                if score >= SAME_EVENT:
                    pairs.append((score, x, y))
    return _clusters(refs, pairs, separate=True)


def _words(event: Event) -> set[str]:
    """An event's content words: its line and its quote (a fixture's gold event,
    whose evidence is the quote itself, is read alike)."""
    return content_words(f"{event.what} {quote_of(event)}")


def _likeness(wa: set[str], wb: set[str], da: str | None, db: str | None) -> float:
    """How alike two events are: the share of the shorter one's words the other
    uses, and whether their dates agree."""
    shared = len(wa & wb) / min(len(wa), len(wb)) if wa and wb else 0.0
    return _WORDS_WEIGHT * shared + _DATE_WEIGHT * dates_agree(da, db)


def quote_of(item: Event) -> str:
    """An item's evidence quote (a gold item's evidence is the string itself)."""
    evidence = item.evidence
    return evidence if isinstance(evidence, str) else evidence.quote


def dates_agree(a: str | None, b: str | None) -> float:
    """1 when two dates agree as far as both go ("2009-09" and "2009-09-15"),
    0.5 when both are undated, else 0."""
    if a is None or b is None:
        return 0.5 if a is None and b is None else 0.0
    a, b = a.split("/")[0], b.split("/")[0]  # a range by its start
    n = min(len(a), len(b))
    return 1.0 if a[:n] == b[:n] else 0.0


def _clusters(
    refs: list[Ref], pairs: list[tuple[float, Ref, Ref]], *, separate: bool
) -> list[list[Ref]]:
    """Single-link clusters over ``pairs``, the strongest first; with
    ``separate``, a cluster never holds two items of one article."""
    owner = {r: r for r in refs}
    members = {r: [r] for r in refs}
    for _, x, y in sorted(pairs, key=lambda p: -p[0]):
        cx, cy = owner[x], owner[y]
        if cx == cy:
            continue
        if separate and {a for a, _ in members[cx]} & {a for a, _ in members[cy]}:
            continue
        for r in members[cy]:
            owner[r] = cx
        members[cx] += members.pop(cy)
    return [sorted(group) for group in members.values()]


def _canonical_names(reports: Sequence[Reported], groups: list[list[Ref]]) -> dict[Ref, str]:
    """Every actor's name in the story: its group's fullest name."""
    out: dict[Ref, str] = {}
    for group in groups:
        name = max((reports[a].brief.key_actors[i].name for a, i in group), key=len)
        out.update({ref: name for ref in group})
    return out


def _event(reports: Sequence[Reported], group: list[Ref], canonical: dict[Ref, str]) -> StoryEvent:
    items = [(reports[a], reports[a].brief.events[i]) for a, i in group]
    by_name = {
        (a, actor.name): canonical[(a, i)]
        for a, _ in group
        for i, actor in enumerate(reports[a].brief.key_actors)
    }
    sources = [
        StorySource(
            article=r.id,
            quote=e.evidence.quote,
            start=e.evidence.start,
            end=e.evidence.end,
            date=e.date,
            attribution=e.attribution,
        )
        for r, e in items
    ]
    actors: list[str] = []
    for (a, _), (_, e) in zip(group, items, strict=True):
        for name in e.actors:
            story_name = by_name.get((a, name), name)
            if story_name not in actors:
                actors.append(story_name)
    dated = [e for _, e in items if e.date]
    best = max(dated, key=lambda e: len(e.date or "")) if dated else None  # the most precise
    return StoryEvent(
        date=best.date if best else None,
        date_precision=best.date_precision if best else None,
        what=items[0][1].what,
        actors=actors,
        sources=sources,
        conflicts=conflicts(sources),
    )


_FIGURE = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(million|billion|percent|%))?"
    r"((?:\s+(?:of\s+the\s+\d+|[A-Z][a-z]+))*)\s+([a-z][a-z’'-]+)"
)
#: words that count people: "12 passengers" and "15 people" count the same thing
_PEOPLE = frozenset(
    [
        "people",
        "persons",
        "passengers",
        "victims",
        "bodies",
        "dead",
        "workers",
        "strikers",
        "employees",
        "members",
        "lawmakers",
        "deputies",
        "legislators",
        "mps",
        "senators",
        "voters",
        "protesters",
        "miners",
    ]
)


def figures(text: str) -> dict[str, str]:
    """The counted things of ``text`` with their figure ("12 people" ->
    {"people": "12"}, "62 Norwegian crowns" -> {"crowns": "62"}): a number and
    the word it counts, any word for people counted as "people"."""
    out: dict[str, str] = {}
    for m in _FIGURE.finditer(text):
        number = m.group(1).replace(",", "") + (f" {m.group(2).lower()}" if m.group(2) else "")
        thing = m.group(4).lower()
        if content_words(thing):  # "in 2009 the ferry" counts nothing
            out.setdefault("people" if thing in _PEOPLE else thing, number)
    return out


def conflicts(sources: list[StorySource]) -> list[StoryConflict]:
    """Sources of one event that date it differently, or give one counted thing
    different figures."""
    found: list[StoryConflict] = []
    for n, a in enumerate(sources):
        for m in range(n + 1, len(sources)):
            b = sources[m]
            if a.article == b.article:
                continue
            if a.date and b.date and not dates_agree(a.date, b.date):
                found.append(
                    StoryConflict(kind="date", detail=f"{a.date} against {b.date}", sources=[n, m])
                )
            fa, fb = figures(a.quote), figures(b.quote)
            for thing in sorted(fa.keys() & fb.keys()):
                if fa[thing] != fb[thing]:
                    detail = f"{fa[thing]} {thing} against {fb[thing]} {thing}"
                    found.append(StoryConflict(kind="figure", detail=detail, sources=[n, m]))
    return found


def _date_key(value: str | None) -> tuple[int, str]:
    return (1, "") if value is None else (0, value.split("/")[0])
