"""Frames read phrases and context, not lone words: multi-word cues, vetoes, learned weights,
and the confidence beside every profile."""
from __future__ import annotations

import json

import pytest

from compare.score.frames import (FRAMES, bundled_lexicon, cue_words, fit_cue_weights, frame_confidence,
                                  load_cue_weights, load_lexicon, profile, top_frame)

from ..conftest import FIXTURES


def read(text: str, lexicon=None) -> tuple[dict[str, float], dict[str, list[str]], float]:
    mass, cues = (lexicon or load_lexicon()).weigh_words(cue_words(text))
    return profile(mass), cues, frame_confidence(mass)


def test_dropping_out_of_the_work_force_is_economic_not_security():
    frames, cues, _ = read("Millions of men are dropping out of the work force.")
    assert "security_and_defense" not in frames
    assert top_frame(frames) == "economic" and cues["economic"] == ["work force"]


def test_a_gun_control_act_being_passed_is_policy_and_politics_not_security():
    frames, cues, _ = read("The gun control act was passed.")
    assert "security_and_defense" not in frames
    assert set(frames) == {"policy_prescription", "political"}
    assert "gun control" in cues["policy_prescription"] and cues["political"] == ["passed"]


def test_the_drug_trade_and_gangs_are_crime_not_economic():
    frames, cues, _ = read("Gangs control the drug trade.")
    assert frames == {"crime_and_punishment": 1.0}
    assert cues == {"crime_and_punishment": ["gangs", "drug trade"]}


def test_a_trade_deal_is_economic():
    frames, cues, _ = read("The two countries signed a trade deal.")
    assert frames == {"economic": 1.0} and cues == {"economic": ["trade deal"]}


def test_a_veto_word_near_a_cue_takes_that_frames_sense_away():
    # "attacks" is security, unless "verbal" (a veto word of attack* for security) is near it
    assert read("The attacks killed ten soldiers.")[1]["security_and_defense"] == ["attacks", "killed", "soldiers"]
    frames, cues, confidence = read("The union warned him because of his verbal attacks.")
    assert frames == {} and cues == {} and confidence == 0.0
    # a trade of prisoners is no economic trade
    assert "economic" not in read("The trade of five prisoners drew criticism.")[0]


def test_a_user_lexicon_can_veto_a_cue_and_its_cue_then_weighs_one(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text("frames:\n  sport:\n    cues: [match*]\n    veto:\n      match*: [fixing]\n", encoding="utf-8")
    lexicon = load_lexicon(user)
    assert read("The match ended in a draw.", lexicon)[0] == {"sport": 1.0}
    assert "sport" not in read("The match fixing scandal grew.", lexicon)[0]


def test_confidence_is_in_0_1_and_higher_for_a_clear_sentence_than_an_ambiguous_one():
    _, _, clear = read("Troops and artillery shelled the rebel positions as the army advanced.")
    _, _, ambiguous = read("The senator said the police budget was unfair.")
    _, _, none = read("He walked home after lunch.")
    assert 0.0 <= ambiguous < clear <= 1.0
    assert clear > 0.6 and ambiguous < 0.1 and none == 0.0


def test_confidence_follows_its_definition():
    assert frame_confidence({}) == 0.0
    assert frame_confidence({"economic": 1.0}) == 0.5  # one plain cue
    assert frame_confidence({"economic": 3.0}) == 0.75  # three cues of one frame
    assert frame_confidence({"economic": 1.0, "legality": 1.0}) == 0.0  # a tie
    assert frame_confidence({"economic": 3.0, "legality": 1.0}) == round(4 / 5 * (0.75 - 0.25), 4)


def test_learned_weights_shift_mass_toward_the_frame_a_cue_is_coded_with():
    lexicon = bundled_lexicon()
    texts = ["The court ruled on the appeal."] * 3 + ["The court refused to hear the senators' case."]
    weights = fit_cue_weights(texts, ["legality", "legality", "legality", "political"], lexicon, smoothing=2.0)
    assert weights["court"] == {"legality": round(5 / 6, 3)}  # (3 + 2) / (4 + 2)
    # a frame that does not list the cue gains nothing: weights only reweigh the lexicon's pairs
    assert "political" not in weights["court"]
    assert bundled_lexicon(weights).cue_weights["court"] == (("legality", round(5 / 6, 3)),)


def test_shipped_weights_are_data_for_cues_of_the_lexicon_with_a_header():
    from importlib import resources

    about = " ".join(json.loads(resources.files("compare").joinpath("data", "frame_weights.json")
                                .read_text(encoding="utf-8"))["about"])
    assert about.startswith("Learned cue weights") and "MIT licence" in about and "--write-weights" in about
    lexicon = load_lexicon()
    weights = load_cue_weights()
    assert weights and all(cue in lexicon.cue_weights for cue in weights)
    assert all(0.0 < w <= 1.0 for frames in weights.values() for w in frames.values())


def test_every_seed_paragraph_and_source_carries_a_confidence(seed_report):
    for article in seed_report.articles:
        scores = seed_report.scores[article.id]
        assert 0.0 < scores.frame_confidence <= 1.0
        for paragraph in scores.paragraphs:
            assert 0.0 <= paragraph.frame_confidence <= 1.0
            if not paragraph.frames:
                assert paragraph.frame_confidence == 0.0


def test_report_json_lists_frame_confidence_beside_each_profile(tmp_path, run_cli, seed_copy):
    out = tmp_path / "reports"
    assert run_cli("report", seed_copy, "--out", out, "--format", "json", "--no-cache").code == 0
    report = json.loads((out / seed_copy.name / "report.json").read_text(encoding="utf-8"))
    for source in report["sources"]:
        assert 0.0 < source["frame_confidence"] <= 1.0
        for paragraph in source["paragraphs"]:
            assert 0.0 <= paragraph["frame_confidence"] <= 1.0
            assert set(paragraph["frames"]) == set(paragraph["frame_cues"])
    assert "frame_confidence" in report["definitions"]


def test_a_frame_model_gives_the_margin_of_its_two_most_probable_frames(tmp_path, run_cli):
    from pathlib import Path

    from compare.model import Block, CleanText, Source
    from compare.score import score_article
    from compare.segment import segment
    from compare.settings import Settings

    model = tmp_path / "frames-model.json"
    assert run_cli("train-frames", FIXTURES / "coded-frames.csv", "--out", model).code == 0
    text = "Hospitals ran short of medicine as the cholera outbreak spread."
    source = Source(id="a", path=Path("a.txt"), name="", kind="text", text=text)
    article = segment(source, CleanText((Block(text, 1),), ()))
    scores = score_article(article, (), Settings(frame_model=model))
    paragraph = scores.paragraphs[0]
    first, second = sorted(paragraph.frames.values(), reverse=True)[:2]
    assert paragraph.frame_confidence == pytest.approx(first - second, abs=2e-4)
    assert 0.0 < scores.frame_confidence <= 1.0
    assert scores.frame_method == "model"


def test_the_bundled_frames_are_the_fifteen_codebook_frames_in_order():
    assert load_lexicon().frames[:15] == FRAMES and top_frame({}) is None
