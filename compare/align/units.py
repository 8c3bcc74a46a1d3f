"""Content units: aligned paragraphs grouped into units of one reported thing by greedy
average linkage (no chaining; a source's paragraphs share a unit only when they repeat one
fact), the paragraphs that report each unit, and the count of aligned pairs the units imply.
"""
from __future__ import annotations

from collections import Counter, defaultdict

import numpy as np

from ..model import Alignment, ContentUnit, ParagraphRef, units_reported
from .evidence import DirectEvidence


UNIT_LINKAGE = 0.5  # more than this share of the possible cross-source pairs must be aligned to join or merge
# A unit's core: its first members (they joined on its strongest alignments). Joining and
# merging are decided on the core, so a unit of hundreds of tellings of one fact costs no
# more than one of sixteen; in a unit of up to CORE_SIZE members the core is the unit.
CORE_SIZE = 16


def content_units(articles, alignments: list[Alignment] | tuple[Alignment, ...]) -> list[ContentUnit]:
    """Group aligned paragraphs into units of one reported thing; unaligned paragraphs are
    units of their own. Without the event's vectors, two paragraphs of one source share a
    unit only when their texts are the same.

    Greedy average linkage over alignments, strongest first: a paragraph joins a unit, and
    two units merge, only when more than UNIT_LINKAGE of the possible cross-source pairs
    between them (between their cores, for units larger than CORE_SIZE) are aligned.
    Connected components would chain A~B~C~D into one unit even when A and D report
    different things.
    """
    paragraphs = sorted((ParagraphRef(a.id, p.index), p.text) for a in articles for p in a.paragraphs)
    refs = [r for r, _ in paragraphs]
    number = {r: k for k, r in enumerate(refs)}
    source_ids = sorted({r.source for r in refs})
    source = np.array([source_ids.index(r.source) for r in refs], dtype=np.int64) if refs else np.zeros(0, np.int64)
    left = np.array([number[a.a] for a in alignments], dtype=np.int64)
    right = np.array([number[a.b] for a in alignments], dtype=np.int64)
    score = np.array([a.score for a in alignments], dtype=float)
    return build_units(refs, source, left, right, score, [t for _, t in paragraphs])


def build_units(refs: list[ParagraphRef], source: np.ndarray, left: np.ndarray, right: np.ndarray, score: np.ndarray,
                texts: list[str], direct: "DirectEvidence | None" = None) -> list[ContentUnit]:
    """Content units of paragraphs `refs` (texts[k] is the text of refs[k]) from the aligned
    pairs (left[k], right[k]) with their scores: alignments are taken strongest first, in
    batches (see `_UnitBuilder`), then each unit gets the paragraphs that report it.

    `direct` settles pairs that are not among the aligned pairs but may be aligned all the
    same: where a paragraph's candidates were cut to its strongest, a pair of a unit's core
    with another paragraph may not have been looked at.
    """
    n = len(refs)
    score = np.round(score, 4)
    builder = _UnitBuilder(source, left, right, direct, texts)
    order = np.lexsort((right, left, -score))
    for start in range(0, len(order), UNIT_BATCH):
        batch = order[start:start + UNIT_BATCH]
        # Paragraphs in one unit stay in one unit (units only grow and merge): an alignment
        # inside a unit when its batch starts changes nothing, and most do in a large event.
        units_now = np.asarray(builder.unit_of, dtype=np.int64)
        a_unit, b_unit = units_now[left[batch]], units_now[right[batch]]
        batch = batch[(a_unit != b_unit) | (a_unit < 0)]
        builder.take(batch.tolist(), left[batch].tolist(), right[batch].tolist())
    src = builder.source
    # refs are in order, so a unit's members in number order are in reference order too.
    groups = [(sorted(members), builder.cores[uid]) for uid, members in builder.members.items()]
    groups.extend(([m], [m]) for m in range(n) if builder.unit_of[m] < 0)
    groups.sort(key=lambda g: (-len({src[x] for x in g[0]}), -len(g[0]), g[0][0]))
    reports = builder.reports([core for _, core in groups], [members for members, _ in groups])
    return [
        ContentUnit(id=i, members=tuple(refs[x] for x in members), label=_label(texts[builder.central(members)]),
                    reported_by={refs[x].source: tuple(refs[y].paragraph for y in sorted(ys))
                                 for x, ys in _by_source(reports[i], refs)})
        for i, (members, _) in enumerate(groups)
    ]


