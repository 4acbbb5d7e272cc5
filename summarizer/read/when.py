"""Date expressions per sentence: their wording, the ones the tagger misses,
and whether a date points forward (resolved by :mod:`summarizer.read.dates`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from .dates import SAME_DAY
from .words import SAY, SEASON_TIME_RE

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

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
_MODALS = ("would", "could", "might", "may", "should", "must", "can")
_FUTURE = ("will", "shall", "'ll")
# a date on what someone is invited to is ahead: "invited both sides to a meeting on Friday"
_INVITE_VERBS = {"invite", "summon", "call", "ask"}
# present-tense verbs that report rather than schedule ("she says", "the data shows")
_REPORTING = SAY | {"show", "indicate", "suggest"}
_DAY_WORDS = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|"
    r"tomorrow)\b",
    re.I,
)
_SAME_DAY = re.compile(rf"\b(?:{SAME_DAY})\b", re.I)


def date_spans(doc: Doc) -> list[Span]:
    """The date expressions of a parsed text: the tagger's dates, its times that
    name a day ("on Wednesday morning" is tagged a time), and the seasons and
    times of the news day it misses ("in the autumn", "in the afternoon")."""
    spans = [
        e
        for e in doc.ents
        if e.label_ == "DATE" or (e.label_ == "TIME" and _DAY_WORDS.search(e.text))
    ]
    for pattern in (SEASON_TIME_RE, _SAME_DAY):
        for m in pattern.finditer(doc.text):
            span = doc.char_span(m.start(), m.end(), label="DATE")
            if span is None or _names_a_thing(span):
                continue
            if not any(s.start < span.end and span.start < s.end for s in spans):
                spans.append(span)
    return sorted(spans, key=lambda e: e.start)


def _names_a_thing(span: Span) -> bool:
    """Whether a season only describes a noun: "the summer budget", "the winter
    transfer window" name a thing, not when the news happened."""
    return span[-1].dep_ in ("compound", "amod") and span[-1].head.i >= span.end


def background(ent: Span) -> bool:
    """Whether a date is the start of a span ("has chaired the company since
    2009", "cases recorded since January") rather than when the sentence's news
    happened, or the period a thing covers ("figures for October are due next
    week"). Dates in a relative clause, or after "for" a verb ("scheduled for
    October"), still count: labellers date events by them (leaving them out cost
    blind date accuracy 0.05)."""
    prev = ent.doc[ent.start - 1] if ent.start > 0 else None
    before = prev.lower_ if prev is not None else ""
    if before == "for" and prev.head.pos_ in ("NOUN", "PROPN"):
        return True  # the period a thing covers: "figures for October"
    return before == "since" or ent[0].lower_ == "since"


def _looks_forward(verb: Token) -> bool | None:
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


def ahead(ent: Span) -> bool:
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
        if token.lower_ == "due":
            return True  # "the results of a scan due on Friday"
        if _invited_to(token):
            return True
        if token.pos_ in ("VERB", "AUX"):
            told = _looks_forward(token)
            if told is not None:
                return told
        if token.head.i == token.i:
            break
        token = token.head
    return False


def _invited_to(token: Token) -> bool:
    """Whether a noun is what someone is invited or summoned to ("invited both
    sides to a meeting", "summoned to a hearing"): a thing still ahead."""
    prep = token.head
    return (
        token.dep_ == "pobj"
        and token.pos_ == "NOUN"
        and prep.lower_ == "to"
        and prep.head.lemma_ in _INVITE_VERBS
    )


#: the word before a date that is part of its wording ("since Friday")
_LEADS = frozenset(["on", "in", "since", "by", "until", "from", "during", "throughout"])


def date_wording(ent: Span) -> str:
    """The date expression as the article words it: "on Thursday", "last month"."""
    words = []
    for token in ent:
        if words and token.pos_ in ("SCONJ", "PRON", "VERB"):
            break
        words.append(token.text_with_ws)
    wording = "".join(words).strip()
    doc = ent.doc
    if ent.start > 0 and doc[ent.start - 1].lower_ in _LEADS:
        wording = f"{doc[ent.start - 1].text} {wording}"
    return wording
