"""Actor identity, in one place: folding and normalizing names, the surname and
alias rules, resolving references and merging duplicates.

Grounding (:mod:`summarizer.ground.locate`, :mod:`summarizer.ground.normalize`), merging
(:mod:`summarizer.read.analysis`) and the evaluation metrics all decide "same
actor?" here, so a brief and its score agree on who is who.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Protocol, TypeVar

from rapidfuzz import fuzz

_TITLES = re.compile(
    r"^(?:the|an?|president|prime minister|minister|foreign minister|chancellor|king|queen|"
    r"mr|mrs|ms|dr|sir|gen|general|judge|justice|senator|sen|rep|governor|gov|mayor|"
    r"ceo|chairman|chairwoman|chief executive|secretary|ambassador|envoy)\.?\s+",
)
_PUNCT = re.compile(r"[^\w\s]")
#: a surname stands for a full name only when it is at least this long
MIN_SURNAME = 3


def fold_accents(text: str) -> str:
    """``text`` without its accents and other combining marks ("Nicolás" -> "Nicolas")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def normalize_name(name: str) -> str:
    """Casefolded, accent-free, punctuation-free, without leading titles."""
    text = fold_accents(name).casefold()
    text = _PUNCT.sub(" ", text.replace("'s ", " ").replace("’s ", " "))
    text = " ".join(text.split())
    while True:
        stripped = _TITLES.sub("", text)
        if stripped == text:
            return text
        text = stripped


#: letters after a name that are not its surname ("Malcolm Ferrier SC")
_POSTNOMINALS = frozenset(["sc", "qc", "kc", "jr", "sr", "ii", "iii", "mp", "obe", "mbe"])


def surname_of(key: str) -> str | None:
    """The surname a normalized name of several words goes by ("nicolas maduro" ->
    "maduro", "malcolm ferrier sc" -> "ferrier"); None for one word, or a last
    word too short to stand alone."""
    tokens = key.split()
    while len(tokens) > 2 and tokens[-1] in _POSTNOMINALS:
        tokens = tokens[:-1]
    return tokens[-1] if len(tokens) > 1 and len(tokens[-1]) >= MIN_SURNAME else None


def named_in(key: str, text_key: str) -> bool:
    """Whether the normalized name ``key`` occurs as whole words in ``text_key``
    (a text passed through :func:`normalize_name` too)."""
    return bool(key) and re.search(rf"\b{re.escape(key)}\b", text_key) is not None


def names_of(actor: Named) -> list[str]:
    """An actor's name and aliases."""
    return [actor.name, *actor.aliases]


#: a company's legal form after its name ("Brekke Invest AS", "Tana Delta Commodities Ltd")
_LEGAL_FORMS = re.compile(
    r"\s+(?:ltd|limited|plc|inc|incorporated|corp|corporation|llc|co|as|asa|sa|nv|ag|ab|bv|"
    r"gmbh|spa|oyj|se|pty)$"
)


def name_keys(names: Iterable[str]) -> set[str]:
    """The normalized forms of ``names``, empty ones left out; a company's name
    also without its legal form."""
    keys = {k for k in (normalize_name(n) for n in names) if k}
    return keys | {short for k in keys if " " in (short := _LEGAL_FORMS.sub("", k))}


#: words that begin who or where an unnamed actor is, after the noun that names
#: it ("a fund manager at a London-based pension investor", "two diplomats
#: familiar with the contacts")
_DESCRIBED_BY = frozenset(
    ["at", "in", "from", "for", "with", "on", "familiar", "working", "close", "involved"]
    + ["based", "who", "representing", "opposed"]
)


def described(short: str, long: str) -> bool:
    """Whether normalized name ``long`` is ``short`` with who or where it is
    added ("security source in niamey" of "security source")."""
    rest = long[len(short) :].split() if long.startswith(short + " ") else []
    return bool(rest) and rest[0] in _DESCRIBED_BY


