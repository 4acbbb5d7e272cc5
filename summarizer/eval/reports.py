"""Eval reports: a terminal table, JUnit XML, and a self-contained HTML page."""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from rich.table import Table

from .harness import HEADLINE, Report


def _fmt(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _ci(entry: dict[str, Any]) -> str:
    ci = entry.get("ci")
    return "—" if not ci else f"[{ci[0]:.3f}, {ci[1]:.3f}]"


def summary_table(report: Report) -> Table:
    agg = report.data["aggregate"]
    table = Table(title=f"{report.data['n_fixtures']} fixtures · {report.data['config'].get('model', '')}")
    table.add_column("metric")
    table.add_column("mean", justify="right")
    table.add_column("95% CI", justify="right")
    table.add_column("micro", justify="right")
    table.add_column("n", justify="right")
    for name in [*HEADLINE, "unsupported_actors", "latency_s", "prompt_tokens", "completion_tokens"]:
        entry = agg.get(name)
        if not isinstance(entry, dict):
            continue
        micro = entry.get("micro")
        table.add_row(name, _fmt(entry.get("mean")), _ci(entry), _fmt(micro), str(entry.get("n", "")))
    return table


def compare_table(result: dict[str, Any]) -> Table:
    table = Table(title="B − A (paired bootstrap over shared fixtures)")
    for col in ("metric", "A", "B", "delta", "95% CI", "verdict"):
        table.add_column(col, justify="left" if col in ("metric", "verdict") else "right")
    for name, entry in result["metrics"].items():
        verdict = "noise" if not entry.get("significant") else ("better" if entry["delta"] > 0 else "worse")
        table.add_row(name, _fmt(entry.get("a")), _fmt(entry.get("b")), _fmt(entry.get("delta")),
                      _ci(entry), verdict)
    return table


def junit_xml(report: Report, failures: list[str] | None = None) -> str:
    """One testcase per fixture (error when no brief came back) and per threshold."""
    cases = []
    for fid, info in report.data["fixtures"].items():
        errs = [e for e in report.data["errors"] if e["fixture"] == fid]
        body = "".join(
            f"<error type={quoteattr(e['error_type'] or 'error')} message={quoteattr(e['error'] or '')}/>"
            for e in errs
        )
        f1 = info["metrics"].get("actor_f1")
        cases.append(f'<testcase classname="eval.fixtures" name={quoteattr(fid)}>'
                     f"{body}<system-out>{xml_escape(f'actor_f1={_fmt(f1)}')}</system-out></testcase>")
    for failure in failures or []:
        cases.append(f'<testcase classname="eval.thresholds" name={quoteattr(failure.split(" ")[0])}>'
                     f"<failure message={quoteattr(failure)}/></testcase>")
    errors = len(report.data["errors"])
    n_fail = len(failures or [])
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<testsuite name="summarizer-eval" tests="{len(cases)}" failures="{n_fail}" errors="{errors}">'
        + "".join(cases)
        + "</testsuite>\n"
    )
