"""Self-contained HTML: a brief beside its article, evidence spans highlighted.

All article and model text is escaped (Jinja2 autoescape; the highlighter
escapes each piece itself). No external resources, no scripts from the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from itertools import pairwise

import jinja2
from markupsafe import Markup

from ..schema import Brief
from .markdown import EVIDENCE_LABELS, date_key, dropped_note, evidence_kind, page_title

PARAGRAPH_BREAK = "\n\n"


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    item: str  # the id of the brief item the span belongs to
    kind: str = "evidence"  # a css class: evidence, miss, false-positive …
    label: str = ""  # what the item is, for a tooltip ("actor: Nicolas Maduro")


@dataclass(frozen=True)
class _Segment:
    start: int
    end: int
    marks: tuple[Mark, ...]  # every mark covering it, in the order given

    @property
    def link(self) -> Mark:
        """The innermost mark (the shortest span; the first given on a tie)."""
        return min(self.marks, key=lambda m: m.end - m.start)


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each paragraph, as ``text.split(PARAGRAPH_BREAK)`` cuts them."""
    out, start = [], 0
    while (cut := text.find(PARAGRAPH_BREAK, start)) != -1:
        out.append((start, cut))
        start = cut + len(PARAGRAPH_BREAK)
    return [*out, (start, len(text))]


def _segments(start: int, end: int, marks: list[Mark]) -> list[_Segment]:
    """``[start, end)`` cut wherever a mark starts or ends: each piece knows its marks."""
    cuts = sorted({start, end, *(p for m in marks for p in (m.start, m.end) if start < p < end)})
    return [
        _Segment(a, b, tuple(m for m in marks if m.start <= a and b <= m.end))
        for a, b in pairwise(cuts)
    ]


def highlight(text: str, marks: list[Mark], *, anchors: bool = False) -> Markup:
    """The text, escaped, in paragraphs, each mark's words wrapped in ``<mark>``.

    Overlapping marks are cut into non-overlapping pieces; each piece carries the
    ids of all the marks covering it (``data-items``) and links to the innermost.
    A mark wholly covered by more specific ones gets a small link of its own after
    its words, so every mark stays highlighted and linkable. A mark across a
    paragraph break is cut there too, so the HTML nests properly. With
    ``anchors``, each mark's words start with an element ``at-<item>`` that a
    link elsewhere can open."""
    paragraphs = [
        _segments(start, end, [m for m in marks if m.start < end and start < m.end])
        for start, end in _paragraphs(text)
    ]
    linked = {seg.link.item for segs in paragraphs for seg in segs if seg.marks}
    last = {m.item: seg for segs in paragraphs for seg in segs for m in seg.marks}
    out, anchored = [], set()
    for segs in paragraphs:
        html = []
        for seg in segs:
            words = escape(text[seg.start : seg.end])
            if not seg.marks:
                html.append(words)
                continue
            for m in seg.marks:
                if anchors and m.item not in anchored:
                    anchored.add(m.item)
                    html.append(f'<span class="anchor" id="at-{escape(m.item)}"></span>')
            kinds = dict.fromkeys(m.kind for m in seg.marks)
            if len(seg.marks) > 1:
                kinds["overlap"] = None
            items = escape(" ".join(m.item for m in seg.marks))
            names = escape("; ".join(m.label or m.item for m in seg.marks))
            html.append(
                f'<mark class="{escape(" ".join(kinds))}" data-items="{items}" title="{names}">'
                f'<a href="#{escape(seg.link.item)}">{words}</a></mark>'
            )
            for m in seg.marks:
                if m.item not in linked and last[m.item] is seg:
                    item = escape(m.item)
                    html.append(
                        f'<a class="ref" href="#{item}" data-items="{item}" '
                        f'title="{escape(m.label or m.item)}">↗</a>'
                    )
        out.append("".join(html))
    return Markup("<p>" + "</p><p>".join(out) + "</p>")


