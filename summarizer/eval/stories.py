"""Story fixtures: the articles of one evolving story, each a fixture, and the
gold merge across them in ``story.json`` (which happenings, actors and figures
are the same, which open question a later article settles). The format:
``FIXTURES.md``, "Story folders"."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

from ..ground.locate import Aligner
from ..schema import Brief, Evidence, RunMetadata
from ..story.followup import Proposal, first_answers
from ..story.merge import Reported, StorySource, conflicts, group_actors, group_events, quote_of
from .fixtures import STORY_FILE, Fixture, FixtureSet, load_fixtures
from .metrics import score_fixture
from .score import Report
from .stats import summarize_values


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
class StoryFixture:
    folder: str
    gold: StoryGold | None = None
    articles: dict[str, Fixture] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return Path(self.folder).name


def load_story(folder: str | Path) -> StoryFixture:
    """A story folder's articles and gold merge, with every problem found in
    either (an article that is a bad fixture, a reference that points nowhere)."""
    folder = Path(folder)
    story = StoryFixture(folder=str(folder))
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


def gold_brief(fixture: Fixture) -> Brief:
    """The brief that states exactly a fixture's gold, its quotes located in the
    article (what a perfect extraction would give the merge)."""
    aligner = Aligner(fixture.text)

    def item(gold_item: Any) -> dict[str, Any]:
        span = aligner.locate(gold_item.evidence)
        where = {"start": span.start, "end": span.end} if span else {}
        return {**gold_item.model_dump(), "evidence": Evidence(quote=gold_item.evidence, **where)}

    gold = fixture.gold
    return Brief(
        summary="",
        key_actors=[item(a) for a in gold.actors],
        events=[item(e) for e in gold.events],
        open_questions=[item(q) for q in gold.open_questions],
        stance={**gold.stance.model_dump(), "actor_stances": []},
        metadata=RunMetadata(backend="gold", model="gold", prompt_version="gold", latency_s=0.0),
    )


def reports_of(story: StoryFixture, briefs: dict[str, Brief]) -> list[Reported]:
    """The story's briefed articles, in publication order, for the merge."""
    assert story.gold is not None
    return [
        Reported(a, briefs[a], story.articles[a].published, text=story.articles[a].text)
        for a in story.gold.articles
        if a in briefs
    ]


@dataclass
class StoryScore:
    """A merge against a story's gold: pairwise same-event and same-actor
    counts, the gold conflicts found, and the gold questions whose answering
    article (or none) was told right."""

    event_pairs: tuple[int, int, int]  # (right, predicted among gold items, gold)
    actor_pairs: tuple[int, int, int]
    conflicts_found: int
    conflicts: int
    answered_right: int = 0
    answered_asked: int = 0  # gold questions matched, in articles with a later one
    #: gold pairs whose two items the briefs found (the most a merge can join)
    event_reach: int | None = None
    actor_reach: int | None = None

    def metrics(self, suffix: str = "") -> dict[str, float | None]:
        out: dict[str, float | None] = {}
        for name, (tp, pred, gold), reach in (
            ("event_merge", self.event_pairs, self.event_reach),
            ("actor_merge", self.actor_pairs, self.actor_reach),
        ):
            reach = gold if reach is None else reach
            p = tp / pred if pred else 1.0
            r = tp / reach if reach else 1.0  # of the pairs the briefs allow
            out[f"{name}_precision"], out[f"{name}_recall"] = p, r
            out[f"{name}_f1"] = 2 * p * r / (p + r) if p + r else 0.0
            out[f"{name}_reach"] = reach / gold if gold else None
        out["conflict_recall"] = self.conflicts_found / self.conflicts if self.conflicts else None
        out["answered_accuracy"] = (
            self.answered_right / self.answered_asked if self.answered_asked else None
        )
        return {f"{k}{suffix}": v for k, v in out.items()}


Ref = tuple[int, int]  # (article index in publication order, item index)


def score_story(
    story: StoryFixture, briefs: dict[str, Brief | None], answers: Sequence[Proposal] = ()
) -> StoryScore:
    """The merge of ``briefs`` (by article id: model briefs, or :func:`gold_brief`
    for the merge alone) against the story's gold merge; ``answers``: the
    questions of ``briefs`` the story says a later article answers."""
    if story.gold is None:
        raise ValueError(f"{story.folder}: no gold merge ({'; '.join(story.problems)})")
    order = story.gold.articles
    fixtures = [story.articles[a] for a in order]
    mine = [briefs.get(a) for a in order]  # None: the article has no brief
    scores = [score_fixture(f.gold, b, f.text) for f, b in zip(fixtures, mine, strict=True)]

    def to_gold(section: str) -> dict[Ref, Ref]:
        return {
            (a, p): (a, g) for a, s in enumerate(scores) for g, p, _ in getattr(s, section).matches
        }

    events, actors = to_gold("events"), to_gold("actors")
    event_groups = group_events([b.events if b else [] for b in mine])
    actor_groups = group_actors([b.key_actors if b else [] for b in mine])
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
    # a pair joining an item the gold does not hold cannot be judged: left out
    found_events = {p for p in _pairs(event_groups) if p <= events.keys()}
    found_actors = {p for p in _pairs(actor_groups) if p <= actors.keys()}
    right_events = {frozenset(events[r] for r in pair) for pair in found_events}
    right_actors = {frozenset(actors[r] for r in pair) for pair in found_actors}
    found = 0
    for conflict in story.gold.conflicts:
        wanted = {(order.index(i.article), i.event) for i in conflict.items}
        for group in event_groups:
            if wanted <= {events.get(r) for r in group}:
                sources = [
                    StorySource(article=order[a], quote=quote_of(event), date=event.date)
                    for a, e in group
                    if (event := mine[a].events[e])  # type: ignore[union-attr]
                ]
                found += any(c.kind == conflict.kind for c in conflicts(sources))
                break
    right, asked = _answered(story, scores, answers)
    return StoryScore(
        event_pairs=(len(right_events & gold_events), len(found_events), len(gold_events)),
        actor_pairs=(len(right_actors & gold_actors), len(found_actors), len(gold_actors)),
        event_reach=_reach(gold_events, set(events.values())),
        actor_reach=_reach(gold_actors, set(actors.values())),
        conflicts_found=found,
        conflicts=len(story.gold.conflicts),
        answered_right=right,
        answered_asked=asked,
    )


