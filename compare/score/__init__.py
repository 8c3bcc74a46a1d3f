"""Scoring: sentiment by voice and toward actors, frame profiles and loaded language for one article.

- Sentence sentiment is VADER's compound score (NLTK, lexicon shipped by vaderSentiment);
  paragraph and source sentiment are means of it, and own-voice / quote sentiment weigh the
  voiced spans (see `voices.py`) by their length.
- Sentiment toward an actor is read per sentence that names it (or refers to it with he /
  she / his / her after naming it, see `_pronoun_mentions`), by the target-aware model
  of `target.py` (or by VADER over the voiced span, with `Settings.actor_sentiment="vader"`),
  and kept per voice (own, quoted) and per speaker of the quote.
- Frames come from the cue lexicon (`frames.py`), or from a `train-frames` classifier.
- Loaded-language markers are counted per source (`loaded.py`).
- Each quote's speaker label is read as who it names (compare/speakers.py): `Quote.label` as
  written ("Mr. Trump"), `Quote.speaker` the person, organisation or role ("Donald Trump").
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import replace as dataclass_replace
from functools import lru_cache

from ..model import ActorScore, Actor, Article, ArticleScores, ParagraphScore, Quote, SentenceScore, Speaker
from ..settings import Settings
from ..speakers import ArticleSpeakers
from ..speaker_labels import without_dateline
from ..stats import mean
from .frames import cue_words, frame_confidence, load_lexicon, probability_margin, profile
from .loaded import load_markers, loaded_summary
from .sentiment import sentence_sentiment
from .voices import VoicedSpan, speaker_actor, voiced_spans


def score_article(article: Article, actors: tuple[Actor, ...] = (), settings: Settings = Settings()) -> ArticleScores:
    """Score every sentence and paragraph of an article, and the source as a whole."""
    frame_model = None
    lexicon = None
    if settings.frame_model is not None:
        from .trainable import load_frame_model

        frame_model = load_frame_model(settings.frame_model)
    else:
        lexicon = load_lexicon(settings.lexicon, settings.lexicon_replaces)
    target_model = None
    if actors and settings.actor_sentiment == "model":
        from .target import load_target_model

        target_model = load_target_model(settings.target_model)
    markers = load_markers()

    paragraph_scores: list[ParagraphScore] = []
    sentence_scores: list[SentenceScore] = []
    quotes: list[Quote] = []
    frame_totals: dict[str, float] = {}  # weighted cue mass per frame, pooled over paragraphs
    model_profiles: list[tuple[dict[str, float], int]] = []
    own_all: list[tuple[float, int]] = []
    quote_all: list[tuple[float, int]] = []
    loaded: dict[str, list[str]] = defaultdict(list)
    # per actor: (paragraph, sentence, voice, speaker, position of the sentence's reading in
    # `to_predict` or None, VADER score of the voiced span); the target model reads all the
    # article's sentences in one call, after the paragraphs, so a sentence naming two actors
    # is tokenized once
    pending: dict[str, list[tuple[int, int, str, str | None, int | None, float]]] = {a.name: [] for a in actors}
    to_predict: list[tuple[str, list[tuple[int, int]]]] | None = [] if target_model is not None else None
    mention_counts: dict[str, int] = {a.name: 0 for a in actors}
    speakers: dict[str, list[float]] = defaultdict(list)
    previous_speaker: str | None = None
    antecedent: tuple[str, int] | None = None  # the actor "he" or "she" would refer to, and its age
    actor_forms = [(actor, _longest_forms_first(tuple(actor.forms))) for actor in actors]

    for paragraph in article.paragraphs:
        spans = voiced_spans(paragraph.text, paragraph.sentences, previous_speaker)
        own = [(sentence_sentiment(s.text), len(s.text)) for s in spans if s.voice == "own"]
        quoted = [(sentence_sentiment(s.text), len(s.text)) for s in spans if s.voice == "quote"]
        own_all.extend(own)
        quote_all.extend(quoted)
        sentiments = []
        span_ends = [s.end for s in spans]  # spans are in order and apart
        for k, sentence in enumerate(paragraph.sentences):
            value = sentence_sentiment(sentence.text)
            sentiments.append(value)
            # the sentence's voice: the one of most of its characters, with the first named speaker
            quoted_chars = own_chars = 0
            speaker = None
            for s in spans[bisect_right(span_ends, sentence.start):]:
                if s.start >= sentence.end:
                    break
                if s.start < sentence.end and s.end > sentence.start:
                    if s.voice == "quote":
                        quoted_chars += s.end - s.start
                        if speaker is None and s.speaker:
                            speaker = s.speaker
                    elif s.voice == "own":
                        own_chars += s.end - s.start
            voice = "quote" if quoted_chars > own_chars else "own"
            sentence_scores.append(SentenceScore(paragraph.index, k, value, voice, speaker if voice == "quote" else None))
        _collect_quotes(quotes, paragraph.index, spans, actors, speakers)
        quote_speakers = [s.speaker for s in spans if s.voice == "quote" and s.speaker]
        if quote_speakers:
            previous_speaker = quote_speakers[-1]
        elif not any(s.voice == "quote" for s in spans):
            previous_speaker = None

        lowered = _lowered_for_search(paragraph.text) if actors else None
        named = {actor.name: actor_mentions(paragraph.text, actor, lowered, forms) for actor, forms in actor_forms}
        referred, antecedent = _pronoun_mentions(paragraph, named, antecedent)
        for actor in actors:
            found = named[actor.name]
            mention_counts[actor.name] += len(found)
            pronouns = referred.get(actor.name)
            if found or pronouns:
                found = sorted(found + (pronouns or []))
                pending[actor.name].extend(_read_actor(paragraph, found, spans, actors, to_predict))

        words = cue_words(paragraph.text)  # for the frame lexicon and the loaded-language markers alike
        if frame_model is not None:
            probabilities, evidence = frame_model.predict(paragraph.text)
            frames = probabilities
            frame_cues = {f: evidence.get(f, ()) for f in sorted(evidence)}
            confidence = probability_margin(probabilities)
            model_profiles.append((probabilities, max(1, len(paragraph.text.split()))))
        else:
            mass, cues = lexicon.weigh_words(words)
            for frame, n in mass.items():
                frame_totals[frame] = frame_totals.get(frame, 0.0) + n
            frames = profile(mass)
            frame_cues = {f: tuple(sorted(set(c))) for f, c in sorted(cues.items()) if f in frames}
            confidence = frame_confidence(mass)
        for kind, found_words in markers.match_words(words)[1].items():
            loaded[kind].extend(found_words)
        paragraph_scores.append(ParagraphScore(
            index=paragraph.index,
            sentiment=_round(mean(sentiments)) or 0.0,
            own_sentiment=_round(_weighted(own)),
            quote_sentiment=_round(_weighted(quoted)),
            frames=frames,
            frame_cues=frame_cues,
            frame_confidence=confidence,
        ))

    if frame_model is not None:
        source_frames = _pooled_model_profile(model_profiles)
        source_confidence = probability_margin(source_frames)
    else:
        source_frames, source_confidence = profile(frame_totals), frame_confidence(frame_totals)
    predictions = target_model.predict_many(to_predict) if to_predict else []
    who = _speakers_of(article, actors, quotes)
    readings = {name: [_with_target_reading(_resolved_reading(r, who), predictions) for r in actor_readings]
                for name, actor_readings in pending.items()}
    quotes = [dataclass_replace(q, speaker=who[q.speaker].name if who.get(q.speaker) else None,
                                label=without_dateline(q.speaker) if q.speaker else None,
                                actor=(q.actor or who[q.speaker].actor) if who.get(q.speaker) else None)
              for q in quotes]
    speakers = _resolved_speaker_sentiment(speakers, who)
    return ArticleScores(
        source=article.id,
        sentiment=_round(mean([s.sentiment for s in sentence_scores])) or 0.0,
        own_sentiment=_round(_weighted(own_all)),
        quote_sentiment=_round(_weighted(quote_all)),
        frames=source_frames,
        paragraphs=tuple(paragraph_scores),
        sentences=tuple(sentence_scores),
        actors=tuple(_actor_score(a.name, mention_counts[a.name], readings[a.name]) for a in actors),
        quotes=tuple(quotes),
        loaded=loaded_summary(loaded, article.word_count),
        frame_method="model" if frame_model is not None else "lexicon",
        frame_confidence=source_confidence,
        actor_method="model" if settings.actor_sentiment == "model" else "vader",
        speaker_sentiment={k: (len(v), _round(mean(v))) for k, v in sorted(speakers.items())},
        speakers=tuple({id(s): s for s in who.values() if s is not None}.values()),
    )


def _speakers_of(article: Article, actors: tuple[Actor, ...], quotes: list[Quote]) -> dict[str, Speaker | None]:
    """Who each speaker label of the article's quotes names (compare/speakers.py), in text order."""
    resolver = ArticleSpeakers(article.id, tuple(p.text for p in article.paragraphs), tuple(actors))
    for quote in quotes:
        resolver.see(quote.speaker, quote.paragraph)
    return resolver.finish()


