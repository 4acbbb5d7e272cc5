"""Whether an item of a draft is grounded in its article, in one place.

An item is grounded when its evidence quote is found in the article (verbatim,
normalized, fuzzy, or as the one sentence that holds a paraphrase); a key actor
must also be named in the article; the actors an event or stance refers to must
be key actors. The re-ask validation (:mod:`summarizer.ask.single`) turns what
fails into instructions for the model; building the brief
(:mod:`summarizer.ground.normalize`) drops it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..read.names import ActorIndex, Named, names_of
from ..schema import Evidence, references
from .locate import Aligner


def evidence(quote: str, aligner: Aligner) -> Evidence:
    """The quote located in the article; without offsets when it is not there."""
    span = aligner.locate(quote)
    if span is not None:
        return Evidence(quote=quote, start=span.start, end=span.end, match=span.method)
    span = aligner.locate_sentence(quote)
    if span is not None:  # a paraphrase: show the article's own words
        text = aligner.text[span.start : span.end]
        return Evidence(quote=text, start=span.start, end=span.end, match="sentence")
    return Evidence(quote=quote)


@dataclass(frozen=True)
class Grounding:
    """What the article supports of one item."""

    evidence: Evidence  # grounded when it has offsets
    named: bool  # a key actor: the article names it (always True for other items)
    actors: list[Named]  # the key actors the item refers to, in its order
    unknown: list[str]  # the names it refers to that are no key actor


def ground(section: str, item: Any, aligner: Aligner, index: ActorIndex) -> Grounding:
    """Check one draft item, as yielded by :func:`summarizer.schema.evidenced`,
    against the article and the key actors in ``index``."""
    named = section != "key_actors" or any(aligner.mentions(n) for n in names_of(item))
    actors: list[Named] = []
    unknown: list[str] = []
    for name in references(section, item):
        actor = index.resolve(name)
        if actor is None:
            unknown.append(name)
        else:
            actors.append(actor)
    return Grounding(evidence(item.evidence, aligner), named, actors, unknown)
