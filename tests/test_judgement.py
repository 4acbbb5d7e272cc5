"""What code decides around the model's judgement on real copy: which sentences
may leave a matter open, which common-noun groups act, who is central, and
which of the model's questions, roles and summaries a reader may see."""

from __future__ import annotations

from datetime import date

import pytest

from summarizer.ground.written import (
    copied_share,
    question_problem,
    role_problem,
    summary_problem,
    unsupported,
)
from summarizer.read.analysis import analyze
from summarizer.read.questions import open_hint

PUBLISHED = date(2014, 6, 19)  # a Thursday

TEXT = (
    "RICHMOND, Virginia, June 19 (Meridian Wire) — A federal jury on Thursday convicted "
    "former Virginia health commissioner Dana Whitlock of 11 counts of fraud, federal "
    "prosecutors said.\n\n"
    "Whitlock is scheduled to be sentenced on Sept. 12 and faces up to 20 years in prison. "
    "Her lawyer, Martin Greaves, said she would appeal.\n\n"
    "Residents of the county fled their homes last year after the clinics closed. The state "
    "health department did not elaborate on how much money was recovered.\n\n"
    "Greaves told reporters the verdict was “a grave mistake.” The trial lasted three weeks."
)


@pytest.fixture(scope="module")
def analysis():
    return analyze(TEXT, PUBLISHED)


def hint_of(analysis, start: str) -> int:
    s = next(s for s in analysis.sentences if s.text.startswith(start))
    return analysis.facts[s.number].open_hint


@pytest.mark.parametrize(
    "sentence",
    [
        "Okafor is scheduled to be sentenced on May 3.",
        "The merger still needs regulatory clearance in Brussels.",
        "Parliament will be asked to vote on the bill on Wednesday.",
        "The claim has not been independently confirmed.",
        "The ministry did not elaborate.",
        "Shareholders called for the chairman's resignation.",
        "The board remains divided over the offer.",
        "The company declined to say how many jobs would go.",
        "The offer needs acceptances from 75 percent of holders to succeed.",
        "No group has claimed responsibility for the attack.",
        "The investors asked the board to appoint an independent director.",
        "Two fishermen remain missing.",
        "The company has given no timeline for the project.",
        "The opposition accused the cabinet of hiding the deficit.",
    ],
)
def test_wordings_that_leave_a_matter_open_are_strong_hints(sentence):
    assert open_hint(sentence) == 2


def test_a_sentence_that_only_looks_ahead_is_a_weak_hint_unless_it_is_a_quotation():
    assert open_hint("Regulators may object to the deal.") == 1
    assert open_hint("Quarrying may have weakened the slope.") == 1  # a cause not settled
    assert open_hint("The plant opened last year.", ahead=True) == 1
    assert open_hint("The plant may close.", quoted=True) == 0
    assert open_hint("The plant opened last year.") == 0


def test_hints_rank_sentences_strongest_first_within_a_limit(analysis):
    assert hint_of(analysis, "Whitlock is scheduled") == 2
    assert hint_of(analysis, "Her lawyer") == 1  # "would appeal": only looks ahead
    assert hint_of(analysis, "The trial lasted") == 0
    strongest = analysis.question_hints(2)
    texts = [analysis.sentence(n).text[:20] for n in strongest]
    assert texts == ["Whitlock is schedule", "The state health dep"]


def test_common_noun_groups_that_act_are_actors_named_as_the_article_names_them(analysis):
    groups = {c.name: c for c in analysis.candidates if c.common}
    assert "federal prosecutors" in groups  # "federal prosecutors said"
    assert "Residents of the county" in groups  # "Residents of the county fled"
    assert "federal jury" in groups  # "on Thursday" says when, not who
    assert all(c.kind == "group" and c.is_actor for c in groups.values())
    assert not any("reporters" in name for name in groups)  # told, not acting


def test_salience_makes_few_actors_central(analysis):
    central = [c.name for c in analysis.candidates if c.salience == "central"]
    assert "Dana Whitlock" in central
    assert 1 <= len(central) <= 3


def test_a_title_joined_with_its_organisation_is_the_role():
    a = analyze(
        "WASHINGTON (Meridian Wire) — U.S. Treasury Secretary Alan Brandt met his Chinese "
        "counterpart on Monday.",
        PUBLISHED,
    )
    found = {c.name: c for c in a.candidates}
    assert found["Alan Brandt"].role == "U.S. Treasury Secretary"


