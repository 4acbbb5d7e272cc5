from __future__ import annotations

import json
import shutil
from datetime import date

from summarizer.ask.prompts import field_guide, load_prompts, prompts_dir
from summarizer.schema import Brief, BriefDraft, Evidence, RunMetadata


def test_every_schema_field_description_reaches_the_prompt():
    system = load_prompts().render("Text.", None)[0]["content"]
    schema = BriefDraft.model_json_schema()
    descriptions = []
    for definition in [schema, *schema["$defs"].values()]:
        for prop in definition["properties"].values():
            if "description" in prop:
                descriptions.append(prop["description"])
    assert descriptions
    for desc in descriptions:
        assert desc in system


def test_field_guide_nests_lists():
    guide = field_guide(BriefDraft)
    assert "- key_actors:" in guide and "\n  - salience:" in guide
    assert "\n    - position:" in guide  # stance -> actor_stances -> position


def test_user_prompt_carries_article_date_and_weekday():
    user = load_prompts().render("Lukashenko met the envoy.", date(2025, 12, 11))[1]["content"]
    assert "2025-12-11 (Thursday)" in user
    assert "Lukashenko met the envoy." in user


def test_unknown_publication_date():
    user = load_prompts().render("x", None)[1]["content"]
    assert "Publication date: unknown" in user


def test_article_text_is_not_treated_as_a_template():
    text = "He wrote {{ field_guide }} and {% raw %} on a sign."
    user = load_prompts().render(text, None)[1]["content"]
    assert text in user


def test_prompt_version_is_a_stable_content_hash(tmp_path):
    a = load_prompts()
    assert a.version == load_prompts().version and len(a.version) == 12
    changed = tmp_path / "p"
    shutil.copytree(prompts_dir(), changed)
    with (changed / "system.md").open("a") as fh:
        fh.write("\nBe brief.")
    assert load_prompts(changed).version != a.version


def test_nullable_fields_are_nullable_in_the_schema():
    """Required-but-unknowable fields invite a small model to invent them."""
    event = BriefDraft.model_json_schema()["$defs"]["EventDraft"]["properties"]
    for name in ("date", "date_text", "location", "attribution"):
        types = {t.get("type") for t in event[name].get("anyOf", [event[name]])}
        assert "null" in types, name


def test_brief_maps_onto_the_fixture_gold_shape():
    brief = Brief(
        summary="s",
        key_actors=[
            {
                "name": "A B",
                "aliases": ["B"],
                "kind": "person",
                "role": "r",
                "salience": "central",
                "evidence": Evidence(quote="q", start=0, end=1),
            }
        ],
        events=[
            {
                "what": "w",
                "date": "2025-01-02",
                "date_text": "on Thursday",
                "actors": ["A B"],
                "evidence": Evidence(quote="e"),
            }
        ],
        open_questions=[{"question": "why?", "evidence": Evidence(quote="o")}],
        stance={
            "article_tone": "neutral",
            "framing": "f",
            "actor_stances": [
                {
                    "actor": "A B",
                    "toward": "C",
                    "position": "opposed",
                    "evidence": Evidence(quote="x"),
                }
            ],
        },
        metadata=RunMetadata(backend="local", model="m", prompt_version="v"),
    )
    gold = brief.to_fixture_gold()
    assert gold["actors"][0] == {
        "name": "A B",
        "aliases": ["B"],
        "kind": "person",
        "role": "r",
        "salience": "central",
        "evidence": "q",
    }
    assert gold["events"][0]["date"] == "2025-01-02" and gold["events"][0]["evidence"] == "e"
    assert gold["stance"]["actor_stances"][0]["evidence"] == "x"
    json.dumps(gold)
