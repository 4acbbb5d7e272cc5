"""Open questions followed across a story: a question one article leaves open
that a later article settles.

Code proposes the pairs: for each open question and each later article, the
sentence of that article that uses most of the question's words (at least
:data:`MIN_SHARED` of them). The model says only whether that sentence answers
the question, yes or no (one short request for the pairs of each article and
later article); the first later article whose sentence does is where the
question was answered."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, create_model

from ..ask.passes import Ask, Budget, one_each
from ..ask.prompts import PromptSet
from ..ground.written import content_words
from ..read.segment import parse, sentences
from .merge import Reported, Story, StorySource

#: content words a later sentence must share with a question to be put to the model
#: (two: the judged answers were right less often than leaving every question open)
MIN_SHARED = 3
#: written tokens of the verdicts: 12 each ({"n": 1, "answer": "yes"}, )
VERDICTS_BUDGET = Budget(8, 12)


def verdicts_model(n: int) -> type[BaseModel]:
    """One yes or no per numbered pair, in order."""
    item = create_model("Verdict", n=(int, ...), answer=(Literal["yes", "no"], ...))
    one = one_each("n", list(range(1, n + 1)), answer={"enum": ["yes", "no"]})
    return create_model("Verdicts", verdicts=(list[item], one))  # type: ignore[valid-type]


@dataclass(frozen=True)
class Proposal:
    """A later sentence that may answer an open question."""

    article: str  # the article that leaves the question open
    question: int  # its index in that article's open questions
    text: str  # the question
    later: str  # the later article
    start: int  # the sentence's offsets in the later article
    end: int
    sentence: str


@dataclass(frozen=True)
class Asked:
    """One article's open questions, and its text, in publication order."""

    id: str
    questions: Sequence[str]
    text: str
    #: spans of sentences addressed to the model (withheld from it: never proposed)
    withheld: Sequence[tuple[int, int]] = ()


def propose(articles: Sequence[Asked]) -> list[Proposal]:
    """For each question and each later article, its best sentence, if any."""
    sentences_of = {
        a.id: [
            s
            for s in sentences(parse(a.text), a.text)
            if not any(start < s.end and s.start < end for start, end in a.withheld)
        ]
        for a in articles
    }
    words_of = {a.id: [content_words(s.text) for s in sentences_of[a.id]] for a in articles}
    out = []
    for n, asked in enumerate(articles):
        for q, question in enumerate(asked.questions):
            wanted = content_words(question)
            for later in articles[n + 1 :]:
                shared = [len(wanted & words) for words in words_of[later.id]]
                if not shared or max(shared) < MIN_SHARED:
                    continue
                best = sentences_of[later.id][shared.index(max(shared))]
                out.append(
                    Proposal(asked.id, q, question, later.id, best.start, best.end, best.text)
                )
    return out


def judge(proposals: Sequence[Proposal], prompts: PromptSet, ask: Ask) -> list[Proposal]:
    """The proposals the model says are answered: one request for each article
    and later article, a yes or no for each of their pairs (no answer: no)."""
    batches: dict[tuple[str, str], list[Proposal]] = {}
    for p in proposals:
        batches.setdefault((p.article, p.later), []).append(p)
    kept = []
    for batch in batches.values():
        pairs = "\n".join(
            f"{n}. Question: {p.text}\n   Sentence: {p.sentence}" for n, p in enumerate(batch, 1)
        )
        messages = [
            {"role": "system", "content": prompts.staged["analyst.md"].strip()},
            {"role": "user", "content": prompts.stage("answers", pairs=pairs)},
        ]
        answer = ask(messages, verdicts_model(len(batch)), VERDICTS_BUDGET(len(batch)))
        said = {v.n: v.answer for v in answer.verdicts} if answer is not None else {}  # type: ignore[attr-defined]
        kept += [p for n, p in enumerate(batch, 1) if said.get(n) == "yes"]
    return kept


def first_answers(answered: Sequence[Proposal], order: Sequence[str]) -> list[Proposal]:
    """Each question's answer in the earliest later article (``order``: the
    articles in publication order)."""
    rank = {a: i for i, a in enumerate(order)}
    best: dict[tuple[str, int], Proposal] = {}
    for p in sorted(answered, key=lambda p: rank[p.later]):
        best.setdefault((p.article, p.question), p)
    return list(best.values())


def mark_answered(story: Story, answers: Sequence[Proposal]) -> None:
    """Each of the story's questions answered by one of ``answers`` gets where
    and by which sentence."""
    order = [a.id for a in story.articles]
    by_question = {(p.article, p.text): p for p in first_answers(answers, order)}
    for question in story.questions:
        p = by_question.get((question.article, question.question))
        if p is not None:
            question.answered_in = p.later
            question.answer = StorySource(
                article=p.later, quote=p.sentence, start=p.start, end=p.end
            )


def asked_in(reports: Sequence[Reported]) -> list[Asked]:
    """Each briefed article's open questions and text, in the order given."""
    return [
        Asked(
            r.id,
            [q.question for q in r.brief.open_questions],
            r.text,
            [
                (f.start, f.end)
                for f in r.brief.metadata.flagged
                if f.start is not None and f.end is not None
            ],
        )
        for r in reports
    ]