@pytest.mark.parametrize(
    ("question", "problem"),
    [
        ("What is the matter?", "template"),
        ("Whitlock sentence", "not a question"),
        ("Will the weather improve next week?", "does not name"),
        ("When will Whitlock be sentenced?", None),
        ("What is the name of Whitlock's sentence?", "asks for a name"),  # given, or no one asks
    ],
)
def test_a_question_must_name_what_its_sentence_leaves_open(question, problem):
    sentence = "Whitlock is scheduled to be sentenced on Sept. 12."
    found = question_problem(question, sentence)
    assert (found is None) if problem is None else (found is not None and problem in found)


@pytest.mark.parametrize(
    ("role", "ok"),
    [
        ("named in the article", False),
        ("Gov.", False),
        ("Secretary", False),
        ("Thursday", False),
        ("61", False),  # an age apposition
        ("Dana Whitlock", False),  # the name itself
        ("invader of Ukraine", False),  # words the article never uses
        ("former health commissioner convicted of fraud", True),
    ],
)
def test_a_role_must_say_the_actors_part_in_the_articles_words(role, ok):
    assert (role_problem(role, "Dana Whitlock", TEXT) is None) is ok


def test_a_summary_must_be_short_supported_and_not_a_copy():
    sentences = [s.strip() for s in TEXT.split("\n\n")]
    faithful = (
        "A federal jury convicted Dana Whitlock of fraud. She faces up to 20 years in "
        "prison and her lawyer plans an appeal."
    )
    assert summary_problem(faithful, TEXT, sentences) is None
    assert unsupported("Whitlock was convicted by Judge Moreno of 13 counts.", TEXT) == [
        "Judge",
        "Moreno",
        "13",
    ]
    assert "not in the article" in summary_problem(
        "Whitlock was convicted by Judge Moreno of 13 counts of fraud on Thursday.", TEXT, sentences
    )
    copy = "Greaves told reporters the verdict was a grave mistake."
    assert copied_share(copy, sentences) >= 0.8
    assert summary_problem(copy, TEXT, sentences) == "a copy of one sentence"
    assert "longer than" in summary_problem(" ".join(["word"] * 70) + ".", TEXT, sentences)
    assert summary_problem(
        "A federal jury convicted Dana Whitlock of fraud and", TEXT, sentences
    ) == ("cut off mid-sentence")


def test_code_asks_a_whether_clause_in_the_articles_words():
    from summarizer.ground.written import whether_question

    assert (
        whether_question("It was not clear whether the deal would cover temporary workers.")
        == "Would the deal cover temporary workers?"
    )
    assert whether_question("The board met on Monday.") is None
    assert whether_question("They have yet to decide whether to appeal.") is None  # no subject


def test_code_asks_what_a_request_for_comment_was_about():
    from summarizer.ground.written import comment_question

    assert (
        comment_question(
            "The agency requested comment from the ministry on the significance of the "
            "talks, and whether the envoy would return."
        )
        == "What is the significance of the talks?"
    )
    assert comment_question("They declined to comment on the terms of the sale.") == (
        "What are the terms of the sale?"
    )
    assert comment_question("He declined to comment on the account.") is None  # no matter named


def test_an_acronym_used_without_parentheses_is_an_alias_of_the_name_it_spells():
    a = analyze(
        "GENEVA (Meridian Wire) — The World Meteorological Organization said on Thursday "
        "that 2023 was the warmest year. The WMO said the record would be broken again.",
        PUBLISHED,
    )
    found = {c.name: c for c in a.candidates}
    assert "WMO" not in found
    assert "WMO" in found["World Meteorological Organization"].aliases


def test_a_group_keeps_the_whole_name_that_says_whose_it_is():
    a = analyze(
        "SYDNEY (Meridian Wire) — The New South Wales government said on Monday it would "
        "appeal. Two people familiar with the case said the appeal was likely.",
        PUBLISHED,
    )
    groups = {c.name for c in a.candidates if c.common}
    assert "New South Wales government" in groups
    assert "Two people familiar with the case" in groups


def test_who_a_group_is_follows_it_and_members_alone_are_no_one():
    a = analyze(
        "NAKURU, Kenya, March 7 (Meridian Wire) — Election officials suspended the count in "
        "Kenya’s Nakuru County on Thursday. Lawmakers from the ruling coalition said they "
        "would object, and scientists not involved in the study said the data were thin. "
        "Members voted twice. Denmark and Belgium voted against the package.",
        PUBLISHED,
    )
    found = {c.name: c for c in a.candidates}
    groups = {c.name for c in a.candidates if c.common}
    assert "Election officials" in groups  # not the blanked dateline's spaces before it
    assert {"Lawmakers from the ruling coalition", "scientists not involved in the study"} <= groups
    assert not any(g.casefold().startswith("members") for g in groups)
    assert found["Belgium"].is_actor  # acts beside Denmark
    assert "Kenya" not in found or not found["Kenya"].is_actor  # owns a county, does nothing


