"""Long articles: split into parts (``read.chunking``), the parts' drafts joined (``ground.merge``)."""

from __future__ import annotations

from summarizer.ground.merge import merge_drafts
from summarizer.read.article import load_article
from summarizer.read.chunking import split
from tests.drafts import seed_draft as _seed_draft


def test_split_keeps_paragraphs_whole_within_budget_with_overlap():
    paragraphs = [f"Paragraph {i}" + " word" * 40 for i in range(10)]
    text = "\n\n".join(paragraphs)
    count = lambda s: len(s.split())  # noqa: E731
    parts = split(text, 130, count)
    assert len(parts) > 1
    assert all(count(p) <= 130 for p in parts)
    for p in parts:  # no paragraph cut in half
        assert all(chunk.strip() in paragraphs for chunk in p.split("\n\n"))
    for a, b in zip(parts, parts[1:], strict=False):  # consecutive parts share a paragraph
        assert a.split("\n\n")[-1] == b.split("\n\n")[0]
    joined = {c for p in parts for c in p.split("\n\n")}
    assert joined == set(paragraphs)
    assert split("short text", 130, count) == ["short text"]


def test_merge_drafts_removes_what_the_overlap_produced_twice():
    a, b = _seed_draft(), _seed_draft()
    merged = merge_drafts([a, b])
    assert len(merged.events) == len(a.events)
    assert len(merged.open_questions) == len(a.open_questions)
    assert len(merged.key_actors) == 2 * len(a.key_actors)  # merged later, by identity


def test_a_long_article_is_briefed_in_parts_and_merged(fake_openai, seed_text):
    from summarizer import Settings, Summarizer

    # the seed three times over, as one long article: every part gets the seed draft back
    long_text = seed_text + "\n\n" + "\n\n".join(seed_text.split("\n\n")[1:]) * 2
    s = Summarizer(
        "openai", base_url=fake_openai.url, api_key="sk-x", settings=Settings(part_tokens=400)
    )
    article = load_article(long_text)
    parts = s.parts(article)
    assert len(parts) >= 3
    brief = s.summarize(article)
    assert brief.metadata.chunks == len(parts)
    assert brief.metadata.calls == len(fake_openai.requests)  # parts, plus re-asks for
    # the seed quotes that a part does not contain
    sent = [r.body["messages"][1]["content"] for r in fake_openai.requests]
    # every part was read: it opens a request's numbered article
    assert all(any(f"[1] {part.strip()[:40]}" in msg for msg in sent) for part in parts)
    names = [a.name for a in brief.key_actors]
    assert len(names) == len(set(names)) and "Alexander Lukashenko" in names  # one actor, one entry
    whats = [e.what for e in brief.events]
    assert len(whats) == len(set(whats))
    for e in brief.events:  # offsets point into the whole article
        assert article.text[e.evidence.start : e.evidence.end]
