"""Synthetic large events made of real news text retold by many outlets, with a known truth.

`build_event(sources, folder)` writes an event folder of `sources` articles of about 20
paragraphs each and returns the truth: which story paragraph (or outlet-own paragraph)
each written paragraph carries. Every paragraph in the event is distinct, as in real
coverage (outlets rarely repeat a paragraph word for word), so no per-text cache can
absorb the work.

How an outlet retells the story (seeded: the same event every run):
- The story is one real article (the longest BASIL dev article, cut to STORY_PARAGRAPHS
  paragraphs). Each outlet tells about 77% of its paragraphs, in story order with local
  swaps, so each story paragraph is told by about 150 of 200 outlets.
- Each telling is edited as rewrite desks do: a sentence left out of a long paragraph,
  attribution verbs and common words swapped for others ("said" / "told reporters",
  "government" / "administration"), honorifics dropped, a few words cut, a connective or
  hedge added. Every telling is checked to be distinct from every other paragraph.
- Some tellings are split at a sentence boundary, some merged with the previous one.
- About 3 paragraphs of every outlet are its own: paragraphs of other events (the other
  BASIL dev events and the English extraction-benchmark bodies), each lightly edited. A
  base paragraph is reused by another outlet only once the pool is used up.

The truth maps the whitespace-normalised text of every written paragraph to the ids of the
base paragraphs it carries (`story:N`, `own:N`); two paragraphs of different outlets are a
known pair when their id sets meet.
"""
from __future__ import annotations

import datetime as dt
import json
import random
import re
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
BASIL = SHARED / "basil-dev" / "corpus"
EXTRACTION = SHARED / "extraction-dev"
STORY_PARAGRAPHS = 22
PARAGRAPHS_PER_SOURCE = 20
OWN_PARAGRAPHS = 3
TELL_SHARE = 17 / 22

# Rewrite-desk swaps: each pair is swapped in both directions, as whole words.
SWAPS = [
    ("said", "told reporters"), ("said", "stated"), ("says", "argues"), ("announced", "declared"),
    ("government", "administration"), ("people", "individuals"), ("also", "additionally"),
    ("however", "though"), ("president", "leader"), ("country", "nation"), ("officials", "authorities"),
    ("because", "since"), ("about", "roughly"), ("many", "numerous"), ("big", "large"), ("help", "assist"),
    ("show", "indicate"), ("called", "described"), ("began", "started"), ("wanted", "sought"),
    ("tried", "attempted"), ("bill", "legislation"), ("law", "statute"), ("meeting", "gathering"),
    ("plan", "proposal"), ("criticized", "attacked"), ("supporters", "backers"), ("asked", "questioned"),
    ("week", "weekend"), ("million", "million"), ("think", "believe"), ("but", "yet"), ("get", "obtain"),
]
INSERTS = ["also", "now", "reportedly", "meanwhile", "still", "already", "notably"]
_HONORIFIC = re.compile(r"\b(?:Mr|Mrs|Ms|Dr)\. ")


def available() -> bool:
    return BASIL.is_dir()


def _paragraphs(path: Path) -> list[str]:
    text = path.read_text(encoding="utf-8")
    if text.startswith("---"):
        text = text.split("\n---", 1)[1]
    return [" ".join(p.split()) for p in re.split(r"\n\s*\n", text) if len(p.split()) >= 8]


def _english(text: str) -> bool:
    words = re.findall(r"[a-z]+", text.lower())
    common = sum(w in {"the", "and", "of", "to", "in", "is", "that", "for", "was", "with"} for w in words)
    return len(words) >= 15 and common / len(words) >= 0.12


def story_date() -> str:
    """The publication date of the story article (the event's date)."""
    text = _story_path().read_text(encoding="utf-8")
    found = re.search(r"^published: (\S+)", text, re.M)
    return found.group(1) if found else "2013-05-16"


def _story_path() -> Path:
    articles = {p: _paragraphs(p) for p in sorted(BASIL.glob("*/*.txt"))}
    return max(articles, key=lambda p: (len(articles[p]), str(p)))


def pools() -> tuple[list[str], list[str]]:
    """(story paragraphs, other paragraphs) from the shared data."""
    articles = {p: _paragraphs(p) for p in sorted(BASIL.glob("*/*.txt"))}
    story_path = _story_path()
    story = articles[story_path][:STORY_PARAGRAPHS]
    event = story_path.parent
    others = [t for p, ps in articles.items() if p.parent != event for t in ps]
    for body in sorted(EXTRACTION.glob("*.body.txt")):
        others.extend(t for t in _paragraphs(body) if _english(t) and len(t) < 1500)
    return story, others


