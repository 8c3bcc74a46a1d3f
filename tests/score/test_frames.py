"""Frames: the bundled cue lexicon, the seed event's orderings, user lexicons, trained classifiers."""
from __future__ import annotations

import json

import pytest

from compare.score.frames import FRAMES, load_cue_weights, load_lexicon

from ..conftest import FIXTURES


def test_bundled_lexicon_covers_the_fifteen_codebook_frames_and_names_no_event():
    lexicon = load_lexicon()
    assert lexicon.frames[:15] == FRAMES
    cues = set(lexicon.words) | {p for p, _ in lexicon.prefixes} | {" ".join(p) for p, _ in lexicon.phrases}
    assert not {"kagame", "prevot", "rwanda", "belgium", "m23", "unamir", "tshisekedi"} & cues


def test_names_that_contain_cue_words_frame_nothing():
    counts, cues = load_lexicon().match("Fighting in the Democratic Republic of Congo displaced thousands.")
    assert "political" not in counts
    assert cues == {"security_and_defense": ["fighting"], "quality_of_life": ["displaced"]}


def test_government_actors_alone_are_not_the_political_frame():
    counts, _ = load_lexicon().match("The minister and government officials met the president.")
    assert "political" not in counts
    counts, cues = load_lexicon().match("The opposition party campaigned for the election.")
    assert cues["political"] == ["opposition", "party", "campaigned", "election"]


def test_prefix_cues_take_the_most_specific_match_and_work_inside_phrases():
    lexicon = load_lexicon()
    _, cues = lexicon.match("The group was accused of war crimes.")
    assert cues == {"crime_and_punishment": ["war crimes"]}  # not also "war" as security


def test_brief_weighs_more_on_legality_and_external_regulation_than_the_explainer(seed_report):
    brief, explainer = seed_report.scores["brief"].frames, seed_report.scores["explainer"].frames
    assert brief.get("legality", 0) > explainer.get("legality", 0)
    assert brief["external_regulation_and_reputation"] > explainer["external_regulation_and_reputation"]


def test_explainer_weighs_more_on_security_than_the_encyclopedia_article(seed_report):
    scores = seed_report.scores
    assert scores["explainer"].frames["security_and_defense"] > scores["wikipedia"].frames["security_and_defense"]
    top_two = sorted(scores["explainer"].frames.items(), key=lambda kv: -kv[1])[:2]
    assert "security_and_defense" in dict(top_two)


def test_every_paragraph_frame_share_is_traceable_to_cue_words(seed_report):
    for article in seed_report.articles:
        for paragraph in seed_report.scores[article.id].paragraphs:
            assert set(paragraph.frames) == set(paragraph.frame_cues)
            if paragraph.frames:
                assert abs(sum(paragraph.frames.values()) - 1) < 0.01


def test_user_lexicon_extends_or_replaces_the_bundled_one_as_documented(tmp_path, run_cli):
    text = tmp_path / "article.txt"
    text.write_text("Cobalt miners protested as the army moved in. Football fans joined the protest.\n",
                    encoding="utf-8")
    user = tmp_path / "mine.yaml"
    user.write_text("frames:\n  economic:\n    cues: [cobalt, miners]\n  sport:\n    cues: [football]\n"
                    "ignore: [army moved]\n", encoding="utf-8")
    bundled = json.loads(run_cli("score", text, "--json").out)["frames"]
    extended = json.loads(run_cli("score", text, "--json", "--lexicon", user).out)["frames"]
    replaced = json.loads(run_cli("score", text, "--json", "--lexicon", user, "--lexicon-replace").out)["frames"]
    learned = load_cue_weights()
    cobalt = learned.get("cobalt", {}).get("economic", 1.0)
    protest = learned.get("protest*", {}).get("public_opinion", 1.0)
    army = learned.get("army", {}).get("security_and_defense", 1.0)
    fans = learned.get("fans", {}).get("public_opinion", 1.0)

    def shares(mass):
        return {f: round(m / sum(mass.values()), 4) for f, m in mass.items()}

    # bundled: cobalt (economic), protested, fans and protest (public opinion), army (security),
    # each with its learned weight
    assert bundled == shares({"economic": cobalt, "public_opinion": 2 * protest + fans, "security_and_defense": army})
    # extended: cobalt and miners (the user's cues weigh 1) and football are added, the ignore
    # phrase "army moved" takes "army" out
    assert extended == shares({"economic": 2.0, "public_opinion": 2 * protest + fans, "sport": 1.0})
    # replaced: only the user's frames remain (cobalt, miners, football), without learned weights
    assert replaced == {"economic": round(2 / 3, 4), "sport": round(1 / 3, 4)}


