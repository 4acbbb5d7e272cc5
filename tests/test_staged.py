"""The staged brief (``ask.staged``) over an article read by hand: which
sentences become events and how, which questions stand, when the lede replaces
the summary — with the model's answers scripted, so only the rules are tested."""

from __future__ import annotations

from datetime import date
from typing import Any

from summarizer.ask.prompts import load_prompts
from summarizer.ask.requests import CallStats
from summarizer.ask.staged import event_line, staged_draft
from summarizer.read.actors import Candidate
from summarizer.read.analysis import Analysis, SentenceFacts
from summarizer.read.dates import ResolvedDate
from summarizer.read.segment import Sentence

SENTENCES = [
    "KAUNAS, March 3 (Baltic Wire) - The city council closed the Old Harbour Bridge "
    "on Monday, officials said.",
    "Mayor Rasa Vaitkus said repairs would cost 4 million euros.",
    "“We will not pay for someone else’s neglect.”",
    "It was not clear when the bridge would reopen.",
    "Analysts said the closure would slow freight through the port.",
]
MONDAY = ResolvedDate("2025-03-02", "day", "on Monday", "text")


def hand_read() -> Analysis:
    """The article as code would read it, written out by hand."""
    text = " ".join(SENTENCES)
    sentences, start = [], 0
    for number, sentence in enumerate(SENTENCES, 1):
        start = text.index(sentence, start)
        sentences.append(Sentence(number, start, start + len(sentence), sentence))
    mayor = text.index("Rasa Vaitkus")
    facts = {n: SentenceFacts() for n in range(1, len(SENTENCES) + 1)}
    facts[1] = SentenceFacts(dates=[("on Monday", MONDAY)], attribution="officials", reported=True)
    facts[2] = SentenceFacts(attribution="Rasa Vaitkus", reported=True)
    facts[3] = SentenceFacts(quote_only=True, quoted=True, direct=True)
    facts[4] = SentenceFacts(question_cue=True, open_hint=3)
    facts[5] = SentenceFacts(reported=True, commentary=True)
    vaitkus = Candidate(
        name="Rasa Vaitkus",
        aliases=["Vaitkus"],
        kind="person",
        mentions=[(mayor, mayor + len("Rasa Vaitkus"))],
        sentences=[2],
        role="Mayor",
        acts=True,
        placed=False,
        salience="central",
        action="said repairs would cost 4 million euros",
    )
    return Analysis(text, date(2025, 3, 3), sentences, [vaitkus], facts)


class Script:
    """The model's answers, by the name of the schema asked for."""

    def __init__(self, **answers: dict[str, Any]) -> None:
        self.answers = answers
        self.asked: list[tuple[str, int]] = []

    def __call__(self, messages: list[dict[str, str]], model: type, max_tokens: int) -> Any:
        self.asked.append((model.__name__, max_tokens))
        return model.model_validate(self.answers[model.__name__])


SUMMARY = {"tone": "neutral", "framing": "A closure and its cost.", "stances": []}


def test_events_are_code_s_sentences_dated_and_attributed_without_the_model():
    ask = Script(
        OpenQuestions={"questions": [{"s": 4, "question": "When will the bridge reopen?"}]},
        Summary={
            **SUMMARY,
            "summary": "Kaunas closed a bridge. Repairs will cost 4 million euros.",
        },
    )
    draft = staged_draft(hand_read(), load_prompts(), ask)
    # the default stages ask two questions: the open matters, then the summary
    assert [name for name, _ in ask.asked] == ["OpenQuestions", "Summary"]
    # a quotation no one is said to speak is no event; the dated sentence comes first
    evidence = [e.evidence for e in draft.events]
    assert SENTENCES[2] not in evidence and evidence[0] == SENTENCES[0]
    first = draft.events[0]
    assert first.what == "The city council closed the Old Harbour Bridge on Monday"
    assert (first.date, first.date_text, first.resolved) == ("2025-03-02", "on Monday", MONDAY)
    assert first.attribution == "officials"
    mayor = next(e for e in draft.events if e.evidence == SENTENCES[1])
    assert mayor.actors == ["Rasa Vaitkus"] and mayor.resolved is None
    # the code-resolved date travels with the draft but never into a dump
    assert "resolved" not in first.model_dump()
    assert [a.name for a in draft.key_actors] == ["Rasa Vaitkus"]
    assert [q.question for q in draft.open_questions] == ["When will the bridge reopen?"]
    assert draft.open_questions[0].evidence == SENTENCES[3]
    assert draft.summary == "Kaunas closed a bridge. Repairs will cost 4 million euros."


def test_what_code_refuses_of_the_model_s_writing_is_noted_and_replaced():
    ask = Script(
        OpenQuestions={"questions": [{"s": 4, "question": "What happened?"}]},
        # a figure the article never gives
        Summary={
            **SUMMARY,
            "summary": "Kaunas closed a bridge. Repairs will cost 9 million euros.",
        },
    )
    notes = CallStats()
    draft = staged_draft(hand_read(), load_prompts(), ask, notes=notes)
    assert "What happened?" not in [q.question for q in draft.open_questions]
    assert any("What happened?" in d for d in notes.dropped)
    # the lede, without its dateline, stands in for an unfaithful summary
    assert draft.summary.startswith("The city council closed the Old Harbour Bridge")
    assert any("summary was replaced by the lede" in w for w in notes.warnings)


def test_an_answer_cut_off_before_the_summary_leaves_the_lede():
    ask = Script(OpenQuestions={"questions": [{"s": 4, "question": ""}]})

    def cut(messages: list[dict[str, str]], model: type, max_tokens: int) -> Any:
        return None if model.__name__ == "Summary" else ask(messages, model, max_tokens)

    draft = staged_draft(hand_read(), load_prompts(), cut)
    assert draft.summary.startswith("The city council closed")
    assert draft.open_questions == []  # an empty question: the sentence leaves nothing open


def test_an_event_line_drops_the_dateline_and_who_said_it():
    assert event_line(SENTENCES[0]) == "The city council closed the Old Harbour Bridge on Monday"
    assert event_line("Two men were arrested, the ministry confirmed.") == ("Two men were arrested")
    assert event_line("According to the police, two men were arrested.") == (
        "Two men were arrested"
    )
