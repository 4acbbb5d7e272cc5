"""Sentences with offsets, on the layouts of wire copy (spaCy plus repair rules)."""

from __future__ import annotations

from summarizer.read.segment import parse, sentences


def split(text: str) -> list[str]:
    sents = sentences(parse(text), text)
    for s in sents:  # offsets are exact
        assert text[s.start : s.end] == s.text
    assert [s.number for s in sents] == list(range(1, len(sents) + 1))
    return [s.text for s in sents]


def test_a_headline_line_is_its_own_sentence():
    got = split("Port workers strike in Lagos\n\nDock workers walked out on Monday. Talks failed.")
    assert got == [
        "Port workers strike in Lagos",
        "Dock workers walked out on Monday.",
        "Talks failed.",
    ]


def test_a_dateline_stays_with_its_lede():
    text = "KINSHASA, Congo (Meridian Wire) — Rebels seized the town of Goma on Sunday, officials said."
    assert split(text) == [text]


def test_titles_and_clock_abbreviations_do_not_end_a_sentence():
    text = (
        "Sen. Mary Okafor said the vote would be held at 8:40 a.m. Sydney time on Friday. "
        "Gov. Ruiz disagreed."
    )
    assert split(text) == [
        "Sen. Mary Okafor said the vote would be held at 8:40 a.m. Sydney time on Friday.",
        "Gov. Ruiz disagreed.",
    ]


def test_a_quote_and_its_speaker_are_one_sentence():
    text = "“This is a fair deal,” she told reporters. “We will be back on Saturday.” The union agreed."
    got = split(text)
    assert got[0] == "“This is a fair deal,” she told reporters."
    assert got[-1] == "The union agreed."


def test_a_sentence_never_crosses_a_paragraph_break():
    got = split("The ministry said it would appeal\n\nNo date was set.")
    assert got == ["The ministry said it would appeal", "No date was set."]
