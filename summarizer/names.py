"""Actor identity: normalizing names, resolving references, merging duplicates."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Protocol

_TITLES = re.compile(
    r"^(?:the|president|prime minister|minister|foreign minister|chancellor|king|queen|"
    r"mr|mrs|ms|dr|sir|gen|general|judge|justice|senator|sen|rep|governor|gov|mayor|"
    r"ceo|chairman|chairwoman|chief executive|secretary|ambassador|envoy)\.?\s+",
)
_PUNCT = re.compile(r"[^\w\s]")


def normalize_name(name: str) -> str:
    """Casefolded, accent-free, punctuation-free, without leading titles."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).casefold()
    text = _PUNCT.sub(" ", text.replace("'s ", " ").replace("’s ", " "))
    text = " ".join(text.split())
    while True:
        stripped = _TITLES.sub("", text)
        if stripped == text:
            return text
        text = stripped


class Named(Protocol):
    name: str
    aliases: list[str]


def name_keys(actor: Named) -> set[str]:
    return {k for k in (normalize_name(n) for n in [actor.name, *actor.aliases]) if k}


class ActorIndex:
    """Looks up which actor a name refers to: by name or alias, then by surname."""

    def __init__(self, actors: Sequence[Named]) -> None:
        self.actors = list(actors)
        self._exact: dict[str, int] = {}
        self._last: dict[str, set[int]] = {}
        for i, actor in enumerate(self.actors):
            for key in name_keys(actor):
                self._exact.setdefault(key, i)
                tokens = key.split()
                if len(tokens) > 1 and len(tokens[-1]) >= 3:
                    self._last.setdefault(tokens[-1], set()).add(i)

    def resolve(self, reference: str) -> Named | None:
        key = normalize_name(reference)
        if not key:
            return None
        if key in self._exact:
            return self.actors[self._exact[key]]
        tokens = key.split()
        owners = self._last.get(tokens[-1], set()) if tokens else set()
        if len(owners) == 1:  # "Maduro" or "President Nicolas Maduro" -> Nicolas Maduro
            return self.actors[next(iter(owners))]
        return None


def merge_groups(actors: Sequence[Named]) -> list[list[int]]:
    """Indices of actors that are the same entity: they share a normalized name
    or alias, or one's single-word name is the other's surname."""
    parent = list(range(len(actors)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    keys = [name_keys(a) for a in actors]
    for i in range(len(actors)):
        for j in range(i + 1, len(actors)):
            if keys[i] & keys[j] or _surname_match(keys[i], keys[j]):
                parent[find(j)] = find(i)
    groups: dict[int, list[int]] = {}
    for i in range(len(actors)):
        groups.setdefault(find(i), []).append(i)
    return list(groups.values())


def _surname_match(a: Iterable[str], b: Iterable[str]) -> bool:
    singles_a = {k for k in a if " " not in k and len(k) >= 3}
    singles_b = {k for k in b if " " not in k and len(k) >= 3}
    lasts_a = {k.split()[-1] for k in a if " " in k}
    lasts_b = {k.split()[-1] for k in b if " " in k}
    return bool(singles_a & lasts_b or singles_b & lasts_a)
