"""The evaluation harness, from Python.

>>> from summarizer import Summarizer
>>> from summarizer.eval import load_fixtures, evaluate, rescore, compare_runs, load_report
>>> report = evaluate(Summarizer(), load_fixtures("evals/fixtures"), Path("runs/new"))
>>> report.value("actor_f1")
>>> compare_runs(load_report(Path("evals/baseline")), report.data)["metrics"]["actor_f1"]
"""

from .catalogue import CATALOGUE, HEADLINE, METRICS, Metric
from .fixtures import Fixture, FixtureSet, load_fixtures
from .metrics import score_fixture
from .run import check_thresholds, compare_runs, evaluate, load_report, rescore, write_report
from .score import Report, build_report

__all__ = [
    "CATALOGUE",
    "HEADLINE",
    "METRICS",
    "Metric",
    "Fixture",
    "FixtureSet",
    "Report",
    "build_report",
    "check_thresholds",
    "compare_runs",
    "evaluate",
    "load_fixtures",
    "load_report",
    "rescore",
    "score_fixture",
    "write_report",
]
