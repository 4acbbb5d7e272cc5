"""What code reads off an article before the model is asked: actors, dates,
attributions, open-question cues."""

from __future__ import annotations

from datetime import date

from summarizer.ask.staged import actor_drafts, code_stances, event_line
from summarizer.read.analysis import analyze

PUBLISHED = date(2010, 6, 24)  # a Thursday

TEXT = (
    "MINSK, Belarus (Meridian Wire) — Belarusian President Alexander Lukashenko on Thursday "
    "met the Venezuelan envoy, Jesus Salazar, in Minsk, the state news agency Belta said.\n\n"
    "The Australian Prudential Regulation Authority (APRA) said last month that it had "
    "contacted Vantix Cloud. Vantix declined to comment.\n\n"
    "Lukashenko will travel to Caracas on Monday. Washington has criticized the visit, "
    "according to two officials familiar with the plans.\n\n"
    "It was not clear whether Venezuela would receive him."
)


def by_name(analysis):
    return {c.name: c for c in analysis.candidates}


def test_mentions_are_grouped_into_one_actor_with_its_aliases():
    a = analyze(TEXT, PUBLISHED)
    found = by_name(a)
    assert "Lukashenko" in found["Alexander Lukashenko"].aliases
    assert found["Alexander Lukashenko"].kind == "person"
    assert found["Alexander Lukashenko"].role == "Belarusian President"
    assert "APRA" in found["Australian Prudential Regulation Authority"].aliases
    assert "Vantix" in found["Vantix Cloud"].aliases  # the short form of an organization
    assert "Lukashenko" not in found and "APRA" not in found and "Vantix" not in found


def test_places_are_actors_only_when_they_act():
    found = by_name(analyze(TEXT, PUBLISHED))
    assert found["Washington"].is_actor  # "Washington has criticized"
    assert not found["Caracas"].is_actor  # "to Caracas"
    assert "Minsk" not in found or not found["Minsk"].is_actor  # the dateline, "in Minsk"


def test_dates_resolve_against_publication_and_tense():
    a = analyze(TEXT, PUBLISHED)
    dated = {s.text[:20]: [d[1].value for d in a.facts[s.number].dates] for s in a.sentences}
    assert dated["MINSK, Belarus (Meri"] == ["2010-06-24"]  # "on Thursday": that day
    assert dated["The Australian Prude"] == ["2010-05"]  # "last month"
    assert dated["Lukashenko will trav"] == ["2010-06-28"]  # future tense: the coming Monday


def test_attribution_and_open_question_cues():
    a = analyze(TEXT, PUBLISHED)
    facts = {s.text[:20]: a.facts[s.number] for s in a.sentences}
    assert facts["MINSK, Belarus (Meri"].attribution == "Belta"
    assert facts["Washington has criti"].attribution == "two officials familiar with the plans"
    cues = [a.sentence(n).text for n in a.question_cues]
    assert cues == [
        "Vantix declined to comment.",
        "It was not clear whether Venezuela would receive him.",
    ]


def test_an_event_line_drops_the_attribution_and_stays_short():
    assert event_line("Police arrested two men at the port on Monday, a spokesman said.") == (
        "Police arrested two men at the port on Monday"
    )
    assert event_line("“We will strike,” union leader Ana Reis said.") == "We will strike"
    long = " ".join(["word"] * 20) + ", and then " + " ".join(["more"] * 20) + "."
    line = event_line(long)
    assert line.endswith("…") and len(line.split()) <= 25


def test_a_quotation_running_over_sentences_is_not_an_event_source():
    text = (
        "It said Lukashenko had told him: “We agreed that you should coordinate. "
        "We agreed that you would come back. And we will then decide.” "
        "The envoy left on Friday."
    )
    a = analyze(text, PUBLISHED)
    quoted = [a.facts[s.number].quote_only for s in a.sentences]
    assert quoted == [False, True, True, False]


def dates_by_sentence(text, published):
    """The values of each sentence's resolved dates, sentence by sentence."""
    a = analyze(text, published)
    return [[d[1].value for d in a.facts[s.number].dates] for s in a.sentences]