def aligned_pair_counts(alignments, units) -> dict[str, int]:
    """How many pairs of paragraphs (of different sources) are aligned: "listed" as
    alignments, "implied" by the units (both report one unit), and "total", either.

    Counted without listing the pairs (a unit of a thousand tellings implies half a million):
    paragraphs are grouped by the set of units they report; two groups whose sets meet
    imply all their pairs of different sources.
    """
    reports = units_reported(units)
    groups: dict[frozenset[int], Counter[str]] = defaultdict(Counter)
    for (sid, _), found in reports.items():
        groups[frozenset(found)][sid] += 1
    with_unit: dict[int, list[frozenset[int]]] = defaultdict(list)
    for signature in groups:
        for uid in signature:
            with_unit[uid].append(signature)
    implied = 0
    for signature, sources in groups.items():
        size = sum(sources.values())
        partners = {other for uid in signature for other in with_unit[uid]}
        for other in partners:
            if other == signature:
                implied += (size * size - sum(k * k for k in sources.values())) // 2
            elif sorted(signature) < sorted(other):  # each two groups once
                theirs = groups[other]
                implied += size * sum(theirs.values()) - sum(k * theirs.get(s, 0) for s, k in sources.items())
    outside = sum(1 for al in alignments
                  if not reports.get((al.a.source, al.a.paragraph), set()) & reports.get((al.b.source, al.b.paragraph), set()))
    return {"listed": len(alignments), "implied": implied, "total": implied + outside}


def _by_source(paragraphs: set[int], refs: list[ParagraphRef]) -> list[tuple[int, list[int]]]:
    """The paragraphs grouped by source, in source order: (a paragraph of the source, all of them)."""
    grouped: dict[str, list[int]] = {}
    for x in sorted(paragraphs):
        grouped.setdefault(refs[x].source, []).append(x)
    return [(xs[0], xs) for _, xs in sorted(grouped.items())]


UNIT_BATCH = 4096  # alignments looked at together in `build_units`
# A paragraph whose alignments with a unit's core do not show it reports the unit is checked
# against the core by direct evidence only when it is aligned with at least this many of
# the unit's members: one stray alignment is not a sign of reporting it.
REPORT_MIN_LINKS = 2


