"""From the model's draft to a user's :class:`Brief`: what code establishes.

Evidence is located in the article (offsets, match kind); actors that are the
same entity are merged and references resolved to canonical names; event
dates are resolved from the article's wording against the publication date.
Ungrounded items are dropped (the default) or kept with no offsets.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from ..read.dates import resolve
from ..read.names import ActorIndex, fullest, merge_groups, names_of
from ..schema import (
    EVIDENCED,
    SALIENCE_RANK,
    Actor,
    ActorDraft,
    ActorStance,
    Brief,
    BriefDraft,
    Event,
    OpenQuestion,
    RunMetadata,
    Stance,
    evidenced,
)
from .check import Grounding, ground
from .locate import Aligner


def merge_actors(actors: list[ActorDraft]) -> list[ActorDraft]:
    """One entry per entity: the fullest name is canonical, the rest become aliases."""
    merged = []
    for group in merge_groups(actors):
        members = [actors[i] for i in group]
        canonical = fullest(members)
        # whitespace collapsed: the model writes aliases such as " ambassador"
        names = dict.fromkeys(" ".join(n.split()) for a in members for n in names_of(a))
        own = " ".join(canonical.name.split())
        aliases = [n for n in names if n and n != own]
        best = min(members, key=lambda a: SALIENCE_RANK[a.salience])
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
    merged = draft.model_copy(update={"key_actors": merge_actors(draft.key_actors)})
    # the key actors kept so far: they come first, and the items after them refer to them
    index = ActorIndex()
    kept: dict[str, list[Any]] = {section: [] for section in EVIDENCED}
    for section, i, item in evidenced(merged):
        check = ground(section, item, aligner, index)
        where = f"actor {item.name!r}" if section == "key_actors" else f"{section}[{i}]"
        if not check.named and not keep_ungrounded:
            dropped.append(f"{where}: not named in the article")
            continue
        if section == "actor_stances" and check.unknown:
            dropped.append(f"{where}: unknown actor {item.actor!r}")
            continue
        if not check.evidence.grounded and not keep_ungrounded:
            quote = check.evidence.quote[:80]
            dropped.append(f"{where}: evidence not found in the article: {quote!r}")
            continue
        for name in check.unknown:  # the item stays: a warning, not a dropped item
            metadata.warnings.append(f"{where}: reference to unknown actor {name!r} removed")
        kept[section].append(_brief_item(section, item, check, published))
        if section == "key_actors":
            index.add(kept[section][-1])
    return Brief(
        summary=draft.summary,
        key_actors=kept["key_actors"],
        events=kept["events"],
        open_questions=kept["open_questions"],
        stance=Stance(
            article_tone=draft.stance.article_tone,
            framing=draft.stance.framing,
            actor_stances=kept["actor_stances"],
        ),
        metadata=metadata,
    )


def _brief_item(section: str, item: Any, check: Grounding, published: date | None) -> Any:
    """The brief's item for a draft item that is kept."""
    ev = check.evidence
    if section == "key_actors":
        return Actor(**item.model_dump(exclude={"evidence"}), evidence=ev)
    if section == "events":
        when = item.resolved or resolve(item.date_text, published, item.date)
        return Event(
            what=item.what,
            date=when.value,
            date_text=item.date_text,
            date_precision=when.precision,
            date_source=when.source,
            actors=list(dict.fromkeys(actor.name for actor in check.actors)),
            location=item.location,
            attribution=item.attribution,
            evidence=ev,
        )
    if section == "open_questions":
        return OpenQuestion(question=item.question, evidence=ev)
    return ActorStance(
        actor=check.actors[0].name, toward=item.toward, position=item.position, evidence=ev
    )
