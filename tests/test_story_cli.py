"""`summarizer story`, `Summarizer.summarize_story` and `eval run --stories`
against a real HTTP server on 127.0.0.1 (the model's short answers are built
from each request's schema: every "does this sentence answer?" is a yes)."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys

from summarizer import Summarizer
from summarizer.eval.stories import gold_brief, load_story, score_story
from summarizer.story.merge import Story
from tests.openai_server import FakeOpenAI
from tests.test_story import FERRY


def _dated(tmp_path, n: int) -> list[str]:
    """The ferry story's first ``n`` articles as files, each with its date line."""
    story = load_story(FERRY)
    files = []
    for i in story.gold.articles[:n]:
        f = story.articles[i]
        path = tmp_path / f"{i}.txt"
        path.write_text(f"date {f.published.isoformat()}\n{f.text}", encoding="utf-8")
        files.append(str(path))
    return files


def _run(server, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("OPENAI")}
    env["OPENAI_API_KEY"] = "sk-story-planted-secret-1234"
    return subprocess.run(
        [sys.executable, "-m", "summarizer", *args, "--base-url", server.url, "--model", "m"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )


def test_story_merges_articles_in_publication_order_and_follows_their_questions(tmp_path):
    files = _dated(tmp_path, 3)
    cache = tmp_path / "cache"
    with FakeOpenAI() as server:
        done = _run(
            server, "story", files[2], *files[:2], "-f", "json", "--cache-dir", str(cache), "-q"
        )  # the third first: publication order out (the first two share a date: as given)
        assert done.returncode == 0, done.stderr
        story = Story.model_validate_json(done.stdout)
        asked = len(server.requests)
        again = _run(server, "story", *files, "-f", "markdown", "--cache-dir", str(cache))
    assert [a.id for a in story.articles] == [os.path.basename(f) for f in files]
    assert any(len({s.article for s in e.sources}) >= 2 for e in story.timeline)
    judged = [r for r in server.requests if r.body["tools"][0]["function"]["name"] == "Verdicts"]
    # the merge's only model calls are the judgments, counted in the story; the
    # loopback's questions share no three words with a later sentence, so none is
    # put to the model (test_followup.py judges scripted pairs)
    assert story.calls == len(judged) == 0
    # run again: every answer replayed from the cache, the same story in Markdown
    assert again.returncode == 0, again.stderr
    assert len(server.requests) == asked
    assert again.stdout.startswith("# Story — ") and "## Timeline" in again.stdout
    assert "sk-story-planted" not in done.stderr + again.stderr


def test_a_bad_article_fails_alone_and_the_story_is_still_told(tmp_path):
    files = _dated(tmp_path, 2)
    empty = tmp_path / "empty.txt"
    empty.write_text("   \n", encoding="utf-8")
    with FakeOpenAI() as server:
        done = _run(server, "story", *files, str(empty), "-f", "json", "--no-cache")
    assert done.returncode == 9, done.stderr  # a batch finished, some articles failed
    story = Story.model_validate_json(done.stdout)
    failed = [a for a in story.articles if a.error]
    assert [a.id for a in failed] == ["empty.txt"]
    assert len(story.articles) == 3 and story.timeline
    assert "failed: empty.txt" in done.stderr and "Traceback" not in done.stderr


def test_summarize_story_in_python_sync_and_async():
    story = load_story(FERRY)
    ids = story.gold.articles[:2]
    articles = {i: (story.articles[i].text, story.articles[i].published) for i in ids}
    with FakeOpenAI() as server:
        summarizer = Summarizer("openai", base_url=server.url, api_key="k", model="m")
        told = summarizer.summarize_story(articles)
        told_async = asyncio.run(summarizer.asummarize_story(list(articles.values())))
    assert [a.id for a in told.articles] == ids
    assert [a.id for a in told_async.articles] == ["1", "2"]  # a sequence is numbered
    assert len(told.timeline) == len(told_async.timeline) > 0


def test_eval_run_stories_scores_each_story_and_rescores_without_the_model(tmp_path):
    stories = tmp_path / "stories"
    shutil.copytree(FERRY, stories / FERRY.name)
    out, cache = tmp_path / "run", tmp_path / "cache"
    with FakeOpenAI() as server:
        args = ["eval", "run", "--stories", str(stories), "--out", str(out)]
        done = _run(server, *args, "--cache-dir", str(cache))
    assert done.returncode == 0, done.stderr
    report = json.loads((out / "report.json").read_text())
    entry = report["fixtures"][FERRY.name]["metrics"]
    # the gold briefs' merge is code's alone: the same as scoring it here
    story = load_story(FERRY)
    expected = score_story(story, {a: gold_brief(f) for a, f in story.articles.items()})
    assert entry["event_merge_f1_gold"] == expected.metrics()["event_merge_f1"]
    assert entry["answered_accuracy_gold"] is not None and "event_merge_f1" in entry
    assert report["aggregate"]["event_merge_f1_gold"]["n"] == 1
    assert len([f for f in report["fixtures"] if f != FERRY.name]) == len(story.articles)
    assert "event_merge" in done.stdout  # listed in the summary table
    # scored again from the run alone (no server): the same story metrics
    rescored = subprocess.run(
        [sys.executable, "-m", "summarizer", "eval", "score", str(out), "--stories", str(stories)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert rescored.returncode == 0, rescored.stderr
    again = json.loads((out / "report.json").read_text())["fixtures"][FERRY.name]["metrics"]
    assert again == entry