class _UnitBuilder:
    """Greedy average linkage over alignments, taken strongest first (see `content_units`).

    A paragraph joins a unit when it is aligned with more than UNIT_LINKAGE of the unit's
    core members of other sources; two units merge when more than UNIT_LINKAGE of the
    possible cross-source pairs between their cores are aligned. The number of alignments
    between the cores of every two units is kept up to date as paragraphs join and units
    merge, so deciding a merge costs a look-up, not a count over both cores (a large event
    has a hundred thousand alignments and thousands of merge tries). Pairs that are not
    among the alignments count as aligned only when `direct` says so, and are asked about
    only where a paragraph's candidates were cut (`DirectEvidence`). Whatever the linkage, a
    paragraph does not join, and two units do not merge, where that would put two paragraphs
    of one source that do not repeat one fact in one unit (`same_fact`).
    """

    def __init__(self, source: np.ndarray, left: np.ndarray, right: np.ndarray, direct: "DirectEvidence | None" = None,
                 texts: list[str] | None = None) -> None:
        n = len(source)
        ends = np.concatenate((left, right))
        order = np.argsort(ends, kind="stable")
        self.partners: list[int] = np.concatenate((right, left))[order].tolist()  # each paragraph's aligned partners, as runs
        self.offsets: list[int] = np.r_[0, np.cumsum(np.bincount(ends, minlength=n))].tolist()
        self.source: list[int] = source.tolist()
        self.unit_of = [-1] * n
        self.core_of = [-1] * n  # the unit a paragraph is a core member of
        self.members: dict[int, list[int]] = {}
        self.cores: dict[int, list[int]] = {}
        self.between: dict[int, dict[int, int]] = {}  # alignments between the cores of two units
        self.refused: set[tuple[int, int, int, int]] = set()  # merges refused, with the two cores' sizes then
        self.refused_joins: set[tuple[int, int, int]] = set()  # (paragraph, unit, core size) refused
        self.direct = direct
        self.cut: list[bool] = direct.cut.tolist() if direct is not None else [False] * n
        self.partner_sets: dict[int, set[int]] = {}
        self.by_source: dict[int, dict[int, list[int]]] = {}  # each unit's members, by source
        self.texts = texts
        self.repeats: dict[tuple[int, int], bool] = {}  # pairs of one source: do they repeat one fact

    def central(self, members: list[int]) -> int:
        """The member aligned with most of the others (the first such): the paragraph whose
        text says best what the unit reports, and so its label."""
        if len(members) == 1:
            return members[0]
        inside = set(members)
        return max(members, key=lambda x: (sum(1 for y in self.partners_of(x) if y in inside), -x))

    def partners_of(self, x: int) -> list[int]:
        return self.partners[self.offsets[x]:self.offsets[x + 1]]

    def partner_set(self, x: int) -> set[int]:
        found = self.partner_sets.get(x)
        if found is None:
            found = self.partner_sets[x] = set(self.partners_of(x))
        return found

    def found(self, uid: int, first: int) -> None:
        self.members[uid], self.cores[uid], self.between[uid], self.by_source[uid] = [], [], {}, {}
        self.assign(first, uid)

    def assign(self, x: int, uid: int) -> None:
        self.unit_of[x] = uid
        self.members[uid].append(x)
        self.by_source[uid].setdefault(self.source[x], []).append(x)
        core = self.cores[uid]
        if len(core) < CORE_SIZE:
            core.append(x)
            self.core_of[x] = uid
            self.count_links(x, uid)

    def count_links(self, x: int, uid: int) -> None:
        core_of, between = self.core_of, self.between
        mine = between[uid]
        for y in self.partners_of(x):
            v = core_of[y]
            if v >= 0 and v != uid:
                mine[v] = mine.get(v, 0) + 1
                theirs = between[v]
                theirs[uid] = theirs.get(uid, 0) + 1

    def take(self, ks: list[int], lefts: list[int], rights: list[int]) -> None:
        """Take alignments (k, a, b) in order: a paragraph joins a unit, and two units merge,
        when enough of the possible cross-source pairs with the core are aligned."""
        unit_of, members, cores, refused = self.unit_of, self.members, self.cores, self.refused
        for k, a, b in zip(ks, lefts, rights):
            ua, ub = unit_of[a], unit_of[b]
            if ua == ub:
                if ua >= 0:
                    continue
                self.found(k, a)  # k, the founding alignment, is unique
                self.assign(b, k)
            elif ua < 0 or ub < 0:
                uid, new = (ub, a) if ua < 0 else (ua, b)
                if self.joins(new, uid):
                    self.assign(new, uid)
            else:
                size_a, size_b = len(members[ua]), len(members[ub])
                # The smaller unit joins the larger (of equal sizes, the later founded joins).
                small, large = (ua, ub) if (size_a, -ua) < (size_b, -ub) else (ub, ua)
                key = (small, large, len(cores[small]), len(cores[large]))
                if key in refused:  # the same two cores, unchanged since they were refused
                    continue
                if self.cores_link(small, large) and self.repeat_one_fact(small, large):
                    self.merge(small, large)
                else:
                    refused.add(key)

    def joins(self, new: int, uid: int) -> bool:
        """Whether paragraph `new` is aligned with more than UNIT_LINKAGE of the unit's core
        members of other sources."""
        core = self.cores[uid]
        key = (new, uid, len(core))
        if key in self.refused_joins:
            return False
        src = self.source
        others = [m for m in core if src[m] != src[new]]
        if not others:
            return False
        core_of = self.core_of
        aligned = sum(1 for y in self.partners_of(new) if core_of[y] == uid)
        if aligned <= UNIT_LINKAGE * len(others):
            aligned += self.confirm([new], [others], UNIT_LINKAGE * len(others) - aligned)
        if aligned > UNIT_LINKAGE * len(others):
            own = self.by_source[uid].get(src[new])
            if not own or self.same_fact([new] * len(own), own):
                return True
        self.refused_joins.add(key)
        return False

    def cores_link(self, small: int, large: int) -> bool:
        """Whether more than UNIT_LINKAGE of the cross-source pairs between two cores are aligned."""
        src = self.source
        core_small, core_large = self.cores[small], self.cores[large]
        large_sources = Counter(src[m] for m in core_large)
        possible = len(core_small) * len(core_large) - sum(large_sources.get(src[m], 0) for m in core_small)
        if possible <= 0:
            return False
        aligned = self.between[small].get(large, 0)
        if aligned <= UNIT_LINKAGE * possible:
            aligned += self.confirm(core_small, [[m for m in core_large if src[m] != src[x]] for x in core_small],
                                    UNIT_LINKAGE * possible - aligned)
        return aligned > UNIT_LINKAGE * possible

    def confirm(self, xs: list[int], candidates: list[list[int]], needed: float) -> int:
        """How many of the pairs (xs[k], y) for y in candidates[k] that are not alignments are
        aligned by direct evidence; 0 without asking when they cannot make up `needed`."""
        if self.direct is None:
            return 0
        cut = self.cut
        left, right = [], []
        for x, ys in zip(xs, candidates):
            linked = self.partner_set(x)
            for y in ys:
                if (cut[x] or cut[y]) and y not in linked:
                    left.append(x)
                    right.append(y)
        if not left or len(left) < needed:
            return 0
        return int(self.direct.aligned(np.array(left), np.array(right)).sum())

    def repeat_one_fact(self, small: int, large: int) -> bool:
        """Whether the paragraphs that each source has in both units repeat one fact, every
        such pair (see `same_fact`): a source's paragraphs share one unit only then."""
        mine, theirs = self.by_source[small], self.by_source[large]
        if len(mine) > len(theirs):
            mine, theirs = theirs, mine
        left: list[int] = []
        right: list[int] = []
        for s, xs in mine.items():
            ys = theirs.get(s)
            if ys:
                for x in xs:
                    left.extend([x] * len(ys))
                    right.extend(ys)
        return not left or self.same_fact(left, right)

    def same_fact(self, left: list[int], right: list[int]) -> bool:
        """Whether every pair (left[k], right[k]) of paragraphs of one source repeats one fact:
        by direct evidence (`DirectEvidence.same_fact`), or without it, when the two texts
        are the same. Two paragraphs of one outlet that are both aligned with a unit's other
        tellings usually tell two facts that a longer paragraph of another outlet holds
        together (a lede that sums up the story): the unit of one fact is not theirs to share."""
        repeats = self.repeats
        if all((x, y) in repeats if x < y else (y, x) in repeats for x, y in zip(left, right)):
            return all(repeats[(x, y) if x < y else (y, x)] for x, y in zip(left, right))
        unknown = sorted({(min(x, y), max(x, y)) for x, y in zip(left, right)} - repeats.keys())
        if unknown:
            a = np.array([x for x, _ in unknown], dtype=np.int64)
            b = np.array([y for _, y in unknown], dtype=np.int64)
            if self.direct is not None:
                verdicts = self.direct.same_fact(a, b).tolist()
            else:
                texts = self.texts or []
                verdicts = [bool(texts) and " ".join(texts[x].split()) == " ".join(texts[y].split()) for x, y in unknown]
            repeats.update(zip(unknown, verdicts))
        return all(repeats[(min(x, y), max(x, y))] for x, y in zip(left, right))

    def merge(self, small: int, large: int) -> None:
        unit_of, core_of, between = self.unit_of, self.core_of, self.between
        moved = self.members.pop(small)
        for s, xs in self.by_source.pop(small).items():
            self.by_source[large].setdefault(s, []).extend(xs)
        for m in moved:
            unit_of[m] = large
        self.members[large].extend(moved)
        # The smaller unit's core leaves with its counts; the merged core is the larger
        # unit's core, filled up with the smaller unit's members (counted as they enter).
        for m in self.cores.pop(small):
            core_of[m] = -1
        for v in between.pop(small):
            between[v].pop(small, None)
        core = self.cores[large]
        for m in moved[:CORE_SIZE - len(core)]:
            core.append(m)
            core_of[m] = large
            self.count_links(m, large)

    def reports(self, cores: list[list[int]], groups: list[list[int]]) -> list[set[int]]:
        """Per unit (in the order given), the paragraphs that report it: its members, and every
        paragraph aligned with more than half of the unit's core members of other sources
        (units do not overlap, so such a paragraph may sit in another unit, yet it reports
        this one too: a paragraph that merges two facts)."""
        src = self.source
        unit_of = [0] * len(src)
        core_of = [-1] * len(src)
        by_source: list[dict[int, list[int]]] = [{} for _ in groups]
        for uid, (members, core) in enumerate(zip(groups, cores)):
            for m in members:
                unit_of[m] = uid
                by_source[uid].setdefault(src[m], []).append(m)
            for m in core:
                core_of[m] = uid
        found = [set(members) for members in groups]
        asks: list[tuple[int, int, list[int], int]] = []
        passing: list[tuple[int, int]] = []  # (paragraph, unit) that the alignments show it reports
        for x in range(len(src)):
            partners = self.partners_of(x)
            if not partners:
                continue
            own = unit_of[x]
            linked = Counter(core_of[y] for y in partners)
            reached = Counter(unit_of[y] for y in partners)
            for uid in sorted(set(reached) - {own}):
                others = [m for m in cores[uid] if src[m] != src[x]]
                if not others:
                    continue
                aligned = linked.get(uid, 0)
                if 2 * aligned > len(others):
                    passing.append((x, uid))
                elif self.direct is not None and reached[uid] >= REPORT_MIN_LINKS:
                    asks.append((x, uid, others, aligned))
        # Where x's own outlet tells the unit in a member, x reports it too only when it
        # repeats that member's fact (see `same_fact`; asked for all such pairs at once).
        left = [x for x, uid in passing + [ask[:2] for ask in asks] for _ in by_source[uid].get(src[x], ())]
        right = [m for x, uid in passing + [ask[:2] for ask in asks] for m in by_source[uid].get(src[x], ())]
        self.same_fact(left, right)
        for x, uid in passing:
            mine = by_source[uid].get(src[x])
            if not mine or self.same_fact([x] * len(mine), mine):
                found[uid].add(x)
        asks = [ask for ask in asks if not by_source[ask[1]].get(src[ask[0]])
                or self.same_fact([ask[0]] * len(by_source[ask[1]][src[ask[0]]]), by_source[ask[1]][src[ask[0]]])]
        if asks:
            self.confirm_reports(asks, found)
        return found

    def confirm_reports(self, asks: list[tuple[int, int, list[int], int]], found: list[set[int]]) -> None:
        """Settle the report tests that the alignments alone do not pass, by direct evidence for
        the pairs with a cut paragraph, all in one batch."""
        cut = self.cut
        left, right, test = [], [], []
        for number, (x, _uid, others, aligned) in enumerate(asks):
            linked = self.partner_set(x)
            unknown = [y for y in others if (cut[x] or cut[y]) and y not in linked]
            if 2 * (aligned + len(unknown)) <= len(others):
                continue
            left.extend([x] * len(unknown))
            right.extend(unknown)
            test.extend([number] * len(unknown))
        if not left:
            return
        extra = np.bincount(np.array(test), weights=self.direct.aligned(np.array(left), np.array(right)), minlength=len(asks))
        for number, (x, uid, others, aligned) in enumerate(asks):
            if 2 * (aligned + extra[number]) > len(others):
                found[uid].add(x)


def _label(text: str, limit: int = 90) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"
