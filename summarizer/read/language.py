"""The language an article is written in, told from its text.

py3langid (a naive Bayes model over byte n-grams, shipped inside its wheel)
does the telling: offline, deterministic, about a millisecond an article once
its model is loaded (about a second, once per process). Short or uncertain
text gets no verdict rather than a guess.
"""

from __future__ import annotations

from functools import lru_cache

ENGLISH = "en"
#: below this many words a verdict is a guess (a headline, a name)
MIN_WORDS = 20
#: the normalized probability a verdict needs
MIN_CONFIDENCE = 0.9


@lru_cache(maxsize=1)
def _identifier():  # py3langid has no type hints
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


@lru_cache(maxsize=16)  # a staged brief renders the same article for every pass
def detect(text: str) -> str | None:
    """The text's language as an ISO 639 code (``"en"``, ``"fr"``), or None
    when the text is too short or the model is not confident."""
    if len(text.split()) < MIN_WORDS:
        return None
    code, confidence = _identifier().classify(text)
    return code if confidence >= MIN_CONFIDENCE else None


def foreign(text: str) -> str | None:
    """The text's language when it is confidently not English, else None."""
    code = detect(text)
    return None if code in (None, ENGLISH) else code
