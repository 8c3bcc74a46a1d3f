"""Per-source metrics and factual conflicts on the seed event."""
from __future__ import annotations

from compare.divergence import js_distance
from compare.facts import find_dates, find_quantities


def test_severance_date_conflict_is_reported(seed_report):
    dates = [c for c in seed_report.conflicts if c.kind == "date"]
    assert any({(cl.source, cl.value) for cl in c.claims} >= {("explainer", "2025-03-18"), ("wikipedia", "2025-03-17")}
               for c in dates), dates


def test_monday_march_18_2025_is_a_weekday_mismatch(seed_report):
    weekday = [c for c in seed_report.conflicts if c.kind == "weekday"]
    texts = {c.claims[0].text: c.note for c in weekday}
    assert "Monday, March 18, 2025" in texts
    assert "fell on a Tuesday" in texts["Monday, March 18, 2025"]


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


def test_coverage_and_omissions_are_consistent(seed_report):
    for sid, m in seed_report.metrics.items():
        assert set(m.covered_units).isdisjoint(m.omitted_units)
        if m.coverage is not None:
            assert m.coverage == round(len(m.covered_units) / (len(m.covered_units) + len(m.omitted_units)), 4)
        assert 0 <= m.divergence <= 1


def test_js_distance_bounds():
    assert js_distance({"a": 1.0}, {"a": 1.0}) == 0.0
    assert abs(js_distance({"a": 1.0}, {"b": 1.0}) - 1.0) < 1e-9
    assert 0 < js_distance({"a": 0.5, "b": 0.5}, {"a": 1.0}) < 1
