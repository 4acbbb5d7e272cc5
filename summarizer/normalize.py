"""From the model's draft to a user's :class:`Brief`: what code establishes.

Evidence is located in the article (offsets, match kind); actors that are the
same entity are merged and references resolved to canonical names; event
dates are resolved from the article's wording against the publication date.
Ungrounded items are dropped (the default) or kept with no offsets.
"""

from __future__ import annotations

from datetime import date

from .align import Aligner
from .dates import resolve
from .names import ActorIndex, merge_groups
from .schema import (
    Actor,
    ActorDraft,
    ActorStance,
    Brief,
    BriefDraft,
    Event,
    Evidence,
    OpenQuestion,
    RunMetadata,
    Stance,
)

_SALIENCE_RANK = {"central": 0, "supporting": 1, "mentioned": 2}


def evidence(quote: str, aligner: Aligner) -> Evidence:
    span = aligner.locate(quote)
    if span is not None:
        return Evidence(quote=quote, start=span.start, end=span.end, match=span.method)
    span = aligner.locate_sentence(quote)
    if span is not None:  # a paraphrase: show the article's own words
        text = aligner.text[span.start : span.end]
        return Evidence(quote=text, start=span.start, end=span.end, match="sentence")
    return Evidence(quote=quote)


def merge_actors(actors: list[ActorDraft]) -> list[ActorDraft]:
    """One entry per entity: the fullest name is canonical, the rest become aliases."""
    merged = []
    for group in merge_groups(actors):
        members = [actors[i] for i in group]
        canonical = max(members, key=lambda a: (len(a.name.split()), len(a.name)))
        # whitespace collapsed: the model writes aliases such as " ambassador"
        names = dict.fromkeys(" ".join(n.split()) for a in members for n in [a.name, *a.aliases])
        own = " ".join(canonical.name.split())
        aliases = [n for n in names if n and n != own]
        best = min(members, key=lambda a: _SALIENCE_RANK[a.salience])
        merged.append(canonical.model_copy(update={"aliases": aliases, "salience": best.salience}))
    return merged


def build_brief(
    draft: BriefDraft,
    text: str,
    published: date | None,
    metadata: RunMetadata,
    *,
    keep_ungrounded: bool = False,
    aligner: Aligner | None = None,
) -> Brief:
    aligner = aligner or Aligner(text)
    dropped = metadata.dropped_items

    def keep(where: str, ev: Evidence) -> bool:
        if ev.grounded or keep_ungrounded:
            return True
        dropped.append(f"{where}: evidence not found in the article: {ev.quote[:80]!r}")
        return False

    actors: list[Actor] = []
    for a in merge_actors(draft.key_actors):
        if not any(aligner.mentions(n) for n in [a.name, *a.aliases]) and not keep_ungrounded:
            dropped.append(f"actor {a.name!r}: not named in the article")
            continue
        ev = evidence(a.evidence, aligner)
        if keep(f"actor {a.name!r}", ev):
            actors.append(Actor(**a.model_dump(exclude={"evidence"}), evidence=ev))
    index = ActorIndex(actors)

    def canonical(names: list[str], where: str) -> list[str]:
        out = []
        for name in names:
            actor = index.resolve(name)
            if actor is None:  # the item stays: a warning, not a dropped item
                metadata.warnings.append(f"{where}: reference to unknown actor {name!r} removed")
            elif actor.name not in out:
                out.append(actor.name)
        return out

    events = []
    for i, e in enumerate(draft.events):
        ev = evidence(e.evidence, aligner)
        if not keep(f"events[{i}]", ev):
            continue
        when = e._resolved or resolve(e.date_text, published, e.date)
        events.append(
            Event(
                what=e.what,
                date=when.value,
                date_text=e.date_text,
                date_precision=when.precision,
                date_source=when.source,
                actors=canonical(e.actors, f"events[{i}]"),
                location=e.location,
                attribution=e.attribution,
                evidence=ev,
            )
        )

    questions = []
    for i, q in enumerate(draft.open_questions):
        ev = evidence(q.evidence, aligner)
        if keep(f"open_questions[{i}]", ev):
            questions.append(OpenQuestion(question=q.question, evidence=ev))

    stances = []
    for i, s in enumerate(draft.stance.actor_stances):
        actor = index.resolve(s.actor)
        if actor is None:
            dropped.append(f"actor_stances[{i}]: unknown actor {s.actor!r}")
            continue
        ev = evidence(s.evidence, aligner)
        if keep(f"actor_stances[{i}]", ev):
            stances.append(
                ActorStance(actor=actor.name, toward=s.toward, position=s.position, evidence=ev)
            )

    return Brief(
        summary=draft.summary,
        key_actors=actors,
        events=events,
        open_questions=questions,
        stance=Stance(
            article_tone=draft.stance.article_tone,
            framing=draft.stance.framing,
            actor_stances=stances,
        ),
        metadata=metadata,
    )
