"""Batches over a folder or JSONL: one line per article, failures kept, resume after a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from tests.openai_server import Action


def cli(*args: str, **kw) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI")}
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args], capture_output=True, env=env, timeout=120, **kw
    )


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_folder_batch_keeps_failures_per_article_and_resumes(fake_openai, seed_text, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "a.txt").write_text(seed_text)
    (folder / "b.html").write_text(
        f"<html><body><article><p>{seed_text}</p></article></body></html>"
    )
    (folder / "c.txt").write_bytes(b"caf\xe9 au lait")  # not UTF-8
    (folder / "d.txt").write_text("   \n")  # empty
    (folder / "notes.json").write_text("{}")  # not an article file: ignored
    out = tmp_path / "out.jsonl"
    args = ("brief", "--batch", str(folder), "-o", str(out), "--base-url", fake_openai.url)
    first = cli(*args, "--jobs", "2")
    assert first.returncode == 9, first.stderr.decode()
    results = {r["id"]: r for r in lines(out)}
    assert set(results) == {"a.txt", "b.html", "c.txt", "d.txt"}
    assert results["a.txt"]["ok"] and results["b.html"]["ok"]
    assert results["a.txt"]["brief"]["metadata"]["published"] == "2025-12-11"
    assert results["c.txt"]["error"]["type"] == "ArticleEncodingError"
    assert results["d.txt"]["error"]["type"] == "EmptyArticleError"
    calls = len(fake_openai.requests)
    assert calls == sum(results[k]["brief"]["metadata"]["calls"] for k in ("a.txt", "b.html"))

    again = cli(*args)  # nothing new to do, and the status still says not all succeeded
    assert again.returncode == 9 and len(fake_openai.requests) == calls
    assert len(lines(out)) == 4 and b"4 already in" in again.stderr

    (folder / "c.txt").write_text(seed_text)
    (folder / "d.txt").write_text(seed_text)
    fixed = cli(*args, "--retry-failed")
    assert fixed.returncode == 0, fixed.stderr.decode()
    latest = {r["id"]: r["ok"] for r in lines(out)}  # the last line for an id wins
    per_article = results["a.txt"]["brief"]["metadata"]["calls"]
    assert all(latest.values()) and len(fake_openai.requests) == calls + 2 * per_article


def test_jsonl_batch_with_a_bad_line(fake_openai, seed_text, tmp_path):
    source = tmp_path / "articles.jsonl"
    source.write_text(
        json.dumps({"id": "seed", "text": seed_text, "published": "2025-12-12"})
        + "\nnot json\n"
        + json.dumps({"id": "bad-date", "text": seed_text, "published": "soon"})
        + "\n"
    )
    out = tmp_path / "out.jsonl"
    result = cli("brief", "--batch", str(source), "-o", str(out), "--base-url", fake_openai.url)
    assert result.returncode == 9
    results = {r["id"]: r for r in lines(out)}
    assert results["seed"]["brief"]["metadata"]["published"] == "2025-12-12"
    assert results["line-2"]["error"]["type"] == "InputError"
    assert results["bad-date"]["error"]["type"] == "InputError"


def test_batch_needs_an_output_file(tmp_path):
    result = cli("brief", "--batch", str(tmp_path))
    assert result.returncode == 2 and b"--output" in result.stderr


def test_killed_batch_resumes_losing_nothing_and_doing_nothing_twice(
    fake_openai, seed_text, tmp_path
):
    folder = tmp_path / "in"
    folder.mkdir()
    ids = [f"article-{i}.txt" for i in range(6)]
    for name in ids:
        (folder / name).write_text(seed_text)
    fake_openai.script(Action(delay=0.4))  # every answer takes a while
    out = tmp_path / "out.jsonl"
    args = [sys.executable, "-m", "summarizer", "brief", "--batch", str(folder), "-o", str(out)]
    args += ["--base-url", fake_openai.url, "-q"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if out.exists() and len(out.read_text().splitlines()) >= 2:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    before = lines(out)
    assert 2 <= len(before) < len(ids)

    resumed = subprocess.run(args, capture_output=True, timeout=120)
    assert resumed.returncode == 0, resumed.stderr.decode()
    after = lines(out)
    assert [r["id"] for r in after][: len(before)] == [r["id"] for r in before]
    assert sorted(r["id"] for r in after) == ids  # every article once: none lost, none twice
    assert all(r["ok"] for r in after)


def test_a_torn_last_line_is_repaired_before_resuming(tmp_path):
    from summarizer.batch import recorded

    out = tmp_path / "out.jsonl"
    out.write_text('{"id": "a", "ok": true}\n{"id": "b", "ok": tr')
    assert recorded(out) == {"a": True}
    assert out.read_text() == '{"id": "a", "ok": true}\n'


def test_ctrl_c_stops_cleanly_and_keeps_what_is_done(fake_openai, seed_text, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(8):
        (folder / f"a{i}.txt").write_text(seed_text)
    fake_openai.script(Action(delay=0.4))
    out = tmp_path / "out.jsonl"
    args = [sys.executable, "-m", "summarizer", "brief", "--batch", str(folder), "-o", str(out)]
    proc = subprocess.Popen(
        # one article at a time: a staged brief's passes make the articles in
        # flight finish together, and the interrupt must land mid-batch
        [*args, "--base-url", fake_openai.url, "-q", "--jobs", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        # as a terminal starts it: a shell without job control starts background
        # jobs with SIGINT ignored, and Python then keeps ignoring Ctrl-C
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not (out.exists() and out.read_text().count("\n") >= 2):
        time.sleep(0.05)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=30)
    assert proc.returncode == 130, stderr.decode()
    assert b"run again to resume" in stderr and b"Traceback" not in stderr
    kept = lines(out)
    assert 2 <= len(kept) < 8 and all(r["ok"] for r in kept)
