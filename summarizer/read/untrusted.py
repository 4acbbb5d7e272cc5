"""Article text is data: it never reaches the model as control text, and what in
it addresses the model is flagged, withheld and named.

Everything that comes from the input (the body, the headline, an HTML page's
title) is written by someone else: a feed, a scraped page. The rules, one each:

- :func:`neutralize`: the control strings of the common chat-template families
  (ChatML and Qwen ``<|im_start|>``, ``<|endoftext|>``, any ``<|...|>``; Llama 3
  ``<|begin_of_text|>``, ``<|eot_id|>``; Mistral ``[INST]``/``[/INST]``; Gemma
  ``<start_of_turn>``; ``<s>``/``</s>`` and other bare ``<tag>`` tokens) and the
  prompt's own article delimiters (``<<<``, ``>>>``) get look-alike brackets,
  one character for one (``<`` → ``‹``, ``>`` → ``›``, ``[`` → ``⟦``, ``]`` →
  ``⟧``): the model reads them as plain words, and offsets into the article stay
  exact. Every article text a prompt takes passes through it
  (:mod:`summarizer.ask.prompts`); the local backend also defangs every string its
  own vocabulary would read as a special token (:func:`defang`).
- :func:`flag_sentences`: sentences that address the model or the brief
  (imperatives to an AI, "ignore previous instructions", "the summary must",
  "system prompt", fake role tags, a pasted JSON answer, control text; a few
  French, Spanish, German, Italian and Portuguese forms), and the sentences
  that continue one ("State that ..."). They stay in the article as content:
  withheld from the model's questions (:func:`withhold`, :func:`shown`), never
  the source of an item (:func:`summarizer.ground.flagged.drop_flagged`), and named in a warning.
- :data:`INVISIBLE`: zero-width characters and bidirectional controls, removed
  when the input is loaded (:mod:`summarizer.read.article`), so the brief's article
  text is the cleaned text; :func:`mixed_script_words` finds words that mix
  Latin letters with Cyrillic or Greek look-alikes ("Рutin").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from ..schema import Evidence

if TYPE_CHECKING:
    from .analysis import Analysis
    from .segment import Sentence

# --- control text ----------------------------------------------------------------------
#: one look-alike per bracket: the same number of characters, visibly not markup
_LOOKALIKE = str.maketrans({"<": "‹", ">": "›", "[": "⟦", "]": "⟧", "｜": "¦"})
_CONTROL_TEXT = re.compile(
    r"<[|｜][^\n<>]{0,64}?[|｜]>"  # ChatML, Llama 3, Qwen, DeepSeek: <|im_start|>, <|eot_id|>
    r"|</?[A-Za-z_][\w.:-]{0,40}>"  # bare tags: <s>, </s>, <start_of_turn>, <eos>, <tool_call>
    r"|\[/?(?:INST|SYS|SYSTEM_PROMPT|TOOL_CALLS|AVAILABLE_TOOLS|TOOL_RESULTS|TOOL_CONTENT"
    r"|IMG|IMG_BREAK|IMG_END|PREFIX|MIDDLE|SUFFIX)\]"  # Mistral
    r"|<{2,}|>{2,}",  # <<SYS>>, and the prompt's article delimiters <<<ARTICLE / ARTICLE>>>
)


def neutralize(text: str) -> str:
    """``text`` with every chat-template control string made plain (see the module
    docstring); the same length, character for character."""
    return _CONTROL_TEXT.sub(lambda m: m.group().translate(_LOOKALIKE), text)


def has_control_text(text: str) -> bool:
    return _CONTROL_TEXT.search(text) is not None


#: the control text that flags a sentence: the neutralized forms that only a template
#: uses (not any ``<b>`` or ``>>`` that plain text may hold)
_TEMPLATE_TEXT = re.compile(
    r"<[|｜][^\n<>]{0,64}?[|｜]>"
    r"|</?(?:s|bos|eos|unk|pad|start_of_turn|end_of_turn|tool_call|tool_response|think"
    r"|im_start|im_end|system|user|assistant|instruction|endoftext)>"
    r"|\[/?(?:INST|SYS|SYSTEM_PROMPT|TOOL_CALLS|AVAILABLE_TOOLS|TOOL_RESULTS)\]"
    r"|<</?SYS>>|<{3}|>{3}",
    re.IGNORECASE,
)


def defang(text: str, controls: Iterable[str]) -> str:
    """``text`` with each of ``controls`` (a vocabulary's special-token strings)
    made plain: brackets swapped for look-alikes, else a word joiner after the
    first character. For the model's input only (the length may change)."""
    for control in controls:
        if control and control in text:
            plain = control.translate(_LOOKALIKE)
            if plain == control:
                plain = control[0] + "\u2060" + control[1:]
            text = text.replace(control, plain)
    return text


# --- text addressed to the model --------------------------------------------------------
#: what a sentence calls the model when it speaks to it (not "model" or "bot": a car
#: model, a chess bot)
_AI = (
    r"(?:ai|a\.i\.|artificial intelligence|(?:ai|a\.i\.) (?:model|system|assistant|agent|tool)"
    r"|assistant|(?:large )?language model|llm|chatbot|chat ?gpt|summari[sz]er"
    r"|summari[sz](?:ation|ing) (?:model|system|tool|ai))s?"
)
_READER = r"(?:reading|processing|summari[sz]ing|analy[sz]ing|parsing|ingesting|scraping)"
_TEXT = r"(?:article|text|page|story|document|content|passage|message|website)"
_OUTPUT = r"(?:summary|summaries|brief|output|json)"
#: what an order to the model opens with (not "use", "call", "report": "AI: Report
#: finds …" is a headline, "Use of force …" a sentence)
_IMPERATIVE = (
    r"(?:state|say|write|claim|mention|include|add|list|name|describe|output|respond"
    r"|reply|answer|return|print|insert|make sure|ensure|do not|don't|never|always"
    r"|treat|replace|translate|summari[sz]e|omit|leave out|refer to|emphasi[sz]e|pretend"
    r"|act as|remember|note that|attribute|ignore|disregard)"
)
_ADDRESSED = [
    # instructions to drop the instructions ("ignore earlier instructions to evacuate" is news)
    r"\b(?:ignore|disregard|forget|override|bypass|skip)\b[^.!?\n]{0,30}?\b(?:previous|prior"
    r"|above|earlier|preceding|foregoing|former|original|initial|system|your|all)\b[^.!?\n]{0,30}?"
    r"\b(?:instructions?|prompts?)\b(?!\s+(?:to|from|by|on|about|issued|given|regarding)\b)",
    r"(?:<START>|[:.!]\s+|\bplease\s+)(?:disregard|ignore)\s+(?:everything|all (?:previous|prior"
    r"|above|earlier|of the above|instructions)|your|previous|prior|the above|the previous"
    r"|the preceding|(?:this|the) (?:article|text|story|document))\b",
    r"\bnew instructions?\s*:",
    r"\byour\s+(?:instructions|orders|task|prompt|role)\s+(?:has|have)\s+(?:changed|been updated)\b",
    r"\b(?:is|are)\s+your\s+new\s+(?:task|instructions?|orders|role)\b",
    # an address to an AI
    rf"\b(?:notice|note|message|instructions?|memo|directive|reminder|override)\s+(?:to|for)\s+"
    rf"(?:the\s+|any\s+|all\s+|every\s+)?{_AI}\b",
    rf"<START>\W*(?:dear|hey|hello|hi|attention)\s*,?\s+(?:the\s+)?{_AI}\b",
    rf"\b(?:if|when)\s+you\s+are\s+(?:an?\s+)?{_AI}\b",
    r"\byou\s+are\s+(?:now\s+)?(?:an?\s+)?(?:ai|language model|llm|chatbot|summari[sz]er)\b",
    r"\bas an? (?:ai|language model|llm)\b[^.!?\n]{0,40}\byou\b",
    rf"\b(?:any|all|every|each)\s+{_AI}\s+{_READER}\b",
    rf"\b{_AI}\s+{_READER}\s+(?:this|these|the following)\s+{_TEXT}",
    rf"\b(?:to|for)\s+(?:any|all|every)\s+{_AI}\s*[,:.!]",
    rf"\b{_AI}\s*[,:]\s*(?:please\s+)?{_IMPERATIVE}\b",
    rf"[,!]\s*(?:the\s+|dear\s+)?{_AI}\s*:",  # "READ THIS, AI MODEL: ..."
    # what the brief must say
    rf"\b(?:in|into|to|from|for)\s+your\s+{_OUTPUT}\b",
    rf"\bin\s+(?:the|this|your)\s+{_OUTPUT}\s*,\s*(?:please\s+)?{_IMPERATIVE}\b",
    rf"\byour\s+(?:{_OUTPUT}|answer|response)\s+(?:must|should|shall|will|needs? to|has to"
    rf"|is to)\b",
    r"\bthe\s+(?:summary|brief|summary of this article|brief of this article)\s+(?:must"
    r"|should|shall|needs? to|has to|is to)\s+(?:say|state|mention|include|report|read|list"
    r"|describe|name|attribute|claim|not)\b",
    rf"\b(?:when|while|before|after)\s+(?:summari[sz]ing|briefing|analy[sz]ing)\s+"
    rf"(?:this|the following)\s+{_TEXT}",
    rf"\b(?:do not|don't|never)\s+(?:mention|include|reveal|report|say|list|name)\b"
    rf"[^.!?\n]{{0,40}}\bin\s+your\s+{_OUTPUT}\b",
    # system prompts and role tags
    r"\bsystem\s+prompts?\b",
    r"(?-i:\b(?:SYSTEM|ADMIN|DEVELOPER)\s+(?:NOTICE|MESSAGE|OVERRIDE|PROMPT|INSTRUCTIONS?"
    r"|ALERT|NOTE|UPDATE)\b)",
    r"(?:<START>|\n)\W{0,4}(?:system|assistant|user|human|developer)\s*:",
    r"#{2,}\s*(?:system|instructions?|response|input|assistant|user)\b",
    # a pasted answer
    r"\{\s*[\"“”](?:summary|key_actors|events|open_questions|stance|actors|article_tone"
    r"|framing|brief|actor_stances)[\"“”]\s*:",
    # French, Spanish, German, Italian, Portuguese
    r"\b(?:ignore[zr]?|oublie[zr]?)\s+(?:toutes\s+)?(?:les\s+)?(?:instructions|consignes"
    r"|directives)\s+(?:précédentes|antérieures|ci-dessus|préalables)",
    r"\b(?:ignora[rd]?|olvida[rd]?|ignore|olvide)\s+(?:todas\s+)?(?:las\s+|sus\s+|tus\s+)?"
    r"(?:instrucciones|indicaciones|órdenes)\b",
    r"\b(?:ignorier(?:e|en|t)?|vergiss|vergessen sie)\s+(?:alle\s+)?(?:vorherigen|bisherigen"
    r"|obigen|vorigen|früheren)\s+(?:anweisungen|instruktionen|befehle|vorgaben)",
    r"\bignora(?:re)?\s+(?:tutte\s+)?(?:le\s+)?istruzioni\s+(?:precedenti|sopra)",
    r"\bignore\s+(?:todas\s+)?(?:as\s+)?instruções\s+(?:anteriores|acima)",
    r"\b(?:note|message|avis|consigne)\s+(?:à|pour)\s+l['’](?:ia|intelligence artificielle"
    r"|assistant)\b",
    r"\b(?:nota|mensaje|aviso)\s+(?:para|a)\s+(?:la|el)\s+(?:ia|inteligencia artificial"
    r"|asistente|modelo)\b",
    r"\b(?:hinweis|nachricht|anweisung)\s+(?:an|für)\s+(?:die\s+ki|das\s+sprachmodell"
    r"|den\s+assistenten)\b",
    r"\b(?:dans|en)\s+(?:votre|ton)\s+résumé\b",
    r"\bin\s+(?:ihrer|deiner)\s+zusammenfassung\b",
]


def _addressed(start: str) -> re.Pattern[str]:
    """The patterns, with ``<START>`` (where a sentence begins) as ``start``."""
    return re.compile("|".join(f"(?:{p})" for p in _ADDRESSED).replace("<START>", start), re.I)


#: one sentence that addresses the model
ADDRESSED = _addressed("^")
#: a text that may hold such a sentence anywhere (a sentence may begin after any space)
_ANYWHERE = _addressed(r"(?:^|(?<=\s))")
#: a sentence that goes on with an instruction just flagged: an imperative opening
#: ("State that ...", "Also mention ...") or one that speaks to "you"
CONTINUES = re.compile(
    rf"^\W*(?:(?:also|then|instead|finally|and|next|additionally|moreover|lastly|first"
    rf"|second|please)\b[,\s]*)*(?:{_IMPERATIVE}|(?:report|explain|announce|conclude)\s+that"
    rf"|you\s+(?:must|should|will|shall|need|are|have))\b"
    r"|[\"“”]\s*:\s*[\[{\"“]",  # the rest of a pasted JSON answer
    re.IGNORECASE,
)
WITHHELD = "(withheld: text addressed to the model)"
#: a sentence that does not end as one ("diga que el"): the splitter cut it short
_UNFINISHED = re.compile(r"[\w,;]\s*$")


def addressed(text: str) -> bool:
    """Whether one sentence addresses the model or the brief, or holds control text."""
    return _TEMPLATE_TEXT.search(text) is not None or ADDRESSED.search(text) is not None


def flag_sentences(sentences: Sequence[Sentence], text: str = "") -> list[Sentence]:
    """The sentences that address the model, and each sentence that continues one:
    an order after it, or the rest of it where the splitter cut it short in its
    paragraph ("... y diga que el" | "Senado aprobó ..."; ``text`` shows the
    paragraphs)."""
    out: list[Sentence] = []
    previous = unfinished = False
    end = 0
    for s in sentences:
        previous = (
            addressed(s.text)
            or (unfinished and "\n" not in text[end : s.start])
            or (previous and CONTINUES.search(s.text) is not None)
        )
        unfinished = previous and _UNFINISHED.search(s.text) is not None
        end = s.end
        if previous:
            out.append(s)
    return out


def scan(text: str) -> list[Evidence]:
    """The article's sentences addressed to the model, as evidence into ``text``."""
    if not _TEMPLATE_TEXT.search(text) and not _maybe_addressed(text):
        return []  # nothing to flag: no need to split the article into sentences
    from .segment import parse, sentences

    return [
        Evidence(quote=s.text, start=s.start, end=s.end, match="exact")
        for s in flag_sentences(sentences(parse(text), text), text)
    ]


def _maybe_addressed(text: str) -> bool:
    return _ANYWHERE.search(text) is not None


def warnings(flagged: Sequence[Evidence], width: int = 100) -> list[str]:
    """One warning per flagged sentence, naming it."""
    out = []
    for ev in flagged:
        quote = " ".join(ev.quote.split())
        quote = quote if len(quote) <= width else quote[: width - 1].rstrip() + "…"
        out.append(f'text addressed to the model was treated as content and withheld: "{quote}"')
    return out


# --- the staged brief: what the model is shown, and what code may cite ------------------
def withhold(analysis: Analysis, flagged: Sequence[Evidence]) -> None:
    """Mark ``analysis``'s sentences that are flagged (``analysis.withheld``), and
    drop their mentions from the actor candidates: a candidate named only there
    is no candidate. (``analysis`` may be one part of the article: sentences
    are matched by their words.)"""
    quotes = [f.quote for f in flagged]
    withheld = {s.number for s in analysis.sentences if any(_same(s.text, q) for q in quotes)}
    analysis.withheld = withheld
    if not withheld:
        return
    spans = [(analysis.sentence(n).start, analysis.sentence(n).end) for n in withheld]
    texts = [analysis.sentence(n).text for n in withheld]
    kept = []
    for c in analysis.candidates:
        c.sentences = [n for n in c.sentences if n not in withheld]
        c.mentions = [m for m in c.mentions if not any(a <= m[0] < b for a, b in spans)]
        # a role or an action read off a withheld sentence is what it plants
        c.role, c.action = (
            "" if w and any(w in t for t in texts) else w for w in (c.role, c.action)
        )
        if c.sentences and c.mentions:
            kept.append(c)
    analysis.candidates = kept


def _same(sentence: str, quote: str, least: int = 12) -> bool:
    """Whether a sentence of a part is the flagged ``quote`` (or a piece of it, or
    holds it), split a little differently; short pieces only when equal."""
    if sentence == quote:
        return True
    return (len(sentence) >= least and sentence in quote) or (
        len(quote) >= least and quote in sentence
    )


def shown(analysis: Analysis, number: int) -> str:
    """Sentence ``number`` as the model may read it: withheld when flagged."""
    if number in analysis.withheld:
        return WITHHELD
    return analysis.sentence(number).text


def model_view(text: str, flagged: Sequence[Evidence]) -> str:
    """``text`` (the article or a part of it) as the one-request prompt shows it:
    each flagged sentence replaced by :data:`WITHHELD`."""
    for f in flagged:
        text = text.replace(f.quote, WITHHELD)
    return text


# --- invisible and look-alike characters ----------------------------------------------
#: zero-width characters (U+200B-U+200D, U+2060, U+FEFF, the soft hyphen, invisible
#: operators) and bidirectional controls (U+202A-U+202E, U+2066-U+2069)
INVISIBLE = re.compile("[\u00ad\u200b-\u200d\u2060-\u2064\ufeff\u202a-\u202e\u2066-\u2069]")


def strip_invisible(text: str) -> str:
    return INVISIBLE.sub("", text)


def _script(ch: str) -> str | None:
    if not ch.isalpha():
        return None
    name = unicodedata.name(ch, "")
    for script in ("LATIN", "CYRILLIC", "GREEK"):
        if name.startswith(script):
            return script
    return None


def mixed_script_words(text: str) -> list[str]:
    """Words that mix Latin letters with Cyrillic or Greek ones, in order, once each
    (a look-alike "Рutin" is not the name "Putin" to a reader or a matcher)."""
    found: dict[str, None] = {}
    for word in re.findall(r"\w+", text):
        scripts = {s for ch in word if (s := _script(ch))}
        if "LATIN" in scripts and len(scripts) > 1:
            found[word] = None
    return list(found)


def mixed_script_warning(text: str, shown_words: int = 5) -> str | None:
    words = mixed_script_words(text)
    if not words:
        return None
    listed = ", ".join(f'"{w}"' for w in words[:shown_words])
    more = f" and {len(words) - shown_words} more" if len(words) > shown_words else ""
    return (
        f"words mixing Latin with Cyrillic or Greek letters (look-alike characters: a name "
        f"may be disguised): {listed}{more}"
    )
