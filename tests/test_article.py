from __future__ import annotations

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
