"""Line features, the trained line classifier and the decoder behind boilerplate removal.

Every line of a page is described by what the text itself shows (length, sentence
punctuation, stop-word density in the page's language, menu, prompt and metadata shapes)
and by its neighbourhood (how prose-like the lines around it are, whether it sits in the
page's main run of prose, how far it is from the page's headline). A logistic regression
trained on labelled pages (`scripts/train_boilerplate.py`, weights in
`data/boilerplate_model.json`) turns that into the log-odds that the line is article text,
and a two-state decoder (`decode`) turns the page's log-odds into the article's lines. The
weights are applied with numpy: scikit-learn is never imported here.
"""
from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

DATA_DIR = Path(__file__).parent.parent / "data"
STOPWORDS_FILE = DATA_DIR / "boilerplate_stopwords.json"
MODEL_FILE = DATA_DIR / "boilerplate_model.json"

_TOKEN = re.compile(r"\w+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
SENTENCE_END = re.compile(r"[.!?…。！？][\"'”’»)\]]*\s*$|[\"”»]\s*$")
_ELLIPSIS_END = re.compile(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*$")
RELATIVE_TIME = re.compile(
    r"(?<!\d)\d+\s*(?:sec|second|min|minute|h|hr|hour|d|day|week|month|year)s?\s+ago\b|\bjust now\b|\byesterday\b",
    re.I,
)
_DATE = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}\b"
    r"|\b\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?,?\s+\d{4}\b"
    r"|\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b|\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b"
    r"|\b\d{1,2}:\d{2}\s*(?:am|pm|a\.m\.|p\.m\.)?",
    re.I,
)
# Words and phrases of site furniture (share buttons, sign-in, cookie notices), looked up as
# tokens rather than by one long regex because this runs on every short line.
_PROMPT_WORDS = frozenset("""
share shares tweet email e mail print comment comments subscribe subscription newsletter newsletters
advertisement advertising sponsored related cookie cookies privacy facebook twitter whatsapp linkedin
reddit pinterest instagram youtube flipboard telegram menu search home trending recommended watch listen
download login logout signup register account
""".split())
_PROMPT_PHRASES = ("sign in", "sign up", "log in", "log out", "read more", "more stories", "follow us", "click here",
                   "all rights reserved", "skip to", "terms of", "contact us", "about us", "most popular", "most read",
                   "see more", "see all", "view all", "load more", "show more", "don't miss", "you may also like")
_PROMPT_PHRASE = re.compile("|".join(re.escape(p) for p in _PROMPT_PHRASES))
_CAPTION_HINT = re.compile("credit|photo|image|pictur|source|foto|bild|imagen|фото|getty|shutterstock|istock|"
                           "reuters|afp|epa")
_SEPARATOR_CHARS = frozenset("|»›>/•·")
_QUOTE_CHARS = frozenset("\"“”«»„")
_BYLINE = re.compile(r"^\s*(?:by|von|par|por|di|door|av|af)\s+\w", re.I)
_SEPARATORS = re.compile(r"\s[|»›>/•·]\s|^[|»›>•·]|[|»›>•·]$")
_URLISH = re.compile(r"https?://|www\.|\S+@\S+\.\w|(?:^|\s)@\w|\.(?:com|org|net)\b", re.I)
_BULLET = re.compile(r"^\s*(?:[-*•·–—]|\d+[.)])\s+")
_CAPTION = re.compile(
    r"\((?:image|photo|picture|pic|video|credit|source|foto|bild|imagen|фото)\b[^)]{0,60}\)\s*$"
    r"|\b(?:credit|credits|photo|photograph|image|picture|source|foto|bild|imagen|фото|getty images|"
    r"ap photo|shutterstock|istock|reuters|afp|epa)\b\s*(?:[:/©]|by\b)?\s*[\w .,&/'’()-]{0,50}$"
    r"|\(pictured\)|\bpictured\b",
    re.I,
)
# "SEE MORE:", "READ MORE:", "WATCH:" — a capitalised label before a colon opens a link or prompt
_LABEL_PREFIX = re.compile(r"^\s*([^\W\d_][^\W_]*(?:[ '’][^\W_]+){0,3})\s*:\s*\S")
_COPYRIGHT = re.compile(r"©|\(c\)\s*\d{4}|\bcopyright\b", re.I)


