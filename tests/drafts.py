"""Drafts the tests build by hand: an actor, the seed's whole-brief draft."""

from __future__ import annotations

import json

from summarizer.schema import ActorDraft, BriefDraft
from tests.paths import SEED_DRAFT


def actor_draft(name: str, *aliases: str, salience: str = "supporting") -> ActorDraft:
    return ActorDraft(
        name=name, aliases=list(aliases), kind="person", role="r", salience=salience, evidence=name
    )


def seed_draft() -> BriefDraft:
    return BriefDraft.model_validate(json.loads(SEED_DRAFT.read_text()))
