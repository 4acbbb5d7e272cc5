"""Human renderings of a brief: Markdown with a timeline (HTML is in ``html.py``).

The rules both views share live here: the page title, how each evidence is
presented (only a verbatim match is shown as a quote), and what is said about
items dropped as ungrounded.
"""

from __future__ import annotations

from typing import Literal

from ..schema import Brief, Event, Evidence

TITLE_WORDS = 10

EvidenceKind = Literal["verbatim", "approximate", "sentence", "unverified"]

#: how a non-verbatim evidence is labelled, so it cannot pass for a quote
EVIDENCE_LABELS: dict[EvidenceKind, str] = {
    "approximate": "approximate, not word for word",
    "sentence": "the article sentence matching a paraphrase",
    "unverified": "unverified, not found in the article",
}


def evidence_kind(ev: Evidence) -> EvidenceKind:
    """Verbatim when found word for word (spacing, typographic quotes and case
    aside); otherwise how it was found, or unverified when it was not."""
    if not ev.grounded:
        return "unverified"
    if ev.match in ("exact", "normalized"):
        return "verbatim"
    return "sentence" if ev.match == "sentence" else "approximate"


def page_title(brief: Brief, title: str | None = None) -> str:
    """The title: "Brief — " and the article's headline, else the summary's first words
    (else the first actor's name)."""
    subject = " ".join((title or "").split())
    if not subject:
        words = brief.summary.split()
        subject = " ".join(words[:TITLE_WORDS]) + (" …" if len(words) > TITLE_WORDS else "")
    if not subject and brief.key_actors:
        subject = brief.key_actors[0].name
    return f"Brief — {subject}" if subject else "Brief"


def dropped_note(brief: Brief) -> str:
    n = len(brief.metadata.dropped_items)
    return (
        f"{n} item(s) left out of this brief because they could not be grounded in the "
        "article: unverified, not evidence."
    )


def _cell(text: str | None) -> str:
    return (text or "—").replace("|", "\\|").replace("\n", " ")


def one_line(text: str) -> str:
    """``text`` on one line, its runs of spaces and line breaks one space each."""
    return " ".join(text.split())


def date_key(event: Event) -> tuple[bool, str]:
    """Sort key: by date (a range by its start), undated events last."""
    return event.date is None, (event.date or "").split("/")[0]


def timeline(brief: Brief) -> list[Event]:
    """Events sorted by date; undated events last."""
    return sorted(brief.events, key=date_key)


def _evidence(ev: Evidence) -> str:
    """The line under an item: a blockquote only for a verbatim match."""
    kind = evidence_kind(ev)
    if kind == "verbatim":
        return f"  > {one_line(ev.quote)}"
    return f"  - *{EVIDENCE_LABELS[kind]}:* {one_line(ev.quote)}"


def to_markdown(brief: Brief, title: str | None = None) -> str:
    m = brief.metadata
    out = [f"# {page_title(brief, title)}", "", brief.summary, ""]
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
        out.append(f"- **{when}**{wording}{where}: {e.what}{who}{source}")
        out.append(_evidence(e.evidence))
    out += ["", "## Open questions", ""]
    for q in brief.open_questions:
        out += [f"- {q.question}", _evidence(q.evidence)]
    if not brief.open_questions:
        out.append("- none")
    out += [
        "",
        "## Stance",
        "",
        f"Tone: **{brief.stance.article_tone or 'not given'}**. {brief.stance.framing}",
        "",
    ]
    for s in brief.stance.actor_stances:
        out += [f"- {s.actor} → {s.toward}: **{s.position}**", _evidence(s.evidence)]
    if m.warnings:
        out += ["", "## Warnings", ""] + [f"- {one_line(w)}" for w in m.warnings]
    if m.dropped_items:
        out += ["", f"## Dropped ({len(m.dropped_items)}, unverified)", "", dropped_note(brief), ""]
        out += [f"- {one_line(d)}" for d in m.dropped_items]
    out += [
        "",
        "---",
        f"*{m.backend} · {m.model} · prompt {m.prompt_version} · "
        f"{m.usage.prompt_tokens}+{m.usage.completion_tokens} tokens · {m.latency_s:.1f}s · "
        f"{m.calls} call(s) · {len(m.dropped_items)} dropped*",
    ]
    return "\n".join(out) + "\n"