@dataclass(frozen=True, slots=True)
class Stopwords:
    """A page's language (the stop list that covers most of its words) and that list."""

    language: str
    words: frozenset[str]
    characters: frozenset[str]  # Chinese/Japanese function characters, counted per character


@lru_cache(maxsize=1)
def _stopword_lists() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]], dict[str, tuple[str, ...]]]:
    data = json.loads(STOPWORDS_FILE.read_text(encoding="utf-8"))
    lists = {name: frozenset(words) for name, words in data["languages"].items()}
    characters = {name: frozenset(chars) for name, chars in data["cjk_function_characters"].items()}
    index: dict[str, list[str]] = {}
    for name in sorted(lists):
        for word in lists[name]:
            index.setdefault(word, []).append(name)
    return lists, characters, {w: tuple(names) for w, names in index.items()}


def page_stopwords(text: str) -> Stopwords:
    """Guess the page's language from stop-word hits and return its stop list.

    Chinese and Japanese pages (more CJK characters than word tokens) get function characters
    instead, since their words are not separated by spaces.
    """
    lists, characters, index = _stopword_lists()
    # three slices of the page are plenty to tell its language, and cheap on a 5 MB page
    if len(text) > 30_000:
        middle = len(text) // 2
        sample = "\n".join((text[:10_000], text[middle - 5_000:middle + 5_000], text[-10_000:]))
    else:
        sample = text
    cjk = 0 if sample.isascii() else len(_CJK.findall(sample))
    tokens = _TOKEN.findall(sample.casefold())
    if cjk > len(tokens):
        kana = len(re.findall(r"[\u3040-\u30ff]", sample))
        name = "Japanese" if kana > cjk * 0.1 else "Chinese"
        return Stopwords(name, frozenset(), characters[name])
    hits: dict[str, int] = {}
    for token, count in Counter(tokens).items():
        for name in index.get(token, ()):
            hits[name] = hits.get(name, 0) + count
    if not hits:
        return Stopwords("English", lists["English"], frozenset())
    best = max(sorted(hits), key=lambda name: hits[name])
    return Stopwords(best, lists[best], frozenset())


# --- features --------------------------------------------------------------------------

LOCAL_FEATURES = (
    "log_words", "words_ge_4", "words_ge_8", "words_ge_15", "words_ge_30", "log_chars",
    "stop_ratio", "log_stops", "sentence_end", "ellipsis_end", "colon_end", "comma_end",
    "no_end_punct", "starts_lower", "starts_digit", "bullet", "capitalised_ratio", "all_caps",
    "digit_ratio", "commas_per_word", "relative_time", "date", "prompt_word", "byline",
    "copyright", "separators", "urlish", "quotes", "mean_word_length", "cjk", "caption",
    "label_prefix",
    # where the line sits in the page
    "repeated_in_page", "title_overlap", "is_title_line",
)
_CONTEXT_BASE = ("log_words", "stop_ratio", "sentence_end", "prose", "date_or_time", "prompt_word", "headline")
_WINDOWS = (1, 3, 8)
# share of a page's words the decoder keeps above which the page is taken for a clean article
CLEAN_PAGE_SHARE = 0.85
# On an extractor's output (the HTML path) a line goes only below these log-odds. On the
# benchmark's DEV pages, F1 is flat (0.965) for thresholds from -3 to -6: the lowest removes
# the least, as losing prose is the worse error.
EXTRACTED_DROP_BELOW = -6.0
CONTEXT_FEATURES = tuple(
    f"{side}{w}_{name}" for w in _WINDOWS for side in ("prev", "next") for name in _CONTEXT_BASE
) + ("log_lines_to_prose_before", "log_lines_to_prose_after", "in_prose_region",
     "log_lines_to_prose_region", "log_words_to_prose_region", "page_prose_share", "log_page_lines",
     "has_headline", "before_headline", "log_lines_since_headline", "log_non_prose_since_headline")
FEATURES = LOCAL_FEATURES + CONTEXT_FEATURES


