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
    assert "summarizer/cli/__init__.py" in names  # the command, a package since issue 14
    entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert "summarizer = summarizer.cli:app" in zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "summarizer/py.typed" in names  # type checkers read the annotations
    assert "summarizer/eval/FIXTURES.md" in names  # the fixture format, which help texts name
