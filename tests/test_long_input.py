"""Every stage bounded on long input: a line, a paragraph or a sentence of any length is cut
into pieces of bounded length with a warning, and what was quadratic in mentions, dates,
quotations or identical texts reads each once. (Wall times are measured by
bench/long_input.py, not asserted here.)"""
from __future__ import annotations

import random
from pathlib import Path

import numpy as np

from compare.align import align_articles
from compare.align import candidates
from compare.align.features import paragraph_table, vectors
from compare.clean import clean_text
from compare.clean.rules import HEADING_MAX_CHARS
from compare.facts import context_window, find_dates, find_quantities
from compare.model import Actor, Article, Block, CleanText, Paragraph, Source
from compare.score import actor_mentions, score_article
from compare.score.sentiment import sentence_sentiment
from compare.score.target import load_target_model, target_features
from compare.score.voices import speech_events
from compare.segment import PARAGRAPH_MAX_CHARS, SENTENCE_MAX_CHARS, segment, split_paragraph, split_sentences
from compare.text import content_stems, tokens

NEWS = [
    "Rwanda expelled the Belgian diplomats on Monday.",
    "Belgium said the decision was regrettable and disproportionate.",
    "The foreign ministry in Kigali accused Brussels of lies.",
    "Talks on the war in eastern Congo stalled again this week.",
]


def news_line(size: int, seed: int = 1) -> str:
    rng = random.Random(seed)
    parts: list[str] = []
    while sum(map(len, parts)) + len(parts) < size:
        parts.append(rng.choice(NEWS))
    return " ".join(parts)


def source(text: str = "", warnings: tuple[str, ...] = ()) -> Source:
    return Source("huge", Path("huge.txt"), "Huge", "text", text, warnings=warnings)


def test_a_200kb_line_becomes_paragraphs_under_the_cap_with_a_warning_naming_the_line():
    line = news_line(200_000)
    cleaned = CleanText((Block("Rwanda cut ties with Belgium.", 4), Block(line, 7)), ())
    article = segment(source(warnings=("an earlier warning",)), cleaned)
    pieces = article.paragraphs[1:]
    assert article.paragraphs[0].text == "Rwanda cut ties with Belgium."
    assert len(pieces) == len(split_paragraph(line)) >= 200_000 // PARAGRAPH_MAX_CHARS
    assert all(len(p.text) <= PARAGRAPH_MAX_CHARS and p.text.endswith(".") for p in pieces)  # cut at sentence ends
    assert " ".join(p.text for p in pieces) == line
    assert [p.index for p in article.paragraphs] == list(range(len(article.paragraphs)))
    assert {p.line for p in pieces} == {7}
    assert article.source.warnings[0] == "an earlier warning"
    (warning,) = article.source.warnings[1:]
    assert warning.startswith(f"line 7: a paragraph of {len(line):,} characters was split into {len(pieces):,} paragraphs")


def test_a_paragraph_under_the_cap_is_left_whole_without_a_warning():
    text = news_line(PARAGRAPH_MAX_CHARS - 100)
    article = segment(source(), CleanText((Block(text, 3),), ()))
    assert [p.text for p in article.paragraphs] == [text]
    assert article.source.warnings == ()


def test_a_line_without_spaces_is_cut_at_the_cap_and_one_without_full_stops_at_spaces():
    assert [len(p) for p in split_paragraph("a" * 12_000)] == [PARAGRAPH_MAX_CHARS, PARAGRAPH_MAX_CHARS, 2_000]
    words = " ".join(f"word{k}" for k in range(4_000))
    pieces = split_paragraph(words)
    assert all(len(p) <= PARAGRAPH_MAX_CHARS for p in pieces)
    assert " ".join(pieces).split() == words.split()  # no word was cut in two


def test_a_sentence_longer_than_the_cap_is_cut_at_spaces():
    sentence = "Officials said " + " ".join(f"item{k}," for k in range(3_000)) + " and more."
    sentences = split_sentences("Rwanda cut ties. " + sentence)
    assert sentences[0].text == "Rwanda cut ties."
    assert all(len(s.text) <= SENTENCE_MAX_CHARS for s in sentences)
    assert " ".join(s.text for s in sentences[1:]) == sentence
    text = "Rwanda cut ties. " + sentence
    assert all(text[s.start:s.end] == s.text for s in sentences)


def test_a_line_of_abbreviations_is_split_as_before():
    text = "Mr. " * 20_000 + "Smith left. He came back."
    assert [s.text for s in split_sentences(text, cap=False)] == ["Mr. " * 20_000 + "Smith left.", "He came back."]


def test_actor_mentions_finds_20000_mentions():
    actor = Actor("Rwanda", ("Rwanda", "Paul Kagame", "Kagame"))
    text = " ".join(["Rwanda", "Paul Kagame"] * 10_000)
    found = actor_mentions(text, actor)
    assert len(found) == 20_000
    assert found[:2] == [(0, 6), (7, 18)]  # "Paul Kagame" is one mention, not two
    assert found == sorted(found) and all(a < b for (_, a), (b, _) in zip(found, found[1:]))