def _answered(
    story: StoryFixture, scores: list[Any], answers: Sequence[Proposal]
) -> tuple[int, int]:
    """Of the gold questions a brief's question matched (in articles with a later
    one), how many the story answered where the gold says (or left open)."""
    assert story.gold is not None
    order = story.gold.articles
    gold = {(x.article, x.question): x.answered_in for x in story.gold.answered}
    said = {(p.article, p.question): p.later for p in first_answers(answers, order)}
    right = asked = 0
    for a, score in enumerate(scores[:-1]):
        for g, p, _ in score.questions.matches:
            asked += 1
            right += said.get((order[a], p)) == gold.get((order[a], g))
    return right, asked


def _reach(pairs: set[frozenset[Ref]], found: set[Ref]) -> int:
    """The gold pairs both of whose items were found."""
    return sum(pair <= found for pair in pairs)


def _pairs(groups: list[list[Ref]]) -> set[frozenset[Ref]]:
    return {frozenset((x, y)) for g in groups for i, x in enumerate(g) for y in g[i + 1 :]}


# --- a story eval run: the merge of the model's briefs, and of the gold ones ---------
#: the file of a story run that keeps the model's answered-question judgments, so
#: that the run can be scored again without the model
ANSWERS_FILE = "stories.json"
#: what the gold briefs' merge is reported as: the same metric with this suffix
GOLD_SUFFIX = "_gold"

Judge = Callable[[list[Reported]], list[Proposal]]


def load_stories(folder: str | Path) -> list[StoryFixture]:
    """Every story folder under ``folder`` (a folder holding a ``story.json``)."""
    return [load_story(d) for d in sorted(Path(folder).iterdir()) if (d / STORY_FILE).is_file()]


def judge_stories(
    stories: Sequence[StoryFixture], briefs: dict[str, Brief | None], judge: Judge
) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """The answered-question judgments of each story: over the model's briefs
    (``briefs``, by article id) and over the gold briefs."""
    out = {}
    for story in stories:
        mine = {a: b for a in story.articles if (b := briefs.get(a)) is not None}
        gold = {a: gold_brief(f) for a, f in story.articles.items()}
        out[story.name] = {
            kind: [dataclasses.asdict(p) for p in judge(reports_of(story, of))]
            for kind, of in (("model", mine), ("gold", gold))
        }
    return out


def story_metrics(
    stories: Sequence[StoryFixture],
    briefs: dict[str, Brief | None],
    answers: dict[str, dict[str, list[dict[str, Any]]]],
) -> dict[str, dict[str, float | None]]:
    """Each story's metrics (by its folder name): the merge of the model's
    briefs, and (suffixed :data:`GOLD_SUFFIX`) of the gold briefs."""
    out = {}
    for story in stories:
        judged = answers.get(story.name, {})
        model = [Proposal(**p) for p in judged.get("model", [])]
        gold = [Proposal(**p) for p in judged.get("gold", [])]
        golds = {a: gold_brief(f) for a, f in story.articles.items()}
        mine = {a: briefs.get(a) for a in story.articles}
        out[story.name] = {
            **score_story(story, mine, model).metrics(),
            **score_story(story, golds, gold).metrics(GOLD_SUFFIX),
        }
    return out


def story_fixtures(stories: Sequence[StoryFixture], folder: str | Path) -> FixtureSet:
    """Every article of the stories as one fixture set (a story's problems are
    its articles' problems)."""
    out = FixtureSet(folder=str(folder))
    for story in stories:
        out.fixtures += story.articles.values()
        if story.problems:
            out.problems[story.name] = story.problems
    return out


def add_story_metrics(report: Report, metrics: dict[str, dict[str, float | None]]) -> None:
    """Each story as an entry of the report beside its articles (so that
    ``eval compare`` pairs stories as it pairs fixtures), and every story
    metric's mean and interval over the stories in the aggregate."""
    for name, values in metrics.items():
        report.data["fixtures"][name] = {
            "topic": "story",
            "split": None,
            "words": 0,
            "metrics": values,
        }
    for metric_name in sorted({k for values in metrics.values() for k in values}):
        report.data["aggregate"][metric_name] = summarize_values(
            [values.get(metric_name) for values in metrics.values()]
        )
