"""A staged brief of one article (or one part of it): code finds, the model judges.

analyze (sentences, candidates, dates, cues) -> passes (actors, events, open
questions; then summary and stance from the items found) -> a draft whose every
evidence is an article sentence, cited by number. Normalization
(:func:`summarizer.ground.normalize.build_brief`) then locates the quotes, merges
aliases and resolves dates, as for any draft.

``stages`` switches parts off, for the ablation in ``evals/README.md``:
``ner`` (named-entity candidates; off, the model lists the actors itself),
``actors`` (the model's verdict on each candidate; off, code's rules decide),
``events`` (off: no events), ``questions`` (the question pass over the
sentences whose wording may leave a matter open; off: no open questions),
``hints`` (the broad hints of :mod:`summarizer.read.questions`; off: only
sentences that say outright that something is unknown), ``groups`` (common-noun
actors: "prosecutors said"), ``roles`` (the role pass for actors code could not
describe).
"""

from __future__ import annotations

import re
from typing import Any

from ..errors import InvalidBriefError
from ..ground.written import (
    bare_title,
    comment_question,
    content_words,
    names_the_matter,
    question_problem,
    role_problem,
    summary_problem,
    whether_question,
    whole_sentences,
)
from ..read.analysis import Analysis
from ..read.names import ActorIndex, name_keys, named_in, names_of, normalize_name
from ..read.segment import dateline_end
from ..read.words import SAID
from ..schema import (
    SALIENCE_RANK,
    ActorDraft,
    ActorStanceDraft,
    BriefDraft,
    EventDraft,
    OpenQuestionDraft,
    StanceDraft,
)
from .passes import MAX_ROLE_ACTORS, NOT_AN_ACTOR, Ask, role_pass, run_passes, summary_pass
from .prompts import PromptSet
from .requests import CallStats

#: every part that can be switched
ALL_STAGES = frozenset({"ner", "groups", "actors", "roles", "events", "questions", "hints"})
#: the parts on by default: the model's actor verdicts are off (measured: they kept
#: places and wrote generic roles at ~30 s an article; see evals/README.md), and so
#: is the role pass (on two briefs it wrote words the article never uses or the
#: actor's own name for 12 of 13 actors, for ~100 written tokens a brief), and so is
#: the model's pick of event sentences (it listed 1, 2, 3 … or the prompt's example
#: in most answers; code's ranking of every sentence scored higher on the blind split)
STAGES = ALL_STAGES - {"actors", "roles", "events"}


def staged_draft(
    analysis: Analysis,
    prompts: PromptSet,
    ask: Ask,
    stages: frozenset[str] = STAGES,
    notes: CallStats | None = None,
) -> BriefDraft:
    """The draft brief of ``analysis``; what code refused of the model's writing is
    added to ``notes`` (its dropped items and warnings)."""
    notes = notes if notes is not None else CallStats()
    if "ner" not in stages:
        analysis.candidates = []
    if "groups" not in stages:
        analysis.candidates = [c for c in analysis.candidates if not c.common]
    answers = run_passes(analysis, prompts, ask, stages=stages)
    actors = actor_drafts(analysis, answers["actors"], judged="actors" in stages)
    describe(analysis, actors, prompts, ask if "roles" in stages else None)
    events = event_drafts(analysis, answers["events"], actors)
    questions = question_drafts(analysis, answers["questions"], notes.dropped)
    leading = sorted(actors, key=lambda a: SALIENCE_RANK[a.salience])  # stable: first named first
    try:
        summary = summary_pass(analysis, prompts, ask, leading)
    except InvalidBriefError as exc:  # the items found stand; the lede says what happened
        notes.warnings.append(f"the summary pass gave no valid answer ({exc.message[:80]}…)")
        summary = None
    return BriefDraft.model_construct(
        summary=summary_text(analysis, summary, notes.warnings),
        key_actors=actors,
        events=events,
        open_questions=questions,
        stance=stance_draft(analysis, summary, actors),
    )


def summary_text(analysis: Analysis, answer: Any, warnings: list[str]) -> str:
    """The model's summary when code finds it faithful (names and numbers in the
    article, at most 60 words, not one copied sentence); else the lede, flagged."""
    first = analysis.sentence(analysis.body[0]).text if analysis.sentences else ""
    lede = first[dateline_end(first) :].strip()  # the lede, without its dateline
    if answer is None:  # cut off before it: the lede says what happened
        return lede
    summary = whole_sentences(answer.summary)
    problem = summary_problem(summary, analysis.text, [s.text for s in analysis.sentences])
    if problem is not None:
        warnings.append(f"the summary was replaced by the lede: the model's was {problem}")
        return lede
    return summary


