"""The load test with faults: 1,000 short articles through ``summarizer batch`` at
concurrency 32 against two loopback OpenAI-compatible servers (a fleet), whose
answers are fixed staged answers built from each request's schema.

    python -m benchmarks.load [--articles 1000] [--modes local faults resume ray]

Modes, each a real ``summarizer batch`` process (``--jobs 16`` per server, two
servers: 32 requests at once), timed from start to exit:

- ``local``: no faults; the baseline the others are a ratio to.
- ``faults``: each request meets a fault by chance: 5% a 5xx answer, 2% a
  connection reset, 1% truncated JSON, 1% an answer slower than the client's
  timeout (2 s); and one server of the two is killed (SIGKILL) when a third of
  the articles are done, and started again on its port 3 s later.
- ``resume``: as ``faults``, and the batch process itself is killed (SIGKILL)
  each time ~100 more articles are written, then started again on the same
  output; its output is compared with the ``faults`` run's, id for id.
- ``ray-clean`` and ``ray``: ``--engine ray`` (2 actors, 16 requests at once
  each) on a local Ray cluster that this process starts once (2 CPUs, no
  dashboard), without and with the faults; in ``ray`` one briefing actor is
  also killed (``kill -9``) when a third of the articles are done.

For each mode: articles accounted for (a brief, or one typed error record
each), lost, duplicated, failed with a typed error, and wall time as a ratio
to the fault-free run of the same engine in this invocation. Ray's row against
``local`` is the throughput ratio of the engines.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import multiprocessing
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.throughput import Respond, http_response, serve
from tests.openai_server import answer_for, completion

FAULTS = {"5xx": 0.05, "reset": 0.02, "truncated": 0.01, "slow": 0.01}
TIMEOUT = 2.0  # the client's timeout for one request
SLOW = 3.0  # a slow answer: past the timeout
DELAY = 0.05  # every other answer: the model's time
JOBS = 16  # per server: 32 in all


# --- the servers -------------------------------------------------------------------
def _respond(faults: dict[str, float], seed: int) -> Respond:
    rng = random.Random(seed)
    answers: dict[str, bytes] = {}  # each question's answer (its schema's example), made once

    async def respond(raw: bytes) -> bytes | None:
        roll, fault = rng.random(), None
        for kind, share in faults.items():
            if roll < share:
                fault = kind
                break
            roll -= share
        if fault == "reset":
            return None
        await asyncio.sleep(SLOW if fault == "slow" else DELAY)
        if fault == "5xx":
            return http_response(b'{"error": {"message": "injected"}}', rng.choice([500, 502, 503]))
        request = json.loads(raw)
        function = request["tools"][0]["function"] if request.get("tools") else {}
        # the schema names the article's own actors: the answer is the same for the
        # same request, whichever article asked first
        key = json.dumps(function, sort_keys=True)
        if fault == "truncated":
            args = answer_for(request)["choices"][0]["message"]["tool_calls"][0]["function"]
            cut = completion(tool_args=args["arguments"][:-7], tool_name=function.get("name"))
            return http_response(json.dumps(cut).encode())
        if key not in answers:
            answers[key] = http_response(json.dumps(answer_for(request)).encode())
        return answers[key]

    return respond


class Server:
    """A loopback server in a process of its own, which can be killed and started
    again on the same port."""

    def __init__(self, faults: dict[str, float], seed: int) -> None:
        self.faults, self.seed, self.port = faults, seed, 0
        self.start()

    def start(self) -> None:
        parent, child = multiprocessing.Pipe()
        respond = _respond(self.faults, self.seed)
        self.process = multiprocessing.Process(
            target=serve, args=(child, respond, self.port), daemon=True
        )
        self.process.start()
        self.port = parent.recv()
        self.seed += 1  # a restarted server meets other faults

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def kill(self) -> None:
        if self.process.is_alive():
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.join()


# --- the articles --------------------------------------------------------------------
CITIES = ["Lagos", "Lyon", "Porto", "Gdansk", "Accra", "Leeds", "Bilbao", "Turin", "Graz", "Cork"]
THINGS = ["tram line", "flood barrier", "school meals plan", "bridge repair", "housing fund"]
PEOPLE = ["Ada Okafor", "Jean Morel", "Rui Costa", "Anna Nowak", "Kofi Mensah", "Sara Hill"]


def write_articles(n: int, path: Path) -> list[str]:
    """``n`` short, different news articles as JSONL; their ids."""
    rng = random.Random(7)
    ids = []
    with path.open("w") as fh:
        for i in range(n):
            city, thing, who = rng.choice(CITIES), rng.choice(THINGS), rng.choice(PEOPLE)
            money = rng.randint(2, 90)
            text = (
                f"{city} council approves {money} million euro {thing}\n\n"
                f"The city council of {city} voted on Tuesday to spend {money} million euros "
                f"on a new {thing}, the mayor's office said. Mayor {who} said the work would "
                f"start in the spring and end within {rng.randint(2, 5)} years. "
                f"Opposition members said the plan was too costly and asked for an audit. "
                f"Residents will be consulted at {rng.randint(3, 9)} public meetings."
            )
            ids.append(f"article-{i:04d}")
            fh.write(json.dumps({"id": ids[-1], "text": text, "published": "2025-06-03"}) + "\n")
    return ids


# --- one run ---------------------------------------------------------------------------
@dataclass
class Run:
    mode: str
    wall: float = 0.0
    kills: list[str] = field(default_factory=list)
    records: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def count_lines(path: Path) -> int:
    try:
        with path.open("rb") as fh:
            return sum(1 for _ in fh)
    except FileNotFoundError:
        return 0


def when_written(out: Path, n: int, action: Callable[[], None], stop: threading.Event) -> None:
    """Run ``action`` (in a thread) once ``out`` holds ``n`` records."""

    def watch() -> None:
        while not stop.is_set():
            if count_lines(out) >= n:
                action()
                return
            time.sleep(0.02)

    threading.Thread(target=watch, daemon=True).start()


def batch_command(source: Path, out: Path, servers: list[Server], ray_address: str | None):
    cmd = [sys.executable, "-m", "summarizer", "batch", str(source), "-o", str(out), "-q"]
    cmd += ["--jobs", str(JOBS), "--timeout", str(TIMEOUT), "--deadline", "120"]
    cmd += ["--model", "bench", "--api-key", "sk-bench-not-a-key"]
    for server in servers:
        cmd += ["--base-url", server.url]
    if ray_address:
        cmd += ["--engine", "ray", "--ray-address", ray_address, "--actors", "2"]
    return cmd


def run_mode(mode: str, source: Path, n: int, work: Path, ray_address: str | None) -> Run:
    faulty = mode in ("faults", "resume", "ray")
    servers = [Server(FAULTS if faulty else {}, seed) for seed in (1, 1000)]
    out = work / f"{mode}.jsonl"
    run = Run(mode)
    stop = threading.Event()
    stderr = (work / f"{mode}.stderr").open("wb")
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI")}
    try:
        if faulty:

            def kill_server() -> None:
                servers[1].kill()
                run.kills.append("server")
                time.sleep(3)
                servers[1].start()

            when_written(out, n // 3, kill_server, stop)
        if mode == "ray":

            def kill_actor() -> None:
                pids = actor_pids()
                if pids:
                    os.kill(pids[0], signal.SIGKILL)
                    run.kills.append(f"actor {pids[0]}")

            when_written(out, n // 3 + 20, kill_actor, stop)
        cmd = batch_command(source, out, servers, ray_address if mode.startswith("ray") else None)
        started = time.perf_counter()
        if mode == "resume":
            runs = 0
            while True:
                runs += 1
                proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=stderr, env=env)
                target = count_lines(out) + 100
                while proc.poll() is None:
                    if count_lines(out) >= target:
                        proc.send_signal(signal.SIGKILL)
                        proc.wait()
                        run.kills.append("batch")
                        break
                    time.sleep(0.02)
                if proc.returncode in (0, 9):
                    break
            run.notes.append(f"{runs} batch processes")
        else:
            code = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=stderr, env=env).returncode
            if code not in (0, 9):
                run.notes.append(f"exit code {code}")
        run.wall = time.perf_counter() - started
    finally:
        stop.set()
        stderr.close()
        for server in servers:
            server.kill()
    run.records = [json.loads(line) for line in out.read_text().splitlines()]
    return run


def actor_pids() -> list[int]:
    """The briefing actors' processes (Ray names them after the class)."""
    ps = subprocess.run(["ps", "-eo", "pid=,args="], capture_output=True, text=True).stdout
    return [
        int(ln.split(None, 1)[0]) for ln in ps.splitlines() if "ray::" in ln and "_Briefer" in ln
    ]


