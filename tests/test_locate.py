"""Locating evidence in the article (``ground.locate``): exact, normalized, fuzzy, a sentence."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from summarizer.ground.locate import Aligner, normalize

TEXT = "The minister said: \u201cWe will not\u2014under any terms\u2014sign.\u201d  Talks  resume in  May."


ALIGNER = Aligner(TEXT)


def test_exact_quote_gets_offsets():
    span = ALIGNER.locate("Talks  resume")
    assert span.method == "exact" and TEXT[span.start : span.end] == "Talks  resume"


def test_typographic_quotes_dashes_case_and_whitespace_are_tolerated():
    span = ALIGNER.locate('"we will NOT-under any terms-sign."')
    assert span is not None and span.method == "normalized"
    assert TEXT[span.start : span.end] == "We will not\u2014under any terms\u2014sign"
    span = ALIGNER.locate("talks resume in may")
    assert TEXT[span.start : span.end] == "Talks  resume in  May"


def test_fuzzy_match_is_recorded_as_fuzzy_and_invented_quotes_fail():
    span = ALIGNER.locate("Talk resumes in May")
    assert span is not None and span.method == "fuzzy" and span.score < 1
    assert "resume in  May" in TEXT[span.start : span.end]
    assert ALIGNER.locate("The president resigned on Friday") is None
    assert ALIGNER.locate("si") is None  # too short to prove anything


def test_mentions_by_name_or_surname_on_word_boundaries():
    aligner = Aligner("Maduro spoke. The Nicolas Cage film was not shown.")
    assert aligner.mentions("Nicolas Maduro")
    assert aligner.mentions("President Maduro")
    assert not aligner.mentions("Kim Jong Un")
    assert not aligner.mentions("Madur")


@given(st.text(max_size=300), st.text(max_size=60))
def test_aligner_never_crashes_and_offsets_stay_inside(text, quote):
    span = Aligner(text).locate(quote)
    if span is not None:
        assert 0 <= span.start < span.end <= len(text)


@given(st.text(min_size=1, max_size=300), st.data())
def test_a_quote_cut_from_the_text_is_found_where_it_is(text, data):
    start = data.draw(st.integers(0, len(text) - 1))
    end = data.draw(st.integers(start + 1, len(text)))
    quote = text[start:end]
    span = Aligner(text).locate(quote)
    if span is None:
        return
    found = text[span.start : span.end]
    if span.method == "exact":
        assert found == quote
    elif span.method == "normalized":
        assert normalize(quote).strip() in normalize(found) or normalize(found) in normalize(quote)


BRIDGE = (
    "Kaunas closes bridge\n\nThe Old Harbour Bridge in Kaunas was closed to all traffic on "
    "Monday after an inspection found corroded cables, the city council said. Buses will be "
    "diverted to the Aleksotas crossing."
)


def test_a_paraphrase_is_grounded_by_the_sentence_that_holds_its_words():
    aligner = Aligner(BRIDGE)
    assert aligner.locate("The city council said the bridge was closed on Monday") is None
    span = aligner.locate_sentence("The city council said the bridge was closed on Monday")
    assert span.method == "sentence"
    assert BRIDGE[span.start : span.end].startswith("The Old Harbour Bridge")
    assert BRIDGE[span.start : span.end].endswith("the city council said.")
    assert aligner.locate_sentence("The mayor resigned after the bridge scandal") is None
    assert aligner.locate_sentence("bridge closed") is None  # too few words to tell