def describe(
    analysis: Analysis, actors: list[ActorDraft], prompts: PromptSet, ask: Ask | None
) -> None:
    """Give every actor a role that says its part in the story: code's title or
    apposition when it is more than a bare title; else the model's few words for
    the most salient ones (one short pass), checked like code's; else what the
    actor does in the article ("fled their homes")."""
    missing = [a for a in actors if role_problem(a.role, a.name, analysis.text)]
    actions = {c.name: c.action for c in analysis.candidates}
    for a in missing:  # what the actor does, in the article's words; never a placeholder
        action = actions.get(a.name, "")
        lone = len(action.split()) < 2  # a verb alone ("estimated") says no part
        if lone or role_problem(action, a.name, analysis.text):
            action = ""
        bare = a.role and bare_title(a.role)
        a.role = f"{a.role}, {action}" if bare and action else action  # "Chief Executive, said …"
    if ask is None:  # the role pass is off
        return
    ranked = [a for a in missing if a.salience != "mentioned" or not a.role]
    ranked = sorted(ranked, key=lambda a: SALIENCE_RANK[a.salience])[:MAX_ROLE_ACTORS]
    if not ranked:
        return
    answer = role_pass(analysis, prompts, ask, [a.name for a in ranked])
    written = {item.name: " ".join(item.role.split()) for item in answer.roles} if answer else {}
    for a in ranked:
        role = written.get(a.name, "")
        if role and role_problem(role, a.name, analysis.text) is None:
            a.role = role.rstrip(".")


def _quote(analysis: Analysis, number: int) -> str:
    return analysis.sentence(number).text


def actor_drafts(analysis: Analysis, answer: Any, *, judged: bool = True) -> list[ActorDraft]:
    """The candidates the model kept (all of them when it was not asked), and the
    actors it added that the article names."""
    actors: list[ActorDraft] = []
    verdicts = {v.name: v for v in answer.actors} if answer is not None else {}
    for c in analysis.candidates:
        v = verdicts.get(c.name)
        if (judged and (v is None or v.salience == NOT_AN_ACTOR)) or (
            not judged and not c.is_actor
        ):
            continue
        actors.append(
            ActorDraft(
                name=c.name,
                aliases=c.aliases,
                kind=c.kind,
                role=v.role.strip() if v else c.role,
                salience=v.salience if v else c.salience,
                evidence=_quote(analysis, c.first),
            )
        )
    index = ActorIndex(actors)
    for m in answer.missed if answer is not None else []:
        name = " ".join(m.name.split())
        number = _first_sentence(analysis, name)
        if number is None or index.resolve(name) is not None:
            continue  # not in the article, or already listed
        actors.append(
            ActorDraft(
                name=name,
                aliases=[],
                kind=m.kind,
                role=m.role.strip(),
                salience=m.salience,
                evidence=_quote(analysis, number),
            )
        )
        index = ActorIndex(actors)
    return actors


def _first_sentence(analysis: Analysis, name: str) -> int | None:
    key = normalize_name(name)
    if not key:
        return None
    for s in analysis.sentences:
        if named_in(key, normalize_name(s.text)):
            return s.number
    return None


def event_drafts(analysis: Analysis, answer: Any, actors: list[ActorDraft]) -> list[EventDraft]:
    """One event per body sentence, the strongest first (:func:`_strongest`): the
    sentences the model picked when it was asked (the ``events`` stage), else every
    body sentence, and always those dated to a day or month; a quotation with no
    one said to speak it is not an event. What, who, when, where and who says so
    come from code."""
    index = ActorIndex(actors)
    picked = set(answer.events) if answer is not None else set(analysis.body)
    picked |= {n for n, f in analysis.facts.items() if f.dated}
    picked = {n for n in picked if n in analysis.body and not analysis.facts[n].quote_only}
    events: list[EventDraft] = []
    for number in sorted(_strongest(analysis, picked)):
        facts = analysis.facts[number]
        names: list[str] = []
        for c in analysis.actors_in(number):
            actor = index.resolve(c.name)
            if actor is not None and actor.name not in names:
                names.append(actor.name)
        for actor in actors:  # actors the model added, named in the sentence
            if actor.name not in names and _first_mention(analysis, actor, number):
                names.append(actor.name)
        when = analysis.event_date(number)
        event = EventDraft(
            evidence=_quote(analysis, number),
            what=event_line(_quote(analysis, number)),
            date_text=when[0] if when else None,
            date=when[1].value if when else None,
            actors=names[:6],
            location=facts.location,
            attribution=facts.attribution,
            resolved=when[1] if when else None,
        )
        events.append(event)
    return events


