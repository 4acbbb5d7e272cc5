"""Input: turn bytes or text into a clean :class:`Article`, or refuse clearly."""

from __future__ import annotations

import json
import logging
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from ..errors import (
    ArticleEncodingError,
    ArticleTooLargeError,
    EmptyArticleError,
    InputError,
    NotAnArticleError,
)
from .language import foreign
from .untrusted import mixed_script_warning, strip_invisible

log = logging.getLogger(__name__)

MAX_CHARS = 200_000  # about 30,000 words: far beyond any news article
_DATE_MARKER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})(?:[ \t]+|\s*\n)")
_HTML_START = re.compile(r"\A\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)
_TAG = re.compile(r"</?(p|div|span|a|br|article|section|h[1-6])\b[^>]*>", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0 and C1 controls
_HTML_DROP = "script, style, noscript, nav, header, footer, aside, form, iframe, svg, figure"
#: elements a reader of the page does not see: not article text, whatever they say
_HTML_HIDDEN = "[hidden], [aria-hidden], template, noscript"
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*(?:hidden|collapse)", re.I)
#: where a page states its publication date, most explicit first (then JSON-LD, then <time>)
_HTML_DATE_META = (
    'meta[property="article:published_time"]',
    'meta[property="og:article:published_time"]',
    'meta[itemprop="datePublished"]',
)
_ISO_DAY = re.compile(r"\A\s*(\d{4}-\d{2}-\d{2})")


@dataclass(frozen=True)
class Article:
    """The text the brief is made from; evidence offsets point into ``text``."""

    text: str
    published: date | None = None
    title: str | None = None


def parse_published(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InputError(
            f"publication date {value!r} is not a date", hint="give it as YYYY-MM-DD"
        ) from None


def decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ArticleEncodingError(
            f"the input is not UTF-8 text (byte {exc.start}: {data[exc.start : exc.start + 1]!r})"
        ) from None


def load_article(
    source: str | bytes,
    published: str | date | None = None,
    *,
    max_chars: int = MAX_CHARS,
) -> Article:
    """Clean and validate an article.

    - bytes must be UTF-8;
    - an HTML page is reduced to its main text (``<article>``, else ``<main>``,
      else ``<body>``, without navigation and scripts);
    - a leading ``date YYYY-MM-DD`` marker sets the publication date unless one
      is given, and is removed from the text; else an HTML page's own date
      (``article:published_time``, JSON-LD ``datePublished``, ``<time datetime>``);
    - control characters, zero-width characters and bidirectional controls are
      dropped (before anything reads the text: the brief's offsets index the
      cleaned text), line ends normalized;
    - empty or oversized text is refused.
    """
    text = decode(source) if isinstance(source, bytes) else source
    if len(text) > max_chars * 4:  # refuse before doing any work on a huge input
        raise ArticleTooLargeError(f"the input has {len(text):,} characters; limit {max_chars:,}")
    pub = parse_published(published)
    title = page_date = None
    if looks_like_html(text):
        title, text, page_date = html_to_text(text)
    text = _CONTROL.sub(
        "",
        unicodedata.normalize(
            "NFC", strip_invisible(text).replace("\r\n", "\n").replace("\r", "\n")
        ),
    )
    marker = _DATE_MARKER.match(text)
    if marker:
        text = text[marker.end() :]
        if pub is None:
            pub = parse_published(marker.group(1))
    pub = pub or page_date
    text = text.strip()
    if not text:
        raise EmptyArticleError("the article is empty")
    if len(text) > max_chars:
        raise ArticleTooLargeError(f"the article has {len(text):,} characters; limit {max_chars:,}")
    if title is not None:
        title = " ".join(_CONTROL.sub("", strip_invisible(title)).split()) or None
    return Article(text=text, published=pub, title=title or headline(text))


def headline(text: str) -> str | None:
    """The article's first line when it reads as a headline: one line with no full
    stop at its end, followed by a blank line (wire copy often has none)."""
    first, blank, _ = text.partition("\n\n")
    first = first.strip()
    if blank and first and "\n" not in first and first[-1] not in '.!?"”' and len(first) <= 200:
        return first
    return None


def looks_like_html(text: str) -> bool:
    head = text[:2000]
    return bool(_HTML_START.match(head)) or len(_TAG.findall(head)) >= 5


class Page(NamedTuple):
    title: str | None
    text: str
    published: date | None


def html_to_text(page: str) -> Page:
    """The page's title, main text (paragraphs separated by blank lines) and
    publication date. What the page hides (``hidden``, ``aria-hidden="true"``,
    an inline ``display:none`` or ``visibility:hidden``, ``<template>``,
    ``<noscript>``) is not article text."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(page)
    title_node = tree.css_first("title")
    title = title_node.text(strip=True) if title_node else None
    root = tree.css_first("article") or tree.css_first("main") or tree.body
    if root is None:
        raise NotAnArticleError("the HTML page has no body")
    published = _page_date(tree, root)
    for node in root.css(_HTML_DROP):
        node.decompose()
    _drop_hidden(root)
    blocks = [
        " ".join(node.text(separator=" ").split())
        for node in root.css("h1, h2, h3, p, li, blockquote")
    ]
    blocks = [b for b in blocks if b]
    text = "\n\n".join(blocks) if blocks else " ".join(root.text(separator=" ").split())
    if len(text.split()) < 20:
        raise NotAnArticleError("the HTML page holds no article text (fewer than 20 words)")
    return Page(title, text, published)


def _drop_hidden(root: Any) -> None:
    """Remove the elements a reader of the page does not see (one at a time: a
    removed element takes its hidden descendants with it)."""
    while True:
        node = next((n for n in root.css(f"{_HTML_HIDDEN}, [style]") if _hidden(n)), None)
        if node is None:
            return
        node.decompose()


def _hidden(node: Any) -> bool:
    if node.tag in ("template", "noscript") or "hidden" in node.attributes:
        return True
    attrs = node.attributes
    if (attrs.get("aria-hidden") or "").strip().lower() == "true":
        return True
    return bool(_HIDDEN_STYLE.search(attrs.get("style") or ""))


def _page_date(tree: Any, root: Any) -> date | None:
    """The publication date a page states: its metadata, its JSON-LD, else the
    first ``<time datetime>`` of the article. A value that is not a date is skipped."""
    values = [node.attributes.get("content") for sel in _HTML_DATE_META for node in tree.css(sel)]
    for script in tree.css('script[type="application/ld+json"]'):
        try:
            values.append(_json_ld_date(json.loads(script.text())))
        except (ValueError, RecursionError):  # broken JSON: the page's problem, not the article's
            continue
    values += [node.attributes.get("datetime") for node in root.css("time[datetime]")]
    for value in values:
        day = _ISO_DAY.match(value) if isinstance(value, str) else None
        if day:
            try:
                return date.fromisoformat(day.group(1))
            except ValueError:
                continue
    return None


def _json_ld_date(data: Any, depth: int = 0) -> Any:
    """The first ``datePublished`` in a JSON-LD document (nested in ``@graph`` or lists)."""
    if depth > 4:
        return None
    if isinstance(data, dict):
        if "datePublished" in data:
            return data["datePublished"]
        data = list(data.values())
    if isinstance(data, list):
        for item in data:
            found = _json_ld_date(item, depth + 1)
            if found is not None:
                return found
    return None


def input_warnings(article: Article) -> list[str]:
    """What about the input may make a brief less reliable, each also logged."""
    warnings = []
    code = foreign(article.text)
    if code:
        warnings.append(
            f"the article reads as language {code!r}, not English: sentences, names and "
            "dates are read with English rules, so the brief may miss items; the model "
            "was asked to quote the article in its own language"
        )
    look_alike = mixed_script_warning(article.text)
    if look_alike:
        warnings.append(look_alike)
    if article.published is None:
        warnings.append(
            "no publication date (none given, none in the text or the HTML page): "
            "dates such as 'on Thursday' or 'last month' are left unresolved; give it "
            "as published=YYYY-MM-DD (--published on the command line)"
        )
    for warning in warnings:
        log.warning(warning)
    return warnings
