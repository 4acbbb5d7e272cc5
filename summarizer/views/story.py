"""A story for people: Markdown, and a self-contained HTML page whose timeline
has a chip per source that opens the article at the sentence it quotes.

The articles are numbered in publication order ([1], [2] …); every source,
conflict and answer names its article by that number."""

from __future__ import annotations

from collections.abc import Mapping

import jinja2
from markupsafe import Markup

from ..story.merge import Story, StorySource
from .markdown import TITLE_WORDS, one_line
from .webpage import CSS, JS, Mark, highlight

#: words of an event shown in "what each article adds"
NEW_WORDS = 8


def _words(text: str, n: int) -> str:
    words = text.removesuffix(" …").split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def story_title(story: Story) -> str:
    """The title: "Story — " and the first article's headline, else its first event's words."""
    titled = next((a.title for a in story.articles if a.title), None)
    first = next((story.timeline[a.new_events[0]].what for a in story.articles if a.new_events), "")
    subject = _words(titled or first, TITLE_WORDS)
    return f"Story — {subject}" if subject else "Story"


def _numbers(story: Story) -> dict[str, int]:
    return {a.id: n for n, a in enumerate(story.articles, 1)}


def story_to_markdown(story: Story) -> str:
    number = _numbers(story)
    out = [f"# {story_title(story)}", "", "## Articles", ""]
    for a in story.articles:
        when = a.published.isoformat() if a.published else "undated"
        what = f" — failed: {a.error}" if a.error else ""
        title = f" — {one_line(a.title)}" if a.title else ""
        out.append(f"{number[a.id]}. {a.id} ({when}){title}{what}")
    out += ["", "## Timeline", ""]
    for e in story.timeline:
        who = f" — {', '.join(e.actors)}" if e.actors else ""
        cited = " ".join(f"[{number[s.article]}]" for s in e.sources)
        out.append(f"- **{e.date or 'undated'}**: {e.what}{who} {cited}")
        for s in e.sources:
            said = f" *(according to {s.attribution})*" if s.attribution else ""
            out.append(f"  - [{number[s.article]}] > {one_line(s.quote)}{said}")
        for c in e.conflicts:
            between = " and ".join(f"[{number[e.sources[i].article]}]" for i in c.sources)
            out.append(f"  - **conflict ({c.kind})**: {c.detail}, between {between}")
    out += ["", "## Actors", "", "| Actor | Kind | Also called | Articles |", "|---|---|---|---|"]
    for actor in story.actors:
        aliases = ", ".join(actor.aliases).replace("|", "\\|") or "—"
        named = " ".join(f"[{number[i]}]" for i in actor.articles)
        out.append(
            f"| {actor.name.replace('|', chr(92) + '|')} | {actor.kind} | {aliases} | {named} |"
        )
    out += ["", "## Open questions", ""]
    for q in story.questions:
        asked = f"[{number[q.article]}]"
        if q.answer is None:
            out.append(f"- {q.question} {asked} — still open")
        else:
            out.append(f"- {q.question} {asked} — answered in [{number[q.answer.article]}]:")
            out.append(f"  > {one_line(q.answer.quote)}")
    if not story.questions:
        out.append("- none")
    out += ["", "## What each article adds", ""]
    for a in story.articles:
        if a.error:
            continue
        new = [story.timeline[i] for i in a.new_events]
        shown = "; ".join(f"{e.date or 'undated'} {_words(e.what, NEW_WORDS)}" for e in new[:3])
        more = f" and {len(new) - 3} more" if len(new) > 3 else ""
        actors = ", ".join(story.actors[i].name for i in a.new_actors)
        out.append(
            f"- [{number[a.id]}] {len(new)} new event(s): {shown}{more}"
            + (f"; first named here: {actors}" if actors else "")
        )
    return "\n".join(out) + "\n"


STORY_CSS = """
main.story{display:block;max-width:980px}
.chip{display:inline-block;font-size:12px;background:#e0e7ff;color:#1e3a8a;border-radius:9px;
padding:0 7px;margin:0 2px;text-decoration:none;white-space:nowrap}
.chip.hover{background:#fde047}
.conflict{color:#991b1b;background:#fef2f2;border-left:3px solid #b91c1c;padding:2px 6px;margin:2px 0}
.answered{color:#166534} .open{color:#666}
.article{margin:10px 0;max-height:none;overflow:visible} .article h3{font-size:15px;margin:4px 0}
span.anchor{scroll-margin-top:40px}
mark.lit,.chip.lit{background:#fde047;outline:2px solid #ca8a04}
"""

