"""Dates and quantities read from text, for factual conflicts between sources."""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass
from typing import Iterator

from .text import STOPWORDS, content_stems, stem, tokens, words

MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_WEEKDAY = r"(?:(?P<weekday>monday|tuesday|wednesday|thursday|friday|saturday|sunday),?\s+)?"
_DATE_PATTERNS = (
    re.compile(_WEEKDAY + _MONTH + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{4}))?\b", re.I),
    re.compile(_WEEKDAY + r"(?:the\s+)?(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r"(?:,?\s+(?P<year>\d{4}))?\b", re.I),
    re.compile(r"\b(?P<year>\d{4})-(?P<monthnum>\d{2})-(?P<day>\d{2})\b"),
)
# Where a match of each date pattern can start, found in the lower-cased text: a weekday or
# a month (its first three letters); a weekday, "the" before a day number or a day number;
# a year. The patterns are tried at those places only: tried at every character of a long
# page, they cost several times more.
_DATE_STARTS = (
    re.compile(r"(?=mon|tue|wed|thu|fri|sat|sun|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"),
    re.compile(r"(?=mon|tue|wed|thu|fri|sat|sun|the\s+\d|\d)"),
    re.compile(r"(?=\d)"),
)
_QUANTITY = re.compile(
    r"(?P<prefix>(?:about|around|approximately|roughly|nearly|almost|over|more than|at least|some|up to|~)\s+)?"
    r"(?P<currency>[$€£])?(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(?P<scale>million|billion|thousand|trillion|m\b|bn\b))?"
    r"(?:[\s-]+(?P<noun>(?:[a-z]+[\s-]+){0,2}?[a-z]+))?",
    re.I,
)
_DIGIT = re.compile(r"\d")
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "fifty": 50, "hundred": 100,
}
# A number word and up to three words after it, as a look-ahead so that matches may overlap
# ("two hundred people": "two ..." and "hundred people").
_NUMBER_WORD = re.compile(r"(?=\b(" + "|".join(_NUMBER_WORDS) + r")\s+((?:[a-z]+\s+){0,2}?[a-z]+))", re.I)
_COUNT_NOUNS = frozenset(stem(w) for w in """
troops soldiers people civilians deaths dead killed wounded injured refugees displaced hours days
weeks months years dollars euros diplomats officials peacekeepers casualties cities members votes
seats percent cent times countries fighters rebels children women men victims arrests protesters
points billion million""".split())


@dataclass(frozen=True, slots=True)
class DateMention:
    date: dt.date
    text: str
    start: int
    weekday: str | None  # the weekday the text names, if any

    @property
    def weekday_matches(self) -> bool:
        return self.weekday is None or WEEKDAYS[self.date.weekday()] == self.weekday.casefold()


@dataclass(frozen=True, slots=True)
class Quantity:
    value: float
    noun: str  # the stemmed count noun ("troop", "hour"), what two counts must share to compare
    text: str
    start: int
    approximate: bool
    word: str = ""  # the noun as written ("troops")


def find_dates(text: str, default_year: int | None = None) -> list[DateMention]:
    """Full calendar dates in a text (a day and a month, with a year or a default year)."""
    found: list[DateMention] = []
    if not _DIGIT.search(text):  # every date pattern holds a day number
        return found
    # spans already read as dates, sorted and disjoint: a match overlaps one of them exactly
    # when it overlaps the last that starts before it ends (a paragraph may hold hundreds)
    taken_starts: list[int] = []
    taken_ends: list[int] = []
    lowered = _lowered_for_starts(text)
    for pattern, starts in zip(_DATE_PATTERNS, _DATE_STARTS):
        found_here = pattern.finditer(text) if lowered is None else _matches_at(pattern, text, starts.finditer(lowered))
        for m in found_here:
            before = bisect.bisect_left(taken_starts, m.end()) - 1
            if before >= 0 and taken_ends[before] > m.start():
                continue
            groups = m.groupdict()
            year = int(groups["year"]) if groups.get("year") else default_year
            if year is None:
                continue
            month = int(groups["monthnum"]) if groups.get("monthnum") else MONTHS.get(groups["month"].lower().rstrip("."))
            try:
                date = dt.date(year, month, int(groups["day"]))
            except (TypeError, ValueError):
                continue
            if not groups.get("year") and groups.get("weekday"):
                date = _year_of_weekday(date, groups["weekday"])
            where = bisect.bisect_left(taken_starts, m.start())
            taken_starts.insert(where, m.start())
            taken_ends.insert(where, m.end())
            found.append(DateMention(date, m.group(0).strip(), m.start(), groups.get("weekday")))
    return sorted(found, key=lambda d: d.start)