class PageShapes(NamedTuple):
    """What each line of a page shows on its own, as numpy arrays (one value per line)."""

    words: object  # word tokens (a CJK character counts half a word)
    stops: object
    sentence_end: object  # bool
    prose: object  # bool: ten or more words ending a sentence, the simplest prose test


def _line_local(text: str, stop: Stopwords) -> tuple[tuple, list[str]]:
    """Counts and flags of one line (see _RAW), and its lower-cased tokens.

    Only counting and pattern tests happen here, through C-level helpers (`map`, `findall`);
    the costlier patterns only run where they can matter (a date or a prompt on a short
    line, a credit at the end of a line). Ratios and logs are taken for the whole page at
    once with numpy in `_local_columns`. This is what keeps a 5 MB page within budget.
    """
    tokens = _TOKEN.findall(text)
    lower = text.casefold()
    lower_tokens = "\0".join(tokens).casefold().split("\0") if tokens else []
    count = len(tokens)
    cjk = len(_CJK.findall(text)) if not text.isascii() else 0
    if cjk:
        plain = [t for t in lower_tokens if not _CJK.search(t)]
        words = len(plain) + cjk / 2
        stops = sum(map(stop.characters.__contains__, text)) + sum(map(stop.words.__contains__, plain))
        stop_base = cjk + len(plain)
    else:
        words = count
        stops = sum(map(stop.words.__contains__, lower_tokens))
        stop_base = count
    digits = sum(map(str.isdigit, tokens))
    stripped = text.strip()
    last, first = stripped[-1:], stripped[:1]
    short = words <= 30
    prefix = _LABEL_PREFIX.match(text) if not cjk and ":" in text[:60] else None
    raw = (
        words, len(text), stops, stop_base, digits,
        sum(map(str.__ne__, tokens, lower_tokens)),  # tokens with a capital letter
        count - digits, text.count(","), len("".join(tokens)), count,
        bool(SENTENCE_END.search(stripped[-4:])), bool(_ELLIPSIS_END.search(stripped[-6:])),
        last == ":", last in ",;-–—|/", last.isalnum(), first.islower(), first.isdigit(),
        bool(_BULLET.match(text)),
        len(text) >= 4 and text != lower and text == text.upper(),
        ("ago" in lower or "yesterday" in lower or "just now" in lower) and bool(RELATIVE_TIME.search(text)),
        short and digits > 0 and bool(_DATE.search(text)),
        words <= 12 and (not _PROMPT_WORDS.isdisjoint(lower_tokens) or bool(_PROMPT_PHRASE.search(lower))),
        words <= 12 and bool(_BYLINE.match(text)),
        ("©" in text or "opyright" in lower or "(c)" in lower) and bool(_COPYRIGHT.search(text)),
        not _SEPARATOR_CHARS.isdisjoint(text) and bool(_SEPARATORS.search(text)),
        short and ("." in text or "@" in text) and bool(_URLISH.search(text)),
        not _QUOTE_CHARS.isdisjoint(text),
        cjk > 0,
        words <= 60 and bool(_CAPTION_HINT.search(lower, max(0, len(lower) - 90))) and bool(_CAPTION.search(text[-90:])),
        prefix is not None and prefix.group(1) == prefix.group(1).upper(),
    )
    return raw, lower_tokens


# A line longer than this (a page saved without line breaks) is measured on its first part
_LONG_LINE = 20_000


def _long_line_local(text: str, stop: Stopwords) -> tuple[tuple, list[str]]:
    """_line_local of a very long line, read from its first _LONG_LINE characters: its
    counts are scaled to the whole line, its ratios and flags taken from the part."""
    raw, tokens = _line_local(text[:_LONG_LINE], stop)
    scale = len(text) / _LONG_LINE
    counts = tuple(value * scale for value in raw[:10])  # words ... tokens, in _RAW order
    return counts + raw[10:], tokens


_RAW = (
    "words", "chars", "stops", "stop_base", "digits", "capitalised", "cased_tokens", "commas", "token_chars",
    "tokens", "sentence_end", "ellipsis_end", "colon_end", "comma_end", "no_end_punct", "starts_lower",
    "starts_digit", "bullet", "all_caps", "relative_time", "date", "prompt_word", "byline", "copyright",
    "separators", "urlish", "quotes", "cjk", "caption", "label_prefix",
)


