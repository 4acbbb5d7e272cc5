"""Peak resident memory of one brief of the seed on the embedded default, in a
new process: after imports, after the model loads, and at the end.

    python -m benchmarks.memory

The weights are memory-mapped, so the pages of the GGUF file that inference
touches count as resident (and are shared with any other process mapping it).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

from tests.paths import ROOT, SEED

_CODE = """
import json, resource, sys
def peak():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
def now():
    for line in open("/proc/self/status"):
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
out = {}
from summarizer import Summarizer
from summarizer.backends.model_store import ensure_model
out["imports"] = (now(), peak())
s = Summarizer("local")
s.backend.llama
out["model loaded"] = (now(), peak())
brief = s.summarize(open(sys.argv[1]).read())
out["after one brief"] = (now(), peak())
out["_model_file"] = ensure_model().stat().st_size / 2**20
out["_context"] = s.backend.context_tokens
print(json.dumps(out))
"""


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    done = subprocess.run(
        [sys.executable, "-c", _CODE, str(SEED)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    out = json.loads(done.stdout.strip().splitlines()[-1])
    print(
        f"seed brief in a new process; model file {out.pop('_model_file'):.0f} MiB, "
        f"context {out.pop('_context')} tokens"
    )
    print(f"{'stage':<16} {'resident MiB':>12} {'peak MiB':>9}")
    for stage, (rss, peak) in out.items():
        print(f"{stage:<16} {rss:>12.0f} {peak:>9.0f}")


if __name__ == "__main__":
    main()
