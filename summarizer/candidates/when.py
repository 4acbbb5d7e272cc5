"""Date expressions per sentence: their wording, the ones the tagger misses,
and whether a date points forward (resolved by :mod:`summarizer.dates`)."""

from __future__ import annotations

import re
from typing import Any

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
_MODALS = ("would", "could", "might", "may")
_SEASON = re.compile(r"\b(?:this|last|next|the)\s+(?:spring|summer|autumn|fall|winter)\b", re.I)


def missed_dates(doc: Any) -> list[Any]:
    """Date expressions the entity recognizer does not tag ("in the autumn")."""
    tagged = {t.i for e in doc.ents if e.label_ == "DATE" for t in e}
    spans = (doc.char_span(m.start(), m.end(), label="DATE") for m in _SEASON.finditer(doc.text))
    return [s for s in spans if s is not None and not tagged & {t.i for t in s}]


def ahead(ent: Any) -> bool:
    """Whether a date expression points forward: the verb it hangs from is in the
    future ("will meet on Monday", "is expected to rule by September", "is due on
    July 24"), or it is where something was put off to ("postponed to April 2")."""
    doc = ent.doc
    before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
    if before in ("to", "until") and doc[ent.start - 1].head.lemma_ in _AHEAD_VERBS:
        return True
    verb = ent.root
    for _ in range(4):  # up to the verb the date hangs from
        if verb.pos_ in ("VERB", "AUX") or verb.head is verb:
            break
        verb = verb.head
    chain = [verb, verb.head] if verb.dep_ in ("xcomp", "ccomp", "advcl") else [verb]
    for v in chain:
        if v.lemma_ in _AHEAD_VERBS - {"postpone", "adjourn", "delay"} or v.lower_ == "due":
            return True
        for child in v.children:
            if child.dep_ in ("aux", "auxpass") and child.lower_ in ("will", "shall", "'ll"):
                return True
            if child.lower_ in _MODALS and not any(c.lower_ == "have" for c in v.children):
                return True  # "said it would publish ... in May", "could crest on Wednesday"
            if child.dep_ == "advmod" and child.lower_ == "next":
                return True  # "the board next meets on October 19"
            if child.dep_ == "acomp" and child.lower_ in ("due", "set"):
                return True
            if child.lemma_ == "be" and any(
                c.dep_ == "aux" and c.lower_ == "to" for c in v.children
            ):
                return True  # "is to meet"
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
