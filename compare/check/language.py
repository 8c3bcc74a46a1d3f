"""Which language an article is written in, offline and cheaply (for `check`'s `language` rule).

Two steps, both from the text alone:
1. the writing system: most letters Han, kana, Hangul, Thai ... settle the language (or the
   group of languages) at once;
2. among the languages written in that script, the one whose most frequent function words
   cover the text best. The function-word lists are jusText's stop lists (about 100
   languages, BSD licence, installed with trafilatura), read from the installed package's
   data folder without importing jusText (which would import lxml). A word that is a
   function word in several languages (`a`, `de`, `la`) counts for each of them in inverse
   proportion to how many share it, so closely related languages still separate on the
   words that only one of them uses.

A news article of 50 words or more is identified reliably this way; shorter texts get no
guess rather than a wrong one.
"""
from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..text import words

WORDS_PER_LIST = 200  # the most frequent function words of each language carry the signal
MIN_WORDS = 50  # below this, no guess
SAMPLE_CHARACTERS = 20_000  # the start of a long page says as much as all of it
MIN_COVERAGE = 0.12  # share of the text's words that must be the winner's function words

# ISO 639-1 codes for the names of jusText's lists (the others keep their lower-case name).
CODES = {
    "Afrikaans": "af", "Albanian": "sq", "Arabic": "ar", "Armenian": "hy", "Azerbaijani": "az",
    "Basque": "eu", "Belarusian": "be", "Bengali": "bn", "Bosnian": "bs", "Breton": "br",
    "Bulgarian": "bg", "Catalan": "ca", "Croatian": "hr", "Czech": "cs", "Danish": "da",
    "Dutch": "nl", "English": "en", "Esperanto": "eo", "Estonian": "et", "Finnish": "fi",
    "French": "fr", "Galician": "gl", "Georgian": "ka", "German": "de", "Greek": "el",
    "Gujarati": "gu", "Haitian": "ht", "Hebrew": "he", "Hindi": "hi", "Hungarian": "hu",
    "Icelandic": "is", "Indonesian": "id", "Irish": "ga", "Italian": "it", "Javanese": "jv",
    "Kannada": "kn", "Kazakh": "kk", "Korean": "ko", "Kurdish": "ku", "Kyrgyz": "ky",
    "Latin": "la", "Latvian": "lv", "Lithuanian": "lt", "Luxembourgish": "lb", "Macedonian": "mk",
    "Malay": "ms", "Malayalam": "ml", "Maltese": "mt", "Marathi": "mr", "Nepali": "ne",
    "Norwegian_Bokmal": "nb", "Norwegian_Nynorsk": "nn", "Occitan": "oc", "Persian": "fa",
    "Polish": "pl", "Portuguese": "pt", "Quechua": "qu", "Romanian": "ro", "Russian": "ru",
    "Serbian": "sr", "Slovak": "sk", "Slovenian": "sl", "Spanish": "es", "Sundanese": "su",
    "Swahili": "sw", "Swedish": "sv", "Tagalog": "tl", "Tamil": "ta", "Telugu": "te",
    "Turkish": "tr", "Turkmen": "tk", "Ukrainian": "uk", "Urdu": "ur", "Uzbek": "uz",
    "Vietnamese": "vi", "Welsh": "cy", "West_Frisian": "fy", "Yoruba": "yo",
}
# Lists that duplicate another language's (Simple English is English) or mix two.
_MERGED = {"Simple_English": "English", "Serbo_Croatian": "Serbian", "Belarusian_Taraskievica": "Belarusian"}
# Scripts that identify a language (or need no function words to tell it from the corpus's).
_SCRIPT_LANGUAGE = {"HAN": "zh", "KANA": "ja", "HANGUL": "ko", "THAI": "th", "KHMER": "km", "LAO": "lo",
                    "MYANMAR": "my", "ETHIOPIC": "am", "SINHALA": "si", "TIBETAN": "bo"}


_LATIN_LETTERS = re.compile(r"[A-Za-z\u00C0-\u024F]")
_NON_LATIN_LETTERS = re.compile(r"[^\W\d_A-Za-z\u00C0-\u024F]")


KNOWN_LANGUAGES = frozenset(CODES.values()) | frozenset(_SCRIPT_LANGUAGE.values())
# Languages so close that their function words overlap most: a text in one is easily read as
# the other, and a corpus in one takes articles in the other without harm to the comparison.
_CLOSE = (frozenset({"nb", "nn", "no", "da"}), frozenset({"sr", "hr", "bs"}), frozenset({"id", "ms"}),
          frozenset({"cs", "sk"}), frozenset({"gl", "pt"}), frozenset({"ca", "oc"}))


def same_language(a: str, b: str) -> bool:
    """Whether two language codes count as the same for `check` (equal, or too close to tell)."""
    return a == b or any(a in group and b in group for group in _CLOSE)


@dataclass(frozen=True, slots=True)
class LanguageGuess:
    """The language of a text: ISO code (or name), script, and how sure the guess is."""

    code: str | None  # None when the text is too short or matches no list well enough
    name: str | None
    script: str
    coverage: float  # share of the text's words that are the winner's function words
    runner_up: str | None = None


