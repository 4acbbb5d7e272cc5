"""The HTML view: escaped, self-contained, and right in a real headless browser."""

from __future__ import annotations

import json
import shutil
import subprocess
from html import escape, unescape
from html.parser import HTMLParser
from pathlib import Path

import markupsafe
import pytest

from summarizer.schema import Brief, Evidence, RunMetadata
from summarizer.views.webpage import Mark, brief_to_html, highlight
from tests.view_briefs import DROPPED
from tests.view_briefs import TEXT as STORY
from tests.view_briefs import make_brief as make_story

TEXT = (
    "Headline <script>alert('x')</script>\n\nThe union & the port met on Thursday. They disagreed."
)


def make_brief() -> Brief:
    start = TEXT.index("The union")
    return Brief(
        summary="A summary with <b>tags</b>.",
        key_actors=[
            {
                "name": "The union <img src=x onerror=alert(1)>",
                "aliases": [],
                "kind": "group",
                "role": "struck",
                "salience": "central",
                "evidence": Evidence(
                    quote="The union & the port met", start=start, end=start + 24, match="exact"
                ),
            }
        ],
        events=[
            {
                "what": "They met.",
                "date": "2025-12-11",
                "date_text": "on Thursday",
                "actors": [],
                "evidence": Evidence(
                    quote="met on Thursday",
                    start=TEXT.index("met on"),
                    end=TEXT.index("met on") + 15,
                    match="exact",
                ),
            }
        ],
        open_questions=[],
        stance={"article_tone": "neutral", "framing": "f", "actor_stances": []},
        metadata=RunMetadata(backend="local", model="m", prompt_version="v"),
    )


class Tree(HTMLParser):
    """Checks that tags nest properly and collects each highlight: its text, the ids
    it carries and where its link points."""

    VOID = {"meta", "br", "img", "hr", "input", "link"}

    def __init__(self, html: str):
        super().__init__()
        self.stack: list[str] = []
        self.marks: list[dict] = []
        self.links: list[str] = []
        self.feed(html)
        self.close()
        assert not self.stack, f"unclosed: {self.stack}"

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "mark":
            self.marks.append(
                {
                    # data-item: the one id a highlight carried before overlaps were split
                    "items": (attrs.get("data-items") or attrs.get("data-item", "")).split(),
                    "text": "",
                    "href": None,
                    "p": list(self.stack),
                }
            )
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
            if self.stack and self.stack[-1] == "mark":
                self.marks[-1]["href"] = attrs["href"]
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag):
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes <{self.stack[-1:]}>"
        self.stack.pop()

    def handle_data(self, data):
        if "mark" in self.stack:
            self.marks[-1]["text"] += data


def covered(tree: Tree, item: str) -> str:
    return "".join(m["text"] for m in tree.marks if item in m["items"])


def test_everything_from_the_article_and_model_is_escaped():
    page = brief_to_html(make_brief(), TEXT, title="<title>")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert "<b>tags</b>" not in page
    assert "http://" not in page and "https://" not in page, "self-contained: no external resources"


def test_a_span_across_a_paragraph_break_is_split_and_each_part_linked():
    tree = Tree(highlight("ab\n\ncd", [Mark(1, 5, "x")]))
    assert [(m["text"], m["href"]) for m in tree.marks] == [("b", "#x"), ("c", "#x")]
    assert all(m["p"] == ["p"] for m in tree.marks), "each part inside its own paragraph"


def test_overlapping_spans_each_stay_highlighted_and_linked():
    tree = Tree(highlight("abcdef", [Mark(0, 4, "a"), Mark(2, 6, "b")]))
    assert covered(tree, "a") == "abcd" and covered(tree, "b") == "cdef"
    assert {"#a", "#b"} <= set(tree.links)


def test_a_nested_span_links_its_own_words_and_the_outer_the_rest():
    tree = Tree(highlight("abcdef", [Mark(0, 6, "outer"), Mark(2, 4, "inner")]))
    assert covered(tree, "outer") == "abcdef" and covered(tree, "inner") == "cd"
    assert [(m["text"], m["href"]) for m in tree.marks] == [
        ("ab", "#outer"),
        ("cd", "#inner"),
        ("ef", "#outer"),
    ]


