from __future__ import annotations

import logging
import unicodedata
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from summarizer import errors, load_article


def test_seed_date_marker_sets_published_and_is_removed(seed_text):
    article = load_article(seed_text)
    assert article.published == date(2025, 12, 11)
    assert article.text.startswith("Belarusian President Alexander Lukashenko")
    assert "date 2025-12-11" not in article.text


def test_explicit_published_wins_over_marker(seed_text):
    assert load_article(seed_text, "2025-12-12").published == date(2025, 12, 12)


def test_bad_published_is_an_input_error():
    with pytest.raises(errors.InputError, match="not a date"):
        load_article("Some text.", "12/11/2025")


@pytest.mark.parametrize("text", ["", "   \n\t  ", b"\xef\xbb\xbf  \n"])
def test_empty(text):
    with pytest.raises(errors.EmptyArticleError):
        load_article(text)


def test_not_utf8():
    with pytest.raises(errors.ArticleEncodingError) as info:
        load_article("Caf\xe9 owners protest".encode("latin-1"))
    assert info.value.exit_code == 3
    assert "iconv" in info.value.hint


def test_too_large():
    with pytest.raises(errors.ArticleTooLargeError):
        load_article("word " * 250_000)


def test_html_page_is_reduced_to_article_text():
    page = (
        "<!doctype html><html><head><title>Port strike</title><script>var x = '<p>no</p>';</script>"
        "</head><body><nav><a href='/'>Home</a> <a href='/world'>World</a></nav>"
        "<article><h1>Dock workers strike</h1>"
        + "".join(
            f"<p>Paragraph {i} says the union &amp; the port authority met again.</p>"
            for i in range(5)
        )
        + "</article><footer>Copyright</footer></body></html>"
    )
    article = load_article(page)
    assert article.title == "Port strike"
    assert article.text.startswith("Dock workers strike")
    assert "the union & the port authority" in article.text
    assert (
        "Home" not in article.text
        and "var x" not in article.text
        and "Copyright" not in article.text
    )
    assert "\n\n" in article.text


def test_html_without_text_is_refused():
    with pytest.raises(errors.NotAnArticleError):
        load_article("<html><body><nav>Home</nav><p>Subscribe</p></body></html>")


def test_control_characters_and_crlf_are_cleaned():
    article = load_article("Headline\r\n\r\nBody\x00 text\x07 here.")
    assert article.text == "Headline\n\nBody text here."


def test_headline_only_and_other_languages_are_articles():
    assert (
        load_article("Dock workers strike at Lagos port").text
        == "Dock workers strike at Lagos port"
    )
    text = "Лукашенко провёл вторую встречу с послом Венесуэлы. 会谈于周四举行。"
    assert load_article(text).text == text


@given(st.one_of(st.text(max_size=400), st.binary(max_size=400)))
def test_the_cleaner_never_crashes_and_leaves_clean_text(source):
    try:
        article = load_article(source)
    except errors.InputError:
        return
    assert article.text.strip() and article.text == article.text.strip()
    assert not any(unicodedata.category(c) == "Cc" and c not in "\n\t" for c in article.text), (
        "control characters are removed"
    )
    assert "\r" not in article.text


def _page(head: str = "", body_top: str = "") -> str:
    paragraphs = "".join(
        f"<p>Paragraph {i} says the union and the port authority met again on Thursday.</p>"
        for i in range(4)
    )
    return (
        f"<!doctype html><html><head><title>Port strike</title>{head}</head><body>"
        f"<article><h1>Dock workers strike</h1>{body_top}{paragraphs}</article></body></html>"
    )


