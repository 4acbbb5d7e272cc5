"""Sentences that may leave a matter open: hints that rank sentences for the
question pass, never gates (the model judges each sentence it is shown).

News leaves a matter open in many ways, not only by saying "it was not clear":
something unknown or withheld, a decision, vote, hearing, ruling, sentencing,
approval or closing still to come, an expectation or possibility, a claim not
confirmed or disputed, a demand not yet met. A strong wording says so outright
(weight 2); a weak one only looks ahead (a modal, "will", a date after
publication: weight 1).
"""

from __future__ import annotations

import re

_UNKNOWN = (
    r"did not (?:immediately )?(?:respond|reply|return|answer|comment|say|elaborate|specify"
    r"|disclose|give details|provide details|explain)"
    r"|(?:declin|refus)\w* to (?:comment|say|discuss|confirm|elaborate|give|name|provide"
    r"|specify|disclose|reveal|answer|identify)"
    r"|without (?:specifying|saying|giving|elaborating|naming|providing|disclosing|explaining)"
    r"|(?:was|is|remains?|were|are) (?:not (?:immediately |yet )?(?:clear|known|available)"
    r"|unclear|unknown)"
    r"|(?:it|this) (?:was|is) (?:not (?:yet )?clear|unclear)|unclear (?:whether|when|how|what|if|who|why)"
    r"|(?:has|have|had) (?:not )?yet to|not yet (?:been )?(?:decided|known|clear|set|confirmed|announced)"
    r"|no (?:immediate )?(?:response|reply|comment|word|decision|date|details|explanation|timetable)"
    r"|could not be reached|(?:would|will) not (?:say|comment|confirm|disclose)"
    r"|(?:did|does|do) not (?:know|say) (?:whether|when|how|why|what)"
    r"|undisclosed|did not (?:give|offer|provide) (?:a |any )?(?:reason|details|timeline)"
    r"|(?:requested|asked for|sought|seeking) (?:further |more )?comment"
    r"|(?:has|have|had) not (?:yet |so far )?(?:been )?[a-z]+(?:ed|en|aid)\b|\bnot yet\b|\bstill no\b"
    r"|did not (?:provide|offer|enter|give|rule|name)|rul(?:e|ed|ing) (?:anything |it |that )?out"
    r"|(?:gave|given|give|made|offered|provided) no\b|too early to (?:say|tell)"
    r"|(?:has|have|had) not (?:\w+ly )[a-z]+(?:ed|en)\b|\bno (?:group|one|party) (?:has|have|had)\b"
    r"|\b(?:remain|remains|remained|are|were|is|was) missing\b"
)
_PENDING = (
    r"(?:scheduled|due|set|expected|poised) to (?:be )?(?:sentenced|decide|rule|vote|announce"
    r"|meet|consider|review|hear|close|complete|resume|testify|appear|launch|release|publish)"
    r"|\bsentencing\b|will be sentenced|faces? (?:up to|a maximum|life|trial|charges|a vote)"
    r"|still (?:needs?|requires?|must|has to|have to|awaits?)"
    r"|(?:subject to|requires?|needs?|awaiting|awaits|pending|seeking) (?:\w+ ){0,3}"
    r"(?:approval|clearance|ratification|confirmation|vote|review|ruling|consent|sign-off)"
    r"|(?:will|would) (?:be asked to |have to |need to )?(?:vote|decide|rule|consider|review|hear)"
    r"|under (?:investigation|review)|(?:continu|still)\w* (?:to )?investigat|investigation (?:is|was) "
    r"(?:continuing|ongoing)|pending|remains? to be seen|undecided|unresolved|open question"
    r"|(?:plans?|planned|intends?|vowed|threatened) to (?:appeal|challenge|sue|contest|file)"
    r"|(?:inquiry|investigation|inquiries|talks|negotiations|search) (?:was|were|is|are) continuing"
    r"|opened (?:an? |its own )?(?:inquiry|investigation|probe)|depend(?:s|ed|ing)? on"
    r"|\b(?:needs?|must) (?:\w+ ){0,6}(?:to (?:succeed|pass|take effect)|before)"
    r"|before (?:it|they|he|she) can\b|reserved (?:its|his|her|their) (?:position|decision|judgment)"
    r"|reviewing (?:all )?(?:its |the )?options|\blacks? (?:a )?majority|\bstalled\b"
)
_DISPUTED = (
    r"(?:not|yet to be|never) (?:been )?(?:independently )?(?:confirmed|verified)|unconfirmed"
    r"|could not (?:independently )?(?:confirm|verify)|\b(?:denied|denies|deny|disputed|disputes"
    r"|contested|contests)\b|rejected (?:that|those|the|this) (?:account|claims?|calls?|reports?"
    r"|allegations?|version)|remains? divided|(?:is|are|was|were) divided|split over|at odds"
    r"|\bspeculat\w*|\brumou?rs?\b|\balleg(?:ed|edly|ations?)\b"
    r"|\baccus(?:ed|es|ing)\b|\bdisagree\w*|\bchalleng(?:e|ed|es|ing)\b"
)
_DEMANDED = (
    r"\b(?:called|calls|calling) (?:for|on)\b|\b(?:demand|demanded|demanding|demands)\b"
    r"|\b(?:urged|urging|urges)\b|(?:is|are|was|were) (?:seeking|pressing for|pushing for)"
    r"|\basked (?:\w+ ){1,6}(?:to|for)\b|\bappeal(?:ed|s)? for\b"
)
STRONG = re.compile(rf"\b(?:{_UNKNOWN}|{_PENDING}|{_DISPUTED}|{_DEMANDED})", re.IGNORECASE)
#: the narrow wordings that say outright that something is not known or not decided
QUESTION_CUES = re.compile(rf"\b(?:{_UNKNOWN})\b", re.IGNORECASE)
WEAK = re.compile(
    r"\b(?:expected|likely|unlikely|poised|set|due|scheduled|planning|plans|intends|aims|hopes)"
    r" to\b|\b(?:may|might|could|would|will)\b(?! not have| have)"
    r"|\b(?:next|coming) (?:week|month|year|days|weeks|months)\b|\blater (?:this|in the)\b"
    r"|\bexpect(?:s|ed)?\b|\bpreliminary\b|\bappeared to\b|\b(?:may|might) have\b"
    r"|\bhoped to\b|\bwarned of\b|\bas (?:a )?possible\b"
    r"|\bwhether\b|\bprovided (?:that|he|she|they|it)\b|\bon condition\b|\bunless\b",
    re.IGNORECASE,
)


def open_hint(text: str, *, ahead: bool = False, quoted: bool = False) -> int:
    """How strongly a sentence's wording suggests it leaves a matter open: 2 for
    a strong wording, 1 for a sentence that only looks ahead (a weak wording or a
    date after publication) unless it is a quotation, whose modals are opinion."""
    if STRONG.search(text):
        return 2
    return int((ahead or bool(WEAK.search(text))) and not quoted)
