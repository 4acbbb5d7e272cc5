"""What code finds in an article before the model is asked anything.

- actor candidates: named entities (people, organizations, places that may be
  countries acting, plural nationalities), grouped into one entity per
  referent by the alias/surname rules of :mod:`summarizer.names`, with
  acronyms in parentheses ("the Authority (APRA)") as aliases;
- per sentence: the date expressions that resolve against the publication
  date, who the sentence attributes its claim to, where it happens;
- sentences whose wording signals an open question ("did not respond",
  "it was not clear whether", "pending").
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from spacy.tokens import Span

from .article import headline
from .dates import ResolvedDate, resolve
from .names import (
    MIN_SURNAME,
    merge_groups,
    name_keys,
    named_in,
    names_of,
    normalize_name,
    surname_of,
)
from .segment import Sentence, dateline_end, parse, sentence_at, sentences

_KIND = {"PERSON": "person", "ORG": "organization", "GPE": "country", "NORP": "group"}
_LABELS = set(_KIND) | {"FAC"}
_LEADING = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)
_TRAILING = re.compile(r"(?:['’]s?|\s+(?:said|says|told))$")
_ACRONYM = re.compile(r"\(([A-Z][A-Z&.]{1,9}s?)\)")

QUESTION_CUES = re.compile(
    r"\b(?:did not (?:immediately )?(?:respond|reply|return|answer|comment|say)"
    r"|(?:declin|refus)(?:ed|es|ing) to (?:comment|say|discuss|confirm|elaborate|give|name|provide|specify)"
    r"|(?:was|is|remains?|were|are) (?:not (?:immediately |yet )?(?:clear|known|available)|unclear|unknown)"
    r"|(?:it|this) (?:was|is) (?:not (?:yet )?clear|unclear)|unclear (?:whether|when|how|what|if|who|why)"
    r"|(?:has|have|had) (?:not )?yet to|not yet (?:been )?(?:decided|known|clear|set|confirmed|announced)"
    r"|no (?:immediate )?(?:response|reply|comment|word|decision|date)"
    r"|(?:is|are|was|were) (?:expected|due|set|scheduled) to (?:decide|rule|announce|vote|consider|review)"
    r"|under (?:investigation|review)|pending|remains? to be seen|could not be reached"
    r"|(?:would|will) not (?:say|comment|confirm)|(?:did|does|do) not (?:know|say) (?:whether|when|how|why|what)"
    r"|undecided|unresolved|open question)\b",
    re.IGNORECASE,
)
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
_PLACE_WORDS = {
    "in",
    "at",
    "near",
    "outside",
    "across",
    "around",
    "from",
    "to",
    "into",
    "throughout",
    "inside",
}
_ACTS = {"nsubj", "nsubjpass", "poss", "agent"}
_SAY = {
    "say",
    "tell",
    "report",
    "announce",
    "state",
    "confirm",
    "claim",
    "allege",
    "add",
    "write",
    "insist",
    "warn",
    "accuse",
    "deny",
}


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

    @property
    def salience(self) -> str:
        """central: in the lede or named three times; mentioned: once, doing nothing."""
        if self.first <= 2 or len(self.sentences) >= 3:
            return "central"
        return "supporting" if self.acts or len(self.mentions) >= 2 else "mentioned"

    @property
    def is_actor(self) -> bool:
        """A place is an actor when it acts ("Washington said", "Russia's invasion",
        "by the U.S.") or recurs other than as a location. A one-word name found
        only where a place would be ("based in Copenhagen", "a Durban
        businessman") is a place whatever the tagger called it, and a long word
        in capitals is a heading, not a name."""
        if len(self.name) > 6 and self.name.isupper():
            return False
        if self.kind != "country":
            return not (self.placed and " " not in self.name and not self.acts)
        return self.acts or (not self.placed and len(self.mentions) >= 3)

    @property
    def first(self) -> int:
        return self.sentences[0]


@dataclass
class SentenceFacts:
    """What code reads off one sentence."""

    #: (wording, value) in the order the sentence gives them
    dates: list[tuple[str, ResolvedDate]] = field(default_factory=list)
    attribution: str | None = None
    location: str | None = None
    question_cue: bool = False
    quote_only: bool = False  # inside a quotation, with no one said to be speaking
    reported: bool = False  # someone is said to speak, outside any quotation
    quoted: bool = False  # holds a quotation
    state: bool = False  # its main verb is "be" or "have": a description, not an action

    @property
    def dated(self) -> bool:
        """Dated to a day or a month: such a sentence reports something that happened."""
        return any(d.precision in ("day", "month") for _, d in self.dates)


@dataclass
class Analysis:
    """An article read by code: sentences, candidates, per-sentence facts."""

    text: str
    published: date | None
    sentences: list[Sentence]
    candidates: list[Candidate]
    facts: dict[int, SentenceFacts]
    #: sentences addressed to the model: shown to it as withheld, never a source of an
    #: item (``summarizer.untrusted.withhold``)
    withheld: set[int] = field(default_factory=set)

    def sentence(self, number: int) -> Sentence:
        return self.sentences[number - 1]

    def actors_in(self, number: int) -> list[Candidate]:
        return [c for c in self.candidates if number in c.sentences]

    @property
    def body(self) -> list[int]:
        """Sentence numbers past the headline (:func:`summarizer.article.headline`)."""
        first = self.sentences[0] if self.sentences else None
        skip = first is not None and headline(self.text) == first.text
        body = [s.number for s in self.sentences[1 if skip else 0 :]] or [
            s.number for s in self.sentences
        ]
        return [n for n in body if n not in self.withheld] or body

    @property
    def reads_as_news(self) -> bool:
        """Reported speech in at least one body sentence in six: wire news, whose
        tone is neutral by the labeling rule (an opinion column argues instead;
        on the fixtures, 0.03 against 0.25 and up)."""
        body = self.body
        return sum(self.facts[n].reported for n in body) >= len(body) / 6

    @property
    def question_cues(self) -> list[int]:
        return [n for n, f in self.facts.items() if f.question_cue and n not in self.withheld]


def analyze(text: str, published: date | None) -> Analysis:
    doc = parse(text)
    sents = sentences(doc, text)
    candidates = _candidates(doc, sents)
    facts = {s.number: SentenceFacts() for s in sents}
    open_quote = False
    previous_end = 0
    for s in sents:
        facts[s.number].question_cue = bool(QUESTION_CUES.search(s.text))
        if "\n" in text[previous_end : s.start]:
            open_quote = False  # a quotation ends with its paragraph, or reopens
        starts_quoted = open_quote or s.text[:1] in '"“'
        open_quote = _quote_open(s.text, open_quote)
        previous_end = s.end
        facts[s.number].reported = bool(_SPEECH.search(_unquoted(s.text)))
        facts[s.number].quote_only = starts_quoted and not facts[s.number].reported
        facts[s.number].quoted = bool(re.search(r"[“\"]", s.text))
    for sent in doc.sents:
        s = sentence_at(sents, sent.root.idx)
        if s is not None and sent.root.pos_ in ("AUX", "VERB"):
            facts[s.number].state = sent.root.lemma_ in ("be", "have")
    for ent in [*doc.ents, *_missed_dates(doc)]:
        s = sentence_at(sents, ent.start_char)
        if s is None:
            continue
        if ent.label_ == "DATE":
            wording = _date_wording(ent)
            when = resolve(wording, published, ahead=_ahead(ent))
            if when.value:
                facts[s.number].dates.append((wording, when))
        elif ent.label_ in ("GPE", "LOC", "FAC") and facts[s.number].location is None:
            before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
            if before in ("in", "at", "near", "outside"):
                facts[s.number].location = _clean(ent.text)
    for token in doc:
        if token.lemma_ in _SAY and token.pos_ == "VERB":
            s = sentence_at(sents, token.idx)
            if s is None:
                continue
            # the last speaker wins: "X told Y that ..., sources said"
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.pos_ != "PRON":
                words = doc[subject.left_edge.i : subject.right_edge.i + 1].text
                facts[s.number].attribution = _attribution(words, candidates)
        elif token.lower_ == "according" and token.i + 2 < len(doc):
            s = sentence_at(sents, token.idx)
            if s is not None and not facts[s.number].attribution:
                to = doc[token.i + 1]
                obj = next((c for c in to.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    words = doc[obj.left_edge.i : obj.right_edge.i + 1].text
                    facts[s.number].attribution = _attribution(words, candidates)
    return Analysis(text, published, sents, candidates, facts)


_SPEECH = re.compile(
    r"\b(?:said|says|told|added|asked|wrote|stated|declared|insisted|warned|according)\b"
)


def _quote_open(sentence: str, was_open: bool) -> bool:
    """Whether a quotation is still open after ``sentence``."""
    curly_open, curly_close = sentence.count("“"), sentence.count("”")
    if curly_open or curly_close:
        return curly_open > curly_close or (was_open and curly_open == curly_close == 0)
    return was_open != (sentence.count('"') % 2 == 1)


def _unquoted(sentence: str) -> str:
    """The words outside quotation marks (a quote opened earlier runs to the first closer)."""
    return re.sub(r"[“\"][^”\"]*[”\"]|^[^“”\"]*[”\"]", " ", sentence)


_MODALS = ("would", "could", "might", "may")
_SEASON = re.compile(r"\b(?:this|last|next|the)\s+(?:spring|summer|autumn|fall|winter)\b", re.I)


def _missed_dates(doc: Any) -> list[Any]:
    """Date expressions the entity recognizer does not tag ("in the autumn")."""
    tagged = {t.i for e in doc.ents if e.label_ == "DATE" for t in e}
    spans = (doc.char_span(m.start(), m.end(), label="DATE") for m in _SEASON.finditer(doc.text))
    return [s for s in spans if s is not None and not tagged & {t.i for t in s}]


def _ahead(ent: Any) -> bool:
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


def _date_wording(ent: Any) -> str:
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


def _attribution(words: str, candidates: list[Candidate]) -> str | None:
    words = words[dateline_end(words) :].strip()  # a dateline never attributes
    if not words:
        return None
    key = normalize_name(words)
    for c in candidates:
        if any(named_in(nk, key) for nk in name_keys(names_of(c))):
            return c.name
    return " ".join(words.split())


def _clean(name: str) -> str:
    name = " ".join(name.split())
    name = _LEADING.sub("", name)
    name = _TRAILING.sub("", name).strip(" ,;:\"“”‘’'")
    return name if re.search(r"\b[A-Z]\.$", name) else name.rstrip(".")


def _candidates(doc: Any, sents: list[Sentence]) -> list[Candidate]:
    """Entities of the kinds that can act, one per referent."""
    mentions: list[tuple[str, str, int, int]] = []  # name, label, start, end
    for ent in _named_spans(doc):
        if ent.label_ not in _LABELS:
            continue
        name = _clean(ent.text)
        if len(name) < 2 or not any(ch.isupper() for ch in name):
            continue
        if ent.label_ == "NORP" and not ent.text.endswith("s"):
            continue  # "Belarusian" describes; "Democrats" act
        mentions.append((name, ent.label_, ent.start_char, ent.end_char))
    # an acronym in parentheses right after a name is that name's alias
    acronyms: dict[str, str] = {}
    for name, _, _, end in mentions:
        m = _ACRONYM.match(doc.text, end + 1) if doc.text[end : end + 2] == " (" else None
        if m:
            acronyms[m[1]] = name
    by_name: dict[str, list[tuple[str, int, int]]] = {}
    for name, label, start, end in mentions:
        by_name.setdefault(acronyms.get(name, name), []).append((label, start, end))
    for short, full in acronyms.items():
        for m in re.finditer(rf"\b{re.escape(short)}(?![\w])", doc.text):
            by_name.setdefault(full, []).append(("ORG", m.start(), m.end()))

    @dataclass
    class _Named:
        name: str
        aliases: list[str]

    names = list(by_name)
    named = [_Named(n, [a for a, full in acronyms.items() if full == n]) for n in names]
    found: list[Candidate] = []
    for group in _first_word_merge(named, merge_groups(named)):
        members = [named[i] for i in group]
        spans = sorted({(s, e) for i in group for (_, s, e) in by_name[names[i]]})
        labels = Counter(label for i in group for (label, _, _) in by_name[names[i]])
        canonical = max(members, key=lambda m: (len(m.name.split()), len(m.name))).name
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
                acts=any(_acts(h) for h in heads),
                placed=all(_placed(doc, h) for h in heads),
            )
        )
    found.sort(key=lambda c: (c.first, -len(c.mentions)))
    return found


def _named_spans(doc: Any) -> list[Any]:
    """The tagger's entities, mended where it stumbles on wire copy: a name that
    speaks or acts but was left untagged ("Harbour Mutual, a smaller lender,
    said"), a speaker's name tagged as a place ("a spokeswoman, Luana Prates,
    said"), and one ministry split in two at its "and" ("Ministry of Fisheries
    and Marine Resources")."""
    ents = list(doc.ents)
    merged: list[Any] = []
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


def _acting_name(token: Any) -> Any:
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


def _joins_name(left: Any, head: Any) -> bool:
    """Whether ``left`` is part of the name ``head`` ends: a proper noun or a hyphen
    inside it ("Ventoso-Arrasate", "Anti-Corruption")."""
    if left.pos_ == "PROPN" and left.head.i <= head.i and left.dep_ in ("compound", "punct"):
        return True
    return left.text == "-" and left.i > 0 and left.nbor(-1).pos_ == "PROPN"


def _first_word_merge(named: list[Any], groups: list[list[int]]) -> list[list[int]]:
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


def _head(doc: Any, start: int, end: int) -> Any:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span.root if span is not None and len(span) else None


def _acts(head: Any) -> bool:
    if head.dep_ in _ACTS:
        return True
    # "shunned by Washington", "dismissed as a sham by the U.S."
    return head.dep_ == "pobj" and (head.head.dep_ == "agent" or head.head.lower_ == "by")


def _placed(doc: Any, head: Any) -> bool:
    if head.dep_ in ("compound", "amod"):
        return True  # "a Nairobi importer"
    first = head.left_edge
    before = doc[first.i - 1].lower_ if first.i > 0 else ""
    return before in _PLACE_WORDS or (head.dep_ == "pobj" and head.head.lower_ in _PLACE_WORDS)


def _role(doc: Any, head: Any) -> str:
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
        if t.pos_ not in ("PROPN", "NOUN", "ADJ") or t.ent_type_ in ("GPE", "ORG", "PERSON"):
            break
        title.insert(0, t)
        i -= 1
    return _phrase(title) if title else ""


def _phrase(tokens: Any) -> str:
    words = [t for t in tokens if t.dep_ != "det" and t.pos_ != "PUNCT"][:8]
    return "".join(t.text_with_ws for t in words).strip()
