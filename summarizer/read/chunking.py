"""Long articles: split at paragraph boundaries with overlap.

Each part is briefed like a whole article; offsets need no mapping back because
evidence is aligned against the whole article afterwards, and the parts' drafts
are joined by :mod:`summarizer.ground.merge`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

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
