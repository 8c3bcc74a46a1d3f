"""The facts on which sources disagree: dates, weekdays that do not fit their date, counts and
attributions that differ between aligned paragraphs (the paragraphs' facts are read by
compare/facts.py)."""
from __future__ import annotations

import re
from collections import defaultdict
from typing import Mapping

from .facts import WEEKDAYS, DateMention, ParagraphFacts, find_dates, paragraph_facts, same_context, shared_action
from .model import AlignmentResult, Article, ArticleScores, Claim, Conflict, Event, Quote, units_reported
from .text import clip, tokens


def find_conflicts(event: Event, articles: tuple[Article, ...], alignment: AlignmentResult,
                   scores: Mapping[str, ArticleScores] | None = None) -> tuple[Conflict, ...]:
    """Dates, counts and attributions that differ between aligned paragraphs, and weekdays
    that do not fit their date.

    Only values that describe the same thing conflict: both paragraphs must be aligned, a
    count must count the same noun in the same context (actor, place, time), and two dates
    must lie within two weeks of each other and be tied to the same reported action.

    Each paragraph's dates, counts and quotations are read once; the listed alignments
    (each paragraph's strongest, see compare/align/decision.py) are compared on them, strongest
    first. When many outlets carry one fact, the same disagreement turns up between many
    pairs: it is one conflict, whose claims are the paragraphs found stating its values.
    Disagreements between paragraphs that report one content unit are one conflict per
    kind (per counted noun for counts); others, one per action, noun or quotation and
    values. One weekday mismatch repeated by many outlets is one conflict too.
    """
    default_year = event.date.year if event.date else None
    facts = _Facts({(a.id, p.index): p.text for a in articles for p in a.paragraphs}, default_year)
    found = _Disagreements()
    for article in sorted(articles, key=lambda a: a.id):
        for p in article.paragraphs:
            for dated in facts.weekday_mentions((article.id, p.index)):
                if not dated.weekday_matches:
                    actual = dated.date.strftime("%A")
                    found.add(("weekday", dated.date, dated.weekday.lower()), "weekday",
                              f"{dated.date:%B} {dated.date.day}, {dated.date.year} was a {actual}",
                              f"the text names {dated.weekday.capitalize()}, but {dated.date:%B} {dated.date.day}, "
                              f"{dated.date.year} was a {actual}",
                              (Claim(article.id, p.index, dated.date.isoformat(), dated.text),))

    aligned = {(ref.source, ref.paragraph) for al in alignment.alignments for ref in (al.a, al.b)}
    quotes = _direct_quotes(scores, aligned) if scores is not None else {}
    reports = units_reported(alignment.units)
    for al in sorted(alignment.alignments, key=lambda a: (-a.score, a.a, a.b)):
        a, b = (al.a.source, al.a.paragraph), (al.b.source, al.b.paragraph)
        both = reports.get(a, set()) & reports.get(b, set())
        unit = min(both) if both else None  # disagreements inside one unit are one conflict per kind
        _date_conflicts(a, b, facts[a], facts[b], found, unit)
        _count_conflicts(a, b, facts[a], facts[b], found, unit)
        if scores is not None:
            _attribution_conflicts(a, b, quotes.get(a, ()), quotes.get(b, ()), found, unit)
    conflicts = found.conflicts()
    kinds = {"date": 0, "weekday": 1, "number": 2, "attribution": 3}
    conflicts.sort(key=lambda c: (kinds.get(c.kind, 9), c.about, [(cl.source, cl.paragraph) for cl in c.claims]))
    return tuple(conflicts)


class _Facts(dict):
    """(source, paragraph) -> its `ParagraphFacts`, read when first asked for: the counts and
    dates of a paragraph matter only when it is aligned, and a page pasted as one line has a
    thousand paragraphs that are not. Every paragraph's date mentions are read for weekdays
    that do not fit their date, where the paragraph names a weekday."""

    def __init__(self, texts: dict[tuple[str, int], str], default_year: int | None) -> None:
        super().__init__()
        self.texts, self.default_year = texts, default_year
        self.mentions: dict[tuple[str, int], list[DateMention]] = {}

    def weekday_mentions(self, key: tuple[str, int]) -> list[DateMention]:
        """The paragraph's date mentions when it names a weekday (else none can misname one)."""
        if not _WEEKDAY_NAME.search(self.texts[key]):
            return []
        found = self.mentions[key] = find_dates(self.texts[key], self.default_year)
        return found

    def __missing__(self, key: tuple[str, int]) -> ParagraphFacts:
        value = self[key] = paragraph_facts(self.texts[key], self.default_year, self.mentions.get(key))
        return value


# what a date mention's weekday must contain, as the date patterns read it (ignoring case)
_WEEKDAY_NAME = re.compile("|".join(WEEKDAYS), re.I)


