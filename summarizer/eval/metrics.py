"""Scoring one predicted brief against one fixture's gold labels.

The gold side is a fixture's typed :class:`~summarizer.eval.fixtures.Gold`, the
predicted side the :class:`~summarizer.schema.Brief` itself (None for a brief that
failed, scored as an empty one); :class:`Side` reads both alike. Items are
matched one-to-one by optimal assignment (Hungarian algorithm), so duplicated
predictions can never raise recall. Conventions: with no gold and no
predictions a section scores 1.0; with gold but no predictions precision is 0.

Similarity is lexical (rapidfuzz token-set ratio averaged with content-word
Jaccard); pass ``similarity=`` to swap in an embedding model.

One metric needs the brief's run metadata: :func:`dropped_rate`, the share of
the model's items dropped as ungrounded before scoring.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
from rapidfuzz import fuzz
from scipy.optimize import linear_sum_assignment

from ..ground import written
from ..ground.locate import STOPWORDS, Aligner
from ..read.names import name_keys, normalize_name, same_actor
from ..schema import Brief, evidenced

if TYPE_CHECKING:
    from .fixtures import Gold

Similarity = Callable[[str, str], float]

SALIENCE_WEIGHT = {"central": 3.0, "supporting": 2.0, "mentioned": 1.0}
ACTOR_FUZZY = 90  # rapidfuzz ratio for two normalized names to count as one actor
EVENT_WEIGHTS = {"description": 0.5, "date": 0.25, "actors": 0.25}
EVENT_MATCH = 0.45  # combined score for an event pair to match ...
EVENT_MIN_DESCRIPTION = 0.3  # ... and at least this description similarity
QUESTION_MATCH = 0.4
STANCE_TOWARD_MIN = 0.3

_STOP = STOPWORDS | frozenset(
    # question words and hedges, which say little about whether two questions match
    [
        "about",
        "after",
        "are",
        "before",
        "could",
        "if",
        "into",
        "more",
        "no",
        "not",
        "over",
        "should",
        "than",
        "then",
        "there",
        "what",
        "whether",
        "which",
        "who",
        "whom",
    ]
)


def _stem(word: str) -> str:
    for suffix in ("ing", "ed", "es", "s"):
        if len(word) > len(suffix) + 3 and word.endswith(suffix):
            return word[: -len(suffix)]
    return word


def content_words(text: str) -> set[str]:
    return {_stem(w) for w in re.findall(r"\w+", text.casefold()) if w not in _STOP}


def similarity(a: str, b: str) -> float:
    """Lexical similarity in [0, 1]."""
    if not a or not b:
        return 0.0
    wa, wb = content_words(a), content_words(b)
    jaccard = len(wa & wb) / len(wa | wb) if wa | wb else 0.0
    return (fuzz.token_set_ratio(a.casefold(), b.casefold()) / 100 + jaccard) / 2


@dataclass
class Section:
    """Matching result for one section (actors, events, questions)."""

    n_gold: int
    n_pred: int
    matches: list[tuple[int, int, float]] = field(default_factory=list)

    @property
    def tp(self) -> int:
        return len(self.matches)

    @property
    def misses(self) -> list[int]:
        matched = {g for g, _, _ in self.matches}
        return [i for i in range(self.n_gold) if i not in matched]

    @property
    def false_positives(self) -> list[int]:
        matched = {p for _, p, _ in self.matches}
        return [i for i in range(self.n_pred) if i not in matched]

    def precision(self) -> float:
        if self.n_pred == 0:
            return 1.0 if self.n_gold == 0 else 0.0
        return self.tp / self.n_pred

    def recall(self) -> float:
        return 1.0 if self.n_gold == 0 else self.tp / self.n_gold

    def f1(self) -> float:
        p, r = self.precision(), self.recall()
        return 0.0 if p + r == 0 else 2 * p * r / (p + r)

    def to_json(self) -> dict[str, Any]:
        return {
            "n_gold": self.n_gold,
            "n_pred": self.n_pred,
            "matches": [[g, p, round(s, 3)] for g, p, s in self.matches],
            "misses": self.misses,
            "false_positives": self.false_positives,
        }


def assign(scores: np.ndarray, accept: Callable[[int, int], bool]) -> list[tuple[int, int, float]]:
    """Optimal one-to-one pairs (gold, pred, score), keeping those ``accept`` allows."""
    if scores.size == 0:
        return []
    rows, cols = linear_sum_assignment(scores, maximize=True)
    return [
        (int(g), int(p), float(scores[g, p]))
        for g, p in zip(rows, cols, strict=True)
        if accept(int(g), int(p))
    ]


@dataclass(frozen=True)
class Side:
    """One side of a comparison, gold or predicted, under one set of names: the
    two differ only in the actors' section (gold ``actors``, brief ``key_actors``)
    and in evidence (read by :func:`quote`)."""

    actors: list[Any]
    events: list[Any]
    open_questions: list[Any]
    article_tone: str | None
    actor_stances: list[Any]

    @classmethod
    def of(cls, side: Gold | Brief | None) -> Side:
        """A fixture's gold or a brief; None (a failed brief) is an empty side."""
        if side is None:
            return cls([], [], [], None, [])
        actors = side.key_actors if isinstance(side, Brief) else side.actors
        return cls(
            list(actors),
            list(side.events),
            list(side.open_questions),
            side.stance.article_tone,
            list(side.stance.actor_stances),
        )