def test_identical_spans_are_each_linkable_and_named():
    html = highlight("abc", [Mark(0, 3, "one", label="actor: <A>"), Mark(0, 3, "two")])
    tree = Tree(html)
    assert covered(tree, "one") == covered(tree, "two") == "abc"
    assert {"#one", "#two"} <= set(tree.links)
    assert 'title="actor: &lt;A&gt;; two"' in html, "the highlight names every item it holds"
    assert 'href="#two" data-items="two" title="two"' in html


def test_every_span_of_a_brief_is_highlighted_whole_and_linked():
    brief = make_story()
    tree = Tree(brief_to_html(brief, STORY))
    items = {
        "actor-0": brief.key_actors[0].evidence,
        "actor-1": brief.key_actors[1].evidence,
        "event-0": brief.events[0].evidence,
        "event-1": brief.events[1].evidence,
        "question-0": brief.open_questions[0].evidence,
        "stance-0": brief.stance.actor_stances[0].evidence,
    }
    for item, ev in items.items():
        words = STORY[ev.start : ev.end].replace("\n\n", "")
        assert covered(tree, item) == words, item
        assert f"#{item}" in tree.links, item


def _item(page: str, item_id: str) -> str:
    start = page.index(f'id="{item_id}"')
    return page[start : page.index("</div>", start)]


def test_only_verbatim_matches_are_in_quotation_marks():
    page = brief_to_html(make_story(), STORY)
    assert "“the port met on Thursday”" in _item(page, "event-0")
    fuzzy = _item(page, "question-0")
    assert "approximate" in fuzzy and "“" not in fuzzy and "pay talk will resume" in fuzzy
    sentence = _item(page, "stance-0")
    assert "paraphrase" in sentence and "“" not in sentence
    unverified = _item(page, "question-1")
    assert "unverified" in unverified and "“" not in unverified


def test_dropped_items_are_counted_and_listed_as_unverified():
    page = brief_to_html(make_story(), STORY)
    start = page.index('id="dropped"')
    dropped = page[start : page.index("</section>", start)]
    assert "2 item(s)" in dropped and "unverified" in dropped and "not evidence" in dropped
    for entry in DROPPED:
        assert str(markupsafe.escape(entry)) in dropped
    assert "<b>Corp" not in page
    assert "<mark" not in dropped and "quote" not in dropped
    assert "2 dropped" in page


def test_title_names_the_article_escaped():
    page = brief_to_html(make_story(), STORY, title="Dock <i>workers</i>")
    assert "<title>Brief — Dock &lt;i&gt;workers&lt;/i&gt;</title>" in page
    page = brief_to_html(make_story(), STORY)
    assert "<title>Brief — Dock workers at the port struck on Thursday" in page


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _run_chromium(tmp_path, *args: str) -> str:
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    return subprocess.run(
        [_chromium(), *flags, *args], capture_output=True, text=True, timeout=120
    ).stdout


browser = pytest.mark.skipif(_chromium() is None, reason="Debian's chromium is not installed")


@pytest.mark.browser
@browser
def test_page_in_headless_chromium(tmp_path):
    page = tmp_path / "brief.html"
    page.write_text(brief_to_html(make_brief(), TEXT, title="Port"), encoding="utf-8")
    dom = _run_chromium(tmp_path, "--dump-dom", page.as_uri())
    # The browser parsed the evidence marks linked to their items, and no injected element.
    assert dom.count('<mark class="evidence') == 3  # "The union & the port", "met", " on Thursday"
    assert 'href="#actor-0"' in dom and 'id="actor-0"' in dom and 'href="#event-0"' in dom
    assert "<img" not in dom and "<script>alert" not in dom
    shot = tmp_path / "brief.png"
    _run_chromium(tmp_path, f"--screenshot={shot}", "--window-size=1200,800", page.as_uri())
    assert shot.exists() and shot.stat().st_size > 5000


