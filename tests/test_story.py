"""The story merge: one timeline from several briefs, in code."""

from __future__ import annotations

from summarizer.eval.stories import gold_brief, load_story, score_story
from summarizer.story.merge import (
    Reported,
    StorySource,
    conflicts,
    group_actors,
    group_events,
    merge_story,
)
from tests.paths import ROOT

FERRY = ROOT / "evals" / "stories" / "story-ferry-capsize-meghna"


def test_briefs_of_one_story_merge_into_one_timeline_with_every_source():
    story = load_story(FERRY)
    ids = story.gold.articles
    reports = [
        Reported(i, gold_brief(story.articles[i]), story.articles[i].published)
        for i in [*reversed(ids[2:]), *ids[:2]]  # publication order out (1 and 2 share
        # a date: they keep the order given)
    ]
    merged = merge_story(reports)
    assert [a.id for a in merged.articles] == ids
    # the happening all four articles report is one event with four sources
    first = story.gold.same_events[0]
    quote = story.articles[first[0].article].gold.events[first[0].event].evidence
    event = next(e for e in merged.timeline if any(s.quote == quote for s in e.sources))
    assert sorted(s.article for s in event.sources) == sorted(r.article for r in first)
    dated = [e.date for e in merged.timeline if e.date]
    assert dated == sorted(dated)  # by date, undated last
    # an actor every article names is one actor, named by its fullest name
    names = {a.name: a for a in merged.actors}
    group = max(story.gold.same_actors, key=len)
    fullest = max((r.actor for r in group), key=len)
    assert set(names[fullest].articles) == {r.article for r in group}
    # what each article adds: every event is new in exactly one article
    new = sorted(n for a in merged.articles for n in a.new_events)
    assert new == list(range(len(merged.timeline)))


def test_sources_that_disagree_on_a_figure_or_a_date_are_flagged():
    a = StorySource(article="a", quote="At least 12 passengers drowned", date="2009-09-14")
    b = StorySource(article="b", quote="The bodies of 15 people were found", date="2009-09-14")
    c = StorySource(article="c", quote="12 passengers drowned on Sunday", date="2009-09-13")
    kinds = {(c.kind, tuple(c.sources)) for c in conflicts([a, b, c])}
    assert ("figure", (0, 1)) in kinds  # passengers and people count the same thing
    assert ("date", (0, 2)) in kinds and ("figure", (0, 2)) not in kinds
    same = StorySource(article="a", quote="15 people", date="2009-09-13")
    assert conflicts([a, same]) == []  # one article does not contradict itself


def test_two_events_of_one_article_never_become_one():
    story = load_story(FERRY)
    article = story.articles[story.gold.articles[0]]
    events = article.gold.events
    groups = group_events([events, events])  # the same article twice: pairs across only
    assert all(len({a for a, _ in g}) == len(g) for g in groups)
    assert sum(len(g) == 2 for g in groups) == len(events)


def test_the_gold_merge_scores_its_own_stories():
    story = load_story(FERRY)
    score = score_story(story, {a: gold_brief(f) for a, f in story.articles.items()})
    assert score.event_pairs[0] > 0 and score.actor_pairs[0] > 0
    m = score.metrics()
    assert 0 < m["event_merge_f1"] <= 1 and 0 < m["actor_merge_f1"] <= 1


def test_two_people_one_with_a_second_surname_are_one_but_not_two_bodies():
    from summarizer.schema import Actor, Evidence

    def actor(name: str, kind: str) -> Actor:
        return Actor(
            name=name, kind=kind, role="", salience="central", evidence=Evidence(quote=name)
        )

    people = group_actors(
        [[actor("Rodrigo Saavedra Toro", "person")], [actor("Rodrigo Saavedra", "person")]]
    )
    bodies = group_actors(
        [[actor("Andes Pacific Copper", "organization")], [actor("Andes Pacific", "organization")]]
    )
    assert len(people) == 1 and len(bodies) == 2