def _local_columns(raw):
    """The LOCAL_FEATURES up to `label_prefix`, from the (lines x _RAW) array of counts."""
    import numpy as np

    column = {name: raw[:, i] for i, name in enumerate(_RAW)}
    words = column["words"]
    per_word = np.maximum(words, 1.0)

    def ratio(top, bottom):
        return np.divide(top, bottom, out=np.zeros(len(top)), where=bottom > 0)

    return np.column_stack([
        np.log1p(words), words >= 4, words >= 8, words >= 15, words >= 30, np.log1p(column["chars"]),
        ratio(column["stops"], column["stop_base"]), np.log1p(column["stops"]),
        column["sentence_end"], column["ellipsis_end"], column["colon_end"], column["comma_end"],
        column["no_end_punct"], column["starts_lower"], column["starts_digit"], column["bullet"],
        ratio(column["capitalised"], column["cased_tokens"]), column["all_caps"],
        column["digits"] / per_word, column["commas"] / per_word,
        column["relative_time"], column["date"], column["prompt_word"], column["byline"], column["copyright"],
        column["separators"], column["urlish"], column["quotes"],
        ratio(column["token_chars"], column["tokens"]), column["cjk"], column["caption"], column["label_prefix"],
    ]).astype(float)


def _prose_region(words, prose) -> tuple[int, int]:
    """The run of lines with the most prose words net of the words of non-prose lines.

    This is the classic body-text idea (Finn et al. 2001): the article is the stretch of the
    page where prose is densest. Non-prose lines cost their words plus one, so a long menu
    costs more than a lone caption. Returns (first, last) line indices; (-1, -1) if none.
    """
    import numpy as np

    if len(words) == 0:
        return -1, -1
    gain = np.where(prose, words, -(np.minimum(words, 12.0) * 0.5 + 1.0))
    prefix = np.concatenate([[0.0], np.cumsum(gain)])
    lowest = np.minimum.accumulate(prefix[:-1])  # the best start before each end
    totals = prefix[1:] - lowest
    end = int(np.argmax(totals))
    if totals[end] <= 0:
        return -1, -1
    start = int(np.argmin(prefix[: end + 1]))
    return start, end


def _looks_like_title(line: str) -> bool:
    """A first line that can be the page's title: a saved page's <title>, an article's headline."""
    if len(line) > 400:
        return False
    words = len(_TOKEN.findall(line))
    return 1 <= words <= 30 and not (words > 12 and SENTENCE_END.search(line.strip()[-4:]))


def page_features(lines: list[str], stop: Stopwords, title: str | None = None):
    """Return a (lines x FEATURES) numpy array and the shape of each line.

    `title` is the page's title if known; otherwise a title-like first line stands in for it
    (a page saved as text starts with its <title>, a pasted article often with its headline).
    """
    import numpy as np

    count = len(lines)
    title_line = -1
    if title is None and lines and _looks_like_title(lines[0]):
        title, title_line = lines[0], 0
    title_tokens = set(_TOKEN.findall(title.casefold())) if title else set()
    # Menus, share bars and repeated blocks recur within a page: what a line shows on its
    # own is computed once per distinct line, then spread to its occurrences.
    distinct: dict[str, int] = {}
    line_index = []
    raws: list[tuple] = []
    overlaps: list[tuple[float, bool]] = []
    keys: dict[str, int] = {}
    key_of: list[int] = []
    for line in lines:
        at = distinct.get(line)
        if at is None:
            at = distinct[line] = len(raws)
            raw, tokens = _line_local(line, stop) if len(line) <= _LONG_LINE else _long_line_local(line, stop)
            raws.append(raw)
            overlap = sum(map(title_tokens.__contains__, tokens)) / len(tokens) if tokens and title_tokens else 0.0
            overlaps.append((overlap, overlap >= 0.8 and len(tokens) >= 3))
            key_of.append(keys.setdefault(" ".join(line.split()).casefold(), len(keys)))
        line_index.append(at)
    if count == 0:
        empty = np.zeros(0)
        return np.zeros((0, len(FEATURES))), PageShapes(empty, empty, empty.astype(bool), empty.astype(bool))
    index = np.array(line_index)
    raw = np.array(raws, dtype=float)[index]
    title_columns = np.array(overlaps, dtype=float)[index]
    line_keys = np.array(key_of)[index]
    repeated = (np.bincount(line_keys)[line_keys] > 1).astype(float)
    headline = title_columns[:, 1] > 0
    if title_line >= 0:
        headline[title_line] = False  # the title line itself is not a repeat of the title
    local_matrix = np.column_stack([_local_columns(raw), repeated, title_columns[:, 0], headline.astype(float)])
    column = {name: raw[:, i] for i, name in enumerate(_RAW)}
    words = column["words"]
    sentence_end = column["sentence_end"] > 0
    prose = (words >= 10) & sentence_end
    base = np.column_stack([
        np.log1p(words), np.divide(column["stops"], words, out=np.zeros(count), where=words > 0), sentence_end,
        prose, (column["relative_time"] + column["date"]) > 0, column["prompt_word"],
        (words >= 4) & (words <= 20) & ~sentence_end,
    ]).astype(float)
    shapes = PageShapes(words, column["stops"], sentence_end, prose)
    return np.hstack([local_matrix, _context(base, words, prose), _headline_context(headline, prose)]), shapes