def brief_marks(brief: Brief, prefix: str = "") -> list[Mark]:
    items = [
        *(("actor", i, a.evidence, a.name) for i, a in enumerate(brief.key_actors)),
        *(("event", i, e.evidence, e.what) for i, e in enumerate(brief.events)),
        *(("question", i, q.evidence, q.question) for i, q in enumerate(brief.open_questions)),
        *(
            ("stance", i, s.evidence, f"{s.actor} → {s.toward}")
            for i, s in enumerate(brief.stance.actor_stances)
        ),
    ]
    return [
        Mark(ev.start, ev.end, f"{prefix}{kind}-{i}", label=f"{kind}: {name}")
        for kind, i, ev, name in items
        if ev.start is not None and ev.end is not None
    ] + flagged_marks(brief, prefix)


def flagged_marks(brief: Brief, prefix: str = "") -> list[Mark]:
    """The sentences addressed to the model, marked ``flagged`` in the article."""
    return [
        Mark(ev.start, ev.end, f"{prefix}flagged-{i}", "flagged", FLAGGED_LABEL)
        for i, ev in enumerate(brief.metadata.flagged)
        if ev.start is not None and ev.end is not None
    ]


FLAGGED_LABEL = "text addressed to the model: treated as content, withheld"


CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#222;overflow-wrap:break-word}
header{padding:12px 20px;background:#1f3a5f;color:#fff}
main{display:grid;grid-template-columns:minmax(320px,1fr) minmax(320px,1fr);gap:20px;padding:20px}
section{min-width:0} h2{font-size:17px;border-bottom:1px solid #ddd}
.table{overflow-x:auto} table{border-collapse:collapse;width:100%} td,th{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
.item{padding:4px 6px;border-radius:4px} .item:target,.item.hover{background:#fff3b0}
mark{background:#dbeafe;padding:0} mark a{color:inherit;text-decoration:none}
mark.overlap{background:#a5c8f5} mark.miss{background:#fecaca} mark.false-positive{background:#fed7aa}
mark.flagged{background:#fee2e2;outline:1px dashed #b91c1c;text-decoration:line-through #b91c1c}
mark.hover{background:#fde047;outline:2px solid #ca8a04}
a.ref{font-size:11px;vertical-align:super;text-decoration:none;padding:0 2px}
.quote{color:#555;font-style:italic} .meta{color:#666;font-size:13px}
.quote.approximate,.quote.sentence,.quote.unverified{font-style:normal}
.tag{font-size:12px;font-style:normal;background:#eee;color:#444;border-radius:3px;padding:0 4px;margin-right:4px}
.unverified .tag,.dropped .tag{background:#fee2e2;color:#b91c1c}
.ungrounded{color:#b91c1c}
.dropped{border:1px dashed #b91c1c;border-radius:4px;padding:0 10px;color:#555}
.article{background:#fafafa;padding:8px 16px;border:1px solid #eee;max-height:85vh;overflow:auto}
@media (max-width:720px){
main{grid-template-columns:1fr;padding:10px;gap:10px} header{padding:10px}
.article{max-height:none;padding:4px 10px}
table{font-size:13px} td,th{padding:4px 3px}
}
"""

# Hovering an item highlights its spans and the reverse; data only, no text from the brief.
# An item carries its id in data-item; a highlight the ids of every item it belongs to.
JS = """
function both(id){return document.querySelectorAll(
  '[data-item="'+CSS.escape(id)+'"],[data-items~="'+CSS.escape(id)+'"]');}
document.querySelectorAll('[data-item],[data-items]').forEach(function(el){
  var ids=(el.getAttribute('data-item')||el.getAttribute('data-items')).split(' ');
  function set(on){ids.forEach(function(id){both(id).forEach(function(x){
    x.classList.toggle('hover',on);});});}
  el.addEventListener('mouseenter',function(){set(true);});
  el.addEventListener('mouseleave',function(){set(false);});
});
"""

_env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)

BRIEF_TEMPLATE = _env.from_string(
    """{% macro evidence(ev) %}{% set kind = evidence_kind(ev) %}
{% if kind == "verbatim" %}<div class="quote">“{{ ev.quote }}”</div>
{% else %}<div class="quote {{ kind }}"><span class="tag">{{ labels[kind] }}</span> {{ ev.quote }}</div>
{% endif %}{% endmacro %}<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{{ css }}</style></head><body>
<header><strong>{{ title }}</strong></header>
<main>
<section id="brief">
<p>{{ brief.summary }}</p>
<h2>Key actors</h2>
<div class="table"><table><tr><th>Actor</th><th>Kind</th><th>Role</th><th>Salience</th></tr>
{% for a in brief.key_actors %}<tr class="item" id="actor-{{ loop.index0 }}" data-item="actor-{{ loop.index0 }}">
<td>{{ a.name }}{% if a.aliases %} <span class="meta">({{ a.aliases|join(', ') }})</span>{% endif %}</td>
<td>{{ a.kind }}</td><td>{{ a.role }}</td><td>{{ a.salience }}</td></tr>
{% endfor %}</table></div>
<h2>Timeline</h2>
{% for i, e in events %}<div class="item" id="event-{{ i }}" data-item="event-{{ i }}">
<strong>{{ e.date or "undated" }}</strong>{% if e.date_text %} <span class="meta">({{ e.date_text }})</span>{% endif %}
{%- if e.location %}, {{ e.location }}{% endif %}: {{ e.what }}
{% if e.actors %}<span class="meta"> — {{ e.actors|join(', ') }}</span>{% endif %}
{% if e.attribution %}<span class="meta"> (according to {{ e.attribution }})</span>{% endif %}
{{ evidence(e.evidence) }}</div>
{% endfor %}
<h2>Open questions</h2>
{% for q in brief.open_questions %}<div class="item" id="question-{{ loop.index0 }}" data-item="question-{{ loop.index0 }}">
{{ q.question }}{{ evidence(q.evidence) }}</div>
{% else %}<p class="meta">none</p>{% endfor %}
<h2>Stance</h2>
<p>Tone: <strong>{{ brief.stance.article_tone or "not given" }}</strong>. {{ brief.stance.framing }}</p>
{% for s in brief.stance.actor_stances %}<div class="item" id="stance-{{ loop.index0 }}" data-item="stance-{{ loop.index0 }}">
{{ s.actor }} → {{ s.toward }}: <strong>{{ s.position }}</strong>
{{ evidence(s.evidence) }}</div>
{% endfor %}
{% if m.warnings %}<div class="dropped" id="warnings"><h2>Warnings</h2>
<ul>{% for w in m.warnings %}<li>{{ w }}</li>{% endfor %}</ul></div>
{% endif %}
{% if m.flagged %}<div class="dropped" id="flagged"><h2>Withheld ({{ m.flagged|length }}): text addressed to the model</h2>
<ul>{% for f in m.flagged %}<li class="item" id="flagged-{{ loop.index0 }}" data-item="flagged-{{ loop.index0 }}">
<span class="tag">{{ flagged_label }}</span> “{{ f.quote }}”</li>{% endfor %}</ul></div>
{% endif %}
{% if m.dropped_items %}<div class="dropped" id="dropped">
<h2>Dropped ({{ m.dropped_items|length }}, unverified)</h2>
<p><span class="tag">unverified</span> {{ dropped_note }}</p>
<ul>{% for d in m.dropped_items %}<li>{{ d }}</li>{% endfor %}</ul></div>
{% endif %}
<p class="meta">{{ m.backend }} · {{ m.model }} · prompt {{ m.prompt_version }} ·
{{ m.usage.prompt_tokens }}+{{ m.usage.completion_tokens }} tokens · {{ "%.1f"|format(m.latency_s) }}s ·
{{ m.calls }} call(s) · {{ m.dropped_items|length }} dropped</p>
</section>
<section><h2>Article</h2><div class="article">{{ article }}</div></section>
</main><script>{{ js }}</script></body></html>
"""
)


def brief_to_html(brief: Brief, text: str, title: str | None = None) -> str:
    """One self-contained page: the brief and the highlighted article."""
    events = sorted(enumerate(brief.events), key=lambda pair: date_key(pair[1]))
    return BRIEF_TEMPLATE.render(
        title=page_title(brief, title),
        brief=brief,
        events=events,
        m=brief.metadata,
        article=highlight(text, brief_marks(brief)),
        evidence_kind=evidence_kind,
        labels=EVIDENCE_LABELS,
        dropped_note=dropped_note(brief),
        flagged_label=FLAGGED_LABEL,
        css=Markup(CSS),
        js=Markup(JS),
    )
