"""Checks on what the model writes that a reader sees: an open question, a
role, a summary. Each check returns why the text fails, or None when it passes;
a text that fails is re-asked or dropped and counted, never shown as it is.
"""

from __future__ import annotations

import re

from ..read.names import fold_accents
from .locate import STOPWORDS

_WORD = re.compile(r"[\w’'-]+")
_STOP = STOPWORDS | frozenset(
    [
        "are",
        "being",
        "do",
        "does",
        "did",
        "could",
        "should",
        "may",
        "might",
        "can",
        "not",
        "no",
        "these",
        "those",
        "there",
        "them",
        "him",
        "we",
        "our",
        "you",
        "your",
        "i",
        "who",
        "whom",
        "whose",
        "what",
        "which",
        "when",
        "where",
        "why",
        "how",
        "whether",
        "if",
        "than",
        "then",
        "so",
        "such",
        "about",
        "over",
        "into",
        "after",
        "before",
        "any",
        "some",
        "all",
        "more",
        "most",
        "other",
        "also",
        "still",
        "yet",
        "matter",
        "article",
        "story",
        "question",
        "issue",
        "happen",
        "happened",
        "next",
        "expected",
        "outcome",
        "status",
        "current",
        "situation",
        "result",
    ]
)
#: question openings that name nothing ("What is the matter?", "What happened?")
_TEMPLATE = re.compile(
    r"^(?:what|which|how|why)\s+(?:is|was|are|were|happened|happens)\s*(?:the\s+)?"
    r"(?:matter|issue|question|status|situation|case|problem|story|article|outcome)?\s*\?$",
    re.IGNORECASE,
)

#: a question after a name: the article gives it, or no one awaits it
_NAME_ASKED = re.compile(r"^what\s+(?:is|are|was|were)\s+the\s+names?\s+of\b", re.IGNORECASE)


_INVERTS = frozenset(
    ["would", "will", "could", "can", "should", "might", "may", "is", "are", "was", "were"]
)


def whether_question(sentence: str, referent: str | None = None) -> str | None:
    """The question a "whether" clause of ``sentence`` asks, written by code from
    the article's own words: "... whether Belarus would be willing to offer
    sanctuary" -> "Would Belarus be willing to offer sanctuary?"; a "he" or "she"
    subject becomes ``referent`` (the person the article last named). None when
    the sentence has no such clause, it does not invert, or its subject is a
    pronoun with no referent."""
    if "whether" not in sentence.casefold():
        return None
    from ..read.segment import parse

    doc = parse(sentence)
    mark = next((t for t in doc if t.lower_ == "whether"), None)
    if mark is None:
        return None
    verb = mark.head
    aux = next((c for c in verb.children if c.dep_ == "aux" and c.lower_ in _INVERTS), None)
    subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if aux is None or subject is None or not (mark.i < subject.i < aux.i):
        return None
    if subject.pos_ == "PRON" and (subject.lower_ not in ("he", "she") or not referent):
        return None
    words = [
        (
            referent + subject.whitespace_
            if t.i == subject.i and subject.pos_ == "PRON"
            else t.text_with_ws
        )
        for t in doc[mark.i + 1 : verb.right_edge.i + 1]
        if t.i != aux.i
    ]
    clause = "".join(words).strip().rstrip(",;:.")
    if len(clause.split()) < 3:
        return None
    return f"{aux.text.capitalize()} {clause}?"


#: what a request for comment asks about: "comment on the significance of the meetings"
_ASKED_ABOUT = re.compile(
    r"\bcomment(?:s|ed|ing)?\b[^.;]{0,60}?\bon the (?P<what>significance|timing|cause|causes|"
    r"reason|reasons|details|terms|size|cost|status|outcome|scope|extent|nature|purpose|"
    r"source|identity) of (?P<of>[^,.;:()]+?)(?=,|;|\.|\band whether\b|$)",
    re.IGNORECASE,
)

_PLURAL_MATTERS = frozenset(["causes", "reasons", "details", "terms"])


def comment_question(sentence: str) -> str | None:
    """The question a request for comment asks, in its own words: "requested
    comment on the significance of the meetings" -> "What is the significance
    of the meetings?"."""
    m = _ASKED_ABOUT.search(sentence)
    if m is None or len(m["of"].split()) > 8:
        return None
    what = m["what"].casefold()
    verb = "are" if what in _PLURAL_MATTERS else "is"
    return f"What {verb} the {what} of {m['of'].strip()}?"


def names_the_matter(question: str, sentence: str) -> bool:
    """Whether ``question`` names its sentence's matter in words other than names
    ("What will Lithuania do?" names only who; capitalized words count as names)."""
    words = question.split()
    common = " ".join(w for i, w in enumerate(words) if i == 0 or not w[:1].isupper())
    return bool(content_words(common) & content_words(sentence))


def content_words(text: str) -> set[str]:
    """The words of ``text`` that carry content, casefolded and accent-free, with a
    crude stem so "sentenced" meets "sentencing"."""
    words = _WORD.findall(fold_accents(text).casefold())
    return {w[:6] for w in words if w not in _STOP and len(w) > 2}


def question_problem(question: str, sentence: str) -> str | None:
    """Why ``question`` cannot stand as the open matter of ``sentence`` (with the
    sentence before it, which the model is shown too), or None."""
    q = " ".join(question.split())
    if not q.endswith("?"):
        return "not a question"
    if _TEMPLATE.match(q) or len(q.split()) < 4:
        return "a template, not a matter"
    if _NAME_ASKED.match(q):
        return "asks for a name, not an open matter"
    if not content_words(q) & content_words(sentence):
        return "does not name the matter in its sentence's words"
    return None


