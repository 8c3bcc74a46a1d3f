"""Dates and quantities read from text, for factual conflicts between sources."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from .text import STOPWORDS, stem

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
_QUANTITY = re.compile(
    r"(?P<prefix>(?:about|around|approximately|roughly|nearly|almost|over|more than|at least|some|up to|~)\s+)?"
    r"(?P<currency>[$€£])?(?P<number>\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(?P<scale>million|billion|thousand|trillion|m\b|bn\b))?"
    r"(?:[\s-]+(?P<noun>(?:[a-z]+[\s-]+){0,2}?[a-z]+))?",
    re.I,
)
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "fifty": 50, "hundred": 100,
}
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
        return self.weekday is None or WEEKDAYS[self.date.weekday()] == self.weekday.lower()


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
    taken: list[tuple[int, int]] = []
    for pattern in _DATE_PATTERNS:
        for m in pattern.finditer(text):
            if any(a < m.end() and m.start() < b for a, b in taken):
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
            taken.append((m.start(), m.end()))
            found.append(DateMention(date, m.group(0).strip(), m.start(), groups.get("weekday")))
    return sorted(found, key=lambda d: d.start)


def find_quantities(text: str) -> list[Quantity]:
    """Counted things ("4,000 troops", "48 hours", "$41.84 million") with their noun stem."""
    found: list[Quantity] = []
    for m in _QUANTITY.finditer(text):
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
    for word, value in _NUMBER_WORDS.items():
        for m in re.finditer(rf"\b{word}\s+((?:[a-z]+\s+){{0,2}}?[a-z]+)", text, re.I):
            noun, noun_word = _count_noun(m.group(1), None)
            if noun:
                found.append(Quantity(float(value), noun, m.group(0), m.start(), False, noun_word))
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
