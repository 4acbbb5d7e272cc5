"""Eval reports: a terminal table, JUnit XML, and a self-contained HTML page."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from rich.table import Table

from .catalogue import HEADLINE, SHOWN, Metric, metric
from .metrics import Side, quote
from .score import Report


def _fmt(name: str, value: float | None) -> str:
    return metric(name).fmt(value)


def _ci(m: Metric, entry: dict[str, Any]) -> str:
    ci = entry.get("ci")
    return "—" if not ci else f"[{m.fmt(ci[0])}, {m.fmt(ci[1])}]"


def summary_table(report: Report) -> Table:
    agg = report.data["aggregate"]
    table = Table(
        title=f"{report.data['n_fixtures']} fixtures · {report.data['config'].get('model', '')}"
    )
    table.add_column("metric")
    table.add_column("mean", justify="right")
    table.add_column("95% CI", justify="right")
    table.add_column("micro", justify="right")
    table.add_column("n", justify="right")
    splits = report.data.get("splits") or {}
    for name in splits:
        table.add_column(f"{name}: mean", justify="right")
        table.add_column(f"{name}: 95% CI", justify="right")
    for m in SHOWN:
        entry = agg.get(m.name)
        if not isinstance(entry, dict):
            continue
        beside = []
        for part in splits.values():
            sub = part.get(m.name) or {}
            beside += [m.fmt(sub.get("mean")), _ci(m, sub)]
        table.add_row(
            m.name,
            m.fmt(entry.get("mean")),
            _ci(m, entry),
            m.fmt(entry.get("micro")),
            str(entry.get("n", "")),
            *beside,
        )
    return table


def compare_table(result: dict[str, Any]) -> Table:
    table = Table(title="B − A (paired bootstrap over shared fixtures)")
    for col in ("metric", "A", "B", "delta", "95% CI", "verdict"):
        table.add_column(col, justify="left" if col in ("metric", "verdict") else "right")
    for name, entry in result["metrics"].items():
        m = metric(name)
        table.add_row(
            name,
            m.fmt(entry.get("a")),
            m.fmt(entry.get("b")),
            m.fmt(entry.get("delta")),
            _ci(m, entry),
            entry["verdict"],
        )
    return table


def junit_xml(report: Report, failures: list[str] | None = None) -> str:
    """One testcase per fixture (error when no brief came back; its headline
    metrics as output) and one per threshold."""
    cases = []
    for fid, info in report.data["fixtures"].items():
        errs = [e for e in report.data["errors"] if e["fixture"] == fid]
        body = "".join(
            f"<error type={quoteattr(e['error_type'] or 'error')} message={quoteattr(e['error'] or '')}/>"
            for e in errs
        )
        values = " ".join(f"{m}={_fmt(m, info['metrics'].get(m))}" for m in HEADLINE)
        cases.append(
            f'<testcase classname="eval.fixtures" name={quoteattr(fid)}>'
            f"{body}<system-out>{xml_escape(values)}</system-out></testcase>"
        )
    for failure in failures or []:
        cases.append(
            f'<testcase classname="eval.thresholds" name={quoteattr(failure.split(" ")[0])}>'
            f"<failure message={quoteattr(failure)}/></testcase>"
        )
    errors = len(report.data["errors"])
    n_fail = len(failures or [])
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuite name="summarizer-eval" tests="{len(cases)}" failures="{n_fail}" errors="{errors}">'
        + "".join(cases)
        + "</testsuite>\n"
    )


_REPORT = None


def _template():
    import jinja2

    global _REPORT
    if _REPORT is None:
        env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
        _REPORT = env.from_string(REPORT_TEMPLATE)
    return _REPORT


def _bar(value: float | None) -> str:
    width = 0 if value is None else max(0.0, min(1.0, value)) * 100
    return f"{width:.0f}"


def _rows(
    items: list[Any], key: str, id_prefix: str, off: set[int], off_status: str
) -> list[dict[str, Any]]:
    """One drill-down row per item: its id, hit or ``off_status``, label, quote."""
    return [
        {
            "id": f"{id_prefix}{i}",
            "index": i,
            "status": off_status if i in off else "hit",
            "label": _label(key, item),
            "evidence": quote(item),
        }
        for i, item in enumerate(items)
    ]


def html_report(report: Report) -> str:
    """One self-contained page: headline table, per-metric bars per fixture, and a
    drill-down per fixture with gold and predicted items side by side (misses and
    false positives marked) and the article with evidence highlighted."""
    from markupsafe import Markup

    from ..ground.locate import Aligner
    from ..views.webpage import CSS, JS, Mark, highlight

    drill = []
    for s in report.scored:
        text = s.fixture.text
        gold, pred = Side.of(s.fixture.gold), Side.of(s.prediction.brief)
        detail = s.score.to_json()
        aligner = Aligner(text)
        marks = []
        sections = []
        for key, label, pkey in (
            ("actors", "Actors", "actors"),
            ("events", "Events", "events"),
            ("questions", "Open questions", "open_questions"),
        ):
            g_items, p_items = getattr(gold, pkey), getattr(pred, pkey)
            d = detail[key]
            matched_pred = {p: g for g, p, _ in d["matches"]}
            prefix = f"{s.fixture.id}-{s.prediction.repeat}-"
            rows_gold = _rows(g_items, key, prefix + f"g{key}-", set(d["misses"]), "miss")
            rows_pred = _rows(
                p_items, key, prefix + f"p{key}-", set(d["false_positives"]), "false-positive"
            )
            for row in rows_gold:
                del row["index"]
            for row in rows_pred:
                row["gold"] = matched_pred.get(row.pop("index"))
            for rows, shown in ((rows_gold, {"miss"}), (rows_pred, {"hit", "false-positive"})):
                for row in rows:
                    span = aligner.locate(row["evidence"])
                    if span and row["status"] in shown:
                        kind = "evidence" if row["status"] == "hit" else row["status"]
                        marks.append(Mark(span.start, span.end, row["id"], kind))
            sections.append({"label": label, "gold": rows_gold, "pred": rows_pred})
        drill.append(
            {
                "id": s.fixture.id,
                "repeat": s.prediction.repeat,
                "topic": s.fixture.topic,
                "error": s.prediction.error,
                "metrics": s.metrics(),
                "sections": sections,
                "article": highlight(text, marks),
                "tone": (gold.article_tone, pred.article_tone),
            }
        )
    agg = report.data["aggregate"]
    return _template().render(
        data=report.data,
        agg=agg,
        shown=[m for m in SHOWN if m.name in agg],
        metric_names=[m for m in HEADLINE if m in agg],
        fixtures=report.data["fixtures"],
        drill=drill,
        bar=_bar,
        fmt=_fmt,
        css=Markup(CSS + REPORT_CSS),
        js=Markup(JS),
    )


def _label(key: str, item: Any) -> str:
    """A gold or predicted item's one line (an actor, an event or a question)."""
    if key == "actors":
        aliases = ", ".join(item.aliases)
        return f"{item.name}" + (f" ({aliases})" if aliases else "") + f" · {item.salience}"
    if key == "events":
        return f"[{item.date or 'undated'}] {item.what}"
    return item.question or ""