def test_forward_looking_dates_resolve_forward():
    text = (
        "The company will report results on July 24. The panel is expected to rule by the "
        "end of September. The magistrate postponed the case to April 2. Talks collapsed on "
        "Friday, and the union said it was expected to strike next week."
    )
    dates = dates_by_sentence(text, date(2010, 6, 24))  # a Thursday
    assert dates[0] == ["2010-07-24"]  # not last year's July 24
    assert dates[1] == ["2010-09"]
    assert dates[2] == ["2011-04-02"]  # put off to the next April 2
    assert dates[3][0] == "2010-06-18"  # "collapsed on Friday": the past one


def test_reported_futures_modals_and_seasons_resolve_forward():
    text = (
        "The Monetary Board next meets on October 19. The team said it would present its "
        "data in May. The river could crest again on Wednesday. The firm would present "
        "detailed results in the autumn. Police said he may have fled on Monday."
    )
    dates = dates_by_sentence(text, date(2006, 9, 14))  # a Thursday
    assert dates == [["2006-10-19"], ["2007-05"], ["2006-09-20"], ["2006"], ["2006-09-11"]]


def test_a_one_word_place_the_tagger_misnamed_is_not_an_actor():
    text = (
        "Skjold Biotherapeutics, based in Copenhagen, said the trial had succeeded. "
        "A Durban businessman was arrested. Skjold said it would publish the data."
    )
    found = by_name(analyze(text, PUBLISHED))
    assert found["Skjold Biotherapeutics"].is_actor
    for place in ("Copenhagen", "Durban"):
        assert place not in found or not found[place].is_actor


def test_names_the_tagger_stumbles_on_are_mended():
    text = (
        "Lakeshore Mutual, a small lender, said its branches stayed open. "
        "A ministry spokeswoman, Ilse Varga, said families had been warned. "
        "The audit, prepared by the State Audit Office, found no fraud. "
        "Kenya’s Ministry of Fisheries and Marine Resources said on Monday that boats had "
        "intercepted the trawlers."
    )
    found = by_name(analyze(text, PUBLISHED))
    for name in ("Lakeshore Mutual", "Ilse Varga", "State Audit Office"):
        assert name in found and found[name].is_actor, sorted(found)
    assert "Ministry of Fisheries and Marine Resources" in found and "Marine Resources" not in found


def test_a_title_alone_is_not_a_name():
    found = by_name(analyze("The Prime Minister said the vote would go ahead.", PUBLISHED))
    assert "Prime Minister" not in found


def test_the_first_verb_that_tells_decides_and_present_schedules_look_forward():
    text = (
        "Cabin crew will stage a 48-hour strike starting on Monday, their union said on "
        "Thursday. They host the league leaders on Nov. 28. Regulators gave companies until "
        "the end of January to adapt. In a memo sent on Wednesday morning, the chief "
        "executive defended the contract. The figures show that exports fell in September."
    )
    dates = dates_by_sentence(text, date(2015, 11, 19))  # a Thursday
    assert dates[0] == ["2015-11-23", "2015-11-19"]  # the strike ahead, the saying today
    assert dates[1] == ["2015-11-28"]  # not last year's
    assert dates[2] == ["2016-01"]
    assert dates[3] == ["2015-11-18"]  # a time of day on a named day is a date
    assert dates[4] == ["2015-09"]  # a verb that reports does not schedule


def test_the_start_of_a_span_does_not_date_the_sentence():
    text = (
        "Pellow, who has chaired the company since 2009, resigned on Thursday. Cases have "
        "been recorded since January. The manager, who led the club to promotion in 2014, "
        "was dismissed."
    )
    dates = dates_by_sentence(text, date(2016, 5, 12))
    assert dates == [["2016-05-12"], [], ["2014"]]  # a relative clause's date still counts


def test_periods_deadlines_and_times_of_the_news_day():
    text = (
        "Figures for October are due next week. She said the days trawlers can spend at sea "
        "would be limited by the end of February. A decision awaits a scan due on Friday. "
        "Rescuers suspended the search in the afternoon. Crowds waved flags throughout the "
        "evening."
    )
    dates = dates_by_sentence(text, date(2013, 11, 6))  # a Wednesday
    assert dates[0] == ["2013-11"]  # the period the figures cover does not date them
    assert dates[1] == ["2014-02"]  # "can spend ... by February": ahead
    assert dates[2] == ["2013-11-08"]  # due: the coming Friday
    assert dates[3] == dates[4] == ["2013-11-06"]  # a time of day alone: the news day