#: a role that says nothing of the actor's part in the story
PLACEHOLDER_ROLES = frozenset({"", "named in the article", "mentioned", "actor", "unknown"})
_TITLE_WORDS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "gov",
        "sen",
        "rep",
        "gen",
        "lt",
        "col",
        "capt",
        "sgt",
        "prof",
        "st",
        "president",
        "minister",
        "secretary",
        "general",
        "governor",
        "senator",
        "chairman",
        "chairwoman",
        "chair",
        "director",
        "chief",
        "executive",
        "officer",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "judge",
        "justice",
        "mayor",
        "ambassador",
        "envoy",
        "king",
        "queen",
        "prince",
        "princess",
        "leader",
        "head",
        "deputy",
        "vice",
        "sir",
        "lord",
        "lady",
        "former",
        "acting",
        "interim",
        "senior",
        "assistant",
    ]
)
_WEEKDAYS = frozenset(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
)


def bare_title(role: str) -> bool:
    """Whether ``role`` is only title words ("Gov.", "Chief Executive")."""
    return all(w.casefold().rstrip(".") in _TITLE_WORDS for w in role.split())


def role_problem(role: str, name: str, article: str | None = None) -> str | None:
    """Why ``role`` does not describe the actor ``name`` in the story, or None:
    a placeholder, a bare title ("Gov.", "Secretary"), a date word, the name
    itself, or (given the ``article``) words the article does not use."""
    text = " ".join(role.split()).strip(" ,.;:")
    if text.casefold() in PLACEHOLDER_ROLES:
        return "a placeholder"
    words = [w.casefold().rstrip(".") for w in text.split()]
    if bare_title(text):
        return "a bare title"
    if all(w in _WEEKDAYS for w in words):
        return "a date, not a role"
    if not any(ch.isalpha() for ch in text):
        return "a number, not a role"
    own = content_words(text) - content_words(name)
    if not own:
        return "the actor's own name"
    if article is not None and len(own - content_words(article)) * 2 >= len(own):
        return "not in the article's words"
    return None


_NAME = re.compile(r"\b[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*)*")
_NUMBER = re.compile(r"\d[\d,.]*")
_SENTENCE_START = re.compile(r"(?:^|[.!?]\s+)([A-Z][\w’'-]*)")


def claims(summary: str) -> list[str]:
    """The names (capitalized words, save a sentence's first) and numbers of ``summary``."""
    starts = {m.start(1) for m in _SENTENCE_START.finditer(summary)}
    found = []
    for m in _NAME.finditer(summary):
        words = m.group().split()
        found += [w.strip(".’'") for w in (words[1:] if m.start() in starts else words)]
    found += [m.group().rstrip(".,") for m in _NUMBER.finditer(summary)]
    return [c for c in found if c]


def _fold(text: str) -> str:
    return fold_accents(text).casefold().replace("’", "'")


def unsupported(summary: str, article: str) -> list[str]:
    """The names and numbers of ``summary`` (:func:`claims`) the article does not
    contain (accents, case and curly apostrophes aside; "Kenya's" as "Kenya")."""
    folded = _fold(article)
    missing = []
    for claim in claims(summary):
        key = _fold(claim)
        key = key[:-2] if key.endswith("'s") else key
        if key not in folded:
            missing.append(claim)
    return missing


def split_sentences(text: str) -> list[str]:
    """``text`` cut at sentence ends, roughly (for the copy rate, not for citing)."""
    return [s for s in re.split(r"(?<=[.!?”\"])\s+|\n+", text) if s.strip()]


def copied_share(summary: str, sentences: list[str]) -> float:
    """The longest run of words the summary shares with one article sentence, as a
    share of the summary's words (1.0: the summary is a copied sentence)."""
    words = _WORD.findall(summary.casefold())
    if not words:
        return 0.0
    best = 0
    for sentence in sentences:
        other = _WORD.findall(sentence.casefold())
        best = max(best, _longest_common_run(words, other))
    return best / len(words)


def _longest_common_run(a: list[str], b: list[str]) -> int:
    best, row = 0, [0] * (len(b) + 1)
    for x in a:
        new = [0] * (len(b) + 1)
        for j, y in enumerate(b, 1):
            if x == y:
                new[j] = row[j - 1] + 1
                best = max(best, new[j])
        row = new
    return best


def whole_sentences(text: str) -> str:
    """``text`` up to its last sentence end (a length cap can cut the last one)."""
    text = " ".join(text.split())
    ends = [m.end() for m in re.finditer(r"[.!?][”\"]?(?=\s|$)", text)]
    return text[: ends[-1]] if ends else text


MAX_SUMMARY_WORDS = 60


def summary_problem(summary: str, article: str, sentences: list[str]) -> str | None:
    """Why ``summary`` cannot stand as the brief's summary, or None: empty, too
    long, naming or counting what the article does not, or a copied sentence."""
    text = " ".join(summary.split())
    if len(text.split()) < 6:
        return "empty or too short"
    if not text.endswith((".", "!", "?", "”", '"')):
        return "cut off mid-sentence"
    if len(text.split()) > MAX_SUMMARY_WORDS:
        return f"longer than {MAX_SUMMARY_WORDS} words"
    missing = unsupported(text, article)
    if missing:
        return f"names or numbers not in the article: {', '.join(missing[:4])}"
    if copied_share(text, sentences) >= 0.8:
        return "a copy of one sentence"
    return None