class _Disagreements:
    """Conflicts as they are found pair by pair, merged: a disagreement is known by its kind,
    what it is about and the values in dispute, and collects every paragraph that states
    one of the values (each source and paragraph once per value)."""

    def __init__(self) -> None:
        self.found: dict[tuple, tuple[str, str, str, dict[tuple[str, int, str], Claim]]] = {}

    def add(self, key: tuple, kind: str, about: str, note: str, claims: tuple[Claim, ...]) -> None:
        entry = self.found.get(key)
        if entry is None:
            entry = self.found[key] = (kind, about, note, {})
        for claim in claims:
            entry[3].setdefault((claim.source, claim.paragraph, claim.value), claim)

    def between(self, key: tuple, kind: str, about: str, note: str, a: tuple[str, int], stated_a: tuple[str, str],
                b: tuple[str, int], stated_b: tuple[str, str]) -> None:
        """Two paragraphs (source, index) that state different values: (value, the words it was read from)."""
        self.add(key, kind, about, note, (Claim(a[0], a[1], *stated_a), Claim(b[0], b[1], *stated_b)))

    def conflicts(self) -> list[Conflict]:
        return [Conflict(kind=kind, about=about, claims=tuple(claims.values()), note=note)
                for kind, about, note, claims in self.found.values()]


def _date_conflicts(a: tuple[str, int], b: tuple[str, int], facts_a: ParagraphFacts, facts_b: ParagraphFacts,
                    found: _Disagreements, unit: int | None) -> None:
    dates_a = {d.mention.date for d in facts_a.dates}
    dates_b = {d.mention.date for d in facts_b.dates}
    for da in (d for d in facts_a.dates if d.mention.date not in dates_b):
        for db in (d for d in facts_b.dates if d.mention.date not in dates_a):
            days = abs((da.mention.date - db.mention.date).days)
            if not 0 < days <= 14:
                continue
            action = shared_action(da, db)
            if action is None:
                continue
            key = ("date", unit) if unit is not None else ("date", frozenset({da.mention.date, db.mention.date}), action)
            found.between(key, "date", f"when “{action}” happened", f"{days} day(s) apart",
                          a, (da.mention.date.isoformat(), da.mention.text), b, (db.mention.date.isoformat(), db.mention.text))


def _count_conflicts(a: tuple[str, int], b: tuple[str, int], facts_a: ParagraphFacts, facts_b: ParagraphFacts,
                     found: _Disagreements, unit: int | None) -> None:
    values_a = {(q.quantity.noun, q.quantity.value) for q in facts_a.quantities}
    values_b = {(q.quantity.noun, q.quantity.value) for q in facts_b.quantities}
    for xc in facts_a.quantities:
        x = xc.quantity
        for yc in facts_b.quantities:
            y = yc.quantity
            if x.noun != y.noun or x.value == y.value:
                continue
            if (x.noun, y.value) in values_a or (y.noun, x.value) in values_b:
                continue  # each paragraph also states the other's figure
            if (x.approximate or y.approximate) and _close(x.value, y.value, 0.15):
                continue
            if not same_context(xc.context, yc.context):
                continue
            key = ("number", x.noun, unit if unit is not None else frozenset({x.value, y.value}))
            found.between(key, "number", f"the number of {x.word or x.noun}", "",
                          a, (_fmt(x.value), x.text), b, (_fmt(y.value), y.text))


def _direct_quotes(scores: Mapping[str, ArticleScores], paragraphs: set[tuple[str, int]]
                   ) -> dict[tuple[str, int], list[tuple[Quote, str]]]:
    """Per paragraph of `paragraphs` (the aligned ones: no other is compared), its direct
    quotations that name a speaker, with their tokens joined."""
    found: dict[tuple[str, int], list[tuple[Quote, str]]] = defaultdict(list)
    for sid, article_scores in scores.items():
        for q in article_scores.quotes:
            if q.direct and q.speaker and (sid, q.paragraph) in paragraphs:
                found[(sid, q.paragraph)].append((q, " ".join(tokens(q.text))))
    return found


def _attribution_conflicts(a: tuple[str, int], b: tuple[str, int], quotes_a, quotes_b, found: _Disagreements,
                           unit: int | None) -> None:
    """The same quotation put in different mouths by two sources."""
    for qa, ta in quotes_a:
        for qb, tb in quotes_b:
            short, long_ = sorted((ta, tb), key=len)
            if len(short.split()) < 5 or short not in long_:
                continue
            if qa.actor and qb.actor and qa.actor == qb.actor:
                continue
            if _speaker_overlap(qa.speaker, qb.speaker) or _speaker_overlap(qa.label or "", qb.label or ""):
                continue  # one speaker by name or by label ("White House spokesman Eric Schultz", "White House spokesman")
            key = ("attribution", unit) if unit is not None else ("attribution", short, frozenset({qa.speaker, qb.speaker}))
            found.between(key, "attribution", f"who said “{clip(short, 60)}”", "",
                          a, (qa.speaker, qa.text), b, (qb.speaker, qb.text))


def _speaker_overlap(a: str, b: str) -> bool:
    wa = {w.lower() for w in re.findall(r"[\w’'-]+", a) if w[:1].isupper()}
    wb = {w.lower() for w in re.findall(r"[\w’'-]+", b) if w[:1].isupper()}
    return bool(wa & wb)


def _close(x: float, y: float, tolerance: float) -> bool:
    return abs(x - y) <= tolerance * max(abs(x), abs(y))


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