def _context(base, words, prose):
    """Context columns: window means of line shapes before and after, and the prose region.

    `base` holds the _CONTEXT_BASE values of every line, `words` and `prose` its word
    counts and prose flags (numpy arrays).
    """
    import numpy as np

    count = len(base)
    prefix = np.vstack([np.zeros((1, base.shape[1])), np.cumsum(base, axis=0)])
    page_mean = base.mean(axis=0) if count else np.zeros(base.shape[1])
    index = np.arange(count)
    columns = []
    # Beyond the first or last line there is no context: such windows take the page's mean,
    # so the edge of a pasted article does not look like the edge of a saved page.
    for w in _WINDOWS:
        lo = np.maximum(index - w, 0)
        hi = np.minimum(index + 1 + w, count)
        n_before = (index - lo)[:, None]
        n_after = (hi - index - 1)[:, None]
        before = np.where(n_before > 0, (prefix[index] - prefix[lo]) / np.maximum(n_before, 1), page_mean)
        after = np.where(n_after > 0, (prefix[hi] - prefix[index + 1]) / np.maximum(n_after, 1), page_mean)
        columns += [before, after]
    prose_lines = np.flatnonzero(prose)
    # Lines to the nearest prose line before and after; with none, to the page's edge.
    if len(prose_lines):
        at = np.searchsorted(prose_lines, index, side="left")
        before_index = np.where(at > 0, prose_lines[np.maximum(at - 1, 0)], -1)
        after_at = np.searchsorted(prose_lines, index, side="right")
        after_index = np.where(after_at < len(prose_lines), prose_lines[np.minimum(after_at, len(prose_lines) - 1)],
                               count)
    else:
        before_index, after_index = np.full(count, -1), np.full(count, count)
    to_before = np.minimum(index - before_index, 1000)
    to_after = np.minimum(after_index - index, 1000)
    first, final = _prose_region(words, prose)
    word_prefix = np.concatenate([[0.0], np.cumsum(words)])
    if first < 0:
        inside = np.zeros(count)
        line_gap = np.full(count, 1000.0)
        word_gap = np.full(count, 1e5)
    else:
        inside = ((index >= first) & (index <= final)).astype(float)
        line_gap = np.where(index < first, first - index, np.where(index > final, index - final, 0)).astype(float)
        word_gap = np.where(index < first, word_prefix[first] - word_prefix[np.minimum(index + 1, count)],
                            np.where(index > final, word_prefix[index] - word_prefix[min(final + 1, count)], 0.0))
    share = np.full(count, prose.mean() if count else 0.0)
    # a whole saved page has hundreds of lines; a pasted article a few dozen
    size = np.full(count, math.log1p(count))
    columns.append(np.column_stack([
        np.log1p(to_before), np.log1p(to_after), inside, np.log1p(line_gap), np.log1p(np.maximum(word_gap, 0)), share,
        size,
    ]))
    return np.hstack(columns) if count else np.zeros((0, len(CONTEXT_FEATURES) - 4))


