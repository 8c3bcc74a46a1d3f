"""Who is quoted: each speaker label an article uses read as one person, organisation or
unnamed role, and the same people merged across an event's outlets.

A label is what the attribution names ("Sen. Mitch McConnell, R-Ky.", "Mr. McConnell", "the
president", "officials"); `compare/speaker_labels.py` takes one apart (title, name, party and
state, or no name at all: "Now", "Some", "Mr").

`ArticleSpeakers` resolves an article's labels in text order: a later short mention ("Mr.
Trump", "Trump") is the person introduced earlier with that surname and a title alone ("the
president") the person the article gave that title; when no earlier label says who it is,
the article text up to that paragraph is read for the full name ("Donald Trump",
"President Trump"). `merge_speakers` merges the articles' people across the outlets:
same surname and a compatible first name (equal, one an initial or a shortening of the
other, or a common short form: "Dick" and "Richard"); a surname alone joins the one person
of the event with that surname (or the one with the same party and state).
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Iterable, Mapping

from .model import Actor, Speaker
from .speaker_labels import (without_dateline, DETERMINERS, HONORIFICS, NAME, NOT_FIRST_NAMES, ORGANISATION, ORGANISATION_WORDS, PARTIES,
                             PERSON, STATES, UNNAMED, LabelReading, all_caps, is_title_word, not_a_name, read_label,
                             split_name)


def surname_key(last: str) -> str:
    """The surname as compared across mentions: lower case, suffix and particles' case ignored."""
    return re.sub(r"\s+(?:jr|sr|ii|iii|iv)\.?$", "", last.lower()).replace("’", "'")


# common English short forms of first names that are not a shortening ("Dick" for "Richard")
_SHORT_FORMS = dict(pair.split("=") for pair in """dick=richard rick=richard bob=robert rob=robert bill=william
    will=william jim=james mike=michael chuck=charles joe=joseph tom=thomas ted=edward ed=edward ned=edward
    larry=lawrence tony=anthony liz=elizabeth beth=elizabeth betsy=elizabeth hank=henry harry=henry jack=john
    pat=patrick dan=daniel dave=david steve=steven ben=benjamin ron=ronald don=donald al=albert andy=andrew
    sam=samuel nick=nicholas jerry=gerald jeff=jeffrey greg=gregory kate=katherine kathy=katherine
    sue=susan peggy=margaret maggie=margaret jen=jennifer jenny=jennifer chris=christopher matt=matthew
    tim=timothy pete=peter fred=frederick frank=francis newt=newton mitch=mitchell""".split())


def compatible_first(a: str, b: str) -> bool:
    """Whether two first names can be one person's: either missing, equal, one an initial or a
    shortening of the other ("J." and "John", "Chris" and "Christopher"), or a common short
    form of it ("Dick" and "Richard")."""
    a, b = a.lower().strip("."), b.lower().strip(".")
    a, b = _SHORT_FORMS.get(a, a), _SHORT_FORMS.get(b, b)
    return not a or not b or a.startswith(b) or b.startswith(a)


@dataclass
class _Person:
    first: str
    last: str
    title: str | None = None
    party: str | None = None
    state: str | None = None
    kind: str = PERSON

    @property
    def name(self) -> str:
        return f"{self.first} {self.last}".strip()


