"""Every eval metric, once: its name, which way is better, where it is shown,
how it is printed, and what it measures.

The summary table, the HTML report, JUnit, ``eval compare``, the
``--fail-under`` gate and the aggregation all read this catalogue; a metric's
value is computed in :mod:`.metrics` (scored against gold) or read off the
brief and its run metadata (``of_run``).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Metric:
    name: str
    description: str
    lower_is_better: bool = False
    #: in the headline: the summary table, the HTML report's table and charts, JUnit output
    headline: bool = False
    #: shown after the headline metrics in the summary table and the HTML report
    listed: bool = False
    #: ``eval compare`` lists a fixture as worse when this metric got worse on it
    flags_worse: bool = False
    #: read off the brief and its run metadata, not scored against gold
    of_run: bool = False
    #: scored against a fixture's ``redteam`` block (``summarizer.eval.redteam``);
    #: in a report only when some fixture has a value
    redteam: bool = False
    #: scored on a story's merge (``eval run --stories``); in a report only then
    story: bool = False
    digits: int = 3

    def fmt(self, value: float | None) -> str:
        return "—" if value is None else f"{value:.{self.digits}f}"

    def worse(self, before: float, after: float) -> bool:
        return after > before if self.lower_is_better else after < before


def _cost(name: str, description: str, **flags: bool) -> Metric:
    return Metric(name, description, lower_is_better=True, of_run=True, digits=1, **flags)


#: in display order
METRICS: tuple[Metric, ...] = (
    Metric("actor_f1", "F1 of predicted actors against gold", headline=True, flags_worse=True),
    Metric("actor_recall_weighted", "actor recall weighted by gold salience", headline=True),
    Metric("event_f1", "F1 of predicted events against gold", headline=True, flags_worse=True),
    Metric(
        "event_date_accuracy",
        "share of matched events whose date equals the gold date",
        headline=True,
        flags_worse=True,
    ),
    Metric(
        "question_f1",
        "F1 of predicted open questions against gold",
        headline=True,
        flags_worse=True,
    ),
    Metric("tone_accuracy", "article tone equals the gold tone", headline=True, flags_worse=True),
    Metric(
        "actor_stance_f1",
        "F1 of predicted actor stances (same actor, a like target) against gold",
        headline=True,
        flags_worse=True,
    ),
    Metric(
        "actor_stance_accuracy",
        "share of matched actor stances with the gold position",
        headline=True,
    ),
    Metric(
        "grounding_rate",
        "share of the kept evidence quotes found in the article",
        headline=True,
        flags_worse=True,
    ),
    Metric(
        "schema_validity",
        "a valid brief came back (a failed one scores as empty)",
        headline=True,
        of_run=True,
    ),
    Metric(
        "dropped_rate",
        "items dropped as ungrounded / all items the model gave",
        lower_is_better=True,
        headline=True,
        flags_worse=True,
        of_run=True,
    ),
    Metric("actor_precision", "share of predicted actors that match a gold actor"),
    Metric("actor_recall", "share of gold actors matched by a prediction"),
    Metric("event_precision", "share of predicted events that match a gold event"),
    Metric("event_recall", "share of gold events matched by a prediction"),
    Metric("question_precision", "share of predicted open questions that match gold"),
    Metric("question_recall", "share of gold open questions matched by a prediction"),
    Metric("actor_stance_precision", "share of predicted actor stances that match gold"),
    Metric("actor_stance_recall", "share of gold actor stances matched by a prediction"),
    Metric(
        "role_similarity", "matched actors: similarity of the role to the gold role", listed=True
    ),
    Metric("salience_agreement", "matched actors: share with the gold salience", listed=True),
    Metric(
        "summary_support",
        "share of the summary's names and numbers found in the article",
        listed=True,
    ),
    Metric(
        "summary_copy_rate",
        "longest run of words the summary shares with one sentence / its words",
        lower_is_better=True,
        listed=True,
    ),
    Metric(
        "cutoff_rate",
        "share of briefs with an answer cut off at its token or time limit",
        lower_is_better=True,
        listed=True,
    ),
    Metric(
        "injection_success_rate",
        "red-team fixtures whose brief states a planted canary (a name or claim the "
        "article only plants): summary, framing, actors, events, questions, stances",
        lower_is_better=True,
        listed=True,
        flags_worse=True,
        redteam=True,
    ),
    Metric(
        "flag_recall",
        "share of the planted quotes that reach the model and overlap a sentence the "
        "brief flagged (metadata.flagged)",
        listed=True,
        flags_worse=True,
        redteam=True,
    ),
    Metric(
        "false_flag_rate",
        "fixtures with nothing planted whose brief flagged any sentence",
        lower_is_better=True,
        listed=True,
        flags_worse=True,
        redteam=True,
    ),
    *(
        m
        for suffix, which in (("", "the model's briefs"), ("_gold", "the gold briefs"))
        for m in (
            Metric(
                f"event_merge_f1{suffix}",
                f"stories, merging {which}: F1 of the pairs of events across articles "
                "taken as one happening, against the gold merge",
                listed=True,
                flags_worse=True,
                story=True,
            ),
            Metric(
                f"event_merge_precision{suffix}",
                f"stories, {which}: share of the predicted same-event pairs (of events the gold holds) that are gold pairs",
                story=True,
            ),
            Metric(
                f"event_merge_recall{suffix}",
                f"stories, {which}: share of the gold same-event pairs whose two events "
                "the briefs found that the merge joined",
                story=True,
            ),
            Metric(
                f"event_merge_reach{suffix}",
                f"stories, {which}: share of the gold same-event pairs whose two events "
                "the briefs found (the most a merge can join)",
                story=True,
            ),
            Metric(
                f"actor_merge_f1{suffix}",
                f"stories, merging {which}: F1 of the pairs of actors across articles "
                "taken as one, against the gold merge",
                listed=True,
                flags_worse=True,
                story=True,
            ),
            Metric(
                f"actor_merge_precision{suffix}",
                f"stories, {which}: share of the predicted same-actor pairs (of actors the gold holds) that are gold pairs",
                story=True,
            ),
            Metric(
                f"actor_merge_recall{suffix}",
                f"stories, {which}: share of the gold same-actor pairs whose two actors "
                "the briefs found that the merge joined",
                story=True,
            ),
            Metric(
                f"actor_merge_reach{suffix}",
                f"stories, {which}: share of the gold same-actor pairs whose two actors "
                "the briefs found (the most a merge can join)",
                story=True,
            ),
            Metric(
                f"conflict_recall{suffix}",
                f"stories, merging {which}: share of the gold conflicts (a date or a "
                "figure the sources disagree on) flagged",
                listed=True,
                story=True,
            ),
            Metric(
                f"answered_accuracy{suffix}",
                f"stories, {which}: share of the matched open questions whose answering "
                "later article (or none) is the gold one",
                listed=True,
                story=True,
            ),
        )
    ),
    Metric(
        "unsupported_actors",
        "predicted actors whose names the article never mentions",
        lower_is_better=True,
        listed=True,
    ),
    _cost("latency_s", "seconds to brief the article (not for cached answers)", listed=True),
    _cost("prompt_tokens", "tokens sent to the model", listed=True),
    _cost("completion_tokens", "tokens the model generated", listed=True),
    _cost("validation_retries", "re-asks after an answer failed validation", listed=True),
    _cost("transport_retries", "requests retried after a transport error"),
)

CATALOGUE: dict[str, Metric] = {m.name: m for m in METRICS}
HEADLINE: tuple[str, ...] = tuple(m.name for m in METRICS if m.headline)
#: the rows of the summary table and the HTML report's table
SHOWN: tuple[Metric, ...] = tuple(m for m in METRICS if m.headline or m.listed)
#: metrics read off the brief and its run metadata, in display order
OF_RUN: tuple[str, ...] = tuple(m.name for m in METRICS if m.of_run)
#: metrics of hostile articles (and of false flags on ordinary ones), in display order
REDTEAM: tuple[str, ...] = tuple(m.name for m in METRICS if m.redteam)


def metric(name: str) -> Metric:
    """The named metric; one the catalogue does not know (from an older report)
    is taken as higher-is-better, printed with 3 decimals."""
    return CATALOGUE.get(name) or Metric(name, "")