def quote(item: Any) -> str:
    """An item's evidence quote: a gold item's string, a brief item's ``Evidence.quote``."""
    evidence = item.evidence
    return evidence if isinstance(evidence, str) else evidence.quote


def _names(actor: Any) -> list[str]:
    return [n for n in [actor.name, *actor.aliases] if n]


def names_match(a: Sequence[str], b: Sequence[str]) -> bool:
    """The actor identity rule of :mod:`summarizer.read.names`, with near-spellings."""
    return same_actor(name_keys(a), name_keys(b), fuzzy=ACTOR_FUZZY)


def match_actors(gold: list[Any], pred: list[Any]) -> Section:
    scores = np.zeros((len(gold), len(pred)))
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            if names_match(_names(g), _names(p)):
                # prefer the closest name when several predictions match
                scores[i, j] = (
                    1.0 + fuzz.ratio(normalize_name(g.name), normalize_name(p.name)) / 1000
                )
    return Section(len(gold), len(pred), assign(scores, lambda g, p: scores[g, p] > 0))


def date_agreement(gold: str | None, pred: str | None) -> float:
    if gold is None and pred is None:
        return 1.0
    if gold is None or pred is None:
        return 0.0
    if "/" in pred and "/" not in gold:
        lo, hi = pred.split("/", 1)
        inside = lo <= gold <= hi if len(gold) == 10 else lo[: len(gold)] == gold == hi[: len(gold)]
        if inside:  # the range holds the gold day, or lies within the gold month/year
            return 1.0
        pred = lo
    if gold == pred:
        return 1.0
    if gold[:7] == pred[:7] and len(gold) >= 7 and len(pred) >= 7:
        return 0.5
    if gold[:4] == pred[:4]:
        return 0.25
    return 0.0


def _actor_map(gold_actors: list[Any], pred_actors: list[Any], section: Section) -> dict[str, str]:
    """Predicted actor name/alias (normalized) -> matched gold canonical name."""
    mapping = {}
    for g, p, _ in section.matches:
        for name in _names(pred_actors[p]):
            mapping[normalize_name(name)] = gold_actors[g].name
    return mapping


def _canon(names: list[str], mapping: dict[str, str], gold_actors: list[Any]) -> set[str]:
    out = set()
    for name in names:
        key = normalize_name(name)
        if key in mapping:
            out.add(mapping[key])
            continue
        for g in gold_actors:
            if names_match(_names(g), [name]):
                out.add(g.name)
                break
        else:
            out.add(key)
    return out