_SAID_TAIL = re.compile(
    r",?\s*(?:[\"”’]\s*)?,?\s*(?:[^,;]{1,80}?\s+(?:told [^,;]{1,40}|"
    + SAID
    + r")|according to [^,;]{1,80})\s*\.?$",
    re.IGNORECASE,
)
_SAID_HEAD = re.compile(r"^(?:according to [^,]{1,80},\s*)", re.IGNORECASE)
_QUOTES = re.compile(r"[\"“”]")
MAX_WORDS = 24


def event_line(sentence: str) -> str:
    """A sentence as one line on what happened: its dateline ("DHAKA, Sept 15
    (Agency) -") and attribution ("..., police said") dropped, quotation marks
    removed, cut at a clause near 24 words."""
    line = sentence.strip()
    line = _SAID_HEAD.sub("", line[dateline_end(line) :])
    shorter = _SAID_TAIL.sub("", line)
    if len(shorter.split()) >= 2:
        line = shorter
    line = " ".join(_QUOTES.sub("", line).split()).rstrip(" .,;:")
    words = line.split()
    if len(words) > MAX_WORDS:
        head = " ".join(words[:MAX_WORDS])
        cut = max(head.rfind(","), head.rfind(";"), head.rfind(" — "))
        line = (head[:cut] if cut > len(head) // 2 else head).rstrip(" ,;—") + " …"
    return (line[:1].upper() + line[1:]) if line else line


#: the labeling guide's "typically 3–10 per article"
MAX_EVENTS = 10


def _strongest(analysis: Analysis, picked: set[int]) -> list[int]:
    """At most ``MAX_EVENTS``, and no more than half the article's sentences
    plus two: the embedded model picks nearly every sentence. Dated sentences,
    actions (not "is"/"has") and sentences naming an actor rank first, earlier
    before later; undated quotations and commentary ("analysts said") last."""
    cap = min(MAX_EVENTS, len(analysis.body) // 2 + 2)

    def strength(n: int) -> tuple[float, int]:
        f = analysis.facts[n]
        score = 3 * f.dated + bool(analysis.actors_in(n)) - f.state - f.question_cue
        if not f.dated:
            score -= f.quoted + 3 * f.direct + 2 * f.commentary
        return (-score, n)

    return sorted(picked, key=strength)[:cap]


def _first_mention(analysis: Analysis, actor: ActorDraft, number: int) -> bool:
    text = normalize_name(analysis.sentence(number).text)
    return any(named_in(key, text) for key in name_keys(names_of(actor)))


def question_drafts(analysis: Analysis, answer: Any, dropped: list[str]) -> list[OpenQuestionDraft]:
    """The questions the model wrote that name what their sentence leaves open
    (checked in code: :func:`summarizer.ground.written.question_problem`); the others are
    dropped and counted. An empty answer means the sentence leaves nothing open.
    Where the sentence asks its own "whether", code's question from those words
    stands in for one that fails or names only who ("What will Lithuania do?"),
    and a "whether" no question asks yet is asked in the article's words
    (:func:`_own_questions`)."""
    if answer is None:
        return []
    out: dict[str, tuple[int, OpenQuestionDraft]] = {}
    for item in answer.questions:
        question = " ".join(item.question.split()).strip("\"'")
        if not question:
            continue
        checked = _checked(analysis, question, item.s)
        if isinstance(checked, str):
            dropped.append(f"open question {question!r} on [{item.s}]: {checked}")
            continue
        question, number = checked
        # one matter asked twice: the sentence that shows it open most plainly keeps
        # it, the later on a tie (where the article leaves it: "There was no response.")
        strength = analysis.facts[number].open_hint if number in analysis.facts else 0
        key = question.casefold()
        if key not in out or strength >= out[key][0]:
            out[key] = (
                strength,
                OpenQuestionDraft(question=question, evidence=_quote(analysis, number)),
            )
    asked = [draft for _, draft in out.values()]
    return asked + _own_questions(analysis, asked)


def _checked(analysis: Analysis, question: str, number: int) -> tuple[str, int] | str:
    """A question with the sentence it stands on, or why it cannot stand. One
    that fails on the sentence it was written for stands on the body sentence
    whose words it uses (the model wrote sentence 8's matter under number 3), or
    gives way to that sentence's own "whether" ("There was no immediate
    response." answers the one before); one that only names who stays."""

    def context(n: int) -> str:
        return f"{_quote(analysis, n - 1) if n > 1 else ''} {_quote(analysis, n)}"

    def stands_on(n: int) -> bool:
        return question_problem(question, context(n)) is None and names_the_matter(
            question, context(n)
        )

    if stands_on(number):
        return question, number
    anchor = _anchor(analysis, question)
    if anchor is not None and anchor != number and stands_on(anchor):
        return question, anchor
    who = _referent(analysis, number)
    before = _quote(analysis, number - 1) if number > 1 else ""
    own = whether_question(_quote(analysis, number), who) or whether_question(before, who)
    if own is not None:
        return own, number
    return question_problem(question, context(number)) or (question, number)


def _anchor(analysis: Analysis, question: str) -> int | None:
    """The body sentence that shares the most content words with ``question``
    (two at least; the earlier on a tie)."""
    words = content_words(question)
    shared = [(len(words & content_words(analysis.sentence(n).text)), -n) for n in analysis.body]
    best = max(shared, default=(0, 0))
    return -best[1] if best[0] >= 2 else None


def _own_questions(analysis: Analysis, asked: list[OpenQuestionDraft]) -> list[OpenQuestionDraft]:
    """The questions the body asks in its own words that no question asks yet
    (half their content words in none): its "whether" clauses ("declining to say
    whether he would send troops") and what a request for comment was about
    ("comment on the significance of the meetings")."""
    found: list[OpenQuestionDraft] = []
    for n in analysis.body:
        if analysis.facts[n].quote_only:
            continue
        sentence = _quote(analysis, n)
        for question in (
            whether_question(sentence, _referent(analysis, n)),
            comment_question(sentence),
        ):
            if question is None:
                continue
            words = content_words(question)
            if any(len(words & content_words(q.question)) * 2 >= len(words) for q in asked + found):
                continue
            found.append(OpenQuestionDraft(question=question, evidence=sentence))
    return found


def _referent(analysis: Analysis, number: int) -> str | None:
    """The person the article last named before sentence ``number`` (their full
    name), whom a "he" or "she" there most likely means."""
    start = analysis.sentence(number).start
    last = max(
        (
            (m[0], c)
            for c in analysis.candidates
            if c.kind == "person" and not c.common
            for m in c.mentions
            if m[0] < start
        ),
        key=lambda pair: pair[0],
        default=None,
    )
    return last[1].name if last else None


_NO_TARGET = {"", "none", "neutral", "n/a", "nothing", "unknown", "null"}


def stance_draft(analysis: Analysis, answer: Any, actors: list[ActorDraft]) -> StanceDraft:
    """Tone and framing from the model; stances from the model and from code's
    reading of the actors' verbs (:mod:`summarizer.read.stances`), one per
    actor and target."""
    known = {a.name for a in actors}
    stances = [
        ActorStanceDraft(
            actor=s.actor,
            toward=" ".join(s.toward.split()),
            position=s.position,
            evidence=_quote(analysis, s.s),
        )
        for s in (answer.stances if answer is not None else [])
        if s.actor in known and s.toward.strip().casefold() not in _NO_TARGET
    ]
    seen = {(s.actor, s.toward.casefold()) for s in stances}
    for stance in code_stances(analysis, actors):
        if (stance.actor, stance.toward.casefold()) not in seen:
            seen.add((stance.actor, stance.toward.casefold()))
            stances.append(stance)
    if answer is None:  # cut off: news is neutral by rule; otherwise no tone, not a guess
        tone = "neutral" if analysis.reads_as_news else None
        return StanceDraft.model_construct(article_tone=tone, framing="", actor_stances=stances)
    return StanceDraft(article_tone=answer.tone, framing=answer.framing, actor_stances=stances)


def code_stances(analysis: Analysis, actors: list[ActorDraft]) -> list[ActorStanceDraft]:
    """The positions the body's verbs state ("welcomed the measure", "voted
    against the package"), held by an actor of the brief (the first one the
    holder's words name)."""
    index = ActorIndex(actors)
    found: list[ActorStanceDraft] = []
    for n in analysis.body:
        if analysis.facts[n].quote_only:
            continue
        for mention in analysis.facts[n].stances:
            actor = index.resolve(mention.holder) or _named(actors, mention.holder)
            if actor is None or not mention.toward or actor.name == mention.toward:
                continue
            found.append(
                ActorStanceDraft(
                    actor=actor.name,
                    toward=mention.toward,
                    position=mention.position,
                    evidence=_quote(analysis, n),
                )
            )
    return found


def _named(actors: list[ActorDraft], words: str) -> ActorDraft | None:
    """The named actor whose name comes first in ``words`` (a group must be
    named whole: "some employees" are not "more than 400 employees")."""
    text = normalize_name(words)
    named = [
        (min(text.find(k) for k in keys), a)
        for a in actors
        if a.kind != "group" and (keys := [k for k in name_keys(names_of(a)) if named_in(k, text)])
    ]
    return min(named, key=lambda pair: pair[0])[1] if named else None