def sentences(text: str) -> list[str]:
    from compare.segment import split_sentences

    return [s.text for s in split_sentences(text)]


def edit(text: str, rng: random.Random) -> str:
    """One outlet's retelling of a paragraph."""
    parts = sentences(text)
    if len(parts) >= 3 and rng.random() < 0.3:
        del parts[rng.randrange(1, len(parts))]
    text = " ".join(parts)
    for a, b in rng.sample(SWAPS, 6):
        if rng.random() < 0.6:
            old, new = (a, b) if rng.random() < 0.5 else (b, a)
            text = re.sub(rf"\b{re.escape(old)}\b", new, text, count=1)
    if rng.random() < 0.5:
        text = _HONORIFIC.sub("", text)
    words = text.split()
    kept = [w for k, w in enumerate(words) if k == 0 or not (w.islower() and len(w) > 3 and rng.random() < 0.05)]
    commas = [k + 1 for k, w in enumerate(kept[:-1]) if w.endswith(",")]
    if commas and rng.random() < 0.4:
        kept.insert(rng.choice(commas), rng.choice(INSERTS))
    return " ".join(kept)


def build_event(sources: int, folder: Path, seed: int = 12, story: list[str] | None = None,
                others: list[str] | None = None, date: str | None = None) -> dict[str, list[str]]:
    """Write an event of `sources` outlets into folder; return {paragraph text: [base ids]}.

    The story, the outlets' own paragraphs and the event's date come from the shared data
    (`pools`, `story_date`) unless given (the tests build one from the bundled seed event)."""
    rng = random.Random(seed)
    if story is None or others is None:
        story, others = pools()
        date = date or story_date()
    date = date or "2025-03-17"
    day = dt.date.fromisoformat(date)
    own_order = list(range(len(others)))
    rng.shuffle(own_order)
    own_next = 0
    truth: dict[str, list[str]] = {}
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "event.yaml").write_text(f"title: One story retold by many outlets\ndate: {date}\n", encoding="utf-8")

    def distinct(base: str, ids: list[str]) -> str:
        for _ in range(50):
            text = edit(base, rng)
            if text not in truth:
                truth[text] = ids
                return text
        text = f"{base} ({len(truth)})"  # never reached on real text; keeps every paragraph distinct
        truth[text] = ids
        return text

    told = round(TELL_SHARE * len(story))
    for s in range(sources):
        picked = sorted(rng.sample(range(len(story)), told))
        for k in range(len(picked) - 1):
            if rng.random() < 0.15:
                picked[k], picked[k + 1] = picked[k + 1], picked[k]
        paragraphs: list[tuple[str, list[str]]] = []
        for index in picked:
            ids = [f"story:{index}"]
            parts = sentences(story[index])
            if len(parts) >= 2 and rng.random() < 0.15:
                cut = len(parts) // 2
                paragraphs.append((" ".join(parts[:cut]), ids))
                paragraphs.append((" ".join(parts[cut:]), ids))
            elif paragraphs and rng.random() < 0.1:
                text, previous = paragraphs[-1]
                paragraphs[-1] = (f"{text} {story[index]}", previous + ids)
            else:
                paragraphs.append((story[index], ids))
        paragraphs = paragraphs[:PARAGRAPHS_PER_SOURCE - OWN_PARAGRAPHS]
        for _ in range(OWN_PARAGRAPHS):
            base = own_order[own_next % len(own_order)]
            own_next += 1
            paragraphs.insert(rng.randrange(1, len(paragraphs) + 1), (others[base], [f"own:{base}"]))
        written = [distinct(text, ids) for text, ids in paragraphs]
        outlet = f"Outlet {s:04d}"
        front = f"---\nsource: {outlet}\ntitle: {outlet} on the story\npublished: {day + dt.timedelta(days=s % 3)}\n---\n"
        (folder / f"s{s:04d}.txt").write_text(front + "\n\n".join(written) + "\n", encoding="utf-8")
    return truth


def key(text: str) -> str:
    return " ".join(text.split())


def write_truth(truth: dict[str, list[str]], path: Path) -> None:
    path.write_text(json.dumps({key(t): ids for t, ids in truth.items()}, ensure_ascii=False), encoding="utf-8")