def test_an_unnamed_speaker_is_an_actor_and_a_named_one_is_not_twice():
    a = analyze(
        "NIAMEY, May 15 (Meridian Wire) — Gunmen killed seven gendarmes, the defence ministry "
        "said on Tuesday. A spokesman for the club said the match would go ahead. A "
        "spokeswoman, Luana Prates, said the talks had failed.",
        PUBLISHED,
    )
    found = {c.name: c for c in a.candidates if c.common}
    assert "defence ministry" in found  # lower case, though the tagger calls it a name
    assert found["spokesman for the club"].kind == "person"
    assert not any(name.startswith("spokeswoman") for name in found)


SEED_LIKE = (
    "WASHINGTON (Meridian Wire) — President Donald Trump has increased pressure on "
    "Venezuela.\n\nIn an interview this week, he said the government's days were numbered, "
    "while declining to say whether he would be willing to send U.S. troops into Venezuela."
    "\n\nReporters asked whether Belarus would be willing to offer sanctuary to Nicolas Maduro. "
    "There was no immediate response."
)


def test_a_question_that_names_only_who_gives_way_to_the_sentences_own_whether():
    from types import SimpleNamespace

    from summarizer.ask.staged import question_drafts

    a = analyze(SEED_LIKE, PUBLISHED)
    n = {s.text[:12]: s.number for s in a.sentences}
    answer = SimpleNamespace(
        questions=[
            SimpleNamespace(s=n["In an interv"], question="What will happen in Venezuela?"),
            SimpleNamespace(s=n["Reporters as"], question="Would Belarus offer sanctuary?"),
            SimpleNamespace(s=n["There was no"], question="Would Belarus offer sanctuary?"),
        ]
    )
    dropped: list[str] = []
    drafts = question_drafts(a, answer, dropped)
    asked = {d.question: d.evidence for d in drafts}
    # "he" is the person last named: a name in place of the pronoun
    assert "Would Donald Trump be willing to send U.S. troops into Venezuela?" in asked
    # asked twice: kept once, on the sentence that shows it open most plainly
    assert asked["Would Belarus offer sanctuary?"] == "There was no immediate response."
    assert len(drafts) == 2 and not dropped


def test_a_whether_no_question_asks_is_asked_in_the_articles_words():
    from types import SimpleNamespace

    from summarizer.ask.staged import question_drafts

    a = analyze(SEED_LIKE, PUBLISHED)
    drafts = question_drafts(a, SimpleNamespace(questions=[]), [])
    assert [d.question for d in drafts] == [
        "Would Donald Trump be willing to send U.S. troops into Venezuela?",
        "Would Belarus be willing to offer sanctuary to Nicolas Maduro?",
    ]


def test_a_question_written_under_another_number_stands_on_the_sentence_it_uses():
    from types import SimpleNamespace

    from summarizer.ask.staged import question_drafts

    text = (
        "The board met on Monday. Shares fell 4 percent. "
        "The company did not say how many jobs would be cut."
    )
    a = analyze(text, PUBLISHED)
    answer = SimpleNamespace(
        questions=[
            SimpleNamespace(s=1, question="How many jobs will the company cut?"),
            SimpleNamespace(s=2, question="What is the name of the company?"),
        ]
    )
    dropped: list[str] = []
    asked = {d.question: d.evidence for d in question_drafts(a, answer, dropped)}
    assert asked == {"How many jobs will the company cut?": a.sentence(3).text}
    assert len(dropped) == 1 and "asks for a name" in dropped[0]


def test_what_an_actor_does_is_its_role_only_with_what_it_acts_on():
    from summarizer.ask.staged import actor_drafts, describe

    a = analyze("Residents fled their homes on Monday. Police investigated.", PUBLISHED)
    actors = actor_drafts(a, None, judged=False)
    describe(a, actors, prompts=None, ask=None)
    roles = {x.name: x.role for x in actors}
    assert roles["Residents"] == "fled their homes"
    assert roles["Police"] == ""  # "investigated" alone says no part


def test_a_speaker_is_described_by_what_they_said_after_a_bare_title():
    from summarizer.ask.staged import actor_drafts, describe

    a = analyze(
        "Chief Executive Rui Gaspar said the strike would cost the airline 9 million euros. "
        "The airline did not respond to a request for comment.",
        PUBLISHED,
    )
    actors = actor_drafts(a, None, judged=False)
    describe(a, actors, prompts=None, ask=None)
    roles = {x.name: x.role for x in actors}
    assert roles["Rui Gaspar"] == (
        "Chief Executive, said the strike would cost the airline 9 million euros"
    )
