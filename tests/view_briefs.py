"""A brief built straight from the schema for the view tests (no model): evidence
that crosses a paragraph break, overlapping and identical spans, every match kind,
an unverified item kept, and items dropped as ungrounded."""

from __future__ import annotations

from summarizer.schema import Brief, Evidence, RunMetadata

TEXT = (
    "Dock workers walk out\n\n"
    "The union & the port met on Thursday. They disagreed.\n\n"
    "Pay talks resume next week, the union said. Ships wait_in_the_bay_" + "x" * 80 + " offshore."
)

DROPPED = [
    "actor 'Ghost <b>Corp</b>': not named in the article",
    "events[2]: evidence not found in the article: 'the minister resigned'",
]


def span(quote: str, match: str = "exact", occurrence: str | None = None) -> Evidence:
    """Evidence for ``quote`` where ``occurrence`` (default: the quote itself) is in TEXT."""
    where = occurrence or quote
    start = TEXT.index(where)
    return Evidence(quote=quote, start=start, end=start + len(where), match=match)


def make_brief(**metadata) -> Brief:
    crossing = "They disagreed.\n\nPay talks resume"
    return Brief(
        summary="Dock workers at the port struck on Thursday after talks failed; "
        "pay talks resume next week.",
        key_actors=[
            {
                "name": "The union",
                "kind": "group",
                "role": "struck",
                "salience": "central",
                "evidence": span("The union & the port met"),
            },
            {
                "name": "The port",
                "kind": "organization",
                "role": "employer",
                "salience": "supporting",
                # the same words as the event below: identical spans
                "evidence": span("the port met on Thursday"),
            },
        ],
        events=[
            {
                "what": "They met.",
                "date": "2025-12-11",
                "date_text": "on Thursday",
                "evidence": span("the port met on Thursday"),
            },
            {
                "what": "Talks broke down and resume later.",
                "evidence": span(" ".join(crossing.split()), "normalized", crossing),
            },
        ],
        open_questions=[
            {
                "question": "Will the talks succeed?",
                "evidence": span(
                    "pay talk will resume next week", "fuzzy", "Pay talks resume next week"
                ),
            },
            {
                "question": "Who pays for the wait?",
                "evidence": Evidence(quote="ships cost money every day"),
            },
        ],
        stance={
            "article_tone": "neutral",
            "framing": "f",
            "actor_stances": [
                {
                    "actor": "The union",
                    "toward": "the port",
                    "position": "opposed",
                    "evidence": span("Pay talks resume next week, the union said.", "sentence"),
                }
            ],
        },
        metadata=RunMetadata(
            backend="local", model="m", prompt_version="v", dropped_items=DROPPED, **metadata
        ),
    )
