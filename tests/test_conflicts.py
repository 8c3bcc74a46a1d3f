"""Factual conflicts: on the seed event, and between constructed aligned paragraphs."""
from __future__ import annotations

import datetime as dt
from itertools import combinations
from pathlib import Path

from compare.conflicts import find_conflicts
from compare.facts import find_dates, find_quantities
from compare.model import Alignment, AlignmentResult, ArticleScores, Event, ParagraphRef, Quote

from .conftest import make_articles


def test_severance_date_conflict_is_reported(seed_report):
    dates = [c for c in seed_report.conflicts if c.kind == "date"]
    assert any({(cl.source, cl.value) for cl in c.claims} >= {("explainer", "2025-03-18"), ("wikipedia", "2025-03-17")}
               for c in dates), dates


def test_monday_march_18_2025_is_a_weekday_mismatch(seed_report):
    weekday = [c for c in seed_report.conflicts if c.kind == "weekday"]
    texts = {c.claims[0].text: c.note for c in weekday}
    assert "Monday, March 18, 2025" in texts
    assert "March 18, 2025 was a Tuesday" in texts["Monday, March 18, 2025"]


def test_troops_of_2025_and_peacekeepers_of_1994_are_not_a_conflict(seed_report):
    numbers = [c for c in seed_report.conflicts if c.kind == "number"]
    values = {cl.value for c in numbers for cl in c.claims}
    assert not ({"4,000", "440"} <= values), numbers


def test_dates_and_quantities_are_read_with_their_nouns():
    dates = find_dates("The move came on Monday, March 18, 2025, and talks follow on 19 March.", default_year=2025)
    assert [(d.date.isoformat(), d.weekday) for d in dates] == [("2025-03-18", "Monday"), ("2025-03-19", None)]
    quantities = find_quantities("approximately 4,000 troops, 48 hours to leave, $41.84 million in 2019")
    assert [(q.value, q.noun, q.approximate) for q in quantities] == [
        (4000.0, "troop", True), (48.0, "hour", False), (41_840_000.0, "dollar", False)]



# --- conflicts between constructed aligned paragraphs ---------------------------------------


def aligned(pairs):
    alignments = tuple(Alignment(ParagraphRef(a, i), ParagraphRef(b, j), 0.9) for a, i, b, j in pairs)
    return AlignmentResult(alignments, (), {})


def event():
    return Event("e", Path("e"), "E", dt.date(2025, 3, 17), (), ())


def test_counts_of_the_same_thing_conflict():
    articles = make_articles({
        "a": ["Officials said at least 7,000 people have been killed in the fighting in eastern Congo since January."],
        "b": ["Officials said about 3,000 people have been killed in the fighting in eastern Congo since January."],
    })
    conflicts = find_conflicts(event(), articles, aligned([("a", 0, "b", 0)]))
    assert [(c.kind, c.about, [cl.value for cl in c.claims]) for c in conflicts] == [
        ("number", "the number of people", ["7,000", "3,000"])]


def test_counts_of_different_things_do_not_conflict_even_when_aligned():
    articles = make_articles({
        "a": ["A UN report estimates that Rwanda has approximately 4,000 troops in eastern Congo supporting M23."],
        "b": ["In 1994 the Belgian contingent of the UN peacekeeping mission was made up of around 440 troops."],
    })
    assert find_conflicts(event(), articles, aligned([("a", 0, "b", 0)])) == ()


def test_dates_of_the_same_action_conflict_and_unrelated_dates_do_not():
    articles = make_articles({
        "a": ["Rwanda severed diplomatic ties with Belgium on March 18, 2025, expelling its diplomats."],
        "b": ["On March 17, 2025, Rwanda severed diplomatic ties with Belgium and expelled its diplomats.",
              "Peace talks open in Luanda on March 19, 2025, officials said."],
    })
    conflicts = find_conflicts(event(), articles, aligned([("a", 0, "b", 0), ("a", 0, "b", 1)]))
    assert [(c.kind, sorted(cl.value for cl in c.claims)) for c in conflicts] == [
        ("date", ["2025-03-17", "2025-03-18"])]
    assert "severed" in conflicts[0].about


def test_the_same_quote_given_to_different_speakers_is_an_attribution_conflict():
    articles = make_articles({
        "a": ["“We will not accept any interference in our affairs,” the foreign minister said."],
        "b": ["“We will not accept any interference in our affairs,” President Kagame said."],
    })
    def scores(sid, speaker, actor):
        quote = Quote(0, "We will not accept any interference in our affairs", speaker, actor, True)
        return ArticleScores(sid, 0.0, None, None, {}, (), (), (), (quote,))
    conflicts = find_conflicts(event(), articles, aligned([("a", 0, "b", 0)]),
                               {"a": scores("a", "the foreign minister", None), "b": scores("b", "President Kagame", "Rwanda")})
    assert [(c.kind, [cl.value for cl in c.claims]) for c in conflicts] == [
        ("attribution", ["the foreign minister", "President Kagame"])]



def test_one_disagreement_among_many_outlets_is_one_conflict_listing_every_claim():
    early = "Rwanda severed diplomatic ties with Belgium on March 17, 2025, expelling its diplomats."
    late = "On March 18, 2025, Rwanda severed diplomatic ties with Belgium and expelled its diplomats."
    texts = {sid: [early] for sid in "abc"} | {sid: [late] for sid in "de"}
    pairs = [(x, 0, y, 0) for x, y in combinations(sorted(texts), 2)]
    conflicts = find_conflicts(event(), make_articles(texts), aligned(pairs))
    assert len(conflicts) == 1 and conflicts[0].kind == "date"
    assert sorted((cl.source, cl.value) for cl in conflicts[0].claims) == [
        ("a", "2025-03-17"), ("b", "2025-03-17"), ("c", "2025-03-17"), ("d", "2025-03-18"), ("e", "2025-03-18")]
