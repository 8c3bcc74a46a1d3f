"""Library calls behind the single-file commands (`clean`, `score`, `align`)."""
from __future__ import annotations

import json
from pathlib import Path
from typing import IO, Iterable, Iterator

from .corpus import EVENT_FILE, is_article_file, link_problem, read_event_config, read_source
from .errors import InputError, UsageError
from .model import Actor, Article, CleanText, ComparedPair, SideBySide, Source
from .settings import Settings


def clean_file(path: Path) -> tuple[CleanText, Source]:
    """Clean one article file, with the pins and outlet templates of its event folder."""
    from .clean import Pins, clean_source, outlet_template_lines

    path = Path(path)
    if not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        raise InputError(path, "is a folder; `clean` takes one article file")
    if path.suffix.lower() not in (".txt", ".md", ".html", ".htm"):
        raise InputError(path, f"unsupported file type {path.suffix or '(none)'}; expected .txt, .md or .html")
    source = read_source(path)
    config = read_event_config(path.parent / EVENT_FILE)
    siblings = [source]
    for other in sorted(path.parent.iterdir()):
        if other != path and is_article_file(other) and not link_problem(other, path.parent):
            try:
                siblings.append(read_source(other))
            except InputError:
                continue
    templates = outlet_template_lines(siblings).get(source.name, frozenset())
    return clean_source(source, pins=Pins.from_config(config), template_lines=templates), source


def parse_actor_specs(specs: Iterable[str]) -> tuple[Actor, ...]:
    """`NAME=FORM,FORM` options to actors."""
    actors = []
    for spec in specs:
        name, _, forms = spec.partition("=")
        if not name.strip():
            raise UsageError(f"--actor {spec!r}: expected NAME=FORM,FORM")
        values = [f.strip() for f in forms.split(",") if f.strip()] or [name.strip()]
        actors.append(Actor(name.strip(), tuple(dict.fromkeys([name.strip(), *values]))))
    return tuple(actors)


def score_file(path: Path, actors: tuple[Actor, ...], settings: Settings = Settings()) -> dict:
    """Clean, segment and score one article; actors default to those of its event.yaml."""
    from .corpus import read_actors
    from .score import score_article
    from .segment import segment

    cleaned, source = clean_file(path)
    if not actors:
        config_path = Path(path).parent / EVENT_FILE
        actors = read_actors(read_event_config(config_path).get("actors"), config_path)
    article = segment(source, cleaned)
    return _scores_dict(score_article(article, actors, settings))


def score_jsonl(stream: IO[str], name: Path | str, settings: Settings = Settings()) -> Iterator[dict]:
    """Score each `{"id", "text", "actors"}` line as given (no boilerplate removal), in order."""
    from .model import Block
    from .score import score_article
    from .segment import segment

    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as error:
            raise InputError(name, f"line {number}: not valid JSON ({error.msg})") from None
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise InputError(name, f"line {number}: expected an object with a \"text\" string")
        actors_spec = item.get("actors") or {}
        if not isinstance(actors_spec, dict):
            raise InputError(name, f"line {number}: \"actors\" must map a name to a list of forms")
        actors = []
        for actor_name, forms in actors_spec.items():
            if isinstance(forms, str):
                forms = [forms]
            if not isinstance(forms, list):
                raise InputError(name, f"line {number}: the forms of actor {actor_name!r} must be a list")
            actors.append(Actor(str(actor_name), tuple(dict.fromkeys([str(f) for f in forms if str(f).strip()] or [str(actor_name)]))))
        text = item["text"]
        blocks = tuple(Block(p.strip(), 1) for p in text.split("\n\n") if p.strip())
        source = Source(id=str(item.get("id", number)), path=Path(str(name)), name="", kind="text", text=text)
        article = segment(source, CleanText(blocks, ()))
        yield {"id": item.get("id", number), **_scores_dict(score_article(article, tuple(actors), settings))}


def _scores_dict(scores) -> dict:
    return {
        "sentiment": scores.sentiment,
        "own_sentiment": scores.own_sentiment,
        "quote_sentiment": scores.quote_sentiment,
        "frames": dict(scores.frames),
        "actors": {
            a.actor: {
                "sentiment": a.sentiment,
                "mentions": a.mentions,
                "own_sentiment": a.own_sentiment,
                "quote_sentiment": a.quote_sentiment,
                # the sign of `sentiment` as a word: 0.0 is exactly "neutral" (see README, Scores)
                "label": None if a.sentiment is None else
                         "negative" if a.sentiment < 0 else "positive" if a.sentiment > 0 else "neutral",
            }
            for a in scores.actors
        },
    }


def align_files(path_a: Path, path_b: Path, settings: Settings = Settings()) -> SideBySide:
    """Clean, segment and align two article files, and read each aligned pair word by word;
    the second keeps its id apart from the first."""
    from dataclasses import replace

    from .align import align_articles
    from .score.wording import differing_words
    from .segment import segment

    articles: list[Article] = []
    for path in (path_a, path_b):
        cleaned, source = clean_file(path)
        article = segment(source, cleaned)
        if not article.paragraphs:
            raise InputError(path, "no article text is left after boilerplate removal; nothing to align")
        articles.append(article)
    left, right = articles
    if left.id == right.id:  # the same file name in two folders
        right = replace(right, source=replace(right.source, id=right.id + "-2"))
    result = align_articles([left, right], settings)
    text = {(a.id, p.index): p.text for a in (left, right) for p in a.paragraphs}
    pairs = []
    for al in sorted(result.alignments, key=lambda al: (al.a.source != left.id, al.a.paragraph, al.b.paragraph)):
        a, b = (al.a, al.b) if al.a.source == left.id else (al.b, al.a)
        only_a, only_b = differing_words(text[(a.source, a.paragraph)], text[(b.source, b.paragraph)])
        pairs.append(ComparedPair(a, b, al.score, al.evidence, None, only_a, only_b, (), al.shared))
    aligned = {(ref.source, ref.paragraph) for pair in pairs for ref in (pair.a, pair.b)}
    unaligned = {article.id: tuple(p.index for p in article.paragraphs if (article.id, p.index) not in aligned)
                 for article in (left, right)}
    return SideBySide(left, right, tuple(pairs), unaligned)