def test_event_yaml_names_a_lexicon_for_the_event(seed_copy):
    from compare import analyse, load_event

    (seed_copy / "diplomacy.yaml").write_text("frames:\n  diplomacy:\n    cues: [diplomat*, embass*]\n",
                                              encoding="utf-8")
    config = (seed_copy / "event.yaml").read_text(encoding="utf-8")
    (seed_copy / "event.yaml").write_text(config + "frames:\n  lexicon: diplomacy.yaml\n  replace: true\n",
                                          encoding="utf-8")
    report = analyse(load_event(seed_copy))
    for scores in report.scores.values():
        assert set(scores.frames) <= {"diplomacy"}
    assert report.scores["explainer"].frames == {"diplomacy": 1.0}


def test_bad_event_frames_setting_names_the_file(seed_copy, run_cli, tmp_path):
    config = (seed_copy / "event.yaml").read_text(encoding="utf-8")
    (seed_copy / "event.yaml").write_text(config + "frames:\n  lexicon: missing.yaml\n", encoding="utf-8")
    result = run_cli("report", seed_copy, "--out", tmp_path / "out", "--format", "json", "--no-cache")
    assert result.code == 2
    assert "event.yaml" in result.err and "missing.yaml" in result.err and "Traceback" not in result.err


@pytest.mark.parametrize("lexicon, problem", [
    ("- just\n- a list\n", "frames:"),
    ("frames:\n  sport:\n    cues: [football]\n    veto: [fixing]\n",
     "frames.sport.veto must map a cue to a list of veto words"),
])
def test_user_lexicon_that_is_not_a_lexicon_is_a_one_line_error(tmp_path, run_cli, lexicon, problem):
    text = tmp_path / "article.txt"
    text.write_text("The army moved in.\n", encoding="utf-8")
    bad = tmp_path / "bad.yaml"
    bad.write_text(lexicon, encoding="utf-8")
    result = run_cli("score", text, "--lexicon", bad)
    assert result.code == 2
    assert result.err.strip().count("\n") == 0
    assert "bad.yaml" in result.err and problem in result.err


def test_train_frames_fits_the_coded_csv_and_reports_cross_validated_accuracy(tmp_path, run_cli):
    model = tmp_path / "frames-model.json"
    result = run_cli("train-frames", FIXTURES / "coded-frames.csv", "--out", model)
    assert result.code == 0, result
    assert "40 coded paragraphs, 4 frames" in result.out
    accuracy = float(result.out.split("cross-validated accuracy ")[1].split()[0])
    baseline = float(result.out.split("majority-frame baseline ")[1].split()[0])
    assert baseline == 0.25 and accuracy >= 0.5  # well above guessing on four balanced frames
    data = json.loads(model.read_text(encoding="utf-8"))
    assert data["classes"] == ["economic", "health_and_safety", "legality", "security_and_defense"]
    assert data["meta"]["cv_accuracy"] == accuracy
    assert "pickle" not in model.read_text(encoding="utf-8")


def test_frame_model_replaces_the_lexicon_in_score_and_report(tmp_path, run_cli, seed_copy):
    model = tmp_path / "frames-model.json"
    assert run_cli("train-frames", FIXTURES / "coded-frames.csv", "--out", model).code == 0
    text = tmp_path / "article.txt"
    text.write_text("Hospitals ran short of medicine as the cholera outbreak spread and doctors treated patients.\n",
                    encoding="utf-8")
    frames = json.loads(run_cli("score", text, "--json", "--frame-model", model).out)["frames"]
    assert set(frames) == {"economic", "health_and_safety", "legality", "security_and_defense"}
    assert max(frames, key=frames.get) == "health_and_safety"
    out = tmp_path / "reports"
    result = run_cli("report", seed_copy, "--out", out, "--format", "json", "--frame-model", model, "--no-cache")
    assert result.code == 0, result
    report = json.loads((out / seed_copy.name / "report.json").read_text(encoding="utf-8"))
    explainer = next(s for s in report["sources"] if s["id"] == "explainer")
    assert explainer["scoring"]["frames"] == "model"
    assert set(explainer["frames"]) == {"economic", "health_and_safety", "legality", "security_and_defense"}
    assert max(explainer["frames"], key=explainer["frames"].get) == "security_and_defense"
    paragraph = explainer["paragraphs"][0]
    assert set(paragraph["frames"]) == set(explainer["frames"]) and paragraph["frame_cues"]


def test_train_frames_rejects_a_csv_without_the_columns(tmp_path, run_cli):
    coded = tmp_path / "coded.csv"
    coded.write_text("paragraph_text,code\nsome text,economic\n", encoding="utf-8")
    result = run_cli("train-frames", coded, "--out", tmp_path / "m.json")
    assert result.code == 2
    assert "coded.csv" in result.err and "`text` and a `frame` column" in result.err
    assert not (tmp_path / "m.json").exists()