def _lowered_for_starts(text: str) -> str | None:
    """`text.lower()`, where the letters of an ignore-case match are at the same places;
    None when a character could match an ASCII letter without lower-casing to it (ſ, ı) or
    lower-cases to two (İ)."""
    lowered = text.lower()
    if not text.isascii() and (len(lowered) != len(text) or "ſ" in text or "ı" in text):
        return None
    return lowered


def _matches_at(pattern: re.Pattern, text: str, starts) -> Iterator[re.Match]:
    """What `pattern.finditer(text)` finds, when no match can start anywhere but at the
    places `starts` (zero-width matches, ascending) gives, and no match is empty."""
    end = 0
    for start in starts:
        if start.start() < end:
            continue
        found = pattern.match(text, start.start())
        if found:
            end = found.end()
            yield found


def _year_of_weekday(date: dt.date, weekday: str) -> dt.date:
    """A date written without its year but with its weekday ("Friday, Sept. 14") in the year
    next to the assumed one where the weekday fits, if the assumed year does not fit: a story
    published in May 2013 that recalls "Friday, Sept. 14" means 2012, not a false weekday."""
    wanted = WEEKDAYS.index(weekday.casefold())  # an ignore-case match may be spelt “ſunday”
    if date.weekday() == wanted:
        return date
    for year in (date.year - 1, date.year + 1):
        try:
            other = date.replace(year=year)
        except ValueError:  # February 29
            continue
        if other.weekday() == wanted:
            return other
    return date


def find_quantities(text: str) -> list[Quantity]:
    """Counted things ("4,000 troops", "48 hours", "$41.84 million") with their noun stem."""
    found: list[Quantity] = []
    for m in (_QUANTITY.finditer(text) if _DIGIT.search(text) else ()):
        number = m.group("number")
        if re.fullmatch(r"(1[89]|20)\d\d", number) and not m.group("scale"):
            continue  # a year, not a count
        before = text[max(0, m.start() - 1): m.start()]
        if before.isalnum():
            continue
        value = float(number.replace(",", ""))
        scale = (m.group("scale") or "").lower()
        value *= {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}.get(scale, 1)
        noun, word = _count_noun(m.group("noun") or "", m.group("currency"))
        if not noun:
            continue
        found.append(Quantity(value, noun, m.group(0).strip(), m.start(), bool(m.group("prefix")), word))
    for m in _NUMBER_WORD.finditer(text):
        noun, noun_word = _count_noun(m.group(2), None)
        if noun:
            found.append(Quantity(float(_NUMBER_WORDS[m.group(1).lower()]), noun, text[m.start():m.end(2)], m.start(),
                                  False, noun_word))
    return sorted(found, key=lambda q: q.start)


def _count_noun(words: str, currency: str | None) -> tuple[str | None, str]:
    """(stem, word as written) of the first count noun among the words after a number."""
    if currency:
        name = {"$": "dollar", "€": "euro", "£": "pound"}[currency]
        return name, name + "s"
    for word in re.split(r"[\s-]+", words.lower()):
        if not word or word in STOPWORDS:
            continue
        s = stem(word)
        if s in _COUNT_NOUNS:
            return s, word
    return None, ""


# --- a paragraph's facts, read once ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DatedSentence:
    """A date with the sentence it is in and the action words around it (see `action_words`)."""

    mention: DateMention
    sentence: str
    context: frozenset[str]


@dataclass(frozen=True, slots=True)
class CountedThing:
    """A count with the content stems of the words around it."""

    quantity: Quantity
    context: frozenset[str]


