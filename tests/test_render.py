"""The Markdown view: says what was dropped, and quotes only what is verbatim."""

from __future__ import annotations

from summarizer.views.markdown import to_markdown
from tests.view_briefs import DROPPED, make_brief


def _section(md: str, heading: str) -> str:
    start = md.index(heading)
    end = md.find("\n## ", start + 1)
    return md[start : end if end != -1 else len(md)]


def test_dropped_items_are_counted_and_listed_as_unverified():
    md = to_markdown(make_brief())
    dropped = _section(md, "## Dropped")
    assert "2 item(s)" in dropped and "unverified" in dropped and "not evidence" in dropped
    for entry in DROPPED:
        assert f"- {entry}" in dropped
    # not quoted as evidence anywhere
    assert not any(line.lstrip().startswith(">") for line in dropped.splitlines())
    assert "2 dropped" in md.splitlines()[-1], "the footer counts them too"


def test_no_dropped_section_when_nothing_was_dropped():
    brief = make_brief()
    brief.metadata.dropped_items.clear()
    md = to_markdown(brief)
    assert "## Dropped" not in md
    assert "0 dropped" in md.splitlines()[-1]


def _evidence_line(md: str, item_line: str) -> str:
    lines = md.splitlines()
    return lines[next(i for i, line in enumerate(lines) if item_line in line) + 1]


def test_only_verbatim_matches_are_quoted():
    md = to_markdown(make_brief())
    # exact and normalized (same words, spacing/case aside): a quote
    assert _evidence_line(md, "They met.").strip() == "> the port met on Thursday"
    assert _evidence_line(md, "Talks broke down").strip().startswith("> They disagreed.")
    # fuzzy: the model's words, near the article's: not a quote
    fuzzy = _evidence_line(md, "Will the talks succeed?")
    assert not fuzzy.lstrip().startswith(">") and "approximate" in fuzzy
    assert "pay talk will resume next week" in fuzzy
    # sentence: the article sentence holding a paraphrase: not a quote of the model
    sentence = _evidence_line(md, "The union → the port")
    assert not sentence.lstrip().startswith(">") and "paraphrase" in sentence
    # kept but not found: unverified
    unverified = _evidence_line(md, "Who pays for the wait?")
    assert not unverified.lstrip().startswith(">") and "unverified" in unverified


def test_title_names_the_article():
    assert to_markdown(make_brief(), title="Dock  workers\nwalk out").startswith(
        "# Brief — Dock workers walk out\n"
    )
    # no headline: the summary's first words
    first = to_markdown(make_brief()).splitlines()[0]
    assert first.startswith("# Brief — Dock workers at the port struck on Thursday")
    assert first.endswith("…")


def test_warnings_are_shown_in_both_views():
    from summarizer.views.webpage import brief_to_html

    brief = make_brief()
    brief.metadata.warnings.append("the article is not in English (fr) <quotes kept>")
    assert "- the article is not in English (fr) <quotes kept>" in _section(
        to_markdown(brief), "## Warnings"
    )
    page = brief_to_html(brief, "text")
    assert 'id="warnings"' in page and "not in English (fr) &lt;quotes kept&gt;" in page
    brief.metadata.warnings.clear()
    assert "## Warnings" not in to_markdown(brief)
