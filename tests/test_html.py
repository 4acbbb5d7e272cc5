"""The HTML view: escaped, self-contained, and right in a real headless browser."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from summarizer.html import Mark, brief_to_html, highlight
from summarizer.schema import Brief, Evidence, RunMetadata

TEXT = (
    "Headline <script>alert('x')</script>\n\nThe union & the port met on Thursday. They disagreed."
)


def make_brief() -> Brief:
    start = TEXT.index("The union")
    return Brief(
        summary="A summary with <b>tags</b>.",
        key_actors=[
            {
                "name": "The union <img src=x onerror=alert(1)>",
                "aliases": [],
                "kind": "group",
                "role": "struck",
                "salience": "central",
                "evidence": Evidence(
                    quote="The union & the port met", start=start, end=start + 24, match="exact"
                ),
            }
        ],
        events=[
            {
                "what": "They met.",
                "date": "2025-12-11",
                "date_text": "on Thursday",
                "actors": [],
                "evidence": Evidence(
                    quote="met on Thursday",
                    start=TEXT.index("met on"),
                    end=TEXT.index("met on") + 15,
                    match="exact",
                ),
            }
        ],
        open_questions=[],
        stance={"article_tone": "neutral", "framing": "f", "actor_stances": []},
        metadata=RunMetadata(backend="local", model="m", prompt_version="v"),
    )


def test_everything_from_the_article_and_model_is_escaped():
    page = brief_to_html(make_brief(), TEXT, title="<title>")
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert" in page
    assert "<img src=x" not in page and "&lt;img src=x" in page
    assert "<b>tags</b>" not in page
    assert "http://" not in page and "https://" not in page, "self-contained: no external resources"


def test_highlight_clips_overlaps_and_keeps_text():
    html = highlight("abcdef", [Mark(0, 4, "a"), Mark(2, 6, "b")])
    assert html.count("<mark") == 2
    assert "abcd" in html and ">ef<" in html


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.browser
@pytest.mark.skipif(_chromium() is None, reason="Debian's chromium is not installed")
def test_page_in_headless_chromium(tmp_path):
    page = tmp_path / "brief.html"
    page.write_text(brief_to_html(make_brief(), TEXT, title="Port"), encoding="utf-8")
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run(
        [_chromium(), *flags, "--dump-dom", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout
    # The browser parsed two evidence marks linked to their items, and no injected element.
    assert dom.count('<mark class="evidence"') == 2
    assert 'href="#actor-0"' in dom and 'id="actor-0"' in dom
    assert "<img" not in dom and "<script>alert" not in dom
    shot = tmp_path / "brief.png"
    subprocess.run(
        [_chromium(), *flags, f"--screenshot={shot}", "--window-size=1200,800", page.as_uri()],
        capture_output=True,
        timeout=120,
    )
    assert shot.exists() and shot.stat().st_size > 5000
