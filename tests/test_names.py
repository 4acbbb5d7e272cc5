"""Actor identity (``read.names``): one rule for merging, grounding and scoring."""

from __future__ import annotations

from summarizer.ground.locate import Aligner
from summarizer.read.names import ActorIndex, merge_groups
from tests.drafts import actor_draft as _actor


def test_merge_groups_by_alias_and_surname_but_not_by_first_name():
    actors = [
        _actor("Nicolas Maduro"),
        _actor("Maduro"),
        _actor("Venezuela's president", "Nicolas Maduro"),
        _actor("Nicolas Sarkozy"),
    ]
    groups = sorted(sorted(g) for g in merge_groups(actors))
    assert groups == [[0, 1, 2], [3]]


def test_actor_index_resolves_titles_and_surnames_and_refuses_ambiguity():
    index = ActorIndex([_actor("Donald Trump"), _actor("Ivanka Trump"), _actor("Nicolas Maduro")])
    assert index.resolve("President Nicolas Maduro").name == "Nicolas Maduro"
    assert index.resolve("Maduro").name == "Nicolas Maduro"
    assert index.resolve("Trump") is None  # two Trumps: no guess
    assert index.resolve("Joe Biden") is None


def test_one_identity_rule_for_merging_grounding_and_scoring():
    from summarizer.eval.metrics import names_match
    from summarizer.read.names import name_keys, same_actor, surname_of

    assert surname_of("nicolas maduro") == "maduro"
    assert surname_of("maduro") is None  # one word: it is a surname, it has none
    assert surname_of("xi li") is None  # too short to stand for the full name
    for a, b, same in [
        (["Nicolás Maduro"], ["Maduro"], True),  # accents folded, surname
        (["President Maduro"], ["Nicolas Maduro"], True),  # a title is no part of the name
        (["Nicolas Maduro"], ["Nicolas"], False),  # a first name is not a surname
        (["Xi Li"], ["Li"], False),
        (["Venezuela's president"], ["Nicolas Maduro", "Venezuela's president"], True),
        (["two diplomats"], ["Two diplomats familiar with the talks"], True),  # described further
        (["fund manager"], ["a fund manager at a pension investor"], True),
        (["European Union"], ["European Union fisheries ministers"], False),  # another actor
        (["Lucy Njoki Gitari"], ["Lucy Gitari"], True),  # a middle name
        (["Rodrigo Saavedra Toro"], ["Rodrigo Saavedra"], False),  # may be another actor
        (["Lucy Njoki Gitari"], ["Njoki Gitari"], False),  # another first name
        (["Brekke Invest AS"], ["Brekke Invest"], True),  # a company's legal form
        (["Tana Delta Commodities Ltd"], ["Tana Delta"], False),
    ]:
        assert same_actor(name_keys(a), name_keys(b)) is same, (a, b)
        assert names_match(a, b) is same, (a, b)  # the metric asks the same rule
        assert bool(merge_groups([_actor(*a), _actor(*b)]) == [[0, 1]]) is same, (a, b)
    # only the metric forgives a misspelling
    assert not same_actor(name_keys(["Lukashenko"]), name_keys(["Lukashenka"]))
    assert same_actor(name_keys(["Lukashenko"]), name_keys(["Lukashenka"]), fuzzy=90)
    assert names_match(["Alexander Lukashenko"], ["Alexander Lukashenka"])
    # the aligner's surname rule: a text saying only "Maduro" names Nicolás Maduro
    assert Aligner("Maduro spoke.").mentions("Nicolás Maduro")
