from __future__ import annotations

import json

import pytest

from tests.openai_server import FakeOpenAI
from tests.paths import ROOT, SEED, SEED_DRAFT

__all__ = ["ROOT", "SEED", "SEED_DRAFT"]  # also imported from here by the test modules


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def seed_draft_json() -> str:
    return json.dumps(json.loads(SEED_DRAFT.read_text()))


@pytest.fixture
def fake_openai(seed_draft_json):
    with FakeOpenAI(default_args=seed_draft_json) as server:
        yield server


@pytest.fixture(autouse=True)
def _isolate_env(monkeypatch, tmp_path):
    for var in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "OPENAI_MODEL", "SUMMARIZER_BACKEND"):
        monkeypatch.delenv(var, raising=False)
