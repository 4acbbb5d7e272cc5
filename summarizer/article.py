"""Input: turn bytes or text into a clean :class:`Article`, or refuse clearly."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date

from .errors import (
    ArticleEncodingError,
    ArticleTooLargeError,
    EmptyArticleError,
    InputError,
    NotAnArticleError,
)

MAX_CHARS = 200_000  # about 30,000 words: far beyond any news article
_DATE_MARKER = re.compile(r"\A\s*date\s+(\d{4}-\d{2}-\d{2})(?:[ \t]+|\s*\n)")
_HTML_START = re.compile(r"\A\s*(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)
_TAG = re.compile(r"</?(p|div|span|a|br|article|section|h[1-6])\b[^>]*>", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # C0 and C1 controls
_HTML_DROP = "script, style, noscript, nav, header, footer, aside, form, iframe, svg, figure"


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
      is given, and is removed from the text;
    - control characters are dropped, line ends normalized;
    - empty or oversized text is refused.
    """
    text = decode(source) if isinstance(source, bytes) else source
    if len(text) > max_chars * 4:  # refuse before doing any work on a huge input
        raise ArticleTooLargeError(f"the input has {len(text):,} characters; limit {max_chars:,}")
    pub = parse_published(published)
    title = None
    if looks_like_html(text):
        title, text = html_to_text(text)
    text = _CONTROL.sub(
        "", unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    )
    marker = _DATE_MARKER.match(text)
    if marker:
        text = text[marker.end() :]
        if pub is None:
            pub = parse_published(marker.group(1))
    text = text.strip()
    if not text:
        raise EmptyArticleError("the article is empty")
    if len(text) > max_chars:
        raise ArticleTooLargeError(f"the article has {len(text):,} characters; limit {max_chars:,}")
    return Article(text=text, published=pub, title=title)


def looks_like_html(text: str) -> bool:
    head = text[:2000]
    return bool(_HTML_START.match(head)) or len(_TAG.findall(head)) >= 5


def html_to_text(page: str) -> tuple[str | None, str]:
    """The page's title and main text, paragraphs separated by blank lines."""
    from selectolax.lexbor import LexborHTMLParser as HTMLParser

    tree = HTMLParser(page)
    title_node = tree.css_first("title")
    title = title_node.text(strip=True) if title_node else None
    root = tree.css_first("article") or tree.css_first("main") or tree.body
    if root is None:
        raise NotAnArticleError("the HTML page has no body")
    for node in root.css(_HTML_DROP):
        node.decompose()
    blocks = [
        " ".join(node.text(separator=" ").split())
        for node in root.css("h1, h2, h3, p, li, blockquote")
    ]
    blocks = [b for b in blocks if b]
    text = "\n\n".join(blocks) if blocks else " ".join(root.text(separator=" ").split())
    if len(text.split()) < 20:
        raise NotAnArticleError("the HTML page holds no article text (fewer than 20 words)")
    return title, text