# The page in a frame of a given width (headless chromium keeps its window at least
# 500 px wide; a frame is a viewport of its own), probed after load: what the browser
# made of the highlights and the layout, written into the outer page for --dump-dom.
HARNESS = """<!doctype html><html><body style="margin:0">
<iframe id="view" style="border:0;width:{width}px;height:{height}px" srcdoc="{page}"></iframe>
<script>
document.getElementById('view').addEventListener('load', function(){{
  var w=this.contentWindow, d=this.contentDocument, article=d.querySelector('.article');
  var marks=[].map.call(d.querySelectorAll('.article mark'), function(m){{
    var a=m.querySelector('a');
    return {{items:(m.getAttribute('data-items')||m.getAttribute('data-item')).split(' '),
            text:m.textContent, href:a&&a.getAttribute('href'), parent:m.parentElement.tagName,
            shown:w.getComputedStyle(m).backgroundColor!=='rgba(0, 0, 0, 0)'}};
  }});
  var table=d.querySelector('.table');
  // hovering the small link of a span covered by others lights up its item and words
  var ref=d.querySelector('a.ref');
  if(ref) ref.dispatchEvent(new w.MouseEvent('mouseenter'));
  var hovered=[].map.call(d.querySelectorAll('.hover'), function(x){{
    return x.id||x.getAttribute('data-items');}});
  var out=document.createElement('pre'); out.id='probe';
  out.textContent=JSON.stringify({{marks:marks, title:d.title, innerWidth:w.innerWidth,
    scrollWidth:d.documentElement.scrollWidth, articleScroll:article.scrollWidth,
    articleClient:article.clientWidth,
    tableScroll:table.scrollWidth, tableClient:table.clientWidth, hovered:hovered}});
  document.body.appendChild(out);
}});
</script></body></html>"""


def _probe(tmp_path, html: str, width: int, height: int = 1600) -> tuple[dict, Path]:
    """What the browser made of the page at ``width`` px, and a screenshot of it."""
    harness = tmp_path / f"at-{width}.html"
    harness.write_text(
        HARNESS.format(width=width, height=height, page=escape(html, quote=True)),
        encoding="utf-8",
    )
    window = f"--window-size={max(width, 500)},{height}"
    dom = _run_chromium(tmp_path, window, "--dump-dom", harness.as_uri())
    start = dom.index('<pre id="probe">') + len('<pre id="probe">')
    probe = json.loads(unescape(dom[start : dom.index("</pre>", start)]))
    shot = tmp_path / f"at-{width}.png"
    _run_chromium(tmp_path, window, f"--screenshot={shot}", harness.as_uri())
    assert shot.exists() and shot.stat().st_size > 5000
    return probe, shot


@pytest.mark.browser
@browser
def test_crossing_and_overlapping_spans_in_headless_chromium(tmp_path):
    html = brief_to_html(make_story(), STORY, title="Dock workers walk out")
    probe, _ = _probe(tmp_path, html, 1200)
    marks = probe["marks"]
    assert marks and all(m["parent"] == "P" for m in marks), "no mark outside a paragraph"
    assert all(m["shown"] and m["href"] for m in marks), "every part highlighted and linked"
    crossing = [m for m in marks if "event-1" in m["items"]]
    assert len(crossing) == 2, "the span across the paragraph break: one part per paragraph"
    assert "".join(m["text"] for m in crossing) == "They disagreed.Pay talks resume"
    overlap = [m for m in marks if len(m["items"]) > 1]
    assert {"actor-0", "actor-1", "event-0"} <= {i for m in overlap for i in m["items"]}
    assert probe["title"] == "Brief — Dock workers walk out"
    # event-0 quotes the same words as actor-1: its own small link, and hover works
    assert probe["hovered"] == ["event-0", "actor-0 actor-1 event-0", "actor-1 event-0", "event-0"]


@pytest.mark.browser
@browser
def test_reads_at_375_px_without_horizontal_scrolling(tmp_path):
    html = brief_to_html(make_story(), STORY)
    assert 'name="viewport"' in html
    probe, _ = _probe(tmp_path, html, 375)
    assert probe["innerWidth"] == 375
    assert probe["scrollWidth"] <= probe["innerWidth"], "the page scrolls sideways"
    assert probe["articleScroll"] <= probe["articleClient"], "the article scrolls sideways"
    assert probe["tableScroll"] <= probe["tableClient"], "the actors table scrolls sideways"
