"""A long article's parts, joined: one draft from the drafts of its parts.

Actors are merged by identity later (``normalize.merge_actors``); here events,
questions and stances that the parts' overlap produced twice are removed.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from rapidfuzz import fuzz

from ..schema import EVIDENCED, BriefDraft, StanceDraft, evidenced


def _similar(a: str, b: str, threshold: float = 85) -> bool:
    return fuzz.token_set_ratio(a.casefold(), b.casefold()) >= threshold


def _unique(items: list, key: Callable[[Any], str]) -> list:
    out: list = []
    for item in items:
        if not any(_similar(key(item), key(seen)) for seen in out):
            out.append(item)
    return out


#: what makes two items of a section the overlap's repeat (actors merge by identity later)
_REPEAT: dict[str, Callable[[Any], str]] = {
    "events": lambda e: e.evidence,
    "open_questions": lambda q: q.question,
    "actor_stances": lambda s: f"{s.actor} {s.toward} {s.position} {s.evidence}",
}


def merge_drafts(drafts: list[BriefDraft]) -> BriefDraft:
    """One draft from the drafts of an article's parts."""
    if len(drafts) == 1:
        return drafts[0]
    items: dict[str, list] = {section: [] for section in EVIDENCED}
    for draft in drafts:
        for section, _, item in evidenced(draft):
            items[section].append(item)
    for section, key in _REPEAT.items():
        items[section] = _unique(items[section], key)
    tones = Counter(d.stance.article_tone for d in drafts if d.stance.article_tone)
    # model_construct: a part cut off before its stance may leave no tone at all
    return BriefDraft.model_construct(
        summary=drafts[0].summary,
        key_actors=items["key_actors"],
        events=items["events"],
        open_questions=items["open_questions"],
        stance=StanceDraft.model_construct(
            article_tone=tones.most_common(1)[0][0] if tones else None,
            framing=next((d.stance.framing for d in drafts if d.stance.framing), ""),
            actor_stances=items["actor_stances"],
        ),
    )