def same_actor(keys_a: Iterable[str], keys_b: Iterable[str], *, fuzzy: float | None = None) -> bool:
    """Whether two sets of normalized names (see :func:`name_keys`) are one actor:
    they share a name or alias, one is the other described further ("two
    diplomats" and "two diplomats familiar with the talks"), one's single-word
    name is the other's surname, or (with ``fuzzy``, a rapidfuzz ratio) two
    names are that close."""
    a, b = set(keys_a), set(keys_b)
    if a & b or any(described(x, y) or described(y, x) for x in a for y in b):
        return True
    if any(_middle_names(x, y) or _middle_names(y, x) for x in a for y in b):
        return True
    singles_a = {k for k in a if " " not in k}
    singles_b = {k for k in b if " " not in k}
    if singles_a & {surname_of(k) for k in b} or singles_b & {surname_of(k) for k in a}:
        return True
    return fuzzy is not None and any(fuzz.ratio(x, y) >= fuzzy for x in a for y in b)


def _middle_names(full: str, short: str) -> bool:
    """Whether ``full`` is ``short`` with middle names ("lucy njoki gitari" of
    "lucy gitari", "esther wairimu ndung u" of "esther ndung u"): the same first
    and last words, the short name's others in order between."""
    f, s = full.split(), short.split()
    if not 2 <= len(s) < len(f) <= 5 or f[0] != s[0] or f[-1] != s[-1]:
        return False
    rest = iter(f[1:-1])
    return all(word in rest for word in s[1:-1])


def second_surname(keys_a: Sequence[str], keys_b: Sequence[str]) -> bool:
    """Whether one name is the other with a second surname after it ("rodrigo
    saavedra toro" of "rodrigo saavedra"): the same person when both are known
    to be people (within one article the longer name may be another actor)."""

    def longer(full: str, short: str) -> bool:
        f, s = full.split(), short.split()
        return len(s) >= 2 and len(f) == len(s) + 1 and f[:-1] == s

    return any(longer(x, y) or longer(y, x) for x in keys_a for y in keys_b)


class Named(Protocol):
    name: str
    aliases: list[str]


class ActorIndex:
    """Looks up which actor a name refers to: by name or alias, then by surname."""

    def __init__(self, actors: Sequence[Named] = ()) -> None:
        self.actors: list[Named] = []
        self._exact: dict[str, int] = {}
        self._surnames: dict[str, set[int]] = {}
        for actor in actors:
            self.add(actor)

    def add(self, actor: Named) -> None:
        """Index one more actor; a name already taken keeps its first owner."""
        i = len(self.actors)
        self.actors.append(actor)
        for key in name_keys(names_of(actor)):
            self._exact.setdefault(key, i)
            if surname := surname_of(key):
                self._surnames.setdefault(surname, set()).add(i)

    def resolve(self, reference: str) -> Named | None:
        key = normalize_name(reference)
        if not key:
            return None
        if key in self._exact:
            return self.actors[self._exact[key]]
        owners = self._surnames.get(key.split()[-1], set())
        if len(owners) == 1:  # "Maduro" or "President Nicolas Maduro" -> Nicolas Maduro
            return self.actors[next(iter(owners))]
        return None


N = TypeVar("N", bound="Named")


def fullest(members: Sequence[N]) -> N:
    """The member whose name is fullest (most words, then most letters): the
    canonical name of an actor named several ways; the first of equals."""
    return max(members, key=lambda m: (len(m.name.split()), len(m.name)))


def merge_groups(actors: Sequence[Named]) -> list[list[int]]:
    """Indices of actors that are the same entity (:func:`same_actor`)."""
    parent = list(range(len(actors)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    keys = [name_keys(names_of(a)) for a in actors]
    for i in range(len(actors)):
        for j in range(i + 1, len(actors)):
            if same_actor(keys[i], keys[j]):
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(actors)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())
