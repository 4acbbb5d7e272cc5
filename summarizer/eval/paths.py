"""Where the evaluation finds its files when the user names none.

The defaults live in a repository's ``evals/`` folder (``fixtures/``,
``baseline/``, ``runs/``): the working directory's when it has one, else the
source checkout this package runs from (an editable install), so the commands
work from any folder there. An installed package carries no fixtures; then the
error says where it looked and what to pass. The fixture format's description
ships inside the package, so it is always at hand: :func:`format_doc`.
"""

from __future__ import annotations

from pathlib import Path

from ..errors import EvalFilesError

#: the source checkout holding this package (meaningful for an editable install)
CHECKOUT = Path(__file__).resolve().parents[2]


def format_doc() -> Path:
    """The fixture format's description: in the package, or ``evals/FIXTURES.md``
    in a source checkout."""
    packaged = Path(__file__).parent / "FIXTURES.md"
    return packaged if packaged.is_file() else CHECKOUT / "evals" / "FIXTURES.md"


def _places() -> list[Path]:
    return list(dict.fromkeys([Path.cwd() / "evals", CHECKOUT / "evals"]))


def evals_dir() -> Path | None:
    """The first ``evals/`` folder that holds ``fixtures/``, or None."""
    return next((p for p in _places() if (p / "fixtures").is_dir()), None)


def default_fixtures() -> Path:
    found = evals_dir()
    if found is None:
        looked = " nor ".join(str(p / "fixtures") for p in _places())
        raise EvalFilesError(
            f"no fixtures folder: neither {looked} exists",
            hint="pass --fixtures DIR, a folder of <id>.txt + <id>.json pairs "
            f"(the format: {format_doc()})",
        )
    return found / "fixtures"


def default_baseline() -> Path:
    """The committed baseline run (``evals/baseline``)."""
    found = next((p for p in _places() if (p / "baseline" / "report.json").is_file()), None)
    if found is None:
        looked = " nor ".join(str(p / "baseline" / "report.json") for p in _places())
        raise EvalFilesError(
            f"no baseline run: neither {looked} exists",
            hint="name the runs to compare: folders written by `summarizer eval run --out DIR`",
        )
    return found / "baseline"


def default_run_dir() -> Path:
    """Where a run is written when no folder is named: ``runs/latest`` beside the
    fixtures found, else under the working directory's ``evals/``."""
    return (evals_dir() or Path.cwd() / "evals") / "runs" / "latest"