# A chip's link (#at-<ref>) lights up every part of the sentence it opens.
STORY_JS = """
function lit(){
  document.querySelectorAll('.lit').forEach(function(x){x.classList.remove('lit');});
  if(location.hash.indexOf('#at-')!==0) return;
  both(decodeURIComponent(location.hash.slice(4))).forEach(function(x){x.classList.add('lit');});
}
window.addEventListener('hashchange',lit); lit();
"""

_env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)

STORY_TEMPLATE = _env.from_string(
    """{% macro chip(ref, n, title, own=true) %}<a class="chip" href="#at-{{ ref }}"{% if own %} id="{{ ref }}"{% endif %} data-item="{{ ref }}" title="{{ title }}">{{ n }}</a>{% endmacro %}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{{ css }}</style></head><body>
<header><strong>{{ title }}</strong></header>
<main class="story">
<section id="timeline"><h2>Timeline</h2>
{% for e in story.timeline %}{% set en = loop.index0 %}<div class="item" id="event-{{ en }}">
<strong>{{ e.date or "undated" }}</strong>: {{ e.what }}
{% if e.actors %}<span class="meta"> — {{ e.actors|join(', ') }}</span>{% endif %}
{% for s in e.sources %}{{ chip("src-" ~ en ~ "-" ~ loop.index0, number[s.article], s.article ~ ": " ~ s.quote) }}{% endfor %}
{% for c in e.conflicts %}<div class="conflict">conflict ({{ c.kind }}): {{ c.detail }} —
{% for i in c.sources %}{{ chip("src-" ~ en ~ "-" ~ i, number[e.sources[i].article], e.sources[i].quote, false) }}{% endfor %}</div>
{% endfor %}</div>
{% else %}<p class="meta">no events</p>{% endfor %}
</section>
<section id="actors"><h2>Actors</h2>
<div class="table"><table><tr><th>Actor</th><th>Kind</th><th>Articles</th></tr>
{% for a in story.actors %}<tr><td>{{ a.name }}{% if a.aliases %} <span class="meta">({{ a.aliases|join(', ') }})</span>{% endif %}</td>
<td>{{ a.kind }}</td><td>{% for i in a.articles %}[{{ number[i] }}] {% endfor %}</td></tr>
{% endfor %}</table></div></section>
<section id="questions"><h2>Open questions</h2>
{% for q in story.questions %}<div class="item">{{ q.question }} <span class="meta">[{{ number[q.article] }}]</span>
{% if q.answer %}<span class="answered"> — answered {{ chip("ans-" ~ loop.index0, number[q.answer.article], q.answer.quote) }}</span>
{% else %}<span class="open"> — still open</span>{% endif %}</div>
{% else %}<p class="meta">none</p>{% endfor %}
</section>
<section id="articles"><h2>Articles</h2>
{% for a in story.articles %}<div class="article" id="article-{{ loop.index }}">
<h3>[{{ loop.index }}] {{ a.id }} · {{ a.published or "undated" }}{% if a.title %} · {{ a.title }}{% endif %}</h3>
{% if a.error %}<p class="ungrounded">failed: {{ a.error }}</p>{% else %}
<p class="meta">new here: {{ a.new_events|length }} event(s), {{ a.new_actors|length }} actor(s)</p>
{{ texts[a.id] }}{% endif %}</div>
{% endfor %}</section>
</main><script>{{ js }}</script></body></html>
"""
)


def _marks(story: Story) -> dict[str, list[Mark]]:
    """Each article's quoted spans: every source of every event, every answer."""
    marks: dict[str, list[Mark]] = {a.id: [] for a in story.articles}

    def add(source: StorySource, ref: str, label: str) -> None:
        if source.start is not None and source.end is not None and source.article in marks:
            marks[source.article].append(Mark(source.start, source.end, ref, label=label))

    for en, event in enumerate(story.timeline):
        for n, source in enumerate(event.sources):
            add(source, f"src-{en}-{n}", f"event: {event.what}")
    for qn, question in enumerate(story.questions):
        if question.answer is not None:
            add(question.answer, f"ans-{qn}", f"answers: {question.question}")
    return marks


def story_to_html(story: Story, texts: Mapping[str, str]) -> str:
    """One self-contained page; ``texts``: each article's text (by id), which the
    story's offsets point into."""
    marks = _marks(story)
    shown = {
        a.id: highlight(texts.get(a.id, ""), marks[a.id], anchors=True) for a in story.articles
    }
    return STORY_TEMPLATE.render(
        title=story_title(story),
        story=story,
        number=_numbers(story),
        texts=shown,
        css=Markup(CSS + STORY_CSS),
        js=Markup(JS + STORY_JS),
    )
