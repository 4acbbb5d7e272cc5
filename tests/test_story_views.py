"""The story's views: Markdown, and the HTML page in a real headless browser."""

from __future__ import annotations

import json
from html import escape, unescape

import pytest

from summarizer.eval.stories import gold_brief, load_story
from summarizer.story.merge import Reported, Story, merge_story
from summarizer.views.story import story_to_html, story_to_markdown
from tests.test_html import _run_chromium, browser
from tests.test_story import FERRY


def ferry(n: int = 3) -> tuple[Story, dict[str, str]]:
    """The ferry story's first ``n`` articles, merged from their gold briefs."""
    story = load_story(FERRY)
    ids = story.gold.articles[:n]
    texts = {i: story.articles[i].text for i in ids}
    reports = [
        Reported(
            i,
            gold_brief(story.articles[i]),
            story.articles[i].published,
            text=texts[i],
        )
        for i in ids
    ]
    return merge_story(reports), texts


def test_markdown_numbers_the_articles_and_cites_them_for_every_source_and_conflict():
    story, _ = ferry()
    md = story_to_markdown(story)
    assert md.startswith("# Story — ")
    for n, a in enumerate(story.articles, 1):
        assert f"{n}. {a.id} ({a.published.isoformat()})" in md
    shared = next(e for e in story.timeline if len(e.sources) == 3)
    line = next(x for x in md.splitlines() if x.startswith("- **") and shared.what in x)
    assert line.endswith("[1] [2] [3]")
    conflict = next(e.conflicts[0] for e in story.timeline if e.conflicts)
    assert f"**conflict ({conflict.kind})**: {conflict.detail}, between [" in md
    assert md.count("— still open") == len(story.questions)  # nothing judged answered yet


def test_a_failed_article_is_listed_with_its_error_and_adds_nothing():
    story, _ = ferry(2)
    from summarizer.story.merge import StoryArticle

    failed = merge_story(
        [], [StoryArticle(id="late.txt", error="the model server failed after 3 attempts")]
    )
    assert failed.articles[0].error and not failed.timeline
    md = story_to_markdown(failed)
    assert "1. late.txt (undated) — failed: the model server failed after 3 attempts" in md


HARNESS = """<!doctype html><html><body style="margin:0">
<iframe id="view" style="border:0;width:{width}px;height:1600px" srcdoc="{page}"></iframe>
<script>
document.getElementById('view').addEventListener('load', function(){{
  var w=this.contentWindow, d=this.contentDocument;
  var chips=[].map.call(d.querySelectorAll('a.chip'), function(c){{
    var target=d.getElementById(c.getAttribute('href').slice(1));
    var next=target&&target.nextElementSibling;
    return {{href:c.getAttribute('href'), found:!!target,
            mark:!!next&&next.tagName==='MARK'}};
  }});
  w.location.hash='#at-src-0-0'; w.lit();  // what a click on the first chip does
  var lit=[].map.call(d.querySelectorAll('mark.lit'), function(m){{return m.textContent;}});
  var out=document.createElement('pre'); out.id='probe';
  out.textContent=JSON.stringify({{chips:chips, lit:lit, innerWidth:w.innerWidth,
    scrollWidth:d.documentElement.scrollWidth}});
  document.body.appendChild(out);
}});
</script></body></html>"""


@pytest.mark.browser
@browser
def test_three_articles_render_with_every_chip_linked_and_no_sideways_scroll(tmp_path):
    story, texts = ferry(3)
    page = story_to_html(story, texts)
    harness = tmp_path / "harness.html"
    harness.write_text(HARNESS.format(width=375, page=escape(page, quote=True)), encoding="utf-8")
    dom = _run_chromium(tmp_path, "--window-size=500,1600", "--dump-dom", harness.as_uri())
    start = dom.index('<pre id="probe">') + len('<pre id="probe">')
    probe = json.loads(unescape(dom[start : dom.index("</pre>", start)]))
    sources = sum(len(e.sources) for e in story.timeline)
    assert len(probe["chips"]) >= sources
    assert all(c["found"] and c["mark"] for c in probe["chips"]), "a chip opens its sentence"
    first = story.timeline[0].sources[0]
    assert "".join(probe["lit"]) == texts[first.article][first.start : first.end]
    assert probe["innerWidth"] == 375
    assert probe["scrollWidth"] <= probe["innerWidth"], "the page scrolls sideways"