def _resolved_reading(reading: tuple, who: dict[str, Speaker | None]) -> tuple:
    """An actor reading whose speaker (a label, or the actor it maps to) is the one the label names."""
    speaker = reading[3]
    if speaker in who:
        found = who[speaker]
        speaker = (found.actor or found.name) if found else None
    return (*reading[:3], speaker, *reading[4:])


def _resolved_speaker_sentiment(values: dict[str, list[float]], who: dict[str, Speaker | None]) -> dict[str, list[float]]:
    """`values` keyed by the actor or name of the speaker each label names (labels that name no one left out)."""
    out: dict[str, list[float]] = defaultdict(list)
    for key in sorted(values):
        found = who.get(key, key)
        if found is not None:
            out[found if isinstance(found, str) else (found.actor or found.name)].extend(values[key])
    return out


_PRONOUN = re.compile(r"\b(?:he|him|his|she|her|hers)\b", re.I)
ANTECEDENT_REACH = 3  # sentences a pronoun may look back for the actor it refers to


def _pronoun_mentions(paragraph, named: dict[str, list[tuple[int, int]]], antecedent: tuple[str, int] | None
                      ) -> tuple[dict[str, list[tuple[int, int]]], tuple[str, int] | None]:
    """Personal pronouns in sentences that name no actor, read as mentions of the actor that
    the last sentence naming one named first (its likely subject), up to three sentences back.

    Returns the pronoun spans per actor and the antecedent to carry into the next paragraph.
    """
    referred: dict[str, list[tuple[int, int]]] = {}
    # most actors are not in a paragraph; the starts of each one's spans (sorted) are searched
    present = [(name, [a for a, _ in spans]) for name, spans in named.items() if spans]
    for sentence in paragraph.sentences:
        firsts = sorted((starts[k], name) for name, starts in present
                        for k in [bisect_left(starts, sentence.start)]
                        if k < len(starts) and starts[k] < sentence.end)
        if firsts:
            antecedent = (firsts[0][1], 0)
            continue
        if antecedent is None or antecedent[1] >= ANTECEDENT_REACH:
            antecedent = None
            continue
        for m in _PRONOUN.finditer(paragraph.text, sentence.start, sentence.end):
            referred.setdefault(antecedent[0], []).append((m.start(), m.end()))
        antecedent = (antecedent[0], antecedent[1] + 1)
    return referred, antecedent


