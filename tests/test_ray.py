"""``--engine ray`` on a real local Ray cluster (one per test session: 2 CPUs, no
dashboard) against the loopback OpenAI-compatible server: the same records as
the local batch, resume, typed errors once, an actor killed mid-run."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
import time

import pytest

from summarizer import Summarizer
from summarizer.backends.fleet import health_lines
from summarizer.batch import BatchInput, recorded, run_batch
from summarizer.errors import ConfigurationError, EmptyArticleError, InputError
from tests.openai_server import Action
from tests.paths import ROOT
from tests.test_batch import cli, lines
from tests.test_fleet import dead_url

ray = pytest.importorskip("ray", reason="the ray extra is not installed")
pytest.importorskip("ray.data")


@pytest.fixture(scope="session")
def ray_cluster():
    if not ray.is_initialized():
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield ray
    ray.shutdown()


def articles(n: int) -> list[BatchInput]:
    """``n`` different articles: the eval fixtures' texts, in order."""
    texts = sorted((ROOT / "evals" / "fixtures").glob("*.txt"))
    return [BatchInput(f"{i:03d}-{p.stem}", p.read_text()) for i, p in enumerate(texts[:n])]


def briefs(path) -> dict[str, dict]:
    """Each id's record, without what differs between two runs of the same brief."""
    out = {}
    for entry in lines(path):
        if entry["ok"]:
            entry["brief"]["metadata"].pop("latency_s")
        out[entry["id"]] = entry
    return out


def summarizer_for(server) -> Summarizer:
    return Summarizer("openai", base_url=server.url, api_key="sk-ray-test-key", model="m")


def test_ray_batch_writes_the_same_records_as_the_local_batch(ray_cluster, fake_openai, tmp_path):
    inputs = articles(50)
    local, on_ray = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    s = summarizer_for(fake_openai)
    assert run_batch(s, inputs, local, jobs=8).ok
    requests = len(fake_openai.requests)
    summary = run_batch(s, inputs, on_ray, jobs=8, engine="ray")
    assert summary.ok and summary.done == 50
    assert len(fake_openai.requests) == 2 * requests  # each article briefed once
    assert [e["id"] for e in lines(on_ray)].count(inputs[0].id) == 1
    assert briefs(on_ray) == briefs(local)


def test_ray_batch_resumes_and_records_a_failure_once(ray_cluster, fake_openai, tmp_path):
    inputs = articles(8)
    out = tmp_path / "out.parquet"  # a Parquet output: the same records, resumable
    down = dead_url()  # a fleet with one server down for the whole run
    s = Summarizer("openai", base_url=[down, fake_openai.url], api_key="sk-ray-test-key")
    first = run_batch(s, inputs[:3], out, jobs=4, engine="ray")
    assert first.done == 3 and not (tmp_path / "out.parquet.partial.jsonl").exists()
    asked = len(fake_openai.requests)
    bad = [BatchInput("empty", "   "), BatchInput("unreadable", error=EmptyArticleError("no"))]
    second = run_batch(s, inputs + bad, out, jobs=4, engine="ray")
    assert (second.skipped, second.done, second.failed) == (3, 5, 2)
    assert len(fake_openai.requests) == asked * 8 // 3  # only the 5 new articles asked
    import pyarrow.parquet as pq

    rows = pq.read_table(out).to_pylist()
    assert sorted(r["id"] for r in rows) == sorted([i.id for i in inputs] + ["empty", "unreadable"])
    errors = {r["id"]: json.loads(r["error"]) for r in rows if not r["ok"]}
    assert errors["empty"]["type"] == "EmptyArticleError" and errors["empty"]["hint"]
    assert recorded(out) == {r["id"]: r["ok"] for r in rows}
    # the actors' fleets counted the dead server's refusals for the caller's summary
    (line,) = health_lines(s.backend)
    assert line.startswith(f"server {down}: ") and "connection refused" in line


