"""What in a draft stands on text addressed to the model: dropped.

Flagged sentences (:func:`summarizer.read.untrusted.scan`) are withheld from the
model's questions; an item whose evidence lies in one anyway (the one-request
brief sees the article whole), or an actor the article names only there, is
dropped and noted.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from ..read.names import names_of
from ..read.untrusted import WITHHELD
from ..schema import EVIDENCED, BriefDraft, Evidence, evidenced
from .locate import Aligner


def drop_flagged(
    draft: BriefDraft, text: str, flagged: Sequence[Evidence], dropped: list[str]
) -> BriefDraft:
    """``draft`` without the items whose evidence lies in a flagged sentence, nor
    the key actors the article names only there; each noted in ``dropped``."""
    if not flagged:
        return draft
    aligner = Aligner(text)
    outside = Aligner(_blank(text, flagged))
    kept: dict[str, list[Any]] = {section: [] for section in EVIDENCED}
    for section, i, item in evidenced(draft):
        where = f"actor {item.name!r}" if section == "key_actors" else f"{section}[{i}]"
        span = aligner.locate(item.evidence)
        if (item.evidence == WITHHELD or WITHHELD in item.evidence) or (
            span is not None and _overlaps(span.start, span.end, flagged)
        ):
            dropped.append(f"{where}: its evidence is text addressed to the model")
            continue
        if section == "key_actors" and not any(outside.mentions(n) for n in names_of(item)):
            dropped.append(f"{where}: named only in text addressed to the model")
            continue
        kept[section].append(item)
    stance = draft.stance.model_copy(update={"actor_stances": kept["actor_stances"]})
    return draft.model_copy(
        update={
            "key_actors": kept["key_actors"],
            "events": kept["events"],
            "open_questions": kept["open_questions"],
            "stance": stance,
        }
    )


def _blank(text: str, flagged: Sequence[Evidence]) -> str:
    """``text`` with the flagged sentences blanked out (same length)."""
    chars = list(text)
    for f in flagged:
        if f.start is not None and f.end is not None:
            chars[f.start : f.end] = " " * (f.end - f.start)
    return "".join(chars)


def _overlaps(start: int, end: int, flagged: Sequence[Evidence]) -> bool:
    return any(
        f.start is not None and f.end is not None and start < f.end and f.start < end
        for f in flagged
    )