def _read_actor(paragraph, found: list[tuple[int, int]], spans: list[VoicedSpan], actors: tuple[Actor, ...],
                to_predict: list[tuple[str, list[tuple[int, int]]]] | None
                ) -> list[tuple[int, int, str, str | None, int | None, float]]:
    """One reading per (sentence, voice) that names the actor: (paragraph, sentence, voice,
    speaker's actor or name, position in `to_predict` of the sentence's target reading, VADER
    score of the voiced span). The (sentence, target spans) to read are appended to
    `to_predict`; without a target model (`to_predict` None) the position is None."""
    out = []
    found_starts = [a for a, _ in found]  # `found` is sorted
    span_starts = [s.start for s in spans]  # spans are in order and apart
    for k, sentence in enumerate(paragraph.sentences):
        inside = found[bisect_left(found_starts, sentence.start):bisect_left(found_starts, sentence.end)]
        if not inside:
            continue
        if to_predict is not None:
            relative = [(a - sentence.start, min(b, sentence.end) - sentence.start) for a, b in inside]
            position = len(to_predict)
            to_predict.append((sentence.text, relative))
        else:
            position = None
        by_voice: dict[tuple[str, str | None], list[float]] = {}
        for a, _b in inside:
            holder = bisect_right(span_starts, a) - 1  # the one span that can hold `a`
            span = spans[holder] if holder >= 0 and a < spans[holder].end else None
            if span is None:  # the mention is the quotation mark's neighbour: read it as own voice
                voice, speaker, vader_value = "own", None, sentence_sentiment(sentence.text)
            else:
                voice, vader_value = span.voice, sentence_sentiment(span.text)
                speaker = (speaker_actor(span.speaker, actors) or span.speaker) if span.voice == "quote" else None
            by_voice.setdefault((voice, speaker), []).append(vader_value)
        for (voice, speaker), vader_values in sorted(by_voice.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
            out.append((paragraph.index, k, voice, speaker, position, sum(vader_values) / len(vader_values)))
    return out


def _with_target_reading(reading: tuple[int, int, str, str | None, int | None, float], predictions: list
                         ) -> tuple[int, int, str, str | None, float, float, float]:
    """A reading of `_read_actor` with its scores: (paragraph, sentence, voice, speaker, target
    score, lean p(pos) - p(neg), VADER score); without a target reading both scores are VADER's."""
    paragraph, sentence, voice, speaker, position, vader_value = reading
    if position is None:
        return (paragraph, sentence, voice, speaker, vader_value, vader_value, vader_value)
    prediction = predictions[position]
    return (paragraph, sentence, voice, speaker, prediction.score,
            round(prediction.positive - prediction.negative, 4), vader_value)


def _actor_score(name: str, mentions: int,
                 readings: list[tuple[int, int, str, str | None, float, float, float]]) -> ActorScore:
    """Means over the sentences that name the actor (each sentence once, whatever its mentions)."""
    per_sentence: dict[tuple[int, int], tuple[float, float]] = {}
    for paragraph, sentence, _voice, _speaker, score, lean, _vader in readings:
        per_sentence.setdefault((paragraph, sentence), (score, lean))
    own = [r[4] for r in readings if r[2] == "own"]
    quoted = [r[4] for r in readings if r[2] == "quote"]
    by_speaker: dict[str, list[float]] = defaultdict(list)
    for r in readings:
        if r[2] == "quote":
            by_speaker[r[3] or "unattributed"].append(r[4])
    values = [score for score, _ in per_sentence.values()]
    return ActorScore(
        actor=name,
        mentions=mentions,
        sentiment=_round(mean(values)),
        own_sentiment=_round(mean(own)),
        quote_sentiment=_round(mean(quoted)),
        own_mentions=len(own),
        quote_mentions=len(quoted),
        negative=sum(1 for v in values if v < 0),
        neutral=sum(1 for v in values if v == 0),
        positive=sum(1 for v in values if v > 0),
        vader_sentiment=_round(mean([r[6] for r in readings])),
        by_speaker={k: (len(v), _round(mean(v))) for k, v in sorted(by_speaker.items())},
        readings=tuple((p, s, v, sp, round(score, 4), round(lean, 4)) for p, s, v, sp, score, lean, _ in readings),
        lean=_round(mean([lean for _, lean in per_sentence.values()])),
    )


def _collect_quotes(quotes: list[Quote], paragraph: int, spans: list[VoicedSpan], actors: tuple[Actor, ...],
                    speakers: dict[str, list[float]]) -> None:
    """Quoted and reported speech with its speaker; pieces of one speaker's quote in a paragraph are joined
    (and the joined quote scored once, when it is complete: a paragraph may hold hundreds of pieces)."""
    run: list[str] = []  # the pieces of the last quote of this paragraph

    def join_run() -> None:
        if len(run) > 1:
            last, joined = quotes[-1], " … ".join(run)
            quotes[-1] = Quote(paragraph, joined, last.speaker, last.actor, last.direct, sentence_sentiment(joined))

    for span in spans:
        if span.voice != "quote" or not (span.direct or span.speaker):
            continue
        text = span.text.strip(" ,;:“”\"")
        actor = speaker_actor(span.speaker, actors)
        value = sentence_sentiment(text)
        if span.speaker:
            speakers[actor or span.speaker].append(value)
        last = quotes[-1] if run else None
        if last and last.speaker == span.speaker and last.direct == span.direct:
            run.append(text)
        else:
            join_run()
            quotes.append(Quote(paragraph, text, span.speaker, actor, span.direct, value))
            run = [text]
    join_run()


def _pooled_model_profile(profiles: list[tuple[dict[str, float], int]]) -> dict[str, float]:
    """A source's frame profile from a classifier: paragraph probabilities weighted by words."""
    total = sum(w for _, w in profiles)
    if not total:
        return {}
    frames = sorted({f for p, _ in profiles for f in p})
    return {f: round(sum(p.get(f, 0.0) * w for p, w in profiles) / total, 4) for f in frames}


def actor_mentions(text: str, actor: Actor, lowered: str | None = None,
              forms: tuple[tuple[str, re.Pattern, re.Pattern, str | None], ...] | None = None
              ) -> list[tuple[int, int]]:
    """Where the actor is named, longest form first so 'Paul Kagame' is one mention.

    Forms match case-sensitively as whole words (with a possessive 's, and inside hyphenated
    compounds); a form that is not
    found that way is looked for again ignoring case, so 'the president' finds 'The president'.
    `lowered` is `_lowered_for_search(text)`: with it, a form that is not in the text even
    ignoring case is passed over without running its patterns (most forms, in most paragraphs).
    `forms` is `_longest_forms_first(actor.forms)` when the caller has it.
    """
    # the spans taken so far, sorted and disjoint: a match overlaps one of them exactly when
    # it overlaps the last one that starts before it ends (a line may name an actor 50,000 times)
    starts: list[int] = []
    ends: list[int] = []
    for form, pattern, loose, lower_form in forms or _longest_forms_first(tuple(actor.forms)):
        matches = list(pattern.finditer(text)) if form in text else []
        if not matches and (lowered is None or lower_form is None or lower_form in lowered):
            matches = list(loose.finditer(text))
        for m in matches:
            before = bisect_left(starts, m.end()) - 1
            if before >= 0 and ends[before] > m.start():
                continue
            where = bisect_left(starts, m.start())
            if where == len(starts):  # matches of one form come in order: mostly an append
                starts.append(m.start())
                ends.append(m.end())
            else:
                starts.insert(where, m.start())
                ends.insert(where, m.end())
    return sorted(zip(starts, ends))


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_CASELESS_ASCII = re.compile(r"[\x00-\x7f]", re.I)


def _lowered_for_search(text: str) -> str | None:
    """`text.lower()`, in which an ASCII form found by its ignore-case pattern is a substring;
    None when that could fail: a character beyond ASCII that the pattern takes for an ASCII
    letter (the Kelvin sign for k, dotless ı for i) is in the text."""
    if not text.isascii() and _CASELESS_ASCII.search("".join(_NON_ASCII.findall(text))):
        return None
    return text.lower()


@lru_cache(maxsize=4096)
def _longest_forms_first(forms: tuple[str, ...]) -> tuple[tuple[str, re.Pattern, re.Pattern, str | None], ...]:
    """An actor's forms, longest first, each with its two patterns (`_form_patterns`) and, when
    it is ASCII, its lower case (what `actor_mentions` looks for in the lowered text)."""
    return tuple((form, *_form_patterns(form), form.lower() if form.isascii() else None)
                 for form in sorted(forms, key=len, reverse=True))


@lru_cache(maxsize=4096)
def _form_patterns(form: str) -> tuple[re.Pattern, re.Pattern]:
    """The pattern of an actor's surface form, and the same ignoring case.

    Whole words, but "Trump" is named in "anti-Trump" and "Clinton-Trump"; a form that begins
    or ends with punctuation ("’m") needs no word boundary on that side.
    """
    left = r"(?<!\w)" if form[:1].isalnum() else ""
    right = r"(?!\w)" if form[-1:].isalnum() else ""
    pattern = rf"{left}{re.escape(form)}(?:['’]s)?{right}"
    return re.compile(pattern), re.compile(pattern, re.I)


def _weighted(pairs: list[tuple[float, int]]) -> float | None:
    total = sum(w for _, w in pairs)
    return sum(v * w for v, w in pairs) / total if total else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