def match_events(
    gold: list[Any],
    pred: list[Any],
    actor_map: dict[str, str],
    gold_actors: list[Any],
    sim: Similarity,
) -> tuple[Section, np.ndarray]:
    combined = np.zeros((len(gold), len(pred)))
    desc = np.zeros_like(combined)
    for i, g in enumerate(gold):
        g_actors = set(g.actors)
        for j, p in enumerate(pred):
            d = max(sim(g.what, p.what), sim(quote(g), quote(p)))
            p_actors = _canon(p.actors, actor_map, gold_actors)
            union = g_actors | p_actors
            overlap = len(g_actors & p_actors) / len(union) if union else 1.0
            desc[i, j] = d
            combined[i, j] = (
                EVENT_WEIGHTS["description"] * d
                + EVENT_WEIGHTS["date"] * date_agreement(g.date, p.date)
                + EVENT_WEIGHTS["actors"] * overlap
            )
    section = Section(
        len(gold),
        len(pred),
        assign(
            combined,
            lambda g, p: combined[g, p] >= EVENT_MATCH and desc[g, p] >= EVENT_MIN_DESCRIPTION,
        ),
    )
    return section, combined


def match_questions(gold: list[Any], pred: list[Any], sim: Similarity) -> Section:
    scores = np.zeros((len(gold), len(pred)))
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            scores[i, j] = max(sim(g.question, p.question), sim(quote(g), quote(p)))
    return Section(
        len(gold), len(pred), assign(scores, lambda g, p: scores[g, p] >= QUESTION_MATCH)
    )


@dataclass
class FixtureScore:
    actors: Section
    events: Section
    questions: Section
    stances: Section
    salience_recall: float
    event_date_accuracy: float | None
    tone_accuracy: float
    actor_stance_accuracy: float | None
    grounding_rate: float | None
    unsupported_actors: int
    evidence_found: int = 0
    evidence_total: int = 0
    role_similarity: float | None = None
    salience_agreement: float | None = None
    summary_support: float | None = None
    summary_copy_rate: float | None = None
    cutoff_rate: float | None = None

    def metrics(self) -> dict[str, float | None]:
        return {
            "actor_precision": self.actors.precision(),
            "actor_recall": self.actors.recall(),
            "actor_f1": self.actors.f1(),
            "actor_recall_weighted": self.salience_recall,
            "event_precision": self.events.precision(),
            "event_recall": self.events.recall(),
            "event_f1": self.events.f1(),
            "event_date_accuracy": self.event_date_accuracy,
            "question_precision": self.questions.precision(),
            "question_recall": self.questions.recall(),
            "question_f1": self.questions.f1(),
            "tone_accuracy": self.tone_accuracy,
            "actor_stance_precision": self.stances.precision(),
            "actor_stance_recall": self.stances.recall(),
            "actor_stance_f1": self.stances.f1(),
            "actor_stance_accuracy": self.actor_stance_accuracy,
            "grounding_rate": self.grounding_rate,
            "unsupported_actors": float(self.unsupported_actors),
            "role_similarity": self.role_similarity,
            "salience_agreement": self.salience_agreement,
            "summary_support": self.summary_support,
            "summary_copy_rate": self.summary_copy_rate,
            "cutoff_rate": self.cutoff_rate,
        }

    def to_json(self) -> dict[str, Any]:
        return {
            "metrics": self.metrics(),
            "actors": self.actors.to_json(),
            "events": self.events.to_json(),
            "questions": self.questions.to_json(),
            "stances": self.stances.to_json(),
            "evidence": {"found": self.evidence_found, "total": self.evidence_total},
        }


