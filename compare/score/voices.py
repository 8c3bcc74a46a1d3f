"""Whose voice a sentence is in: the outlet's own, or quoted and reported speech.

Direct speech is text inside quotation marks (curly, straight or guillemets; an opening
mark left unclosed runs to the end of the paragraph, the newswire convention for a quote
that continues). Reported speech is a clause introduced by a speech verb (said, told,
accused ... of, described ... as). The speaker is read from the words next to the speech
verb ("Belgian Foreign Minister Maxime Prevot said", "said the ministry", "according to
..."); a paragraph that is nothing but a quote continues the previous paragraph's speaker.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..model import Actor

SPEECH_VERBS = (
    "said|says|say|told|tells|stated|states|added|adds|wrote|writes|tweeted|posted|declared|declares|"
    "announced|announces|warned|warns|insisted|insists|argued|argues|claimed|claims|noted|notes|"
    "accused|accuses|accusing|called|calls|calling|described|describes|describing|"
    "criticized|criticised|criticizes|criticising|criticizing|denied|denies|denying|"
    "emphasized|emphasised|stressed|explained|asserted|alleged|urged|urges|vowed|"
    "replied|responded|read|reads|saying|stating|adding|condemned|condemns|"
    "expressed|expresses|expressing|lamented|welcomed|welcomes|blamed|blames|acknowledged|"
    "admitted|pledged|promised|threatened|complained|recalled|suggested|questioned|"
    "announcing|declaring|describing|telling"
)
_SPEECH = re.compile(rf"\b(?:{SPEECH_VERBS})\b", re.I)
_REPORTED = re.compile(
    rf"\b(?:{SPEECH_VERBS})\b(?:\s+\w+){{0,4}}?\s+(?:that|of|as|it|them|him|her|on|to)\b", re.I)
_ACCORDING = re.compile(r"\baccording to\s+((?:the\s+)?(?:[A-Z][\w.'’-]*\s*){1,6})")
_TITLE_WORDS = frozenset(
    """the a an of for and foreign affairs minister ministry president prime spokesman spokeswoman
    spokesperson official officials government diplomat diplomats ambassador secretary state
    general army military statement office department leader leaders senior deputy chief
    anonymous anonymously spokespeople source sources analyst analysts expert experts
    international cooperation""".split()
)
_QUOTE_OPEN = "“\"«"
_QUOTE_CLOSE = {"“": "”", '"': '"', "«": "»"}


@dataclass(frozen=True, slots=True)
class VoicedSpan:
    """A stretch of a sentence in one voice."""

    text: str
    start: int  # offsets in the paragraph
    end: int
    voice: str  # "own" or "quote"
    speaker: str | None
    direct: bool


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Character ranges (inside the marks) of the direct quotations of a paragraph."""
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in _QUOTE_OPEN:
            close = _QUOTE_CLOSE[ch]
            j = text.find(close, i + 1)
            if ch == '"' and j == -1:
                j = len(text)
            elif ch != '"':
                next_open = text.find(ch, i + 1)
                if j == -1 or (next_open != -1 and next_open < j):
                    j = next_open if next_open != -1 else len(text)
            spans.append((i + 1, j))
            i = j + 1
            continue
        i += 1
    return [(a, b) for a, b in spans if b - a >= 2]


def find_speaker(text: str, start: int, end: int) -> str | None:
    """The speaker named next to a speech verb, in the sentence text[start:end] outside quotes."""
    sentence = text[start:end]
    masked = _mask_quotes(sentence)
    match = _ACCORDING.search(masked)
    if match:
        return _trim_speaker(match.group(1))
    for verb in _SPEECH.finditer(masked):
        before = masked[: verb.start()].rstrip()
        after = masked[verb.end():].lstrip()
        # "..., said Belgian Foreign Minister Maxime Prevot"
        if before.endswith((",", "”", '"', "—")) or not before.strip(" ,\"”“"):
            candidate = _leading_name(after)
            if candidate:
                return candidate
        candidate = _trailing_name(before)
        if candidate:
            return candidate
    return None


