"""Array helpers the alignment steps share: sorted integer keys stand in for sets, look-ups
and stable sorts over floats, which on millions of pairs are many times slower."""
from __future__ import annotations

import numpy as np


def unique(keys: np.ndarray, counts: bool = False):
    """Sorted distinct values (and how often each occurs): np.unique by sorting, which on
    millions of integer keys is many times faster than its hash-based default here."""
    keys = np.sort(keys)
    first = np.r_[True, keys[1:] != keys[:-1]] if len(keys) else np.zeros(0, dtype=bool)
    if not counts:
        return keys[first]
    starts = np.flatnonzero(first)
    return keys[starts], np.diff(np.r_[starts, len(keys)])


def cell_counts(rows: np.ndarray, columns: np.ndarray, width: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, column, count) of every distinct (row, column) cell of the given entries."""
    keys, counts = unique(rows * max(1, width) + columns, counts=True)
    return keys // max(1, width), keys % max(1, width), counts


def lookup_keys(keys: np.ndarray, sorted_keys: np.ndarray, values: np.ndarray | None = None) -> np.ndarray:
    """values[k] for each key found in sorted_keys, else 0 (or True/False without values)."""
    if len(sorted_keys) == 0:
        return np.zeros(len(keys), dtype=bool if values is None else float)
    position = np.minimum(np.searchsorted(sorted_keys, keys), len(sorted_keys) - 1)
    hit = sorted_keys[position] == keys
    if values is None:
        return hit
    return np.where(hit, values[position], 0.0)


def representatives(groups: np.ndarray, count: int) -> tuple[np.ndarray, np.ndarray]:
    """(first, back) for items labelled with groups 0..count-1: the first item of each group
    that has one, in group order, and for each item the number of its group among those.
    Without sorting: a large event has hundreds of thousands of items."""
    first_at = np.full(count, len(groups), dtype=np.int64)
    np.minimum.at(first_at, groups, np.arange(len(groups)))
    present = np.flatnonzero(first_at < len(groups))
    rank = np.zeros(count, dtype=np.int64)
    rank[present] = np.arange(len(present))
    return first_at[present], rank[groups]


STRENGTH_STEPS = 1 << 20  # strengths closer than 1/STRENGTH_STEPS rank as equal


def ranking_keys(group: np.ndarray, strength: np.ndarray, item: np.ndarray, items: int) -> np.ndarray:
    """Integer keys that sort by group, then strength in [0, 1] (strongest first), then item
    (0 <= item < items): one sort of int64 keys instead of stable sorts over floats."""
    step = np.round((1.0 - np.clip(strength, 0.0, 1.0)) * STRENGTH_STEPS).astype(np.int64)
    return (group * (STRENGTH_STEPS + 1) + step) * items + item