@dataclass
class ArticleSpeakers:
    """The speakers of one article, resolved in text order (see the module's docstring).

    `see(label, paragraph)` as labels come, `finish()` once at the end: the `Speaker` of each
    label (None for a label that names no one)."""

    source: str
    paragraphs: tuple[str, ...]
    actors: tuple[Actor, ...] = ()
    _order: dict[str, int] = field(default_factory=dict)  # label -> paragraph of its first use

    def see(self, label: str | None, paragraph: int) -> None:
        if label and label not in self._order:
            self._order[label] = paragraph

    def finish(self) -> dict[str, Speaker | None]:
        people: list[_Person] = []
        found: dict[str, tuple[str, _Person | None, LabelReading]] = {}
        for label, paragraph in self._order.items():
            reading = read_label(label)
            found[label] = self._resolve(reading, paragraph, people)
        labels: dict[tuple[str, str], list[str]] = defaultdict(list)
        details: dict[tuple[str, str], tuple[_Person | None, LabelReading]] = {}
        for label, (kind, person, reading) in found.items():
            if kind is None:
                continue
            key = (person.kind, person.name) if person is not None else (kind, _role_or_name(reading))
            written = without_dateline(label)
            if written not in labels[key]:
                labels[key].append(written)
            details.setdefault(key, (person, reading))
        out: dict[str, Speaker | None] = {label: None for label in self._order}
        for key, group in labels.items():
            person, reading = details[key]
            kind, name = key
            actor = next((a for a in (_actor(x, self.actors) for x in [name, *group]) if a), None)
            speaker = Speaker(name, kind, party=person.party if person else reading.party,
                              state=person.state if person else reading.state,
                              title=person.title if person else reading.title, actor=actor,
                              labels={self.source: tuple(group)})
            for label in group:
                out[label] = speaker
        return out

    def _resolve(self, reading: LabelReading, paragraph: int, people: list[_Person]
                 ) -> tuple[str | None, _Person | None, LabelReading]:
        kind = reading.kind
        if kind in (PERSON, NAME):
            person = self._person(reading, paragraph, people)
            return person.kind, person, reading
        if kind == "title":
            person = self._titled(reading, paragraph, people)
            if person is not None:
                return PERSON, person, reading
            return UNNAMED, None, reading
        return kind, None, reading

    def _person(self, reading: LabelReading, paragraph: int, people: list[_Person]) -> _Person:
        key = surname_key(reading.last)
        same = [p for p in people if surname_key(p.last) == key and compatible_first(p.first, reading.first)]
        if same:
            person = same[-1]
        else:
            first, title = ("", None) if reading.first else self._full_name(reading.last, paragraph)
            person = _Person(reading.first or first, reading.last, title=title)
            people.append(person)
        if reading.first and not person.first:
            person.first = reading.first
        if reading.title and not all(w.strip(".").lower() in HONORIFICS for w in reading.title.split()):
            person.title = person.title or reading.title  # "Mr." is no title
        person.party = person.party or reading.party
        person.state = person.state or reading.state
        if reading.kind == PERSON or person.first or person.title:
            person.kind = PERSON
        else:
            person.kind = NAME
        return person

    def _full_name(self, last: str, paragraph: int) -> tuple[str, str | None]:
        """(first name, title) the article gives `last` up to `paragraph`, or ("", None)."""
        pattern = _mention_pattern(last)
        firsts: Counter[str] = Counter()
        titles: Counter[str] = Counter()
        for text in self.paragraphs[: paragraph + 1]:
            if last not in text:
                continue
            for m in pattern.finditer(text):
                words = m.group(1).split()
                names: list[str] = []  # the first name and initials right before the surname
                for word in reversed(words):
                    bare = word.lower().strip(".,").replace("’", "'")
                    if is_title_word(word) or all_caps(word) or not_a_name(word) or bare in ORGANISATION_WORDS \
                            or bare in PARTIES or bare in STATES or bare in NOT_FIRST_NAMES or bare in DETERMINERS \
                            or word.endswith(".") and len(word) > 2:
                        break
                    names.insert(0, word)
                if names:
                    firsts[names[0]] += 1
                before = words[: len(words) - len(names)]  # the title right before the name, if any
                if before and is_title_word(before[-1]) and before[-1].strip(".").lower() not in HONORIFICS | {"state"}:
                    titles[before[-1]] += 1
        first = min(firsts, key=lambda w: (-firsts[w], w)) if firsts else ""
        title = min(titles, key=lambda w: (-titles[w], w)) if titles else None
        return first, title

    def _titled(self, reading: LabelReading, paragraph: int, people: list[_Person]) -> _Person | None:
        """The person a title or description refers to: the last person of the article who
        has that title (or party and state), else the one the text names with the title."""
        role = (reading.title or "").split()
        head = role[-1].lower().strip(".") if role else ""
        for person in reversed(people):
            if reading.party and (person.party, person.state) == (reading.party, reading.state):
                return person
            if head and person.title and head in person.title.lower().replace(".", "").split():
                return person
        if not head or head in ("democrat", "republican", "independent") or head.endswith("s"):
            return None
        pattern = _titled_pattern(head)
        names: Counter[str] = Counter()
        for text in self.paragraphs[: paragraph + 1]:
            if head not in text.lower():
                continue
            for m in pattern.finditer(text):
                names[m.group(1)] += 1
        for name in sorted(names, key=lambda n: (-names[n], n)):
            found = read_label(name)
            if found.kind in (PERSON, NAME):
                person = self._person(replace(found, kind=PERSON), paragraph, people)
                person.title = person.title or role[-1].capitalize()
                return person
        return None


@lru_cache(maxsize=4096)
def _mention_pattern(last: str) -> re.Pattern:
    """Up to three capitalised words (a title, a first name, an initial) right before a surname."""
    return re.compile(rf"((?:[A-Z][\w'’.-]*\s+){{1,3}}){re.escape(last)}\b")


@lru_cache(maxsize=1024)
def _titled_pattern(head: str) -> re.Pattern:
    return re.compile(rf"(?i:\b{re.escape(head)})\s+((?:[A-Z][\w'’-]*\.?\s+){{0,2}}[A-Z][\w'’-]+)")


def _role_or_name(reading: LabelReading) -> str:
    if reading.kind == ORGANISATION:
        return reading.organisation or ""
    return (reading.title or "").removeprefix("the ")


@lru_cache(maxsize=4096)
def _actor(name: str, actors: tuple[Actor, ...]) -> str | None:
    """The event actor a speaker's name or label belongs to ("Belgian Foreign Minister ..." -> Belgium)."""
    for actor in actors:
        for form in sorted(actor.forms, key=len, reverse=True):
            if re.search(rf"(?<!\w){re.escape(form)}(?:['’]s)?(?!\w)", name):
                return actor.name
    return None