def test_a_name_that_only_describes_or_only_owns_a_nationality_is_no_actor():
    text = (
        "Shares rose 2 percent on the FTSE index. Japan’s Mika Harada beat the top seed on "
        "Thursday. Harada said she was tired."
    )
    found = by_name(analyze(text, PUBLISHED))
    assert "FTSE" not in found or not found["FTSE"].is_actor  # "the FTSE index"
    assert "Japan" not in found or not found["Japan"].is_actor  # the player acts, not Japan
    assert found["Mika Harada"].is_actor


def test_groups_named_with_a_count_or_a_news_noun_act():
    text = (
        "More than 400 employees of Corvane Labs signed the letter on Tuesday. Two gendarmes "
        "were missing after the attack, the ministry said. Relatives of the drivers, who "
        "have waited at the border for days, said they had no news."
    )
    groups = {c.name for c in analyze(text, PUBLISHED).candidates if c.common}
    assert "More than 400 employees of Corvane Labs" in groups  # a count is not a name
    assert "Two gendarmes" in groups
    assert "Relatives of the drivers" in groups  # stops at the comma


def test_what_someone_is_invited_to_is_ahead_and_a_season_naming_a_thing_is_no_date():
    text = (
        "The ministry has invited both sides to a meeting on Friday afternoon. "
        "The board was summoned on Monday to a hearing. "
        "The trust asked how the summer budget had been spent. "
        "Prices rose in the summer."
    )
    dates = dates_by_sentence(text, date(2004, 10, 21))  # a Thursday
    assert dates[0] == ["2004-10-22"]  # the meeting ahead, not last Friday
    assert dates[1] == ["2004-10-18"]  # summoned on Monday: that day is past
    assert dates[2] == []  # "the summer budget" names a budget
    assert dates[3] == ["2004"]


def test_positions_are_read_from_the_actors_verbs():
    from summarizer.read.segment import parse
    from summarizer.read.stances import stance_mentions

    def read(sentence):
        return [(m.holder, m.position, m.toward) for m in stance_mentions(parse(sentence))]

    assert read("Norway and Iceland voted against the quota deal on Monday.") == [
        ("Norway", "opposed", "the quota deal"),
        ("Iceland", "opposed", "the quota deal"),
    ]
    assert read("The ministry said it does not recognize the new council.") == [
        ("The ministry", "opposed", "the new council")  # negated, held by the speaker
    ]
    assert read("The farmers’ union welcomed the subsidy, which ends in May.") == [
        ("The farmers’ union", "supportive", "the subsidy")  # no relative clause
    ]
    assert read("She told him the envoy was always welcome in Oslo.") == []  # "she": no one
    assert read("The unions welcome the plan, their leader said.") == [
        ("The unions", "supportive", "the plan")  # the verb: held by its subject
    ]
    assert read("The plan was rejected on Friday.") == []  # who rejected it is not said
    assert read("The court approved the merger.") == []  # an act, not a position
    assert read("It was not clear whether the unions would accept the offer.") == []  # asked
    assert read("The party called for a recount.") == [("The party", "supportive", "a recount")]


def test_a_stance_is_kept_only_for_an_actor_of_the_brief():
    text = (
        "OSLO, March 3 (Meridian Wire) - Norway’s fisheries minister Eva Lunde said on Monday "
        "that Norway rejected the quota proposal. Some fishermen criticised the talks."
    )
    a = analyze(text, PUBLISHED)
    actors = actor_drafts(a, None, judged=False)
    found = {(s.actor, s.position, s.toward) for s in code_stances(a, actors)}
    assert ("Norway", "opposed", "the quota proposal") in found
    assert not any(s[2] == "the talks" for s in found)  # "some fishermen" is no actor here


def test_one_adjective_or_the_end_of_a_compound_is_no_title():
    text = (
        "Rebels attacked a post in northern Mali on Monday. Her fitness for the grass-court "
        "Open came first. The club sacked manager Tom Reid on Monday."
    )
    roles = {c.name: c.role for c in analyze(text, PUBLISHED).candidates}
    assert roles.get("Mali", "") == "" and roles.get("Open", "") == ""
    assert roles["Tom Reid"] == "manager"
