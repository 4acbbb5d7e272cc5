"""Locating evidence quotes in the article: exact, normalized, then fuzzy.

Offsets are ``[start, end)`` into the original text. The normalized pass is
tolerant of whitespace runs, typographic quotes and dashes, ellipses and case;
the fuzzy pass accepts a near-verbatim quote above a threshold and records its
score, so nothing fuzzy passes for exact.

A small model often paraphrases where it was asked to quote. ``locate_sentence``
is the last resort for that: the one article sentence that holds nearly every
word of the paraphrase becomes the evidence, recorded as a ``sentence`` match,
so the brief shows the article's own words and says how they were found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from rapidfuzz import fuzz

from ..read.names import fold_accents, surname_of

_CHAR_MAP = {
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u00ab": '"',
    "\u00bb": '"',
    "\u2033": '"',
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u2032": "'",
    "`": "'",
    "\u2013": "-",
    "\u2014": "-",
    "\u2012": "-",
    "\u2212": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u00a0": " ",
}
_STRIP = " \t\n\r\"'.,;:…"
MIN_QUOTE = 3
# a sentence: up to a full stop, ?, ! (or a paragraph end), closing quotes included
_SENTENCE = re.compile(r"[^\s][^\n]*?(?:[.!?][\"\u201d\u2019']?(?=\s|$)|(?=\n\s*\n)|$)")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "but",
        "with",
        "by",
        "from",
        "as",
        "is",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "that",
        "this",
        "it",
        "its",
        "their",
        "his",
        "her",
        "he",
        "she",
        "they",
        "said",
        "says",
        "will",
        "would",
    ]
)


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    method: Literal["exact", "normalized", "fuzzy", "sentence"]
    score: float


@lru_cache(maxsize=8192)
def _fold(ch: str) -> str:
    ch = _CHAR_MAP.get(ch, ch)
    if ch == "\u2026":
        return "..."
    return (fold_accents(ch) or ch).casefold()


def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """The normalized text and, for each of its characters, the original index."""
    out: list[str] = []
    index: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            pending_space = bool(out)
            continue
        if pending_space:
            out.append(" ")
            index.append(i - 1)
            pending_space = False
        for c in _fold(ch):
            out.append(c)
            index.append(i)
    return "".join(out), index


def normalize(text: str) -> str:
    return normalize_with_map(text)[0]


def _clean_quote(quote: str) -> str:
    q = quote.strip()
    if q.endswith("...") or q.endswith("…"):
        q = q.rstrip(".…").rstrip()
    return q.strip(" \t\n\"'\u201c\u201d\u2018\u2019")


class Aligner:
    """Finds quotes in one text; the text is normalized once."""

    def __init__(self, text: str, fuzzy_threshold: float = 0.9) -> None:
        self.text = text
        self.fuzzy_threshold = fuzzy_threshold
        self.norm, self.index = normalize_with_map(text)
        self._words = set(re.findall(r"\w+", self.norm))

    def _span(self, nstart: int, nend: int) -> tuple[int, int]:
        return self.index[nstart], self.index[nend - 1] + 1

    def locate(self, quote: str) -> Span | None:
        if not quote:
            return None
        pos = self.text.find(quote)
        if pos >= 0 and len(quote.strip()) >= MIN_QUOTE:
            return Span(pos, pos + len(quote), "exact", 1.0)
        nq = normalize(_clean_quote(quote)).strip(_STRIP)
        if len(nq) < MIN_QUOTE:
            return None
        pos = self.norm.find(nq)
        if pos >= 0:
            start, end = self._span(pos, pos + len(nq))
            return Span(start, end, "normalized", 1.0)
        return self._fuzzy(nq)

    def _fuzzy(self, nq: str) -> Span | None:
        if len(nq) < 12 or not self.norm:
            return None
        found = fuzz.partial_ratio_alignment(nq, self.norm, score_cutoff=self.fuzzy_threshold * 100)
        if found is None:
            return None
        nstart, nend = found.dest_start, found.dest_end
        # widen to word boundaries in the normalized text
        while nstart > 0 and self.norm[nstart - 1].isalnum():
            nstart -= 1
        while nend < len(self.norm) and self.norm[nend].isalnum():
            nend += 1
        if nend <= nstart:
            return None
        start, end = self._span(nstart, nend)
        return Span(start, end, "fuzzy", round(found.score / 100, 3))

    def locate_sentence(self, paraphrase: str, threshold: float = 0.85) -> Span | None:
        """The article sentence that best holds ``paraphrase``'s words, when it holds
        at least ``threshold`` of them (and of its distinct content words)."""
        words = {w for w in re.findall(r"\w+", normalize(paraphrase)) if w not in STOPWORDS}
        if len(words) < 4:
            return None
        best: tuple[float, int, int] | None = None
        for m in _SENTENCE.finditer(self.text):
            sentence_words = set(re.findall(r"\w+", normalize(m.group())))
            coverage = len(words & sentence_words) / len(words)
            if coverage >= threshold and (best is None or coverage > best[0]):
                best = (coverage, m.start(), m.end())
        if best is None:
            return None
        return Span(best[1], best[2], "sentence", round(best[0], 3))

    def mentions(self, name: str) -> bool:
        """Whether ``name`` appears in the text (normalized, on word boundaries).

        A multi-word name also counts when its last token (a surname, 3+ chars)
        appears (:func:`summarizer.read.names.surname_of`): "Nicolas Maduro" is
        mentioned by a text saying "Maduro"."""
        n = normalize(name).strip(_STRIP)
        if len(n) < 2:
            return False
        if re.search(rf"(?<!\w){re.escape(n)}(?!\w)", self.norm):
            return True
        return surname_of(" ".join(re.findall(r"\w+", n))) in self._words
