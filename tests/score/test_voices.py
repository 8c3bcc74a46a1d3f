"""Whose voice: quoted and reported speech, speakers, and speakers mapped to actors."""
from __future__ import annotations

from compare.model import Actor
from compare.score.voices import speaker_actor, speech_events, voiced_spans
from compare.segment import split_sentences

ACTORS = (Actor("Belgium", ("Belgium", "Belgian", "Prevot")), Actor("Rwanda", ("Rwanda", "Rwandan", "Kigali")))


def spans_of(paragraph: str, previous: str | None = None):
    return voiced_spans(paragraph, split_sentences(paragraph), previous)


def test_participle_after_a_comma_reports_the_sentence_subjects_words():
    spans = spans_of("Belgium has expressed regret over Rwanda’s decision, describing it as disproportionate "
                     "and counterproductive.")
    reported = [s for s in spans if s.voice == "quote"]
    assert [(s.text.strip(), s.speaker, s.direct) for s in reported] == [
        ("disproportionate and counterproductive.", "Belgium", False)]
    own = " ".join(s.text for s in spans if s.voice == "own")
    assert "disproportionate" not in own and "expressed regret" in own


def test_accusing_verb_takes_its_speaker_from_the_subject_not_the_object():
    paragraph = ("Late last month, Rwanda suspended its development cooperation program with Belgium, "
                 "accusing Belgium of taking sides in the Congo situation.")
    reported = [s for s in spans_of(paragraph) if s.voice == "quote"]
    assert [(s.text.strip(), s.speaker) for s in reported] == [("taking sides in the Congo situation.", "Rwanda")]


def test_inverted_attribution_names_the_speaker_after_the_verb():
    paragraph = "“We will not be lectured,” said Rwandan government spokeswoman Yolande Makolo."
    quote = next(s for s in spans_of(paragraph) if s.direct)
    assert quote.text == "We will not be lectured,"
    assert quote.speaker == "Rwandan government spokeswoman Yolande Makolo"
    assert speaker_actor(quote.speaker, ACTORS) == "Rwanda"


def test_introductory_phrase_and_apposition_are_not_the_speaker():
    paragraph = ("In a statement, the foreign minister of Belgium, Maxime Prevot, said that Kigali had "
                 "chosen confrontation.")
    reported = [s for s in spans_of(paragraph) if s.voice == "quote"]
    assert [(s.text.strip(), s.speaker) for s in reported] == [("Kigali had chosen confrontation.", "Maxime Prevot")]
    assert speaker_actor(reported[0].speaker, ACTORS) == "Belgium"


def test_according_to_reports_the_rest_of_the_sentence():
    paragraph = "According to the Rwandan Foreign Ministry, Belgium has waged a campaign against Kigali."
    reported = [s for s in spans_of(paragraph) if s.voice == "quote"]
    assert [(s.text.strip(" ,"), s.speaker) for s in reported] == [("Belgium has waged a campaign against Kigali.",
                                                                 "Rwandan Foreign Ministry")]


def test_passive_allegation_is_reported_speech_without_a_speaker():
    paragraph = "The group has been accused of war crimes by rights groups."
    reported = [s for s in spans_of(paragraph) if s.voice == "quote"]
    assert [(s.text.strip(), s.speaker) for s in reported] == [("war crimes by rights groups.", None)]


def test_inference_without_a_speaker_stays_in_the_outlets_voice():
    paragraph = "The diplomatic fallout suggests that the relationship has reached a breaking point."
    assert all(s.voice == "own" for s in spans_of(paragraph))
    assert speech_events(paragraph) == []


def test_pronoun_speaker_continues_the_last_named_speaker():
    paragraph = "Prevot spoke to reporters in Brussels. He said that the decision was regrettable."
    spans = spans_of(paragraph, previous="Belgian Foreign Minister Maxime Prevot")
    reported = [s for s in spans if s.voice == "quote"]
    assert [(s.text.strip(), s.speaker) for s in reported] == [("the decision was regrettable.",
                                                                 "Belgian Foreign Minister Maxime Prevot")]


def test_scare_quotes_without_a_speech_verb_have_no_speaker():
    paragraph = 'Scholars propagated the hypothesis that the group descended from "black Caucasians" in the north.'
    quote = next(s for s in spans_of(paragraph) if s.direct)
    assert quote.text == "black Caucasians" and quote.speaker is None


def test_prevot_disproportionate_remark_is_belgian_speech_in_every_seed_that_carries_it(seed_report):
    """The explainer quotes it (a standalone quote paragraph continuing Prevot's previous one,
    and "calling it “disproportionate”"); the developing story reports it ("describing it as
    disproportionate"). In no seed is the word in the outlet's own voice."""
    carriers = []
    for article in seed_report.articles:
        scores = seed_report.scores[article.id]
        previous = None
        for paragraph in article.paragraphs:
            spans = voiced_spans(paragraph.text, paragraph.sentences, previous)
            speakers = [s.speaker for s in spans if s.voice == "quote" and s.speaker]
            previous = speakers[-1] if speakers else (None if not any(s.voice == "quote" for s in spans) else previous)
            if "disproportionate" not in paragraph.text:
                continue
            carriers.append(article.id)
            holding = [s for s in spans if "disproportionate" in s.text]
            assert holding and all(s.voice == "quote" for s in holding), (article.id, paragraph.text)
            assert all(speaker_actor(s.speaker, seed_report.event.actors) == "Belgium" for s in holding), \
                (article.id, [(s.text, s.speaker) for s in holding])
        quoted = [q for q in scores.quotes if "disproportionate" in q.text]
        if article.id in carriers:
            assert quoted and all(q.actor == "Belgium" for q in quoted)
    assert {"explainer", "developing-story"} <= set(carriers)
    explainer = seed_report.scores["explainer"]
    standalone = next(q for q in explainer.quotes if q.text.startswith("This is disproportionate"))
    assert standalone.label == "Belgian Foreign Minister Maxime Prevot" and standalone.direct
    assert standalone.speaker == "Maxime Prevot"  # who the label names (compare/speakers.py)


def test_a_day_or_date_before_the_verb_is_not_the_speaker():
    events = speech_events("The White House on Wednesday said that the president agreed.")
    assert [e.speaker for e in events] == ["White House"]
    assert speech_events("Rwanda on March 17 said that Belgium lied.")[0].speaker == "Rwanda"