# --- the report --------------------------------------------------------------------------
def stable(record: dict[str, Any]) -> dict[str, Any]:
    """A record without the run counters that record the faults it met (time, calls,
    retries, tokens): what must be equal between two runs of the same article."""
    if not record["ok"]:
        return {"ok": False, "type": record["error"]["type"]}
    brief = dict(record["brief"])
    brief["metadata"] = {"published": brief["metadata"]["published"]}
    return brief


def row(run: Run, ids: list[str], baseline: Run | None) -> str:
    seen = [r["id"] for r in run.records]
    unique = set(seen)
    lost = len(set(ids) - unique)
    duplicated = len(seen) - len(unique)
    failed = sum(1 for r in run.records if not r["ok"] and r["error"].get("type"))
    briefed = sum(1 for r in run.records if r["ok"])
    ratio = f"{run.wall / baseline.wall:.2f}x" if baseline else "1.00x"
    killed = Counter(k.split()[0] for k in run.kills)
    kills = ", ".join(f"{what} x{n}" for what, n in sorted(killed.items())) or "-"
    return (
        f"| {run.mode} | {len(unique & set(ids))}/{len(ids)} | {briefed} | {failed} | {lost} | "
        f"{duplicated} | {run.wall:.1f} | {ratio} | {kills} |"
    )


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--articles", type=int, default=1000)
    ap.add_argument(
        "--modes",
        nargs="+",
        default=["local", "faults", "resume", "ray-clean", "ray"],
        choices=["local", "faults", "resume", "ray-clean", "ray"],
    )
    ap.add_argument("--keep", help="a folder to keep the outputs and logs in")
    args = ap.parse_args()
    work = Path(args.keep or tempfile.mkdtemp(prefix="summarizer-load-"))
    work.mkdir(parents=True, exist_ok=True)
    source = work / "articles.jsonl"
    ids = write_articles(args.articles, source)
    ray_address = None
    if any(m.startswith("ray") for m in args.modes):
        import ray

        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
        ray_address = ray.get_runtime_context().gcs_address
    runs: dict[str, Run] = {}
    for mode in args.modes:
        runs[mode] = run_mode(mode, source, args.articles, work, ray_address)
        print(f"{mode}: {runs[mode].wall:.1f} s", file=sys.stderr, flush=True)
    print(
        f"{args.articles} articles, 2 servers x --jobs {JOBS}; faults per request: "
        + ", ".join(f"{k} {v:.0%}" for k, v in FAULTS.items())
    )
    print(
        "| mode | accounted for | briefed | typed errors | lost | duplicated | wall s "
        "| vs fault-free | killed |\n|---|---:|---:|---:|---:|---:|---:|---:|---|"
    )
    for mode, run in runs.items():
        baseline = runs.get("ray-clean" if mode == "ray" else "local")
        print(row(run, ids, baseline if baseline is not run else None))
    if "local" in runs and "ray-clean" in runs:
        ratio = runs["local"].wall / runs["ray-clean"].wall
        print(f"\nray engine throughput, fault-free: {ratio:.2f}x the local batch's")
    if "faults" in runs and "resume" in runs:
        a = {r["id"]: stable(r) for r in runs["faults"].records}
        b = {r["id"]: stable(r) for r in runs["resume"].records}
        differ = sorted(i for i in set(a) | set(b) if a.get(i) != b.get(i))
        print(
            f"killed-and-resumed output vs uninterrupted: {len(differ)} of {len(ids)} ids differ"
            + (f" (e.g. {differ[:3]})" if differ else " (equal, id for id)")
        )
    for run in runs.values():
        for note in run.notes:
            print(f"{run.mode}: {note}")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
