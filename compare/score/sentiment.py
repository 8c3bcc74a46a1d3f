"""Sentence sentiment with NLTK's VADER, offline and quick to start.

Two things stand between NLTK's VADER and a fresh machine:

- its lexicon comes through `nltk.data`, which needs the downloaded `vader_lexicon`
  resource. The same file ships inside the `vaderSentiment` wheel on PyPI, so it is read
  from there and handed to NLTK's analyser: nothing is downloaded, `NLTK_DATA` is irrelevant.
- `import nltk` runs NLTK's package initialiser, which imports all of NLTK (scipy.stats and
  scikit-learn among it): 1.8 s on the reference machine, more than the whole analysis of an
  event. NLTK's VADER module itself needs only `nltk.data` and `nltk.util`, so it is loaded
  under bare parent packages (0.1 s) and those entries are taken out of `sys.modules`
  again, so a later `import nltk` anywhere in the process gets the real, complete package.
"""
from __future__ import annotations

import importlib
import importlib.util
import re
import string
import sys
import types
from functools import lru_cache
from importlib import resources


def nltk_vader_module():
    """NLTK's `nltk.sentiment.vader` module, without running NLTK's package initialiser."""
    if "nltk" in sys.modules:  # the real package is already loaded: nothing to save
        return importlib.import_module("nltk.sentiment.vader")
    spec = importlib.util.find_spec("nltk")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("nltk is not installed; install source-compare with its dependencies")
    root = list(spec.submodule_search_locations)[0]
    before = set(sys.modules)
    package = types.ModuleType("nltk")
    package.__path__ = [root]
    subpackage = types.ModuleType("nltk.sentiment")
    subpackage.__path__ = [f"{root}/sentiment"]
    sys.modules["nltk"], sys.modules["nltk.sentiment"] = package, subpackage
    try:
        return importlib.import_module("nltk.sentiment.vader")
    finally:
        for name in set(sys.modules) - before:
            if name == "nltk" or name.startswith("nltk."):
                del sys.modules[name]


def lexicon_text() -> str:
    """VADER's lexicon file, as the vaderSentiment package ships it (nothing is downloaded)."""
    return resources.files("vaderSentiment").joinpath("vader_lexicon.txt").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def word_valences() -> dict[str, float]:
    """VADER's word valences, lower-cased (for features and markers; `vader` keeps its own table)."""
    text = lexicon_text()
    found: dict[str, float] = {}
    for line in text.split("\n"):
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0] and not parts[0][0].isdigit():
            try:
                found[parts[0].lower()] = float(parts[1])
            except ValueError:
                continue
    return found


@lru_cache(maxsize=1)
def vader():
    """NLTK's VADER analyser with the lexicon from the vaderSentiment package."""
    module = nltk_vader_module()
    lexicon = lexicon_text()

    class OfflineVader(module.SentimentIntensityAnalyzer):
        def __init__(self, lexicon_text: str):  # skips nltk.data.load
            self.lexicon_file = lexicon_text
            self.lexicon = self.make_lex_dict()
            self.constants = module.VaderConstants()

        def make_lex_dict(self):
            lex = {}
            for line in self.lexicon_file.split("\n"):
                parts = line.strip().split("\t")
                if len(parts) >= 2:
                    lex[parts[0]] = float(parts[1])
            return lex

    if sys.modules.get("nltk.sentiment.vader") is not module:
        # our private copy of the module (see nltk_vader_module), not the one other code imports:
        # safe to speed up
        module.SentiText = _fast_senti_text(module.SentiText)
    return OfflineVader(lexicon)


_PUNCTUATION = re.compile(f"[{re.escape(string.punctuation)}]")  # NLTK's REGEX_REMOVE_PUNCTUATION


def _fast_senti_text(base):
    """NLTK's SentiText with the same results, minus its per-sentence cost.

    NLTK builds a dictionary of every (punctuation mark, word) pair of the sentence to strip
    punctuation from tokens (17 marks x words x 2, for every sentence); the vaderSentiment
    package dropped that for `str.strip`. Here the same mapping is answered on demand, token
    by token, which gives the same tokens (tested against NLTK's own class). The punctuation
    is removed with `re` and the same character class: recent NLTK routes every pattern through
    the `regex` module with a timeout guard, which costs milliseconds per call under load, and
    a one-character class cannot backtrack.
    """

    class PunctuatedWords:
        def __init__(self, words: set[str], marks: list[str]):
            self.words, self.marks = words, marks
            self.mark_chars = frozenset("".join(marks))

        def lookup(self, token: str) -> str | None:
            if not token or (token[0] not in self.mark_chars and token[-1] not in self.mark_chars):
                return None  # no mark at either end: nothing to strip (most tokens)
            for mark in self.marks:  # "word," wins over ",word", as in NLTK's dict.update
                if token.endswith(mark) and token[: -len(mark)] in self.words:
                    return token[: -len(mark)]
            for mark in self.marks:
                if token.startswith(mark) and token[len(mark):] in self.words:
                    return token[len(mark):]
            return None

        def __contains__(self, token: str) -> bool:
            return self.lookup(token) is not None

        def __getitem__(self, token: str) -> str:
            found = self.lookup(token)
            if found is None:
                raise KeyError(token)
            return found

    class FastSentiText(base):
        def _words_plus_punc(self):
            no_punc_text = _PUNCTUATION.sub("", self.text)
            return PunctuatedWords({w for w in no_punc_text.split() if len(w) > 1}, list(self.PUNC_LIST))

    return FastSentiText


@lru_cache(maxsize=50_000)
def sentence_sentiment(text: str) -> float:
    """VADER's compound score in [-1, 1]."""
    if not text.strip():
        return 0.0
    return round(vader().polarity_scores(text)["compound"], 4)
