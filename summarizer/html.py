"""Self-contained HTML: a brief beside its article, evidence spans highlighted.

All article and model text is escaped (Jinja2 autoescape; the highlighter
escapes each piece itself). No external resources, no scripts from the data.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape

import jinja2
from markupsafe import Markup

from .render import date_key
from .schema import Brief


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    item: str  # the id of the brief item the span belongs to
    kind: str = "evidence"  # a css class: evidence, miss, false-positive …


def highlight(text: str, marks: list[Mark]) -> Markup:
    """The text, escaped, with each mark wrapped in a linked ``<mark>``.
    Overlapping marks are clipped so the HTML stays well formed."""
    out: list[str] = []
    pos = 0
    for m in sorted(marks, key=lambda m: (m.start, -m.end)):
        start = max(m.start, pos)
        end = min(m.end, len(text))
        if end <= start:
            continue
        out.append(escape(text[pos:start]))
        out.append(
            f'<mark class="{escape(m.kind)}" id="span-{escape(m.item)}" data-item="{escape(m.item)}">'
            f'<a href="#{escape(m.item)}">{escape(text[start:end])}</a></mark>'
        )
        pos = end
    out.append(escape(text[pos:]))
    return Markup("".join(out).replace("\n\n", "</p><p>").join(("<p>", "</p>")))


def brief_marks(brief: Brief, prefix: str = "") -> list[Mark]:
    items = [
        *(("actor", i, a.evidence) for i, a in enumerate(brief.key_actors)),
        *(("event", i, e.evidence) for i, e in enumerate(brief.events)),
        *(("question", i, q.evidence) for i, q in enumerate(brief.open_questions)),
        *(("stance", i, s.evidence) for i, s in enumerate(brief.stance.actor_stances)),
    ]
    return [
        Mark(ev.start, ev.end, f"{prefix}{kind}-{i}")
        for kind, i, ev in items
        if ev.start is not None and ev.end is not None
    ]


CSS = """
body{font:15px/1.5 system-ui,sans-serif;margin:0;color:#222}
header{padding:12px 20px;background:#1f3a5f;color:#fff}
main{display:grid;grid-template-columns:minmax(320px,1fr) minmax(320px,1fr);gap:20px;padding:20px}
section{min-width:0} h2{font-size:17px;border-bottom:1px solid #ddd}
table{border-collapse:collapse;width:100%} td,th{border-bottom:1px solid #eee;padding:4px 6px;text-align:left;vertical-align:top}
.item{padding:4px 6px;border-radius:4px} .item:target,.item.hover{background:#fff3b0}
mark{background:#dbeafe;padding:0 1px} mark a{color:inherit;text-decoration:none}
mark:target,mark.hover{background:#fde047;outline:2px solid #ca8a04}
mark.miss{background:#fecaca} mark.false-positive{background:#fed7aa}
.quote{color:#555;font-style:italic} .meta{color:#666;font-size:13px}
.article{background:#fafafa;padding:8px 16px;border:1px solid #eee;max-height:85vh;overflow:auto}
.ungrounded{color:#b91c1c}
"""

# Hovering an item highlights its span and the reverse; data only, no text from the brief.
JS = """
document.querySelectorAll('[data-item]').forEach(function(el){
  var id=el.getAttribute('data-item');
  function set(on){document.querySelectorAll('[data-item="'+id+'"]').forEach(function(x){
    x.classList.toggle('hover',on);});}
  el.addEventListener('mouseenter',function(){set(true);});
  el.addEventListener('mouseleave',function(){set(false);});
});
"""

_env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)

BRIEF_TEMPLATE = _env.from_string(
    """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ title }}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>{{ css }}</style></head><body>
<header><strong>{{ title }}</strong></header>
<main>
<section id="brief">
<p>{{ brief.summary }}</p>
<h2>Key actors</h2>
<table><tr><th>Actor</th><th>Kind</th><th>Role</th><th>Salience</th></tr>
{% for a in brief.key_actors %}<tr class="item" id="actor-{{ loop.index0 }}" data-item="actor-{{ loop.index0 }}">
<td>{{ a.name }}{% if a.aliases %} <span class="meta">({{ a.aliases|join(', ') }})</span>{% endif %}</td>
<td>{{ a.kind }}</td><td>{{ a.role }}</td><td>{{ a.salience }}</td></tr>
{% endfor %}</table>
<h2>Timeline</h2>
{% for i, e in events %}<div class="item" id="event-{{ i }}" data-item="event-{{ i }}">
<strong>{{ e.date or "undated" }}</strong>{% if e.date_text %} <span class="meta">({{ e.date_text }})</span>{% endif %}
{% if e.location %}, {{ e.location }}{% endif %}: {{ e.what }}
{% if e.actors %}<span class="meta"> — {{ e.actors|join(', ') }}</span>{% endif %}
{% if e.attribution %}<span class="meta"> (according to {{ e.attribution }})</span>{% endif %}
{% if not e.evidence.grounded %}<span class="ungrounded"> ungrounded</span>{% endif %}
<div class="quote">“{{ e.evidence.quote }}”</div></div>
{% endfor %}
<h2>Open questions</h2>
{% for q in brief.open_questions %}<div class="item" id="question-{{ loop.index0 }}" data-item="question-{{ loop.index0 }}">
{{ q.question }}<div class="quote">“{{ q.evidence.quote }}”</div></div>
{% else %}<p class="meta">none</p>{% endfor %}
<h2>Stance</h2>
<p>Tone: <strong>{{ brief.stance.article_tone or "not given" }}</strong>. {{ brief.stance.framing }}</p>
{% for s in brief.stance.actor_stances %}<div class="item" id="stance-{{ loop.index0 }}" data-item="stance-{{ loop.index0 }}">
{{ s.actor }} → {{ s.toward }}: <strong>{{ s.position }}</strong>
<div class="quote">“{{ s.evidence.quote }}”</div></div>
{% endfor %}
<p class="meta">{{ m.backend }} · {{ m.model }} · prompt {{ m.prompt_version }} ·
{{ m.usage.prompt_tokens }}+{{ m.usage.completion_tokens }} tokens · {{ "%.1f"|format(m.latency_s) }}s</p>
</section>
<section><h2>Article</h2><div class="article">{{ article }}</div></section>
</main><script>{{ js }}</script></body></html>
"""
)


def brief_to_html(brief: Brief, text: str, title: str | None = None) -> str:
    """One self-contained page: the brief and the highlighted article."""
    events = sorted(enumerate(brief.events), key=lambda pair: date_key(pair[1]))
    return BRIEF_TEMPLATE.render(
        title=title or "Brief",
        brief=brief,
        events=events,
        m=brief.metadata,
        article=highlight(text, brief_marks(brief)),
        css=Markup(CSS),
        js=Markup(JS),
    )
