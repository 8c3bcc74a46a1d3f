"""Small statistics shared by the stages and the corpus summary: means, mean profiles and the
Jensen-Shannon distance between two profiles (frames, voices)."""
from __future__ import annotations

import math
from typing import Iterable, Mapping


def mean(values: Iterable[float]) -> float | None:
    """The arithmetic mean; None for no values."""
    values = list(values)
    return sum(values) / len(values) if values else None


def mean_profile(profiles: Iterable[Mapping[str, float]]) -> dict[str, float]:
    """The key-wise mean of the non-empty profiles (a key a profile lacks counts as 0), keys sorted."""
    profiles = [p for p in profiles if p]
    if not profiles:
        return {}
    keys = sorted({k for p in profiles for k in p})
    return {k: sum(p.get(k, 0.0) for p in profiles) / len(profiles) for k in keys}


def js_distance(p: Mapping[str, float], q: Mapping[str, float]) -> float:
    """Jensen-Shannon distance (base 2, in [0, 1]) between two distributions."""
    keys = set(p) | set(q)
    if not keys or not sum(p.values()) or not sum(q.values()):
        return 0.0
    sp, sq = sum(p.values()), sum(q.values())
    divergence = 0.0
    for k in keys:
        a, b = p.get(k, 0.0) / sp, q.get(k, 0.0) / sq
        m = (a + b) / 2
        if a:
            divergence += 0.5 * a * math.log2(a / m)
        if b:
            divergence += 0.5 * b * math.log2(b / m)
    return math.sqrt(max(0.0, divergence))
