"""Human renderings of a brief: Markdown with a timeline (HTML is in ``html.py``)."""

from __future__ import annotations

from .schema import Brief, Event


def _cell(text: str | None) -> str:
    return (text or "—").replace("|", "\\|").replace("\n", " ")


def date_key(event: Event) -> tuple[bool, str]:
    """Sort key: by date (a range by its start), undated events last."""
    return event.date is None, (event.date or "").split("/")[0]


def timeline(brief: Brief) -> list[Event]:
    """Events sorted by date; undated events last."""
    return sorted(brief.events, key=date_key)


def to_markdown(brief: Brief, title: str | None = None) -> str:
    m = brief.metadata
    out = [f"# {title or 'Brief'}", "", brief.summary, ""]
    out += ["## Key actors", "", "| Actor | Kind | Role | Salience |", "|---|---|---|---|"]
    for a in brief.key_actors:
        name = a.name + (f" ({', '.join(a.aliases)})" if a.aliases else "")
        out.append(f"| {_cell(name)} | {a.kind} | {_cell(a.role)} | {a.salience} |")
    out += ["", "## Timeline", ""]
    for e in timeline(brief):
        when = e.date or "undated"
        wording = f" ({e.date_text})" if e.date_text else ""
        who = f" — {', '.join(e.actors)}" if e.actors else ""
        where = f", {e.location}" if e.location else ""
        source = f" *(according to {e.attribution})*" if e.attribution else ""
        flag = "" if e.evidence.grounded else " ⚠ ungrounded"
        out.append(f"- **{when}**{wording}{where}: {e.what}{who}{source}{flag}")
        out.append(f"  > {e.evidence.quote}")
    out += ["", "## Open questions", ""]
    out += [f"- {q.question}\n  > {q.evidence.quote}" for q in brief.open_questions] or ["- none"]
    out += [
        "",
        "## Stance",
        "",
        f"Tone: **{brief.stance.article_tone or 'not given'}**. {brief.stance.framing}",
        "",
    ]
    for s in brief.stance.actor_stances:
        out.append(f"- {s.actor} → {s.toward}: **{s.position}**\n  > {s.evidence.quote}")
    out += [
        "",
        "---",
        f"*{m.backend} · {m.model} · prompt {m.prompt_version} · "
        f"{m.usage.prompt_tokens}+{m.usage.completion_tokens} tokens · {m.latency_s:.1f}s · "
        f"{m.calls} call(s)*",
    ]
    return "\n".join(out) + "\n"
