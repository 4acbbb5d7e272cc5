"""An article not in English: its language is told, the user is warned, and the
model is asked to quote the article in its own language (not to translate)."""

from __future__ import annotations

import logging

import pytest

from summarizer import Settings, Summarizer
from summarizer.read.language import detect, foreign

# written for these tests: a short French and a short Spanish news paragraph
FRENCH = (
    "Le conseil municipal de Lyon a adopté jeudi soir un nouveau plan pour les transports "
    "publics, après plus de trois heures de débat. La maire a déclaré que les premiers "
    "tramways circuleraient dès le printemps prochain. « Nous tenons notre promesse », "
    "a-t-elle dit aux journalistes. L'opposition critique le coût du projet et demande un "
    "audit indépendant avant le vote du budget en mars."
)
SPANISH = (
    "El gobierno regional anunció el martes que cerrará dos hospitales pequeños el próximo "
    "año y trasladará a su personal a un nuevo centro en la capital. Los sindicatos "
    "convocaron una protesta para el sábado. «No nos consultaron», dijo una portavoz del "
    "sindicato de enfermeras, que pidió una reunión urgente con el consejero de salud."
)


def make(server, pipeline: str) -> Summarizer:
    return Summarizer(
        "openai",
        base_url=server.url,
        api_key="sk-test",
        model="m",
        settings=Settings(validation_retries=0, pipeline=pipeline),
    )


def prompt_text(server) -> str:
    return "\n".join(m["content"] for r in server.requests for m in r.body["messages"])


def test_the_language_of_an_article_is_told(seed_text):
    assert detect(FRENCH) == "fr" and foreign(FRENCH) == "fr"
    assert detect(SPANISH) == "es" and foreign(SPANISH) == "es"
    assert detect(seed_text) == "en" and foreign(seed_text) is None
    assert detect(FRENCH) == detect(FRENCH)  # no randomness: the same verdict every time


def test_too_little_text_gets_no_verdict():
    assert detect("Lyon adopte un plan") is None
    assert foreign("Reuters") is None


@pytest.mark.parametrize("pipeline", ["single", "staged"])
def test_a_french_article_warns_and_asks_for_quotes_in_french(fake_openai, caplog, pipeline):
    with caplog.at_level(logging.WARNING, logger="summarizer"):
        brief = make(fake_openai, pipeline).summarize(FRENCH, published="2026-03-05")
    warned = [w for w in brief.metadata.warnings if "not English" in w]
    assert len(warned) == 1 and "'fr'" in warned[0]
    logged = [r for r in caplog.records if r.name.startswith("summarizer") and "'fr'" in r.message]
    assert logged and logged[0].levelno == logging.WARNING
    # every request tells the model the article's language and not to translate it
    for request in fake_openai.requests:
        text = "\n".join(m["content"] for m in request.body["messages"])
        assert "not in English (fr)" in text and "never translated" in text


@pytest.mark.parametrize("pipeline", ["single", "staged"])
def test_an_english_article_has_no_language_warning(fake_openai, seed_text, caplog, pipeline):
    with caplog.at_level(logging.WARNING, logger="summarizer"):
        brief = make(fake_openai, pipeline).summarize(seed_text)
    assert not [w for w in brief.metadata.warnings if "English" in w]
    assert not [r for r in caplog.records if "English" in r.message]
    assert "not in English" not in prompt_text(fake_openai)