def merge_speakers(by_source: Mapping[str, Iterable[Speaker]]) -> dict[tuple[str, str], Speaker]:
    """The event's speakers: each article's `Speaker`s merged across the sources (same
    surname and compatible first names; organisations and unnamed roles by their name).
    Returns, per (source, article-level name), the event-level `Speaker` (labels of every
    source; words and quotes left for the caller)."""
    members: dict[tuple, list[tuple[str, Speaker]]] = defaultdict(list)
    people: dict[str, list[tuple[str, Speaker]]] = defaultdict(list)
    for sid in sorted(by_source):
        for speaker in by_source[sid]:
            if speaker.kind in (PERSON, NAME):
                people[surname_key(split_name(speaker.name)[1])].append((sid, speaker))
            else:
                members[(speaker.kind, speaker.name.lower())].append((sid, speaker))
    for surname, group in sorted(people.items()):
        clusters: list[list[tuple[str, Speaker]]] = []
        for sid, speaker in sorted(group, key=lambda m: (-len(split_name(m[1].name)[0]), m[0], m[1].name)):
            first = split_name(speaker.name)[0]
            fits = [c for c in clusters if all(compatible_first(first, split_name(s.name)[0]) for _, s in c)]
            if first:
                fits = [c for c in fits if any(split_name(s.name)[0] for _, s in c)] or ([] if clusters else fits)
            elif len(fits) > 1:
                fits = [c for c in fits if any(s.party == speaker.party and s.state == speaker.state
                                               and speaker.party for _, s in c)]
            if len(fits) == 1 or (fits and first):
                fits[0].append((sid, speaker))
            else:
                clusters.append([(sid, speaker)])
        for k, cluster in enumerate(clusters):
            members[("person", surname, k)] = cluster
    _merge_contained_organisations(members)
    _merge_governments(members)
    merged: dict[tuple[str, str], Speaker] = {}
    for key in sorted(members, key=str):
        group = members[key]
        speaker = _merged(group)
        for sid, member in group:
            merged[(sid, member.name)] = speaker
    return merged


def _merge_contained_organisations(members: dict[tuple, list[tuple[str, Speaker]]]) -> None:
    """An organisation named by two words or more inside exactly one longer organisation name
    ("Ministry of Foreign Affairs" in "Rwandan Ministry of Foreign Affairs and International
    Cooperation") is that organisation, unless they belong to different actors."""
    names = sorted((key for key in members if key[0] == ORGANISATION), key=lambda k: (len(k[1]), k[1]))
    for key in names:
        if len(key[1].split()) < 2:
            continue
        actor = next((s.actor for _, s in members[key] if s.actor), None)
        inside = [other for other in names if other != key and other in members and
                  re.search(rf"(?<!\w){re.escape(key[1])}(?!\w)", other[1]) and
                  (actor is None or all(s.actor in (None, actor) for _, s in members[other]))]
        if len(inside) == 1:
            members[inside[0]].extend(members.pop(key))


def _merge_governments(members: dict[tuple, list[tuple[str, Speaker]]]) -> None:
    """"The Rwandan government" speaks for the country an article names alone ("Rwanda said"):
    an organisation "<X> government" joins the one-word speaker that is its event actor's name."""
    countries = {s.name: key for key, group in members.items() if key[0] == "person"
                 for _, s in group[:1] if s.kind == NAME and s.actor == s.name and len(group) == len(
                     [m for m in group if m[1].kind == NAME])}
    for key in sorted((k for k in members if k[0] == ORGANISATION), key=str):
        actor = next((s.actor for _, s in members[key] if s.actor), None)
        if actor in countries and re.fullmatch(r"(?:the )?\S+ government|government of (?:the )?\S+", key[1]):
            members[countries[actor]].extend(members.pop(key))


def _merged(group: list[tuple[str, Speaker]]) -> Speaker:
    """One event-level speaker from its article-level members."""
    names = Counter(s.name for _, s in group)
    name = min(names, key=lambda n: (-(" " in n), -names[n], -len(n), n))
    kinds = {s.kind for _, s in group}
    kind = next(k for k in (PERSON, ORGANISATION, UNNAMED, NAME) if k in kinds)
    labels: dict[str, list[str]] = defaultdict(list)
    for sid, s in group:
        for label in s.labels.get(sid, ()):
            if label not in labels[sid]:
                labels[sid].append(label)

    def common(values: list[str | None]) -> str | None:
        counted = Counter(v for v in values if v)
        return min(counted, key=lambda v: (-counted[v], v)) if counted else None

    return Speaker(name, kind, party=common([s.party for _, s in group]), state=common([s.state for _, s in group]),
                   title=common([s.title for _, s in group]), actor=common([s.actor for _, s in group]),
                   labels={sid: tuple(v) for sid, v in sorted(labels.items())})
