"""What code finds in an article before the model is asked anything.

- actor candidates: named entities (people, organizations, places that may be
  countries acting, plural nationalities), grouped into one entity per
  referent by the alias/surname rules of :mod:`summarizer.read.names`, with
  acronyms in parentheses ("the Authority (APRA)") as aliases;
- per sentence: the date expressions that resolve against the publication
  date, who the sentence attributes its claim to, where it happens;
- sentences whose wording signals an open question ("did not respond",
  "it was not clear whether", "pending").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from .actors import Candidate, calibrate_salience, clean_name, find_actors
from .article import headline
from .dates import ResolvedDate, resolve
from .groups import find_groups
from .questions import QUESTION_CUES, open_hint
from .segment import Sentence, parse, sentence_at, sentences
from .speech import COMMENTATORS, SPEECH, attribution, quote_open, unquoted
from .stances import StanceMention, stance_mentions
from .when import ahead, background, date_spans, date_wording
from .words import SAY, WHERE

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

__all__ = ["Analysis", "Candidate", "SentenceFacts", "analyze"]


@dataclass
class SentenceFacts:
    """What code reads off one sentence."""

    #: (wording, value) in the order the sentence gives them
    dates: list[tuple[str, ResolvedDate]] = field(default_factory=list)
    attribution: str | None = None
    location: str | None = None
    question_cue: bool = False  # says outright that something is unknown or undecided
    open_hint: int = 0  # how strongly it may leave a matter open (candidates.questions)
    quote_only: bool = False  # inside a quotation, with no one said to be speaking
    reported: bool = False  # someone is said to speak, outside any quotation
    quoted: bool = False  # holds a quotation
    direct: bool = False  # opens with a quotation: "“We will appeal,” she said."
    commentary: bool = False  # said by those who comment on the news: "analysts said"
    state: bool = False  # it describes ("is", "has", "owns"), it reports no action
    stances: list[StanceMention] = field(default_factory=list)  # positions actors take

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
    #: item (``summarizer.read.untrusted.withhold``)
    withheld: set[int] = field(default_factory=set)

    def sentence(self, number: int) -> Sentence:
        return self.sentences[number - 1]

    def event_date(self, number: int) -> tuple[str, ResolvedDate] | None:
        """The date of sentence ``number``'s event, with its wording: the first
        day it names, else its first date."""
        dates = self.facts[number].dates
        return next((d for d in dates if d[1].precision == "day"), None) or (
            dates[0] if dates else None
        )

    def actors_in(self, number: int) -> list[Candidate]:
        return [c for c in self.candidates if number in c.sentences]

    @property
    def body(self) -> list[int]:
        """Sentence numbers past the headline (:func:`summarizer.read.article.headline`)."""
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

    def question_hints(self, limit: int) -> list[int]:
        """Up to ``limit`` body sentences that may leave a matter open (fewer in a
        short article: one in two sentences, at least four), the strongest hints
        first (then the earlier), returned in article order."""
        limit = min(limit, max(4, len(self.body) // 2))
        hinted = [n for n in self.body if self.facts[n].open_hint]
        ranked = sorted(hinted, key=lambda n: (-self.facts[n].open_hint, n))
        return sorted(ranked[:limit])


def analyze(text: str, published: date | None) -> Analysis:
    """``text`` read by code: its sentences, its actor candidates, and what each
    sentence quotes, dates, places, attributes and may leave open."""
    doc = parse(text)
    sents = sentences(doc, text)
    named = find_actors(doc, sents)
    candidates = _past_headline(text, sents, [*named, *find_groups(doc, sents, named)])
    facts = {s.number: SentenceFacts() for s in sents}
    # each reader fills its own fields; the hints come last: they weigh the others
    _read_quotes(text, sents, facts)
    _read_clauses(doc, sents, facts)
    _read_dates(doc, sents, facts, published)
    _read_places(doc, sents, facts)
    _read_speakers(doc, sents, facts, candidates)
    _read_hints(sents, facts, published)
    return Analysis(text, published, sents, candidates, facts)


Facts = dict[int, SentenceFacts]


def _read_quotes(text: str, sents: list[Sentence], facts: Facts) -> None:
    """``question_cue``, ``reported``, ``quote_only``, ``quoted``, ``direct``:
    what each sentence quotes and whether someone is said to speak."""
    open_quote = False
    previous_end = 0
    for s in sents:
        facts[s.number].question_cue = bool(QUESTION_CUES.search(s.text))
        if "\n" in text[previous_end : s.start]:
            open_quote = False  # a quotation ends with its paragraph, or reopens
        starts_quoted = open_quote or s.text[:1] in '"“'
        open_quote = quote_open(s.text, open_quote)
        previous_end = s.end
        facts[s.number].reported = bool(SPEECH.search(unquoted(s.text)))
        facts[s.number].quote_only = starts_quoted and not facts[s.number].reported
        facts[s.number].quoted = bool(re.search(r"[“\"]", s.text))
        facts[s.number].direct = starts_quoted


def _read_clauses(doc: Doc, sents: list[Sentence], facts: Facts) -> None:
    """``state`` (the main verb describes) and ``stances`` (positions its verbs take)."""
    for sent in doc.sents:
        s = sentence_at(sents, sent.root.idx)
        if s is not None and sent.root.pos_ in ("AUX", "VERB"):
            facts[s.number].state = describes(sent.root)
        if s is not None:
            facts[s.number].stances = stance_mentions(sent)


def _read_dates(doc: Doc, sents: list[Sentence], facts: Facts, published: date | None) -> None:
    """``dates``: each date expression resolved against the publication date."""
    for ent in date_spans(doc):
        s = sentence_at(sents, ent.start_char)
        if s is None or background(ent):
            continue
        wording = date_wording(ent)
        when = resolve(wording, published, ahead=ahead(ent))
        if when.value:
            facts[s.number].dates.append((wording, when))


def _read_places(doc: Doc, sents: list[Sentence], facts: Facts) -> None:
    """``location``: the first place a sentence puts its event in ("in Minsk")."""
    for ent in doc.ents:
        s = sentence_at(sents, ent.start_char)
        if s is not None and ent.label_ in ("GPE", "LOC", "FAC") and not facts[s.number].location:
            before = doc[ent.start - 1].lower_ if ent.start > 0 else ""
            if before in WHERE:
                facts[s.number].location = clean_name(ent.text)


def _read_speakers(
    doc: Doc, sents: list[Sentence], facts: Facts, candidates: list[Candidate]
) -> None:
    """``attribution`` (who a sentence says its claim comes from) and
    ``commentary`` (those who comment on the news: "analysts said")."""
    for token in doc:
        if token.lemma_ in SAY and token.pos_ == "VERB":
            s = sentence_at(sents, token.idx)
            if s is None:
                continue
            # the last speaker wins: "X told Y that ..., sources said"
            subject = next((c for c in token.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.pos_ != "PRON":
                words = doc[subject.left_edge.i : subject.right_edge.i + 1].text
                facts[s.number].attribution = attribution(words, candidates)
                facts[s.number].commentary = subject.lemma_ in COMMENTATORS
        elif token.lower_ == "according" and token.i + 2 < len(doc):
            s = sentence_at(sents, token.idx)
            if s is not None and not facts[s.number].attribution:
                to = doc[token.i + 1]
                obj = next((c for c in to.children if c.dep_ == "pobj"), None)
                if obj is not None:
                    words = doc[obj.left_edge.i : obj.right_edge.i + 1].text
                    facts[s.number].attribution = attribution(words, candidates)


def _read_hints(sents: list[Sentence], facts: Facts, published: date | None) -> None:
    """``open_hint``: how strongly a sentence may leave a matter open."""
    for s in sents:
        f = facts[s.number]
        later = published is not None and any(d.after(published) for _, d in f.dates)
        f.open_hint = open_hint(s.text, ahead=later, quoted=f.quote_only)


def describes(root: Token) -> bool:
    """Whether a sentence's main verb describes rather than reports: "be" or
    "have", or a present simple that does not report speech ("Coal accounts for
    40 percent", "Four generators own the plants")."""
    if root.lemma_ in ("be", "have"):
        return True
    bare = not any(c.dep_ in ("aux", "auxpass") for c in root.children)
    return bare and root.tag_ in ("VBZ", "VBP") and root.lemma_ not in SAY


def _past_headline(text: str, sents: list[Sentence], found: list[Candidate]) -> list[Candidate]:
    """The candidates with their headline mentions left out (a headline's words are
    cut at colons and capitalized: they name no actor of their own), in the order
    the article first names them, their salience set against the lede."""
    skip = bool(sents) and headline(text) == sents[0].text
    if skip:
        kept = []
        for c in found:
            c.mentions = [m for m in c.mentions if m[0] >= sents[0].end]
            c.sentences = [n for n in c.sentences if n != sents[0].number]
            if c.mentions and c.sentences:
                kept.append(c)
        found = kept
    found.sort(key=lambda c: (c.first, -len(c.mentions)))
    calibrate_salience(found, lede=2 if skip else 1)
    return found
