"""Actor candidates: the article's named entities, one per referent.

People, organizations, places that may be countries acting and plural
nationalities, grouped by the alias/surname rules of :mod:`summarizer.read.names`,
with acronyms in parentheses ("the Authority (APRA)") as aliases; each with a
role from a title or apposition, and whether it acts or only places.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Span

from .names import MIN_SURNAME, fullest, merge_groups, normalize_name, surname_of
from .segment import Sentence, sentence_at
from .words import PLACE_PREPOSITIONS, SAID

if TYPE_CHECKING:
    from collections.abc import Iterable

    from spacy.tokens import Doc, Token

_KIND = {"PERSON": "person", "ORG": "organization", "GPE": "country", "NORP": "group"}
_LABELS = set(_KIND) | {"FAC"}
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_TRAILING = re.compile(
    rf"(?:['’]s?|\s+(?:{SAID})|(?:\s+\d{{1,2}}-\d{{1,2}}(?:\(\d+\))?)+)$"
)  # "Harada 7-5 7-6(4)": a score
_ACRONYM = re.compile(r"\(([A-Z][A-Z&.]{1,9}s?)\)")
_ACTS = {"nsubj", "nsubjpass", "poss", "agent"}
_DESCRIBES = {"compound", "nmod", "amod", "det", "npadvmod"}
#: what lies in a place rather than acts for it ("Kenya's Nakuru County")
_PLACE_NOUNS = frozenset(
    ["city", "capital", "county", "province", "region", "state", "district", "coast", "port"]
    + ["border", "north", "south", "east", "west", "island", "airport", "street", "centre"]
)


@dataclass
class _Named:
    """A name found, with the acronyms that stand for it."""

    name: str
    aliases: list[str]


@dataclass
class Candidate:
    """One entity the article names, with every form it takes."""

    name: str
    aliases: list[str]
    kind: str
    mentions: list[tuple[int, int]]  # character spans
    sentences: list[int]  # sentence numbers, in order, no repeats
    role: str = ""  # a title or apposition from the text ("Belarusian President")
    acts: bool = False  # ever the subject, agent or owner of something
    placed: bool = True  # every mention reads as a place ("in Minsk", "to Moscow")
    modifies: bool = False  # every mention describes a noun ("European Union funds")
    salience: str = "mentioned"  # set for all candidates at once by calibrate_salience
    common: bool = False  # named by a common noun ("federal prosecutors"), not a name
    action: str = ""  # what it first does in the article ("convicted Dana Whitlock")

    @property
    def is_actor(self) -> bool:
        """A place is an actor when it acts ("Washington said", "Russia's invasion",
        "by the U.S.") or recurs other than as a location. A one-word name found
        only where a place would be ("based in Copenhagen", "a Durban
        businessman") is a place whatever the tagger called it, an organization
        named once to describe a thing ("the FTSE index") is not acting, and a
        long word in capitals is a heading, not a name."""
        if len(self.name) > 6 and self.name.isupper():
            return False
        if self.kind == "organization" and self.modifies and len(self.mentions) == 1:
            return False
        if self.kind != "country":
            return not (self.placed and " " not in self.name and not self.acts)
        return self.acts

    @property
    def first(self) -> int:
        return self.sentences[0]


def clean_name(name: str) -> str:
    name = " ".join(name.split())
    name = _LEADING.sub("", name)
    name = _TRAILING.sub("", name).strip(" ,;:\"“”‘’'")
    return name if re.search(r"\b[A-Z]\.$", name) else name.rstrip(".")


def find_actors(doc: Doc, sents: list[Sentence]) -> list[Candidate]:
    """Entities of the kinds that can act, one per referent."""
    mentions: list[tuple[str, str, int, int]] = []  # name, label, start, end
    for ent in _named_spans(doc):
        if ent.label_ not in _LABELS:
            continue
        name = clean_name(ent.text)
        if len(name) < 2 or not any(ch.isupper() for ch in name):
            continue
        if ent.label_ == "NORP" and not ent.text.endswith("s"):
            continue  # "Belarusian" describes; "Democrats" act
        mentions.append((name, ent.label_, ent.start_char, ent.end_char))
    # an acronym in parentheses right after a name is that name's alias
    text = doc.text  # joined from the tokens on every access: read it once
    acronyms: dict[str, str] = {}
    for name, _, _, end in mentions:
        m = _ACRONYM.match(text, end + 1) if text[end : end + 2] == " (" else None
        if m:
            acronyms[m[1]] = name
    by_name: dict[str, list[tuple[str, int, int]]] = {}
    for name, label, start, end in mentions:
        by_name.setdefault(acronyms.get(name, name), []).append((label, start, end))
    for short, full in acronyms.items():
        for m in re.finditer(rf"\b{re.escape(short)}(?![\w])", text):
            by_name.setdefault(full, []).append(("ORG", m.start(), m.end()))

    names = list(by_name)
    named = [_Named(n, [a for a, full in acronyms.items() if full == n]) for n in names]
    found: list[Candidate] = []
    for group in _first_word_merge(named, merge_groups(named)):
        members = [named[i] for i in group]
        spans = sorted({(s, e) for i in group for (_, s, e) in by_name[names[i]]})
        labels = Counter(label for i in group for (label, _, _) in by_name[names[i]])
        canonical = fullest(members).name
        forms = dict.fromkeys(f for m in members for f in [m.name, *m.aliases])
        numbers = []
        for start, _ in spans:
            s = sentence_at(sents, start)
            if s is not None and s.number not in numbers:
                numbers.append(s.number)
        if not numbers:
            continue
        label = (
            "PERSON"
            if labels["PERSON"] * 2 >= sum(labels.values())
            else labels.most_common(1)[0][0]
        )
        heads = [_head(doc, start, end) for start, end in spans]
        heads = [h for h in heads if h is not None]
        found.append(
            Candidate(
                name=canonical,
                aliases=[f for f in forms if f != canonical],
                kind=_KIND.get(label, "other"),
                mentions=spans,
                sentences=sorted(numbers),
                role=next((r for h in heads if (r := _role(doc, h))), ""),
                action=next((a for h in heads if (a := action_of(h))), ""),
                acts=any(_acts(h, place=label in ("GPE", "FAC")) for h in heads),
                placed=all(_placed(doc, h) for h in heads),
                modifies=bool(heads) and all(h.dep_ in _DESCRIBES for h in heads),
            )
        )
    found = _merge_initialisms(found)
    found.sort(key=lambda c: (c.first, -len(c.mentions)))
    return found


_MINOR = frozenset(["of", "the", "and", "for", "on", "in", "de", "du", "des", "la", "le", "&"])


def _initials(name: str) -> str:
    return "".join(w[0] for w in name.replace("-", " ").split() if w.lower() not in _MINOR)


def _merge_initialisms(found: list[Candidate]) -> list[Candidate]:
    """An acronym the article uses without introducing it ("WMO" after "World
    Meteorological Organization", "EU") is an alias of the one name whose
    initials it spells."""
    for short in [c for c in found if c.name.isupper() and 2 <= len(c.name) <= 6]:
        if " " in short.name or "." in short.name:
            continue
        targets = [c for c in found if c is not short and _initials(c.name) == short.name]
        if len(targets) != 1:
            continue
        target = targets[0]
        target.aliases = list(dict.fromkeys([*target.aliases, short.name, *short.aliases]))
        target.mentions = sorted({*target.mentions, *short.mentions})
        target.sentences = sorted({*target.sentences, *short.sentences})
        target.acts = target.acts or short.acts
        target.placed = target.placed and short.placed
        found = [c for c in found if c is not short]
    return found


def _named_spans(doc: Doc) -> list[Span]:
    """The tagger's entities, mended where it stumbles on wire copy: a name that
    speaks or acts but was left untagged ("Harbour Mutual, a smaller lender,
    said"), a speaker's name tagged as a place ("a spokeswoman, Luana Prates,
    said"), and one ministry split in two at its "and" ("Ministry of Fisheries
    and Marine Resources")."""
    ents = list(doc.ents)
    merged: list[Span] = []
    for ent in ents:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.label_ == ent.label_ == "ORG"
            and " of " in prev.text
            and doc[prev.end : ent.start].text == "and"
        ):
            merged[-1] = Span(doc, prev.start, ent.end, label="ORG")
        else:
            merged.append(ent)
    owner = {t.i: e for e in merged for t in e}
    for token in doc:
        chunk = _acting_name(token)
        if chunk is None:
            continue
        covering = {owner[t.i] for t in chunk if t.i in owner}
        if any(e.label_ in _LABELS and e.label_ != "GPE" for e in covering):
            continue  # already a name of a kind that acts
        speaker = token.dep_ == "appos" and token.head.pos_ == "NOUN"
        if any(e.label_ == "GPE" for e in covering) and not speaker:
            continue  # a place, as tagged
        merged = [e for e in merged if e not in covering]
        merged.append(Span(doc, chunk.start, chunk.end, label="PERSON" if speaker else "ORG"))
    return sorted(merged, key=lambda e: e.start)


def _acting_name(token: Token) -> Span | None:
    """The capitalized proper-noun phrase ``token`` heads when that phrase is a
    subject, the apposition of a subject, or the agent of a passive; else None."""
    if token.pos_ != "PROPN":
        return None
    subject_appos = token.dep_ == "appos" and token.head.dep_ in ("nsubj", "nsubjpass")
    agent = token.dep_ == "pobj" and token.head.dep_ == "agent"
    if not (token.dep_ in ("nsubj", "nsubjpass") or subject_appos or agent):
        return None
    start = token.i
    while start > 0 and _joins_name(token.doc[start - 1], token):
        start -= 1
    words = [t for t in token.doc[start : token.i + 1] if t.is_alpha]
    if len(words) < 2 or not all(t.text[0].isupper() for t in words):
        return None
    if not normalize_name(token.doc[start : token.i + 1].text + " x").startswith(words[0].lower_):
        return None  # a title alone ("Prime Minister"), not a name
    return token.doc[start : token.i + 1]


def _joins_name(left: Token, head: Token) -> bool:
    """Whether ``left`` is part of the name ``head`` ends: a proper noun or a hyphen
    inside it ("Ventoso-Arrasate", "Anti-Corruption")."""
    if left.pos_ == "PROPN" and left.head.i <= head.i and left.dep_ in ("compound", "punct"):
        return True
    return left.text == "-" and left.i > 0 and left.nbor(-1).pos_ == "PROPN"


def _first_word_merge(named: list[_Named], groups: list[list[int]]) -> list[list[int]]:
    """ "Vantix" is "Vantix Cloud": a one-word name that begins exactly one longer
    name, and ends none (a surname), joins that name's group."""
    owner = {i: g for g, group in enumerate(groups) for i in group}
    keys = [normalize_name(n.name) for n in named]
    for i, key in enumerate(keys):
        if " " in key or len(key) < MIN_SURNAME:
            continue
        starts = {owner[j] for j, k in enumerate(keys) if " " in k and k.split()[0] == key}
        surname = any(surname_of(k) == key for k in keys)
        if len(starts) == 1 and not surname and (target := starts.pop()) != owner[i]:
            source = owner[i]
            groups[target].extend(groups[source])
            groups[source] = []
            for j in groups[target]:
                owner[j] = target
    return [g for g in groups if g]


def _head(doc: Doc, start: int, end: int) -> Token | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _acts(head: Token, place: bool = False) -> bool:
    """Whether a name's mention acts: a subject, an agent, an owner. A place owns
    what it does or who acts for it ("Russia's invasion", "Namibia's fisheries
    ministry"), not what lies in it ("Kenya's Nakuru County", "the city's port")
    nor a person it is the nationality of ("Japan's Mika Harada")."""
    while head.dep_ == "conj" and head.head.i != head.i:
        head = head.head  # "Denmark and Belgium voted against"
    if head.dep_ == "poss" and place:
        owned = head.head
        return (
            owned.ent_type_ not in ("GPE", "LOC", "FAC", "PERSON")
            and owned.lemma_ not in _PLACE_NOUNS
        )
    if head.dep_ in _ACTS:
        return True
    # "shunned by Washington", "dismissed as a sham by the U.S."
    return head.dep_ == "pobj" and (head.head.dep_ == "agent" or head.head.lower_ == "by")


def _placed(doc: Doc, head: Token) -> bool:
    if head.dep_ in ("compound", "amod"):
        return True  # "a Nairobi importer"
    first = head.left_edge
    before = doc[first.i - 1].lower_ if first.i > 0 else ""
    return before in PLACE_PREPOSITIONS or (
        head.dep_ == "pobj" and head.head.lower_ in PLACE_PREPOSITIONS
    )


def _role(doc: Doc, head: Token) -> str:
    """A title before the name ("Chief operating officer Daniel Mercer") or an
    apposition ("Harbour Mutual, a smaller lender," / "a special envoy, John Coale")."""
    for child in head.children:
        if child.dep_ == "appos" and child.i > head.i and not child.text.isupper():  # not "(APRA)"
            return _phrase(doc[child.left_edge.i : child.right_edge.i + 1])
    if head.dep_ == "appos" and head.head.pos_ == "NOUN":
        noun = head.head
        words = [t for t in noun.subtree if t.i < head.left_edge.i and t.dep_ != "punct"]
        return _phrase(words)
    # title words right before the name: "Chief operating officer Daniel Mercer"
    ent = next((e for e in doc.ents if e.start <= head.i < e.end), None)
    i = ent.start if ent is not None else head.left_edge.i
    title = []
    while i > 0 and len(title) < 5:
        t = doc[i - 1]
        if t.head.i < i - 1 or t.dep_ not in ("compound", "amod", "nmod"):
            break
        if t.pos_ not in ("PROPN", "NOUN", "ADJ") or t.ent_type_ == "PERSON":
            break  # the organisation or country stays: "U.S. Treasury Secretary"
        title.insert(0, t)
        i -= 1
    if len(title) == 1 and title[0].pos_ == "ADJ":
        return ""  # "western Niger", "former Bayou Crest": one adjective is no title
    if i > 0 and doc[i - 1].text == "-" and not doc[i - 1].whitespace_:
        return ""  # the end of a compound: "court" of "grass-court"
    return _phrase(title)


def _phrase(tokens: Iterable[Token]) -> str:
    words = [t for t in tokens if t.dep_ != "det" and (t.pos_ != "PUNCT" or t.dep_ == "case")][:8]
    out = []
    for t in words:  # a space where a dropped mark had one ("parents’ group")
        after = t.nbor(1) if t.i + 1 < len(t.doc) else None
        spaced = t.whitespace_ or (after is not None and after not in words and after.whitespace_)
        out.append(t.text + (" " if spaced else ""))
    return "".join(out).strip()


#: at most this many actors are central: the ones the story is about
MAX_CENTRAL = 3


def calibrate_salience(found: list[Candidate], lede: int) -> None:
    """Central: the one to three actors the story is about — the most named (the
    lede counting double), and up to two more named at least half as much, in
    the lede or three times; supporting: a person, or an actor that acts or
    recurs; mentioned: the rest. (Measured on the fixtures' gold salience: 0.65
    agreement before, 0.73 after, when only the lede's most named was central.)"""

    def weight(c: Candidate) -> int:
        return len(c.sentences) + 2 * (lede in c.sentences) + c.acts

    for c in found:
        acting = c.acts or len(c.sentences) >= 2 or c.kind == "person"
        c.salience = "supporting" if acting else "mentioned"
    # a group named by a common noun ("jurors") is what a story involves, not its subject
    ranked = sorted((c for c in found if c.is_actor and not c.common), key=weight, reverse=True)
    for i, c in enumerate(ranked[:MAX_CENTRAL]):
        named = lede in c.sentences or len(c.sentences) >= 3
        if i == 0 or (weight(c) >= 0.5 * weight(ranked[0]) and named):
            c.salience = "central"


#: verbs that only report speech: "said ..." tells a reader nothing of a part
_REPORTING = frozenset({"say", "tell", "add", "report", "state", "write", "note", "quote"})


def action_of(head: Token) -> str:
    """What the actor whose mention ends at ``head`` does, in the article's words:
    its verb and that verb's object or first phrase ("convicted former Virginia
    health commissioner Dana Whitlock", "fled their homes"); "" when it is not a
    subject; for a speaker, what they said ("said the strike would cost the
    airline about 9 million euros")."""
    verb = head.head
    if head.dep_ != "nsubj" or verb.pos_ != "VERB":
        return ""
    if verb.lemma_ in _REPORTING:
        return _said(verb)
    after = [c for c in verb.children if c.i > verb.i]
    tail = next((c for c in after if c.dep_ == "dobj"), None) or next(
        (c for c in after if c.dep_ in ("prep", "xcomp", "attr", "acomp", "ccomp")), None
    )
    end = min(tail.right_edge.i, tail.i + 7) if tail is not None else verb.i
    start = verb.i
    while start > 0 and verb.doc[start - 1].dep_ in ("aux", "auxpass", "neg"):
        start -= 1  # "did not respond", "has agreed"
    return verb.doc[start : end + 1].text.split(",")[0].strip(" .;:—")


def _said(verb: Token) -> str:
    """A speaker's verb and the first words of what they said, or ""."""
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is None or clause.left_edge.i < verb.i or clause.left_edge.text in ("“", '"'):
        return ""  # what they said comes first ("…, sources told Reuters"), or is a quotation
    words = verb.doc[clause.left_edge.i : min(clause.right_edge.i, clause.left_edge.i + 9) + 1]
    said = words.text.split(",")[0].strip(" .;:—")
    return f"{verb.text} {said}" if len(said.split()) >= 3 else ""
