"""Candidate pairs: pairs the TF-IDF products cannot find are found all the same."""
from __future__ import annotations

from compare.align import align_articles
from compare.model import ParagraphRef

from .conftest import article


def test_short_paragraph_of_common_words_is_aligned_with_its_copy_in_a_large_event():
    # Every word of "The vote was held today." is in more than 100 paragraphs, too common for
    # the TF-IDF candidate products; prefix filtering still finds the paragraphs that hold it.
    sources = []
    for s in range(6):
        texts = [f"The vote was held today, and observers counted ballots in district {s}x{k} "
                 f"alongside word{s}w{k} and term{s}t{k}." for k in range(20)]
        sources.append(article(f"s{s}", *texts))
    short = article("short", "The vote was held today.", "An unrelated note about gardening tools.")
    result = align_articles([*sources, short])
    partners = {a.b.source for a in result.alignments if a.a == ParagraphRef("short", 0)}
    partners |= {a.a.source for a in result.alignments if a.b == ParagraphRef("short", 0)}
    assert partners == {f"s{s}" for s in range(6)}
