"""The word lists reading relies on, each written once.

Every rule that needs to know a speech verb, a place preposition or a season
takes it from here, so the lists cannot disagree.
"""

from __future__ import annotations

import re

#: verbs that report speech, by lemma, with the forms wire copy writes them in
#: ("ask" is not one: "said it would ask lawmakers to reject the bill" is the
#: group's position, said; measured on the baseline's stances)
SPEECH_VERBS: dict[str, tuple[str, ...]] = {
    "say": ("said", "says"),
    "tell": ("told",),
    "add": ("added",),
    "write": ("wrote",),
    "report": ("reported",),
    "announce": ("announced",),
    "state": ("stated",),
    "confirm": ("confirmed",),
    "claim": ("claimed",),
    "allege": ("alleged",),
    "insist": ("insisted",),
    "warn": ("warned",),
    "accuse": ("accused",),
    "deny": ("denied",),
    "declare": ("declared",),
}
#: the speech verbs' lemmas (spaCy's ``token.lemma_``)
SAY = frozenset(SPEECH_VERBS)
#: the speech verbs as written, as a regular-expression alternation
SAID = "|".join(form for forms in SPEECH_VERBS.values() for form in forms)

#: prepositions before a name that say where something happened ("in Minsk")
WHERE = ("in", "at", "near", "outside")
#: prepositions before a name that make it a place, not an actor ("flew to Caracas")
PLACE_PREPOSITIONS = frozenset(
    WHERE + ("across", "around", "from", "to", "into", "throughout", "inside")
)

#: the seasons and the month each begins
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
#: a season named as a time ("this summer", "last autumn", "the winter"):
#: groups ``which`` (this, last, next or none) and ``season``
SEASON_TIME = r"(?:(?P<which>this|last|next)|the)\s+(?P<season>" + "|".join(SEASONS) + r")"
SEASON_TIME_RE = re.compile(rf"\b{SEASON_TIME}\b", re.IGNORECASE)
