"""Build compare/data/idf-en.tsv: inverse document frequencies of English word stems,
learnt from far more text than one event, for the aligner's TF-IDF weights.

Usage: pip install "wordfreq>=3.1" && python scripts/build_idf.py
(wordfreq is needed only here, not at run time: its wheel weighs 57 MB.)

Where the numbers come from: wordfreq's "large" English list (Robyn Speer, wordfreq 3.x,
https://github.com/rspeer/wordfreq), which merges word frequencies from Wikipedia, news
(NewsCrawl), books (Google Books Ngrams), subtitles (OpenSubtitles, SUBTLEX), the web
(ParaCrawl, the Leeds Internet Corpus) and Twitter. Its data is redistributable under
CC BY-SA 4.0, so the derived file carries that licence (the code of this project stays MIT).

How: every listed word is tokenised and stemmed exactly as the aligner does it
(`compare.text.content_stems`), frequencies of words that share a stem are added up, and a
word frequency f becomes the share of paragraphs that contain the stem at least once,
assuming a paragraph of PARAGRAPH_TOKENS tokens drawn independently: df = 1 - exp(-L f).
The file stores idf = ln(1 / df), rounded to 2 decimals, for stems down to MIN_FREQUENCY;
rarer stems get the `unseen` value of the header.
"""
from __future__ import annotations

import math
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from compare.text import content_stems  # noqa: E402

OUT = REPO / "compare" / "data" / "idf-en.tsv"
PARAGRAPH_TOKENS = 80  # a typical news paragraph
MIN_FREQUENCY = 2e-7  # about 60,000 stems; below this every stem is "rare" alike


def idf_of(frequency: float) -> float:
    return math.log(1.0 / -math.expm1(-PARAGRAPH_TOKENS * frequency))


def main() -> None:
    from importlib.metadata import version

    import wordfreq

    frequencies = wordfreq.get_frequency_dict("en", "large")
    by_stem: dict[str, float] = defaultdict(float)
    for word, frequency in frequencies.items():
        stems = content_stems(word)
        if len(stems) != 1 or any(c.isdigit() for c in stems[0]):
            continue  # stop words, multi-token entries and numbers are not weighted from here
        by_stem[stems[0]] += frequency
    kept = sorted((s, f) for s, f in by_stem.items() if f >= MIN_FREQUENCY)
    unseen = idf_of(MIN_FREQUENCY / 2)
    lines = [
        "# Inverse document frequencies of English word stems (snowball stems, as compare.text.content_stems).",
        f"# Derived from wordfreq {version('wordfreq')} 'large' English list "
        "(https://github.com/rspeer/wordfreq): Wikipedia, NewsCrawl, Google Books Ngrams, OpenSubtitles, SUBTLEX "
        "(Brysbaert et al., freely available), ParaCrawl, Leeds Internet Corpus, Twitter.",
        "# Licence of this file: CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/), as wordfreq's data.",
        f"# idf = ln(1 / (1 - exp(-{PARAGRAPH_TOKENS} * f))) for a stem of summed word frequency f; "
        f"stems rarer than {MIN_FREQUENCY:g} are not listed.",
        "# Regenerate: pip install 'wordfreq>=3.1' && python scripts/build_idf.py",
        f"unseen\t{unseen:.2f}",
    ]
    lines += [f"{s}\t{idf_of(f):.2f}" for s, f in kept]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT.relative_to(REPO)}: {len(kept)} stems, unseen idf {unseen:.2f}")


if __name__ == "__main__":
    main()