@pytest.mark.parametrize(
    ("head", "body_top", "expected"),
    [
        # Open Graph article metadata, with a time of day and a zone offset: the
        # date as the publisher wrote it
        (
            '<meta property="article:published_time" content="2025-12-11T23:30:00-05:00">',
            "",
            date(2025, 12, 11),
        ),
        # schema.org JSON-LD, the way many news sites publish it
        (
            '<script type="application/ld+json">{"@context": "https://schema.org", '
            '"@type": "NewsArticle", "headline": "Dock workers strike", '
            '"datePublished": "2024-03-05T08:00:00Z", "dateModified": "2024-03-06"}</script>',
            "",
            date(2024, 3, 5),
        ),
        # a JSON-LD graph holding the article among other nodes
        (
            '<script type="application/ld+json">{"@graph": [{"@type": "WebSite"}, '
            '{"@type": "NewsArticle", "datePublished": "2023-07-01"}]}</script>',
            "",
            date(2023, 7, 1),
        ),
        # microdata
        ('<meta itemprop="datePublished" content="2022-01-31">', "", date(2022, 1, 31)),
        # only a <time> element in the article's byline
        (
            "",
            '<p class="byline">By A. Reporter, <time datetime="2021-06-09T10:15">9 June</time></p>',
            date(2021, 6, 9),
        ),
    ],
    ids=["article-published-time", "json-ld", "json-ld-graph", "microdata", "time-element"],
)
def test_an_html_page_gives_its_publication_date(head, body_top, expected):
    article = load_article(_page(head, body_top))
    assert article.published == expected
    assert article.text.startswith("Dock workers strike")


def test_the_page_metadata_wins_over_a_time_element_and_the_user_over_both():
    page = _page(
        '<meta itemprop="datePublished" content="2018-05-05">'
        '<meta property="article:published_time" content="2025-12-11">',
        '<p><time datetime="2019-01-01">an old event</time></p>',
    )
    assert load_article(page).published == date(2025, 12, 11)
    assert load_article(page, "2025-12-12").published == date(2025, 12, 12)


@pytest.mark.parametrize(
    "head",
    [
        '<meta property="article:published_time" content="next week">',
        '<script type="application/ld+json">{"datePublished": </script>',
        '<meta property="article:published_time" content="2025-13-45">',
        '<script type="application/ld+json">' + "[" * 100_000 + "</script>",
    ],
    ids=["not-a-date", "broken-json-ld", "impossible-date", "json-ld-nested-too-deep"],
)
def test_a_broken_page_date_is_ignored(head):
    assert load_article(_page(head)).published is None


def test_warnings_name_a_missing_publication_date(seed_text, caplog):
    from summarizer.read.article import input_warnings

    with caplog.at_level(logging.WARNING, logger="summarizer"):
        undated = input_warnings(load_article("Dock workers strike at Lagos port."))
    assert len(undated) == 1 and "no publication date" in undated[0]
    assert any("no publication date" in r.message for r in caplog.records)
    assert input_warnings(load_article(seed_text)) == []  # dated, English
    assert input_warnings(load_article(_page())) == undated


def test_a_brief_of_an_undated_page_says_so_and_a_dated_one_resolves_dates(fake_openai):
    from summarizer import Settings, Summarizer

    s = Summarizer(
        "openai",
        base_url=fake_openai.url,
        api_key="sk-test",
        model="m",
        settings=Settings(validation_retries=0),
    )
    undated = s.summarize(_page())
    assert undated.metadata.published is None
    assert any("no publication date" in w for w in undated.metadata.warnings)
    dated = s.summarize(_page('<meta property="article:published_time" content="2025-12-11">'))
    assert dated.metadata.published == "2025-12-11"
    assert not any("publication date" in w for w in dated.metadata.warnings)


def test_a_text_articles_headline_line_is_its_title():
    text = "Port strike ends after 12 days\n\nLAGOS, May 3 — Dock workers returned on Monday."
    assert load_article(text).title == "Port strike ends after 12 days"
    body = "LAGOS, May 3 — Dock workers returned on Monday.\n\nThe union said talks would go on."
    assert load_article(body).title is None  # wire copy: no headline line
