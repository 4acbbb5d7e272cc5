"""Positions actors take, read from their verbs: "welcomed the measure" (for),
"voted against the package", "does not recognize Maduro" (against). Who holds
the position is the verb's subject, or, for "it" / "we" / "he", the speaker of
the sentence ("the ministry said it supported the bill's aims")."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from .words import SAY

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

SUPPORT = frozenset(
    [
        "support",
        "back",
        "welcome",
        "endorse",
        "praise",
        "hail",
        "applaud",
        "accept",
        "recognize",
        "recognise",
        "defend",
        "favour",
        "favor",
        "commend",
    ]
)
OPPOSE = frozenset(
    [
        "oppose",
        "reject",
        "criticize",
        "criticise",
        "condemn",
        "denounce",
        "dispute",
        "challenge",
        "contest",
        "attack",
        "resist",
        "boycott",
        "fault",
        "accuse",
    ]
)
#: verbs whose target follows a preposition ("voted against the package", "called for a recount")
_AGAINST = ("vote", "appeal", "campaign", "argue", "protest", "rule", "speak", "lobby", "warn")
_BY_PREPOSITION = {
    **{(verb, "against"): "opposed" for verb in _AGAINST},
    ("call", "for"): "supportive",
    ("argue", "for"): "supportive",
    ("vote", "for"): "supportive",
    ("campaign", "for"): "supportive",
    ("disagree", "with"): "opposed",
    ("side", "with"): "supportive",
    ("object", "to"): "opposed",
}
_TARGET_WORDS = 8


@dataclass(frozen=True)
class StanceMention:
    """An actor's position in one sentence, as words of the article."""

    holder: str  # the subject's words ("A parents’ group, the Association for Informed Choice")
    toward: str  # the target's words ("the measure")
    position: str  # "supportive" or "opposed"


def stance_mentions(sentence: Span) -> list[StanceMention]:
    """The positions a parsed sentence states (a spaCy span or doc)."""
    found: list[StanceMention] = []
    for token in sentence:
        position, target = _position(token)
        if position is None or target is None or target.pos_ == "PRON" or _asked(token):
            continue
        if target.lower_ in ("other", "another"):
            continue  # "accused each other", "blamed one another"
        if any(c.dep_ == "neg" for c in token.children):
            position = "opposed" if position == "supportive" else "supportive"
        toward = _words(target)
        for holder in _holders(token):
            found.append(StanceMention(_words(holder, whole=True), toward, position))
    return found


def _position(token: Token) -> tuple[str | None, Token | None]:
    """A verb's position and its target: its object, or what it is "against";
    "welcome" as an adjective takes its subject ("Maduro was always welcome")."""
    if token.lower_ == "welcome" and token.dep_ == "acomp":
        target = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
        return ("supportive" if target is not None else None), target
    if token.lemma_ in SUPPORT | OPPOSE and token.pos_ != "NOUN":
        # an object makes it a verb even where the tagger says not ("both back the offer");
        # "the bill was rejected" does not say here who rejected it
        target = next((c for c in token.children if c.dep_ == "dobj"), None)
        return ("supportive" if token.lemma_ in SUPPORT else "opposed"), target
    if token.pos_ == "VERB" and not any(c.dep_ == "dobj" for c in token.children):
        # "call for a recount", not "who call themselves Workers for Accountability"
        for prep in token.children:
            position = _BY_PREPOSITION.get((token.lemma_, prep.lower_))
            target = next((c for c in prep.children if c.dep_ == "pobj"), None)
            if position is not None and target is not None:
                return position, target
    return None, None


def _asked(verb: Token) -> bool:
    """Whether a position is only asked about or supposed ("whether they would
    accept the cuts", "if the board backs the plan"): not taken."""
    token = verb
    for _ in range(4):
        if any(c.dep_ == "mark" and c.lower_ in ("whether", "if") for c in token.children):
            return True
        if token.head.i == token.i:
            return False
        token = token.head
    return False


def _holders(verb: Token) -> list[Token]:
    """Who takes the position: the subject (and those joined to it: "Denmark and
    Belgium voted against"), up through infinitives ("would ask lawmakers to
    reject"); a pronoun, or an adjective's sentence, is held by its speaker."""
    if verb.dep_ == "acomp":  # its subject is the target: "Maduro was always welcome"
        return _speaker(verb)
    token = verb
    for _ in range(4):
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        if subject is not None:
            if subject.pos_ != "PRON":
                return [subject, *(c for c in subject.conjuncts if c.pos_ != "PRON")]
            break
        if token.dep_ not in ("xcomp", "conj", "advcl") or token.head.i == token.i:
            break
        token = token.head
    return _speaker(verb)


def _speaker(token: Token) -> list[Token]:
    """The subject of the saying verb a clause is reported under."""
    for _ in range(6):
        if token.head.i == token.i:
            return []
        token = token.head
        if token.lemma_ in SAY:
            said = token.head if token.dep_ == "conj" else token  # "received him and told him"
            subject = next(
                (c for c in [*token.children, *said.children] if c.dep_ == "nsubj"), None
            )
            return [subject] if subject is not None and subject.pos_ != "PRON" else []
    return []


def _words(token: Token, *, whole: bool = False) -> str:
    """A phrase's words, without the clauses and dates that hang on it ("a bill
    on Tuesday that would bar ..." -> "a bill"), at most eight words to its
    first comma; ``whole`` keeps what follows a comma (an apposition that names
    the holder)."""
    skip: set[int] = set()
    for child in token.children:
        pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
        dated = child.dep_ == "prep" and pobj is not None and pobj.ent_type_ in ("DATE", "TIME")
        if child.dep_ in ("relcl", "acl", "cc", "conj") or dated:
            skip.update(range(child.left_edge.i, child.right_edge.i + 1))
    words = []
    for t in token.subtree:
        if t.i in skip:
            continue
        if not whole and t.text in (",", ";", "(", "—"):
            break
        words.append(t)
    text = "".join(t.text_with_ws for t in words).strip().strip("“”\"' ,")
    return text if whole else " ".join(text.split()[:_TARGET_WORDS])
