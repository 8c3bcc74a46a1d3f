"""Scoring: offline VADER, voices and speakers, frames from the lexicon."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

from compare.model import Actor
from compare.score.frames import load_lexicon
from compare.score.sentiment import sentence_sentiment
from compare.score.voices import voiced_spans
from compare.segment import split_sentences


def test_vader_runs_offline_with_an_empty_nltk_data_folder(tmp_path):
    """No nltk.download, no punkt: VADER and sentence splitting work with NLTK_DATA empty
    and every network connection refused."""
    script = textwrap.dedent("""
        import socket
        def refuse(*args, **kwargs):
            raise OSError("network access attempted")
        socket.socket.connect = refuse
        socket.create_connection = refuse
        from compare.score.sentiment import sentence_sentiment
        from compare.segment import split_sentences
        print(sentence_sentiment("This is a wonderful, peaceful agreement."))
        print(sentence_sentiment("The attack killed dozens and was condemned as barbaric."))
        print(len(split_sentences("Mr. Prevot spoke. Rwanda left.")))
    """)
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    env = {**os.environ, "NLTK_DATA": str(empty), "HOME": str(tmp_path)}
    result = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    positive, negative, sentences = result.stdout.split()
    assert float(positive) > 0.5
    assert float(negative) < -0.5
    assert sentences == "2"


def test_vader_loader_leaves_nltk_importable_as_a_whole():
    script = "from compare.score.sentiment import vader; vader(); import nltk; print(hasattr(nltk, 'word_tokenize'))"
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "True"


def test_sentiment_is_in_range_and_signed():
    assert sentence_sentiment("Belgium regrets the disproportionate decision.") < 0
    assert sentence_sentiment("") == 0.0
    assert -1 <= sentence_sentiment("Terrible, horrible, awful, catastrophic war.") <= 1


def test_prevot_quote_is_quoted_speech_of_the_belgian_minister_not_the_outlet():
    actors = (Actor("Belgium", ("Belgium", "Belgian", "Prevot")), Actor("Rwanda", ("Rwanda", "Rwandan")))
    paragraph = ("“Belgium regrets the decision of Rwanda to cut off diplomatic relations with Belgium,” "
                 "Belgian Foreign Minister Maxime Prevot said in a post on X.")
    spans = voiced_spans(paragraph, split_sentences(paragraph))
    quote = next(s for s in spans if s.voice == "quote" and s.direct)
    assert quote.text.startswith("Belgium regrets the decision")
    assert quote.speaker == "Belgian Foreign Minister Maxime Prevot"
    follow_up = "“This is disproportionate and shows that when we disagree with Rwanda, they prefer not to engage in dialogue.”"
    spans = voiced_spans(follow_up, split_sentences(follow_up), previous_speaker=quote.speaker)
    assert [(s.voice, s.speaker) for s in spans] == [("quote", "Belgian Foreign Minister Maxime Prevot")]
    assert not any(s.voice == "own" for s in spans)


def test_frame_profile_keeps_its_cue_words():
    lexicon = load_lexicon()
    counts, cues = lexicon.match("The EU adopted sanctions under international law against officials of the armed group.")
    assert counts["legality"] >= 1 and "international law" in cues["legality"]
    assert "sanctions" in cues["external_regulation_and_reputation"]
    assert "armed" in cues["security_and_defense"]


def test_user_lexicon_extends_the_bundled_one(tmp_path):
    user = tmp_path / "mine.yaml"
    user.write_text("frames:\n  economic:\n    cues: [cobalt]\n  sport:\n    cues: [football]\n", encoding="utf-8")
    lexicon = load_lexicon(user)
    counts, _ = lexicon.match("Cobalt prices rose while football fans protested.")
    assert counts["economic"] >= 1 and counts["sport"] == 1
    assert "sport" in lexicon.frames
    replaced = load_lexicon(user, replace=True)
    counts, _ = replaced.match("The army attacked the rebels over cobalt.")
    assert "security_and_defense" not in counts and counts == {"economic": 1}


def test_faster_vader_tokenising_gives_nltks_exact_scores():
    """sentiment.py answers NLTK's punctuation lookup on demand instead of building it per
    sentence; the scores must be NLTK's own, punctuation, emoticons and quotes included."""
    from compare.score.sentiment import nltk_vader_module, vader

    module = nltk_vader_module()

    class Reference(module.SentimentIntensityAnalyzer):
        def __init__(self):
            self.lexicon, self.constants = vader().lexicon, module.VaderConstants()

    reference = Reference()
    texts = ['"Wow!!" she said, "great..." it was :) not bad!?', "'hello' ,bad; good.", "He said: “terrible” — awful!",
             "Kigali's regime is NOT good, but the talks were GREAT!!!", "no-no... (sort of) -- kind of nice?"]
    for text in texts:
        assert vader().polarity_scores(text) == reference.polarity_scores(text), text
