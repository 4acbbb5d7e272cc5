"""Long articles: split at paragraph boundaries with overlap, merge the parts' drafts.

Each part is briefed like a whole article; offsets need no mapping back because
evidence is aligned against the whole article afterwards. Actors are merged by
identity later (``normalize.merge_actors``); here events, questions and stances
that the overlap produced twice are removed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import Any

from rapidfuzz import fuzz

from .schema import EVIDENCED, BriefDraft, StanceDraft, evidenced

_PARAGRAPHS = re.compile(r"\n\s*\n")


def split(text: str, budget: int, count: Callable[[str], int], overlap: int = 1) -> list[str]:
    """Parts of at most ``budget`` tokens each, ending at paragraph boundaries;
    consecutive parts share ``overlap`` paragraphs. A single paragraph larger
    than the budget is split at sentence ends."""
    if count(text) <= budget:
        return [text]
    paragraphs = [p.strip() for p in _PARAGRAPHS.split(text) if p.strip()]
    pieces: list[tuple[str, int]] = []
    for p in paragraphs:
        n = count(p)
        if n <= budget:
            pieces.append((p, n))
        else:
            pieces.extend((s, count(s)) for s in _sentences(p, budget, count))
    parts: list[str] = []
    current: list[tuple[str, int]] = []
    for piece in pieces:
        if current and sum(n for _, n in current) + piece[1] > budget:
            parts.append("\n\n".join(p for p, _ in current))
            current = current[-overlap:] if overlap else []
            while current and sum(n for _, n in current) + piece[1] > budget:
                current.pop(0)
        current.append(piece)
    if current:
        parts.append("\n\n".join(p for p, _ in current))
    return parts


def _sentences(paragraph: str, budget: int, count: Callable[[str], int]) -> list[str]:
    out: list[str] = []
    current = ""
    for sentence in re.split(r"(?<=[.!?])\s+", paragraph):
        candidate = f"{current} {sentence}".strip()
        if current and count(candidate) > budget:
            out.append(current)
            current = sentence
        else:
            current = candidate
    if current:
        out.append(current)
    return out


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
