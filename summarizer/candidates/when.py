"""Date expressions per sentence: their wording, the ones the tagger misses,
and whether a date points forward (resolved by :mod:`summarizer.dates`)."""

from __future__ import annotations

import re
from typing import Any

from .speech import SAY

_AHEAD_VERBS = {
    "expect",
    "schedule",
    "plan",
    "intend",
    "set",
    "due",
    "postpone",
    "adjourn",
    "delay",
}
# a deadline granted or moved: "gave companies until the end of January"
_UNTIL_VERBS = _AHEAD_VERBS | {"give", "extend", "grant", "allow"}
_MODALS = ("would", "could", "might", "may", "should", "must")
_FUTURE = ("will", "shall", "'ll")
# present-tense verbs that report rather than schedule ("she says", "the data shows")
_REPORTING = SAY | {"show", "indicate", "suggest"}
_SEASON = re.compile(r"\b(?:this|last|next|the)\s+(?:spring|summer|autumn|fall|winter)\b", re.I)
_DAY_WORDS = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|"
    r"tomorrow)\b",
    re.I,
)


def date_spans(doc: Any) -> list[Any]:
    """The date expressions of a parsed text: the tagger's dates, its times that
    name a day ("on Wednesday morning" is tagged a time), and the seasons it
    misses ("in the autumn")."""
    spans = [
        e
        for e in doc.ents
        if e.label_ == "DATE" or (e.label_ == "TIME" and _DAY_WORDS.search(e.text))
    ]
    tagged = {t.i for e in doc.ents if e.label_ in ("DATE", "TIME") for t in e}
    seasons = (doc.char_span(m.start(), m.end(), label="DATE") for m in _SEASON.finditer(doc.text))
    spans += [s for s in seasons if s is not None and not tagged & {t.i for t in s}]
    return sorted(spans, key=lambda e: e.start)


def background(ent: Any) -> bool:
    """Whether a date is the start of a span ("has chaired the company since
    2009", "cases recorded since January") rather than when the sentence's news
    happened. Dates in a relative clause or after "for" still count: labellers
    date events by them (leaving them out cost blind date accuracy 0.05)."""
    before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    return before == "since" or ent[0].lower_ == "since"


def _looks_forward(verb: Any) -> bool | None:
    """True when a verb looks forward ("will meet", "would present", "is to
    rule", "is expected", "host ... on Nov. 14"), False when it is past ("met",
    "has met"), None when it does not say (a participle, an infinitive)."""
    children = list(verb.children)
    if verb.lemma_ in _AHEAD_VERBS - {"postpone", "adjourn", "delay"} or verb.lower_ == "due":
        return True
    for child in children:
        if child.dep_ in ("aux", "auxpass") and child.lower_ in _FUTURE:
            return True
        if child.lower_ in _MODALS and not any(c.lower_ == "have" for c in children):
            return True  # "said it would publish ... in May", "could crest on Wednesday"
        if child.dep_ == "advmod" and child.lower_ == "next":
            return True  # "the board next meets on October 19"
        if child.dep_ == "acomp" and child.lower_ in ("due", "set"):
            return True
        if child.lemma_ == "be" and any(c.dep_ == "aux" and c.lower_ == "to" for c in children):
            return True  # "is to meet"
    if verb.tag_ == "VBD" or any(c.dep_ == "aux" and c.lemma_ == "have" for c in children):
        return False
    if verb.tag_ in ("VBZ", "VBP"):
        return verb.lemma_ not in _REPORTING  # "they host Scunthorpe on Nov. 14"
    return None


def ahead(ent: Any) -> bool:
    """Whether a date expression points forward: the first verb above it that
    tells looks forward ("will stage a strike starting on Monday" — the
    participle does not tell, "will stage" does), or it is where something was
    put off to ("postponed to April 2")."""
    doc = ent.doc
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    if before in ("to", "until") and doc[ent.start - 1].head.lemma_ in _UNTIL_VERBS:
        return True
    token = ent.root
    for _ in range(8):  # up the tree to the first verb that tells
        if token.pos_ in ("VERB", "AUX"):
            told = _looks_forward(token)
            if told is not None:
                return told
        if token.head.i == token.i:
            break
        token = token.head
    return False


def date_wording(ent: Any) -> str:
    """The date expression as the article words it: "on Thursday", "last month"."""
    words = []
    for token in ent:
        if words and token.pos_ in ("SCONJ", "PRON", "VERB"):
            break
        words.append(token.text_with_ws)
    wording = "".join(words).strip()
    doc = ent.doc
    if ent.start > 0 and doc[ent.start - 1].lower_ in ("on", "in", "since", "by", "until", "from"):
        wording = f"{doc[ent.start - 1].text} {wording}"
    return wording
