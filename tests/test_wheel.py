"""The built wheel ships the prompt files and the ``py.typed`` marker inside the package."""

from __future__ import annotations

import subprocess
import sys
import zipfile

from tests.conftest import ROOT


def test_wheel_contains_prompts(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("summarizer-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for prompt in sorted(p.name for p in (ROOT / "prompts").glob("*.md")):
        assert f"summarizer/prompts/{prompt}" in names
    assert any(n.startswith("summarizer/cli") for n in names)
    assert "summarizer/py.typed" in names  # type checkers read the annotations
    assert "summarizer/eval/FIXTURES.md" in names  # the fixture format, which help texts name