def test_an_article_naming_an_actor_20000_times_counts_every_mention():
    text = " ".join(["Rwanda"] * 20_000)
    article = segment(source(text), CleanText((Block(text, 1),), ()))
    scores = score_article(article, (Actor("Rwanda", ("Rwanda",)),))
    (rwanda,) = scores.actors
    assert rwanda.mentions == 20_000
    assert len(article.paragraphs) == len({(r[0], r[1]) for r in rwanda.readings}) > 1  # one reading per piece


def test_target_features_of_many_mentions_do_not_depend_on_their_order():
    sentence = " ".join(["Rwanda"] * 300 + ["denied the accusations"])
    spans = [(7 * k, 7 * k + 6) for k in range(300)]
    shuffled = spans[:]
    random.Random(3).shuffle(shuffled)
    assert target_features(sentence, shuffled) == target_features(sentence, spans)
    assert target_features(sentence, spans)["pos:start"] == 1.0
    model = load_target_model()
    assert model.predict_many([(sentence, spans)] * 3) == [model.predict(sentence, spans)] * 3


def test_one_speakers_quotes_in_a_long_paragraph_are_joined_once():
    text = " ".join(["“We will not back down,” Kagame said."] * 200)
    article = segment(source(text), CleanText((Block(text, 1),), ()))
    scores = score_article(article, (Actor("Rwanda", ("Rwanda", "Kagame")),))
    joined = [q for q in scores.quotes if q.paragraph == 0]
    pieces = article.paragraphs[0].text.count("“")
    assert len(article.paragraphs) > 1 and pieces > 100
    assert len(joined) == 1
    assert joined[0].text == " … ".join(["We will not back down"] * pieces)
    assert joined[0].sentiment == sentence_sentiment(joined[0].text)
    assert joined[0].actor == "Rwanda"


def test_speech_events_of_a_sentence_with_300_attributions():
    events = speech_events("“We will not back down,” Kagame said, " * 300)
    assert len(events) == 300
    assert {e.speaker for e in events} == {"Kagame"}
    assert all(e.complement is None for e in events)  # each said after a quotation: inverted


def test_dates_and_counts_of_a_paragraph_with_thousands_of_them():
    text = " ".join(f"On March {k % 28 + 1}, 2025, {k % 1700 + 2} soldiers were killed." for k in range(3_000))
    dates = find_dates(text, 2025)
    assert len(dates) == 3_000 and dates[-1].text == "March 4, 2025"
    quantities = find_quantities(text)
    assert len(quantities) == 3_000
    deep = quantities[2_500]
    around = tokens(text[:deep.start])[-8:] + tokens(text[deep.start + len(deep.text):])[:8]
    assert context_window(text, deep.start, deep.text) == frozenset(content_stems(" ".join(around)))


def test_a_heading_line_longer_than_a_heading_is_not_one():
    long_heading = "== " + "word " * 300 + "=="
    cleaned = clean_text(long_heading + "\n\n" + NEWS[0] + " " + NEWS[1] + "\n", markdown=False)
    assert len(long_heading) > HEADING_MAX_CHARS
    assert [b.kind for b in cleaned.blocks] == ["paragraph", "paragraph"]
    short = clean_text("== Background ==\n\n" + NEWS[0] + " " + NEWS[1] + "\n", markdown=False)
    assert [(b.kind, b.text) for b in short.blocks][0] == ("heading", "Background")


def article_of(source_id: str, paragraphs: list[str]) -> Article:
    return Article(source=Source(source_id, Path(f"{source_id}.txt"), source_id, "text", "\n\n".join(paragraphs)),
                   paragraphs=tuple(Paragraph(i, t, i + 1, None, split_sentences(t, cap=False))
                                    for i, t in enumerate(paragraphs)),
                   headings=(), removed=())


def test_the_aligner_does_not_pair_the_sentences_of_one_long_source_with_each_other():
    sentence = "Rwanda expelled the Belgian diplomats on Monday, the ministry said."
    rows = candidates.LARGE_SOURCE_ROWS + 500
    huge = article_of("huge", [" ".join([sentence] * rows)])
    other = article_of("wire", [sentence + " Belgium responded in kind.", "Talks on eastern Congo stalled."])
    third = article_of("daily", ["Belgium responded in kind on Tuesday.", "Congo talks stalled."])
    articles = [other, third, huge]  # sorted by id, as the aligner reads them
    table = paragraph_table(articles)
    texts, sentences, sentence_text, terms = vectors(table)
    found = candidates.find_candidates(table, texts, sentences, sentence_text, terms.df)
    width = found.sentences.width
    left, right = found.sentences.keys // width, found.sentences.keys % width
    huge_rows = sentence_text == table.text_id[-1]
    assert huge_rows.sum() == rows
    assert not (huge_rows[left] & huge_rows[right]).any()  # none of the rows * rows pairs of one source
    whole = (sentences @ sentences.T).tocsr()
    assert np.array_equal(found.sentences.values, np.asarray(whole[left, right]).ravel())  # the same values, bit for bit
    result = align_articles(articles)
    assert any({a.a.source, a.b.source} == {"huge", "wire"} and a.a.paragraph == a.b.paragraph == 0
               for a in result.alignments)