def score_fixture(
    gold: Gold, brief: Brief | None, text: str, *, similarity: Similarity = similarity
) -> FixtureScore:
    """``brief`` against ``gold``; a brief that failed (None) scores as an empty one."""
    g, p = Side.of(gold), Side.of(brief)
    actors = match_actors(g.actors, p.actors)
    total_w = sum(SALIENCE_WEIGHT.get(a.salience, 1.0) for a in g.actors)
    found_w = sum(SALIENCE_WEIGHT.get(g.actors[i].salience, 1.0) for i, _, _ in actors.matches)
    actor_map = _actor_map(g.actors, p.actors, actors)

    events, _ = match_events(g.events, p.events, actor_map, g.actors, similarity)
    matched = [(g.events[i], p.events[j]) for i, j, _ in events.matches]
    date_acc = sum(a.date == b.date for a, b in matched) / len(matched) if matched else None

    questions = match_questions(g.open_questions, p.open_questions, similarity)

    tone = 1.0 if g.article_tone == p.article_tone else 0.0
    stances = match_stances(g.actor_stances, p.actor_stances, actor_map, g.actors, similarity)
    same_position = [
        g.actor_stances[i].position == p.actor_stances[j].position for i, j, _ in stances.matches
    ]

    aligner = Aligner(text)
    quotes = [q for _, _, item in evidenced(brief) if (q := quote(item))] if brief else []
    found = sum(aligner.locate(q) is not None for q in quotes)
    unsupported = sum(not any(aligner.mentions(n) for n in _names(a)) for a in p.actors)
    pairs = [(g.actors[i], p.actors[j]) for i, j, _ in actors.matches]
    return FixtureScore(
        actors=actors,
        events=events,
        questions=questions,
        salience_recall=1.0 if total_w == 0 else found_w / total_w,
        event_date_accuracy=date_acc,
        tone_accuracy=tone,
        stances=stances,
        actor_stance_accuracy=_mean([float(x) for x in same_position]),
        grounding_rate=found / len(quotes) if quotes else None,
        unsupported_actors=unsupported,
        evidence_found=found,
        evidence_total=len(quotes),
        role_similarity=_mean([similarity(a.role, b.role) for a, b in pairs]),
        salience_agreement=_mean([float(a.salience == b.salience) for a, b in pairs]),
        **summary_scores(brief, text),
    )


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def summary_scores(brief: Brief | None, text: str) -> dict[str, float | None]:
    """The summary's support (share of its names and numbers found in the article),
    its copy rate (longest run shared with one sentence, as a share of its words),
    and whether an answer was cut off."""
    if brief is None:
        return {}
    words = brief.summary.split()
    claims = len(written.claims(brief.summary))
    missing = len(written.unsupported(brief.summary, text))
    return {
        "summary_support": (claims - missing) / claims if claims else (1.0 if words else None),
        "summary_copy_rate": written.copied_share(brief.summary, written.split_sentences(text))
        if words
        else None,
        "cutoff_rate": float(brief.metadata.truncated),
    }


def match_stances(
    gold: list[Any],
    pred: list[Any],
    actor_map: dict[str, str],
    gold_actors: list[Any],
    sim: Similarity,
) -> Section:
    """Stance pairs held by the same actor toward a like target, one to one."""
    scores = np.zeros((len(gold), len(pred)))
    for i, g in enumerate(gold):
        for j, p in enumerate(pred):
            toward = sim(g.toward, p.toward)
            if g.actor in _canon([p.actor], actor_map, gold_actors) and toward >= STANCE_TOWARD_MIN:
                scores[i, j] = 1.0 + toward
    return Section(len(gold), len(pred), assign(scores, lambda g, p: scores[g, p] > 0))


def dropped_counts(brief: Brief) -> tuple[int, int]:
    """Items dropped as ungrounded, and all items the model gave (kept + dropped)."""
    kept = (
        len(brief.key_actors)
        + len(brief.events)
        + len(brief.open_questions)
        + len(brief.stance.actor_stances)
    )
    dropped = len(brief.metadata.dropped_items)
    return dropped, kept + dropped


def dropped_rate(brief: Brief) -> float | None:
    """Dropped / (kept + dropped) items; None for a brief with no items at all.
    Lower is better. (``grounding_rate`` scores only the kept items, so it reads
    1.0 however much was dropped.)"""
    dropped, total = dropped_counts(brief)
    return dropped / total if total else None
