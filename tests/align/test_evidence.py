"""Direct evidence of a pair: shared quotations, a quoted word the other uses, wording
reused word for word."""
from __future__ import annotations

from itertools import combinations

from compare.align import align_articles
from compare.model import ParagraphRef

from .conftest import article, pairs_of


def test_shared_quotation_of_stop_words_aligns_unrelated_wording():
    left = article("a", 'The senator spoke on Tuesday. "I wish I didn\'t have to do it," she told reporters.')
    right = article("b", "Asked about the vote, she replied: “I wish I didn’t have to do it” and left the chamber.",
                    "Weather in the capital was mild.")
    result = align_articles([left, right])
    assert [(a.a, a.b) for a in result.alignments] == [(ParagraphRef("a", 0), ParagraphRef("b", 0))]
    assert result.alignments[0].evidence[0] == "quote"
    assert result.alignments[0].shared[0] == "i wish i didnt have to do it"
    assert result.alignments[0].score >= 0.9


def test_word_one_outlet_quotes_and_another_uses_is_shown_as_quote_evidence():
    left = article("a", "Belgium called Rwanda's decision to expel its diplomats “disproportionate” on Monday.",
                   "Football results were announced in the evening.")
    right = article("b", "Rwanda's decision to expel Belgian diplomats was disproportionate, Belgium said.",
                    "The weather stayed mild all week.")
    result = align_articles([left, right])
    found = next(a for a in result.alignments if (a.a, a.b) == (ParagraphRef("a", 0), ParagraphRef("b", 0)))
    assert found.evidence[0] == "quote" and found.shared[0] == "disproportionate"


def test_wire_copy_is_aligned_between_every_two_outlets_that_run_it():
    wire = "The central bank raised its main interest rate by half a point to 4.5 percent on Thursday, its third rise this year."
    sources = [article("a", wire, "Shoppers in the city centre said prices were still climbing."),
               article("b", "A separate report showed factory output fell in March.", wire),
               article("c", wire),
               article("d", "The football club confirmed its new coach on Friday.")]
    result = align_articles(sources)
    copies = {frozenset([x, y]) for x, y in combinations([("a", 0), ("b", 1), ("c", 0)], 2)}
    assert pairs_of(result) == copies
    assert {a.score for a in result.alignments} == {1.0}
    assert all("wording" in a.evidence and "sentence" not in a.evidence for a in result.alignments)
    assert {a.shared for a in result.alignments} == {("4.5", "thursday", "percent", "rise", "central", "raised")}
