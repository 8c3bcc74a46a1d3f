"""Means and distances shared by the stages (compare/stats.py)."""
from __future__ import annotations

from compare.stats import js_distance, mean, mean_profile


def test_js_distance_bounds():
    assert js_distance({"a": 1.0}, {"a": 1.0}) == 0.0
    assert abs(js_distance({"a": 1.0}, {"b": 1.0}) - 1.0) < 1e-9
    assert 0 < js_distance({"a": 0.5, "b": 0.5}, {"a": 1.0}) < 1


def test_mean_of_nothing_is_none_and_profiles_average_key_by_key():
    assert mean([]) is None and mean([1.0, 2.0]) == 1.5
    assert mean_profile([{"a": 1.0}, {}, {"b": 1.0}]) == {"a": 0.5, "b": 0.5}  # an empty profile is left out
