"""Sentiment toward a target: the shipped NewsMTSC model, its score mapping, and actors in reports."""
from __future__ import annotations

import json
import subprocess
import sys
import textwrap

import pytest

from compare.model import Actor
from compare.score import score_article
from compare.score.target import CLASSES, MIN_POLAR_SCORE, load_target_model, polar_score, target_features

from ..conftest import REPO


def test_polar_score_is_zero_for_neutral_and_clearly_signed_otherwise():
    assert polar_score((0.3, 0.4, 0.3)) == 0.0
    assert polar_score((0.45, 0.44, 0.11)) == -0.34
    assert polar_score((0.36, 0.30, 0.34)) == -MIN_POLAR_SCORE  # a narrow call still reads as negative
    assert polar_score((0.1, 0.2, 0.7)) == 0.6


def test_the_model_ships_as_json_coefficients_with_its_provenance():
    path = REPO / "compare" / "data" / "target_sentiment.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["classes"] == list(CLASSES)
    assert len(data["features"]) == len(data["coefficients"][0]) > 10_000
    assert "scripts/train_target_sentiment.py" in data["about"] and "NewsMTSC" in data["about"]
    assert data["meta"]["cv_macro_f1"] >= 0.65 > data["meta"]["vader_macro_f1"]


def test_features_mask_the_target_and_mark_its_neighbours():
    features = target_features("Critics slammed Smith for the failed deal.", [(16, 21)])
    assert "w=smith" not in features and "b=slammed_<t>" in features
    assert features["l1=slam"] == 1 and features["r1=for"] == 1
    assert features["v:near_neg"] > 0


@pytest.mark.parametrize("sentence, target, expected", [
    ("Critics slammed Smith for the disastrous deal, calling him incompetent and dishonest.", "Smith", "negative"),
    ("Smith was praised for her courage and widely admired for brokering a peace deal.", "Smith", "positive"),
    ("Smith arrived in Paris on Tuesday for the meeting.", "Smith", "neutral"),
])
def test_clear_cases_get_the_expected_class(sentence, target, expected):
    start = sentence.index(target)
    assert load_target_model().predict(sentence, [(start, start + len(target))]).label == expected


def test_two_targets_in_one_sentence_get_different_readings():
    sentence = "Jones praised the workers, while Brown was accused of fraud and lying."
    model = load_target_model()
    jones = model.predict(sentence, [(0, 5)])
    brown = model.predict(sentence, [(33, 38)])
    assert jones.score > brown.score and brown.label == "negative"


def test_score_jsonl_actor_sentiment_maps_to_three_classes(tmp_path, run_cli):
    lines = [
        {"id": "n", "text": "Critics slammed Smith for the disastrous deal, calling him incompetent.", "actors": {"S": ["Smith"]}},
        {"id": "0", "text": "Smith arrived in Paris on Tuesday for the meeting.", "actors": {"S": ["Smith"]}},
        {"id": "p", "text": "Smith was praised for her courage and widely admired.", "actors": {"S": ["Smith"]}},
        {"id": "x", "text": "Nobody named here was praised.", "actors": {"S": ["Smith"]}},
    ]
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps(line) + "\n" for line in lines), encoding="utf-8")
    result = run_cli("score", "--jsonl", source)
    assert result.code == 0, result
    out = [json.loads(line) for line in result.out.splitlines()]
    assert [o["id"] for o in out] == ["n", "0", "p", "x"]
    values = [o["actors"]["S"]["sentiment"] for o in out]
    assert values[0] <= -MIN_POLAR_SCORE and values[1] == 0.0 and values[2] >= MIN_POLAR_SCORE
    assert values[3] is None and out[3]["actors"]["S"]["mentions"] == 0
    assert [o["actors"]["S"]["label"] for o in out] == ["negative", "neutral", "positive", None]


def test_lowercase_pronoun_mention_matches_only_itself():
    from compare.api import score_jsonl
    import io

    line = json.dumps({"id": "1", "text": "He said she had lied to him about the deal.", "actors": {"T": ["she"]}})
    out = next(score_jsonl(io.StringIO(line + "\n"), "t"))
    assert out["actors"]["T"]["mentions"] == 1


def test_actor_readings_keep_voice_speaker_and_sentence():
    from compare.model import Block, CleanText, Source
    from compare.segment import segment
    from pathlib import Path

    paragraphs = ("Rwanda cut ties with Belgium on Monday.",
                  "“Belgium regrets this disproportionate decision by Rwanda,” Belgian Foreign Minister Maxime "
                  "Prevot said.")
    article = segment(Source("s", Path("s.txt"), "s", "text", ""), CleanText(tuple(Block(p, 1) for p in paragraphs), ()))
    actors = (Actor("Rwanda", ("Rwanda",)), Actor("Belgium", ("Belgium", "Belgian", "Prevot")))
    scores = score_article(article, actors)
    rwanda = next(a for a in scores.actors if a.actor == "Rwanda")
    assert rwanda.mentions == 2
    assert [(p, s, v, sp) for p, s, v, sp, _, _ in rwanda.readings] == [(0, 0, "own", None), (1, 0, "quote", "Belgium")]
    assert set(rwanda.by_speaker) == {"Belgium"}
    assert rwanda.own_mentions == 1 and rwanda.quote_mentions == 1
    assert rwanda.negative + rwanda.neutral + rwanda.positive == 2


def test_vader_stays_available_for_actor_sentiment():
    from compare.model import Block, CleanText, Source
    from compare.segment import segment
    from compare.settings import Settings
    from pathlib import Path

    article = segment(Source("s", Path("s.txt"), "s", "text", ""),
                      CleanText((Block("Rwanda is a wonderful, peaceful country.", 1),), ()))
    scores = score_article(article, (Actor("Rwanda", ("Rwanda",)),), Settings(actor_sentiment="vader"))
    assert scores.actor_method == "vader" and scores.actors[0].sentiment > 0.5


def test_report_json_carries_actor_voices_and_word_choice(seed_report_dict):
    explainer = next(s for s in seed_report_dict["sources"] if s["id"] == "explainer")
    rwanda = explainer["actors"]["Rwanda"]
    assert rwanda["own_mentions"] > 0 and rwanda["quote_mentions"] > 0
    assert rwanda["negative"] + rwanda["neutral"] + rwanda["positive"] == len({(r["paragraph"], r["sentence"])
                                                                               for r in rwanda["readings"]})
    assert "Belgium" in rwanda["by_speaker"]
    assert explainer["speaker_sentiment"]["Belgium"]["quotes"] >= 2
    assert set(explainer["loaded_language"]) == {"intensifiers", "hedges", "factive_verbs", "assertive_verbs", "subjective"}
    assert explainer["distinctive_words"][0]["z"] > 0
    assert "actor_sentiment" in seed_report_dict["definitions"]


def test_scoring_path_never_imports_scikit_learn(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Rwanda accused Belgium of lying, and Belgium regretted the decision.\n", encoding="utf-8")
    script = textwrap.dedent(f"""
        import sys
        from compare.cli import main
        code = main(["score", {str(article)!r}, "--actor", "Rwanda=Rwanda", "--json"])
        print("sklearn" in sys.modules, code)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "False 0"
