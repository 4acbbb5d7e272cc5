"""Who speaks in a sentence, and what is inside quotation marks."""

from __future__ import annotations

import re

from .actors import Candidate
from .names import name_keys, named_in, names_of, normalize_name
from .segment import dateline_end
from .words import SAID

#: people who comment on the news rather than make it ("analysts said ...")
COMMENTATORS = frozenset(
    [
        "analyst",
        "economist",
        "lawyer",
        "expert",
        "trader",
        "scientist",
        "observer",
        "critic",
        "strategist",
        "commentator",
    ]
)


SPEECH = re.compile(rf"\b(?:{SAID}|according)\b")


def quote_open(sentence: str, was_open: bool) -> bool:
    """Whether a quotation is still open after ``sentence``."""
    curly_open, curly_close = sentence.count("“"), sentence.count("”")
    if curly_open or curly_close:
        return curly_open > curly_close or (was_open and curly_open == curly_close == 0)
    return was_open != (sentence.count('"') % 2 == 1)


def unquoted(sentence: str) -> str:
    """The words outside quotation marks (a quote opened earlier runs to the first closer)."""
    return re.sub(r"[“\"][^”\"]*[”\"]|^[^“”\"]*[”\"]", " ", sentence)


def attribution(words: str, candidates: list[Candidate]) -> str | None:
    words = words[dateline_end(words) :].strip()  # a dateline never attributes
    if not words:
        return None
    key = normalize_name(words)
    for c in candidates:
        if any(named_in(nk, key) for nk in name_keys(names_of(c))):
            return c.name
    return " ".join(words.split())