def test_an_actor_killed_mid_run_loses_nothing_and_duplicates_nothing(
    ray_cluster, fake_openai, tmp_path
):
    fake_openai.script(Action(delay=0.3))
    inputs = articles(16)
    out = tmp_path / "out.jsonl"
    killed: list[int] = []

    def kill_an_actor() -> None:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not killed:
            if out.exists() and len(out.read_text().splitlines()) >= 2:
                pids = actor_pids()
                if pids:
                    os.kill(pids[0], signal.SIGKILL)
                    killed.append(pids[0])
            time.sleep(0.05)

    killer = threading.Thread(target=kill_an_actor)
    killer.start()
    summary = run_batch(summarizer_for(fake_openai), inputs, out, jobs=4, engine="ray", actors=2)
    killer.join()
    assert killed, "no actor was killed"
    assert summary.ok and summary.done == 16
    ids = [e["id"] for e in lines(out)]
    assert sorted(ids) == sorted(i.id for i in inputs)  # each once


def actor_pids() -> list[int]:
    """The processes of this session's briefing actors (Ray names them after the class)."""
    ps = subprocess.run(["ps", "-eo", "pid=,args="], capture_output=True, text=True).stdout
    return [
        int(line.split(None, 1)[0])
        for line in ps.splitlines()
        if "_Briefer" in line and "ray::" in line
    ]


def test_summarize_many_on_ray_keeps_order_and_typed_errors(ray_cluster, fake_openai, seed_text):
    s = summarizer_for(fake_openai)
    results = s.summarize_many([seed_text, "", (seed_text, "2025-12-12")], engine="ray")
    assert [r.index for r in results] == [0, 1, 2]
    assert results[0].ok and results[2].brief.metadata.published == "2025-12-12"
    assert isinstance(results[1].error, EmptyArticleError) and results[1].error.hint


def test_a_summarizer_from_a_backend_instance_cannot_go_to_ray(fake_openai, seed_text):
    s = Summarizer(summarizer_for(fake_openai).backend)
    with pytest.raises(ConfigurationError, match="cannot be rebuilt"):
        s.summarize_many([seed_text], engine="ray")


def test_eval_run_on_ray_gives_the_local_predictions(ray_cluster, fake_openai, tmp_path):
    # the CLI in a process of its own, joining this session's cluster
    fixtures = ["--fixtures", str(ROOT / "evals" / "fixtures"), "--limit", "4"]
    common = [*fixtures, "--base-url", fake_openai.url, "--no-cache", "--jobs", "2"]
    local = cli("eval", "run", *common, "--out", str(tmp_path / "local"))
    address = ray_cluster.get_runtime_context().gcs_address
    on_ray = cli(
        "eval", "run", *common, "--out", str(tmp_path / "ray"),
        "--engine", "ray", "--ray-address", address,
    )  # fmt: skip
    assert local.returncode == on_ray.returncode, on_ray.stderr.decode()[-2000:]
    assert b"Traceback" not in on_ray.stderr
    predicted = sorted((tmp_path / "local" / "predictions").glob("*.json"))
    assert len(predicted) == 4, "every fixture briefed locally, so there is something to compare"
    for p in predicted:
        a = json.loads(p.read_text())
        b = json.loads((tmp_path / "ray" / "predictions" / p.name).read_text())
        a["brief"]["metadata"].pop("latency_s")
        b["brief"]["metadata"].pop("latency_s")
        assert a == b
    report = json.loads((tmp_path / "ray" / "report.json").read_text())
    assert report["config"]["engine"] == "ray"


def test_parquet_input_reads_rows_and_makes_a_bad_row_a_failed_input(tmp_path):
    import datetime

    import pyarrow as pa
    import pyarrow.parquet as pq

    from summarizer.batch import read_inputs

    source = tmp_path / "articles.parquet"
    table = pa.table(
        {
            "id": ["a", "b", None],
            "text": ["First article.", None, "Third article."],
            "published": [datetime.date(2025, 6, 3), None, None],
        }
    )
    pq.write_table(table, source)
    a, b, c = read_inputs(source)
    assert (a.id, a.text, a.published, a.error) == ("a", "First article.", "2025-06-03", None)
    assert b.id == "line-2" and "text" in b.error.message
    assert (c.id, c.text) == ("line-3", "Third article.")
    (tmp_path / "broken.parquet").write_text("not parquet")
    with pytest.raises(InputError, match="cannot read the Parquet file"):
        list(read_inputs(tmp_path / "broken.parquet"))
