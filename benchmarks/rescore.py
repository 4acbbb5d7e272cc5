"""Re-scoring a finished eval run from its stored predictions (no model calls).

python -m benchmarks.rescore [RUN_DIR] [--fixtures evals/fixtures]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from summarizer.eval import load_fixtures, rescore, write_report


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("run_dir", nargs="?", default="evals/baseline", type=Path)
    ap.add_argument("--fixtures", default="evals/fixtures", type=Path)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()
    times = []
    for _ in range(args.repeats):
        t0 = time.perf_counter()
        report = rescore(args.run_dir, load_fixtures(args.fixtures))
        times.append(time.perf_counter() - t0)
    out = Path("/tmp/summarizer-rescore-bench")
    t0 = time.perf_counter()
    write_report(report, out)
    written = time.perf_counter() - t0
    print(f"{report.data['n_fixtures']} fixtures from {args.run_dir}")
    print(
        f"load + score: median {statistics.median(times):.3f}s, min {min(times):.3f}s, "
        f"max {max(times):.3f}s; writing JSON/HTML/JUnit {written:.3f}s"
    )


if __name__ == "__main__":
    main()