REPORT_CSS = """
main{display:block} .grid{display:grid;grid-template-columns:1fr 1fr;gap:16px}
.bar{background:#e5e7eb;height:10px;width:160px;display:inline-block;vertical-align:middle}
.bar span{display:block;height:10px;background:#2563eb}
.miss{border-left:4px solid #dc2626} .false-positive{border-left:4px solid #ea580c}
.hit{border-left:4px solid #16a34a} details{border:1px solid #ddd;margin:8px 0;padding:6px 10px}
summary{cursor:pointer;font-weight:600} .note{background:#fffbeb;padding:8px;border:1px solid #fde68a}
"""

REPORT_TEMPLATE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>summarizer eval</title>
<style>{{ css }}</style></head><body>
<header><strong>summarizer eval</strong> · {{ data.config.get('backend', '') }} · {{ data.config.get('model', '') }}
· prompt {{ data.config.get('prompt_version', '') }} · {{ data.n_fixtures }} fixtures · {{ data.created }}</header>
<main style="padding:20px">
<p class="note">{{ data.note }}</p>
<h2>Headline</h2>
<table><tr><th>metric</th><th>mean</th><th>95% CI</th><th>micro</th><th>n</th><th></th></tr>
{% for m in shown %}{% set e = agg[m.name] %}
<tr><td title="{{ m.description }}">{{ m.name }}</td><td>{{ m.fmt(e.mean) }}</td>
<td>{% if e.ci %}[{{ m.fmt(e.ci[0]) }}, {{ m.fmt(e.ci[1]) }}]{% else %}—{% endif %}</td>
<td>{{ m.fmt(e.get('micro')) }}</td><td>{{ e.n }}</td>
<td>{% if m.headline %}<span class="bar"><span style="width:{{ bar(e.mean) }}%"></span></span>{% endif %}</td></tr>{% endfor %}
</table>
<h2>Per metric, per fixture</h2>
<div class="grid">
{% for name in metric_names %}<div><h3>{{ name }}</h3><table>
{% for fid, f in fixtures.items() %}<tr><td><a href="#fx-{{ fid }}">{{ fid }}</a></td><td>{{ fmt(name, f.metrics.get(name)) }}</td>
<td><span class="bar"><span style="width:{{ bar(f.metrics.get(name)) }}%"></span></span></td></tr>{% endfor %}
</table></div>{% endfor %}
</div>
{% if data.bad_fixtures %}<h2>Bad fixtures (not scored)</h2><ul>
{% for fid, problems in data.bad_fixtures.items() %}<li>{{ fid }}: {{ problems|join('; ') }}</li>{% endfor %}</ul>{% endif %}
<h2>Fixtures</h2>
{% for d in drill %}<details id="fx-{{ d.id }}"><summary>{{ d.id }}{% if d.repeat %} (repeat {{ d.repeat }}){% endif %} · {{ d.topic }}
· actor F1 {{ fmt('actor_f1', d.metrics.get('actor_f1')) }} · event F1 {{ fmt('event_f1', d.metrics.get('event_f1')) }}
{% if d.error %}· <span class="ungrounded">failed: {{ d.error }}</span>{% endif %}</summary>
<p>Tone: gold <strong>{{ d.tone[0] }}</strong>, predicted <strong>{{ d.tone[1] or '—' }}</strong></p>
<div class="grid"><div>
{% for sec in d.sections %}<h3>{{ sec.label }}</h3><div class="grid"><div><h4>gold</h4>
{% for r in sec.gold %}<div class="item {{ r.status }}" id="{{ r.id }}" data-item="{{ r.id }}">{{ r.label }}<div class="quote">“{{ r.evidence }}”</div></div>{% endfor %}
</div><div><h4>predicted</h4>
{% for r in sec.pred %}<div class="item {{ r.status }}" id="{{ r.id }}" data-item="{{ r.id }}">{{ r.label }}<div class="quote">“{{ r.evidence }}”</div></div>{% else %}<p class="meta">none</p>{% endfor %}
</div></div>{% endfor %}
</div><div><h3>Article</h3><p class="meta">blue: predicted evidence · orange: false positive · red: missed gold item</p>
<div class="article">{{ d.article }}</div></div></div>
</details>{% endfor %}
</main><script>{{ js }}</script></body></html>
"""