def voiced_spans(paragraph: str, sentences, previous_speaker: str | None = None) -> list[VoicedSpan]:
    """Split a paragraph's sentences into own-voice and quoted or reported spans."""
    quotes = quote_spans(paragraph)
    spans: list[VoicedSpan] = []
    all_quote = bool(quotes) and _covered(paragraph, quotes) > 0.85
    for sentence in sentences:
        s, e = sentence.start, sentence.end
        inside = [(max(a, s), min(b, e)) for a, b in quotes if a < e and b > s]
        speaker = find_speaker(paragraph, s, e)
        if speaker is None and inside and all_quote:
            speaker = previous_speaker
        if speaker is None and inside:
            speaker = _sentence_subject(paragraph[s:e]) if _SPEECH.search(_mask_quotes(paragraph[s:e])) else None
        cursor = s
        for a, b in inside:
            if a - cursor > 1:
                spans.append(_own_or_reported(paragraph, cursor, a, speaker))
            spans.append(VoicedSpan(paragraph[a:b], a, b, "quote", speaker, True))
            cursor = b
        if e - cursor > 1:
            spans.append(_own_or_reported(paragraph, cursor, e, speaker))
    return [sp for sp in spans if sp.text.strip(" ,.;:“”\"'’‘—-")]


def speaker_actor(speaker: str | None, actors: tuple[Actor, ...]) -> str | None:
    """The event actor a speaker belongs to ("Belgian Foreign Minister Maxime Prevot" -> Belgium)."""
    if not speaker:
        return None
    for actor in actors:
        for form in sorted(actor.forms, key=len, reverse=True):
            if re.search(rf"(?<!\w){re.escape(form)}(?!\w)", speaker):
                return actor.name
    return None


def _own_or_reported(paragraph: str, start: int, end: int, speaker: str | None) -> VoicedSpan:
    text = paragraph[start:end]
    reported = _REPORTED.search(text)
    if reported and (speaker or find_speaker(paragraph, start, end)):
        # the clause after the speech verb is the speaker's claim; before it, the outlet's frame
        cut = start + reported.end()
        return VoicedSpan(paragraph[cut:end], cut, end, "quote", speaker or find_speaker(paragraph, start, end), False)
    return VoicedSpan(text, start, end, "own", None, False)


def _mask_quotes(text: str) -> str:
    out = list(text)
    for a, b in quote_spans(text):
        for k in range(a, b):
            out[k] = " "
    return "".join(out)


def _covered(text: str, spans: list[tuple[int, int]]) -> float:
    letters = sum(1 for c in text if c.isalnum()) or 1
    inside = sum(1 for a, b in spans for c in text[a:b] if c.isalnum())
    return inside / letters


def _trailing_name(before: str) -> str | None:
    words = re.findall(r"[\w.'’-]+", before)[-8:]
    picked: list[str] = []
    for word in reversed(words):
        bare = word.rstrip("’'s").rstrip(".")
        if word[:1].isupper() or word.lower() in _TITLE_WORDS or re.fullmatch(r"[A-Z0-9]+", bare or "-"):
            picked.append(word)
        else:
            break
    return _trim_speaker(" ".join(reversed(picked)))


def _leading_name(after: str) -> str | None:
    words = re.findall(r"[\w.'’-]+", after)[:8]
    picked: list[str] = []
    for word in words:
        if word[:1].isupper() or word.lower() in _TITLE_WORDS:
            picked.append(word)
        else:
            break
    return _trim_speaker(" ".join(picked))


def _trim_speaker(phrase: str) -> str | None:
    words = phrase.split()
    while words and words[0].lower() in {"the", "a", "an", "and", "of", "for", "in", "on", "while"}:
        words.pop(0)
    while words and words[-1].lower() in {"the", "a", "an", "and", "of", "for", "anonymously"}:
        words.pop()
    if not words or not any(w[:1].isupper() for w in words):
        return None
    return " ".join(words).rstrip(",.")


def _sentence_subject(sentence: str) -> str | None:
    match = re.match(r"\s*((?:[A-Z][\w.'’-]*\s+){0,5}[A-Z][\w.'’-]*)", sentence)
    return _trim_speaker(match.group(1)) if match else None
