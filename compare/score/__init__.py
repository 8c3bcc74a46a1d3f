"""Scoring: sentiment (by voice and toward actors) and frame profiles for one article."""
from __future__ import annotations

import re

from ..model import ActorScore, Actor, Article, ArticleScores, ParagraphScore, Quote, SentenceScore
from ..settings import Settings
from .frames import load_lexicon, profile
from .sentiment import sentence_sentiment
from .voices import speaker_actor, voiced_spans


def score_article(article: Article, actors: tuple[Actor, ...] = (), settings: Settings = Settings()) -> ArticleScores:
    """Score every sentence and paragraph of an article, and the source as a whole."""
    lexicon = load_lexicon(settings.lexicon, settings.lexicon_replaces)
    paragraph_scores: list[ParagraphScore] = []
    sentence_scores: list[SentenceScore] = []
    quotes: list[Quote] = []
    frame_totals: dict[str, int] = {}
    own_all: list[tuple[float, int]] = []
    quote_all: list[tuple[float, int]] = []
    mentions: dict[str, list[tuple[float, str]]] = {a.name: [] for a in actors}
    previous_speaker: str | None = None

    for paragraph in article.paragraphs:
        spans = voiced_spans(paragraph.text, paragraph.sentences, previous_speaker)
        own = [(sentence_sentiment(s.text), len(s.text)) for s in spans if s.voice == "own"]
        quoted = [(sentence_sentiment(s.text), len(s.text)) for s in spans if s.voice == "quote"]
        own_all.extend(own)
        quote_all.extend(quoted)
        sentiments = []
        for k, sentence in enumerate(paragraph.sentences):
            value = sentence_sentiment(sentence.text)
            sentiments.append(value)
            inside = [s for s in spans if s.start < sentence.end and s.end > sentence.start]
            quoted_chars = sum(s.end - s.start for s in inside if s.voice == "quote")
            own_chars = sum(s.end - s.start for s in inside if s.voice == "own")
            voice = "quote" if quoted_chars > own_chars else "own"
            speaker = next((s.speaker for s in inside if s.voice == "quote" and s.speaker), None)
            sentence_scores.append(SentenceScore(paragraph.index, k, value, voice, speaker if voice == "quote" else None))
        for span in spans:
            if span.voice == "quote" and (span.direct or span.speaker):
                if quotes and quotes[-1].paragraph == paragraph.index and quotes[-1].speaker == span.speaker \
                        and quotes[-1].direct == span.direct:
                    last = quotes.pop()
                    quotes.append(Quote(last.paragraph, f"{last.text} … {span.text.strip()}", last.speaker, last.actor, last.direct))
                else:
                    quotes.append(Quote(paragraph.index, span.text.strip(), span.speaker,
                                        speaker_actor(span.speaker, actors), span.direct))
        direct_speakers = [s.speaker for s in spans if s.voice == "quote" and s.direct and s.speaker]
        if direct_speakers:
            previous_speaker = direct_speakers[-1]
        elif not any(s.voice == "quote" for s in spans):
            previous_speaker = None
        for actor in actors:
            for start, _end in _mentions(paragraph.text, actor):
                span = next((s for s in spans if s.start <= start < s.end), None)
                if span is None:
                    continue
                mentions[actor.name].append((sentence_sentiment(span.text), span.voice))
        counts, cues = lexicon.match(paragraph.text)
        for frame, n in counts.items():
            frame_totals[frame] = frame_totals.get(frame, 0) + n
        paragraph_scores.append(ParagraphScore(
            index=paragraph.index,
            sentiment=_round(_mean(sentiments)) or 0.0,
            own_sentiment=_round(_weighted(own)),
            quote_sentiment=_round(_weighted(quoted)),
            frames=profile(counts),
            frame_cues={f: tuple(sorted(set(c))) for f, c in sorted(cues.items())},
        ))

    actor_scores = []
    for actor in actors:
        values = mentions[actor.name]
        own_values = [v for v, voice in values if voice == "own"]
        quote_values = [v for v, voice in values if voice == "quote"]
        actor_scores.append(ActorScore(
            actor=actor.name,
            mentions=len(values),
            sentiment=_round(_mean([v for v, _ in values])),
            own_sentiment=_round(_mean(own_values)),
            quote_sentiment=_round(_mean(quote_values)),
            own_mentions=len(own_values),
            quote_mentions=len(quote_values),
        ))
    return ArticleScores(
        source=article.id,
        sentiment=_round(_mean([s.sentiment for s in sentence_scores])) or 0.0,
        own_sentiment=_round(_weighted(own_all)),
        quote_sentiment=_round(_weighted(quote_all)),
        frames=profile(frame_totals),
        paragraphs=tuple(paragraph_scores),
        sentences=tuple(sentence_scores),
        actors=tuple(actor_scores),
        quotes=tuple(quotes),
    )


def _mentions(text: str, actor: Actor) -> list[tuple[int, int]]:
    """Where the actor is named, longest form first so 'Paul Kagame' is one mention."""
    taken: list[tuple[int, int]] = []
    for form in sorted(actor.forms, key=len, reverse=True):
        for m in re.finditer(rf"(?<![\w-]){re.escape(form)}(?:['’]s)?(?![\w-])", text):
            if not any(a < m.end() and m.start() < b for a, b in taken):
                taken.append((m.start(), m.end()))
    return sorted(taken)


def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _weighted(pairs: list[tuple[float, int]]) -> float | None:
    total = sum(w for _, w in pairs)
    return sum(v * w for v, w in pairs) / total if total else None


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)