def normalise_code(value: str) -> str:
    """`en`, `EN`, `English` and `english` all mean `en`."""
    value = str(value).strip()
    by_name = {name.lower(): code for name, code in CODES.items()}
    return by_name.get(value.lower(), value.lower())


_SCRIPT_LANGUAGE_NAMES = {"zh": "Chinese", "ja": "Japanese", "ko": "Korean", "th": "Thai", "km": "Khmer", "lo": "Lao",
                          "my": "Burmese", "am": "Amharic", "si": "Sinhala", "bo": "Tibetan"}


def language_name(code: str) -> str:
    names = {c: n.replace("_", " ") for n, c in CODES.items()} | _SCRIPT_LANGUAGE_NAMES
    return names.get(code, code)


def detect_language(text: str) -> LanguageGuess:
    """Guess the language of a text (see the module docstring for how)."""
    text = text[:SAMPLE_CHARACTERS]
    script = dominant_script(text)
    if script in _SCRIPT_LANGUAGE:
        code = _SCRIPT_LANGUAGE[script]
        if script == "HAN" and _script_share(text, "KANA") > 0.05:
            code = "ja"  # Japanese mixes kanji with kana; Chinese has no kana
        return LanguageGuess(code, language_name(code), script, 1.0)
    tokens = [w.lower() for w in words(text)]
    if len(tokens) < MIN_WORDS:
        return LanguageGuess(None, None, script, 0.0)
    lists_of_word = _stop_lists(script)
    if not lists_of_word:
        return LanguageGuess(None, None, script, 0.0)
    scores: Counter[str] = Counter()
    covered: Counter[str] = Counter()
    for word, n in Counter(tokens).items():
        names = lists_of_word.get(word, ())
        for name in names:
            scores[name] += n / len(names)
            covered[name] += n
    if not scores:
        return LanguageGuess(None, None, script, 0.0)
    ranked = sorted(scores, key=lambda name: (-scores[name], name))
    best = ranked[0]
    coverage = covered[best] / len(tokens)
    runner = ranked[1] if len(ranked) > 1 else None
    if coverage < MIN_COVERAGE:
        return LanguageGuess(None, None, script, round(coverage, 3), CODES.get(best, best.lower()))
    return LanguageGuess(CODES.get(best, best.lower()), best.replace("_", " "), script, round(coverage, 3),
                         CODES.get(runner, runner.lower()) if runner else None)


def dominant_script(text: str) -> str:
    """The writing system of most letters: LATIN, CYRILLIC, ARABIC, HAN, KANA, HANGUL ..."""
    others = _NON_LATIN_LETTERS.findall(text)
    if len(others) * 10 < len(text):
        # the common case, decided without looking up each letter's name: letters are most
        # of a text's characters, so a text whose non-Latin letters are under a tenth of its
        # characters is written in Latin script (or has no letters at all)
        return "LATIN" if _LATIN_LETTERS.search(text) or not others else _majority_script(others)
    counts = Counter(_script(ch) for ch in others[:5000])
    latin = _LATIN_LETTERS.subn("", text)[1]
    if latin >= sum(counts.values()):
        return "LATIN"
    return min(counts, key=lambda s: (-counts[s], s))


def _majority_script(letters: list[str]) -> str:
    counts = Counter(_script(ch) for ch in letters[:5000])
    return min(counts, key=lambda s: (-counts[s], s))


def _script_share(text: str, script: str) -> float:
    letters = _NON_LATIN_LETTERS.findall(text)[:5000]
    return sum(_script(ch) == script for ch in letters) / len(letters) if letters else 0.0


@lru_cache(maxsize=4096)
def _script(ch: str) -> str:
    name = unicodedata.name(ch, "")
    first = name.split(" ", 1)[0]
    if first in ("HIRAGANA", "KATAKANA"):
        return "KANA"
    if first == "CJK":
        return "HAN"
    return first or "OTHER"


@lru_cache(maxsize=16)
def _stop_lists(script: str) -> dict[str, tuple[str, ...]]:
    """For each function word of the languages written in `script`, the languages whose
    list has it."""
    lists: dict[str, set[str]] = {}
    for name, stop in _all_stop_lists().items():
        if _list_script(stop) == script:
            lists.setdefault(_MERGED.get(name, name), set()).update(stop)
    languages_of: dict[str, list[str]] = {}
    for name in sorted(lists):
        for word in lists[name]:
            languages_of.setdefault(word, []).append(name)
    return {word: tuple(names) for word, names in languages_of.items()}


@lru_cache(maxsize=1)
def _all_stop_lists() -> dict[str, frozenset[str]]:
    folder = _stop_list_folder()
    if folder is None:
        return {}
    found = {}
    for path in sorted(folder.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").lower().split("\n", WORDS_PER_LIST)[:WORDS_PER_LIST]
        found[path.stem] = frozenset(filter(None, map(str.strip, lines)))
    return found


def _stop_list_folder() -> Path | None:
    spec = importlib.util.find_spec("justext")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(list(spec.submodule_search_locations)[0]) / "stoplists"
    return folder if folder.is_dir() else None


def _list_script(stop: frozenset[str]) -> str:
    return dominant_script(" ".join(sorted(stop)[:40]))
