"""Actors the article names by a common noun: "federal prosecutors said", "the
jury convicted", "residents fled", "EU leaders agreed". They count only where
they act or speak (the subject of a verb, or the agent of a passive), and they
are named as the article names them, with the modifiers that say whose they are.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from .actors import Candidate, action_of
from .names import normalize_name
from .segment import Sentence, sentence_at
from .words import SAY

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

#: nouns for people acting together, or one unnamed person the story is about
GROUP_NOUNS = frozenset(
    [
        "prosecutor",
        "jury",
        "juror",
        "resident",
        "police",
        "officer",
        "official",
        "authority",
        "lawmaker",
        "legislator",
        "leader",
        "minister",
        "employee",
        "worker",
        "staff",
        "shareholder",
        "investor",
        "analyst",
        "protester",
        "demonstrator",
        "voter",
        "suspect",
        "defendant",
        "victim",
        "rebel",
        "militant",
        "troop",
        "soldier",
        "judge",
        "regulator",
        "critic",
        "opponent",
        "supporter",
        "fan",
        "doctor",
        "scientist",
        "researcher",
        "expert",
        "economist",
        "diplomat",
        "negotiator",
        "firefighter",
        "rescuer",
        "villager",
        "farmer",
        "student",
        "teacher",
        "nurse",
        "passenger",
        "pilot",
        "crew",
        "driver",
        "miner",
        "striker",
        "activist",
        "creditor",
        "bondholder",
        "trader",
        "bank",
        "lender",
        "insurer",
        "investigator",
        "inspector",
        "monitor",
        "observer",
        "mediator",
        "gunman",
        "attacker",
        "survivor",
        "witness",
        "medic",
        "member",
        "conductor",
        "engineer",
        "shipper",
        "rider",
        "customer",
        "consumer",
        "parent",
        "patient",
        "citizen",
        "refugee",
        "migrant",
        "delegate",
        "envoy",
        "senator",
        "mp",
        "councillor",
        "executive",
        "manager",
        "coach",
        "player",
        "agent",
        "guard",
        "hacker",
        "person",
        "people",
        "government",
        "board",
        "ministry",
        "administration",
        "cabinet",
        "parliament",
        "gendarme",
        "deputy",
        "organiser",
        "organizer",
        "relative",
        "physician",
        "surgeon",
        "recruiter",
        "bookmaker",
        "rival",
        "prisoner",
        "hostage",
        "detainee",
        "inmate",
        "pensioner",
        "user",
        "owner",
        "buyer",
        "bidder",
        "tenant",
        "commuter",
        "motorist",
        "tourist",
        "fisherman",
        "haulier",
        "trucker",
        "exporter",
        "importer",
        "manufacturer",
        "retailer",
        "supplier",
        "producer",
        "family",
        "campaigner",
        "council",
        "committee",
    ]
)
#: singular nouns that name one actor ("the jury", "the suspect", "the government");
#: others count in the plural
SINGULAR = frozenset(
    {"jury", "police", "suspect", "defendant", "gunman", "staff", "crew"}
    | {"government", "board", "ministry", "administration", "cabinet", "parliament"}
    | {"council", "committee"}
)
#: one unnamed person who speaks or acts ("a spokesman for the club said", "the
#: trial judge ruled"): an actor only where no name goes with them
SPEAKERS = frozenset(
    ["spokesman", "spokeswoman", "spokesperson", "official", "source", "minister", "judge"]
    + ["lawyer", "manager", "executive", "lawmaker", "researcher", "administrator", "aide"]
    + ["engineer", "director", "chairman", "prosecutor", "diplomat", "analyst", "economist"]
)
#: entity types of a name; a count ("More than 400 employees") is not one
_NAME_TYPES = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC", "PRODUCT", "EVENT"})
_MODIFIERS = ("compound", "amod", "nmod")
_POST = ("prep", "acl", "amod")
_WHOSE = frozenset({"of", "from", "for", "with", "at", "in", "on"})
_NEEDS_WHO = frozenset({"person", "people", "member"})
MAX_GROUP_WORDS = 8
_DETERMINERS = frozenset({"the", "a", "an", "its", "their", "his", "her"})
_SKIP_MODIFIERS = frozenset({"other", "many", "some", "several", "few", "most", "such", "more"})


def _named(token: Token) -> bool:
    """Whether a name goes with this noun ("a spokeswoman, Luana Prates," or
    "spokesman Issoufou Garba"), or the noun is not a person ("the source of the
    leak was"): a source counts only when it speaks."""
    if token.lower_ == "source" and token.head.lemma_ not in SAY:
        return True
    near = [t for t in token.children if t.dep_ == "appos"]
    if token.dep_ in ("appos", "compound"):
        near.append(token.head)
    return any(t.pos_ == "PROPN" for t in near)


def _when(phrase: Span) -> bool:
    """A phrase that says when, not who ("the jury on Thursday")."""
    return any(t.ent_type_ in ("DATE", "TIME") for t in phrase)


def group_phrase(token: Token) -> Span | None:
    """The phrase naming the group ``token`` heads ("federal prosecutors", "OpenAI
    employees"), or None when ``token`` is not a group that acts."""
    # the tagger takes some lower-case nouns for names ("the defence ministry said")
    noun = token.pos_ == "NOUN" or (token.pos_ == "PROPN" and token.text.islower())
    if not noun or token.lemma_.casefold() not in GROUP_NOUNS | SPEAKERS:
        return None
    one = token.tag_ not in ("NNS", "NNPS")
    if one and token.lower_ not in SINGULAR | SPEAKERS:
        return None
    if one and token.lower_ in SPEAKERS and _named(token):
        return None  # "a spokeswoman, Luana Prates, said": the name is the actor
    acts = token.dep_ in ("nsubj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX")
    agent = token.dep_ == "pobj" and token.head.dep_ == "agent"
    if not (acts or agent):
        return None
    start = token.i
    for child in sorted(token.lefts, key=lambda t: -t.i):
        if child.right_edge.i != start - 1 or child.dep_ not in (*_MODIFIERS, "nummod"):
            break
        if child.lower_ in _SKIP_MODIFIERS:
            break
        start = child.left_edge.i  # "New South Wales government", "two diplomats", whole
    doc = token.doc
    while start >= 2 and doc[start - 1].text == "-":  # "high-level researchers", whole
        start -= 2
    while doc[start].is_space:  # a dateline blanked before parsing
        start += 1
    end = token.i + 1
    after = next((c for c in token.rights if c.dep_ in _POST), None)
    # who they are follows: "people familiar with the talks", "lawmakers from the
    # ruling coalition", "scientists not involved in the mission" — up to a comma
    # ("relatives of the drivers, who have waited ...": the clause is not the name)
    if after is not None and (after.dep_ != "prep" or after.lower_ in _WHOSE):
        last = after.right_edge.i + 1
        last = next((t.i for t in doc[token.i : last] if t.text == ","), last)
        if last - start <= MAX_GROUP_WORDS and not _when(doc[after.i : last]):
            end = last
    if end == token.i + 1 and token.lemma_ in _NEEDS_WHO:
        return None  # "people said", "members voted": whose?
    return doc[start:end]


def find_groups(doc: Doc, sents: list[Sentence], named: list[Candidate]) -> list[Candidate]:
    """Common-noun actors that act, one per head noun (the fullest phrase names it),
    leaving out nouns inside a name already found ("the union" of "United Rail Crews
    Union" is that actor's)."""
    named_words = [set(normalize_name(n).split()) for c in named for n in [c.name, *c.aliases]]
    found: dict[str, Candidate] = {}
    for token in doc:
        phrase = group_phrase(token)
        if phrase is None or (token.ent_type_ in _NAME_TYPES and not phrase.text.islower()):
            continue
        head = token.lemma_.casefold()
        # inside a name already found ("the union" of "United Rail Crews Union"),
        # as written or by its head's lemma ("ministries" of "Ministry of Health")
        words = {w for w in normalize_name(phrase.text).split() if w not in _DETERMINERS}
        forms = (words, words - {token.lower_} | {head})
        if any(form <= name for form in forms for name in named_words):
            continue
        s = sentence_at(sents, phrase.start_char)
        if s is None:
            continue
        name = phrase.text
        c = found.get(head)
        if c is None:
            found[head] = Candidate(
                name=name,
                aliases=[],
                kind="person" if token.lower_ in SPEAKERS else "group",
                mentions=[(phrase.start_char, phrase.end_char)],
                sentences=[s.number],
                acts=True,
                placed=False,
                common=True,
                action=action_of(token),
            )
            continue
        c.mentions.append((phrase.start_char, phrase.end_char))
        if s.number not in c.sentences:
            c.sentences.append(s.number)
        if len(name.split()) > len(c.name.split()):
            c.aliases.append(c.name)
            c.name = name
        elif name.casefold() != c.name.casefold() and name not in c.aliases:
            c.aliases.append(name)
    return list(found.values())