@dataclass(frozen=True, slots=True)
class ParagraphFacts:
    """What a paragraph says that another can contradict: its dates (the last mention of each
    date) and its counts, each with its context, and every date mention; read once per
    paragraph."""

    dates: tuple[DatedSentence, ...]
    quantities: tuple[CountedThing, ...]
    mentions: tuple[DateMention, ...]


def paragraph_facts(text: str, default_year: int | None, mentions: list[DateMention] | None = None) -> ParagraphFacts:
    """The facts of a paragraph (`mentions`: its `find_dates`, when the caller has them)."""
    if mentions is None:
        mentions = find_dates(text, default_year)
    by_date = {d.date: d for d in mentions}
    dates = tuple(DatedSentence(d, sentence, action_words(sentence, text))
                  for d in by_date.values() for sentence in [sentence_around(text, d.start)])
    quantities = tuple(CountedThing(q, context_window(text, q.start, q.text)) for q in find_quantities(text))
    return ParagraphFacts(dates, quantities, tuple(mentions))


def sentence_around(text: str, offset: int) -> str:
    start = max(text.rfind(". ", 0, offset), text.rfind("? ", 0, offset), text.rfind("! ", 0, offset))
    end_candidates = [i for i in (text.find(". ", offset), text.find("? ", offset), text.find("! ", offset)) if i != -1]
    end = min(end_candidates) if end_candidates else len(text)
    return text[start + 1 if start != -1 else 0: end + 1]


# Actions a date can be tied to are the content words of its sentence; "the move", "this"
# and other back-references send the reader to the paragraph's first sentence.
_BACK_REFERENCE = re.compile(r"\b(?:the move|the decision|this|that|it|the announcement|the step)\b", re.I)


def action_words(sentence: str, paragraph: str) -> frozenset[str]:
    """Stems of the lower-case content words of a dated sentence (with the paragraph's first
    sentence when it refers back to it or says little): what two dates must share to be
    dates of the same action. Names are left out: two sentences about Rwanda and Belgium
    may date different things."""
    text = sentence
    if _BACK_REFERENCE.search(sentence) or len(content_stems(sentence)) < 4:
        text += " " + paragraph.split(". ")[0]
    return frozenset(stem(w.lower()) for w in words(text) if w[:1].islower() and w.lower() not in STOPWORDS)


def shared_action(a: DatedSentence, b: DatedSentence) -> str | None:
    """The action both dated sentences report, in the words of the shorter one, or None:
    at least two shared content words that are not names must tie the dates together."""
    shared = a.context & b.context
    shorter = min((a.sentence, b.sentence), key=len)
    picked = [w for w in words(shorter) if w[:1].islower() and w.lower() not in STOPWORDS
              and stem(w.lower()) in shared and not w.isdigit()]
    picked = list(dict.fromkeys(picked))
    return " ".join(picked[:3]) if len(picked) >= 2 else None


def context_window(text: str, start: int, quantity_text: str, width: int = 8) -> frozenset[str]:
    """Content stems of the `width` tokens either side of a quantity."""
    before = _tokens_near(text, 0, start, width, backward=True)
    after = _tokens_near(text, start + len(quantity_text), len(text), width, backward=False)
    return frozenset(content_stems(" ".join(before + after)))


_NEAR_CHARS = 160  # characters read first around a quantity; eight tokens rarely need more


def _tokens_near(text: str, start: int, end: int, width: int, backward: bool) -> list[str]:
    """The last (`backward`) or first `width` tokens of text[start:end], as `tokens` reads
    them, reading only as many characters as they need: a paragraph with hundreds of counts
    would otherwise be read once per count. A token the window cuts is left out (the window
    widens until `width` whole tokens are in it)."""
    size = _NEAR_CHARS
    while True:
        if end - start <= size:
            found = tokens(text[start:end])
            return found[-width:] if backward else found[:width]
        found = tokens(text[end - size:end] if backward else text[start:start + size])
        whole = found[1:] if backward else found[:-1]
        if len(whole) >= width:
            return whole[-width:] if backward else whole[:width]
        size *= 4


def same_context(a: frozenset[str], b: frozenset[str]) -> bool:
    """Counts describe the same thing when the words around them overlap enough."""
    if not a or not b:
        return False
    return len(a & b) / min(len(a), len(b)) >= 0.34 and len(a & b) >= 2
