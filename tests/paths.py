"""Where the project's sample files are: plain constants for the tests and the
benchmarks alike (no pytest here; the fixtures are in ``conftest``)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: the article that started the project
SEED = ROOT / "examples" / "seed-lukashenko-venezuela.txt"
#: a whole-brief answer grounded in the seed, as a model would send it
SEED_DRAFT = Path(__file__).parent / "data" / "seed_draft.json"