def _headline_context(headline, prose):
    """Where a line sits relative to the page's headline (a line repeating the title).

    On a saved page the article usually starts a few lines after its headline, while
    comments and further stories come after many non-prose lines (stamps, ratings, links).
    The distances are zero where there is no headline before the line, so that a page
    without one (a pasted article) is judged on the other features alone.
    """
    import numpy as np

    count = len(prose)
    if count == 0:
        return np.zeros((0, 4))
    if not headline.any():
        return np.zeros((count, 4))
    index = np.arange(count)
    marks = np.flatnonzero(headline)
    at = np.searchsorted(marks, index, side="right") - 1  # nearest headline at or before
    has_before = at >= 0
    anchor = marks[np.maximum(at, 0)]
    non_prose = np.cumsum(~prose)
    since = np.where(has_before, index - anchor, 0)
    between = np.where(has_before, non_prose - non_prose[anchor], 0)
    return np.column_stack([
        np.ones(count), (~has_before).astype(float), np.log1p(np.minimum(since, 1000)),
        np.log1p(np.clip(between, 0, 1000)),
    ])


# --- the trained classifier and the decoder ----------------------------------------------


@dataclass(frozen=True, slots=True)
class LineModel:
    """Logistic-regression weights over FEATURES (standardisation folded in), and the decoder's
    settings: a switch between article and boilerplate costs `switch_cost` in log-odds, and
    `bias` is added to every line's log-odds (a positive bias keeps more: recall first)."""

    weights: tuple[float, ...]
    intercept: float
    switch_cost: float
    bias: float
    about: str = ""

    def log_odds(self, features):
        """Log-odds that each row of `features` (numpy array) is article text."""
        import numpy as np

        if len(features) == 0:
            return np.zeros(0)
        return features @ np.asarray(self.weights) + self.intercept


def decode(log_odds, switch_cost: float, bias: float = 0.0) -> list[bool]:
    """Article (True) or boilerplate for each line: the best two-state path (Viterbi).

    Leaving or re-entering the article costs `switch_cost`, so a short line inside the
    article stays with it unless it is clearly boilerplate, and a lone prose-like line in a
    menu needs strong evidence. A page may start and end in either state for free (a pasted
    article often starts with its first paragraph).
    """
    values = log_odds.tolist() if hasattr(log_odds, "tolist") else list(log_odds)
    count = len(values)
    out_score = in_score = 0.0
    # for each line, whether the best path into "out" came from "in", and into "in" from "in"
    out_from_in = bytearray(count)
    in_from_in = bytearray(count)
    for i, value in enumerate(values):
        enter_out = in_score - switch_cost
        enter_in = out_score - switch_cost
        if enter_out > out_score:
            out_from_in[i] = 1
            new_out = enter_out
        else:
            new_out = out_score
        if in_score >= enter_in:
            in_from_in[i] = 1
            in_score += value + bias
        else:
            in_score = enter_in + value + bias
        out_score = new_out
    state = in_score > out_score
    keep = [False] * count
    for i in range(count - 1, -1, -1):
        keep[i] = state
        state = bool(in_from_in[i]) if state else bool(out_from_in[i])
    return keep


def keep_prose_of_clean_pages(keep: list[bool], shapes: PageShapes, share: float = CLEAN_PAGE_SHARE) -> list[bool]:
    """On a page that is nearly all article (a pasted article rather than a saved page), a
    line that reads as a sentence is article too, whatever its neighbours: losing prose is
    worse than keeping a stray line. Returns the new keep flags."""
    words = shapes.words.tolist()
    total = sum(words)
    kept = sum(w for w, k in zip(words, keep) if k)
    if total == 0 or kept / total < share:
        return keep
    return [k or (end and w >= 8) for k, end, w in zip(keep, shapes.sentence_end.tolist(), words)]


@lru_cache(maxsize=1)
def load_model() -> LineModel:
    """The shipped model; a file whose features do not match this code is an error, not a guess."""
    data = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise RuntimeError(f"{MODEL_FILE}: features differ from compare/clean/linemodel.py; "
                           "retrain with `python scripts/train_boilerplate.py train`")
    return LineModel(tuple(data["weights"]), float(data["intercept"]), float(data["switch_cost"]),
                     float(data["bias"]), data.get("about", ""))
