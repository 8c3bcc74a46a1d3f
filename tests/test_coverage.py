"""Coverage and omissions follow one stated definition at 2, 3, 4 and 10 outlets: a source's
consensus units are those reported by strictly more than half of the other sources."""
from __future__ import annotations

import pytest

from compare import analyse, load_event
from compare.divergence import consensus_needed, consensus_rule
from compare.render.markdown import render_markdown
from compare.render.json import report_dict

# Facts about unrelated matters, so that only the same fact aligns with itself.
FACTS = [
    "The regional water authority approved a 14 percent rise in household tariffs on Thursday, citing the cost of "
    "replacing pipes laid in the 1950s across the northern districts.",
    "A freight train carrying grain derailed near the Ostrava junction early on Sunday, blocking the main line to "
    "Poland for nine hours while cranes lifted eleven wagons off the track.",
    "Doctors at St Brigid's hospital reported forty new measles cases in a week, most among unvaccinated children "
    "under five, and urged parents to book catch-up appointments.",
    "The national football federation fined the champions 80,000 euros after fans threw flares onto the pitch during "
    "the cup final and delayed the second half by twenty minutes.",
    "Archaeologists digging beneath a car park in Winchester found a Saxon burial with a bronze brooch and glass "
    "beads, the county museum service announced on Monday.",
    "A software fault at the central bank's payment system delayed salary transfers for about two million workers "
    "on Friday before engineers restored the service after six hours.",
    "Volunteers counted 312 nesting loggerhead turtles on the Zakynthos beaches this summer, the highest number "
    "since monitoring began in 1984, according to the conservation group Archelon.",
    "The city council voted to close the old ferry terminal in March and move the crossings to a new pier, "
    "ending a dispute with residents that lasted nearly a decade.",
]
# each outlet's own paragraph, told by no other
OWN = [
    "Our gardening columnist recommends sowing broad beans in late autumn for an early crop next spring.",
    "The opera house announced a new production of Rusalka with a young Czech soprano in the title role.",
    "A twelve-year-old won the junior chess championship after a tense endgame lasting four hours.",
    "Cyclists will get a protected lane along the embankment once resurfacing work finishes in May.",
    "The bakery on Mill Street has kept its sourdough starter alive for ninety years, its owner says.",
    "Stargazers can see Jupiter close to the Moon on Tuesday evening if the skies stay clear.",
    "The sailing club lost its clubhouse roof in the storm and is raising money for repairs.",
    "A poetry festival will bring forty writers to the harbour town over the first weekend of June.",
    "The jazz quartet recorded its new album live in a converted chapel outside the village.",
    "Potters from six countries will show their work at the craft fair in the old market hall.",
]


def reporters(fact: int, outlets: int) -> list[int]:
    """Which outlets report each fact: 1, 2, ... up to all of them, rotated."""
    count = fact % outlets + 1
    return sorted((fact + k) % outlets for k in range(count))


def make_event(folder, outlets: int):
    folder.mkdir()
    layout: dict[int, list[int]] = {i: [] for i in range(outlets)}
    for f in range(len(FACTS)):
        for i in reporters(f, outlets):
            layout[i].append(f)
    for i, facts in layout.items():
        paragraphs = [FACTS[f] for f in facts] + [OWN[i]]
        (folder / f"outlet{i:02d}.txt").write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return layout


@pytest.mark.parametrize("outlets", [2, 3, 4, 10])
def test_coverage_and_omissions_follow_the_stated_majority_rule(tmp_path, outlets):
    layout = make_event(tmp_path / f"event{outlets}", outlets)
    report = report_dict(analyse(load_event(tmp_path / f"event{outlets}")))
    needed = consensus_needed(outlets)
    assert needed == (outlets - 1) // 2 + 1  # strictly more than half of the others
    assert report["consensus"] == {"others": outlets - 1, "needed": needed, "rule": consensus_rule(outlets)}
    # every fact is one unit, and so is each outlet's own paragraph: find each by its first reporter's paragraph
    told = {f: reporters(f, outlets) for f in range(len(FACTS))}
    where = {f: (t[0], layout[t[0]].index(f)) for f, t in told.items()}
    for i in range(outlets):
        told[("own", i)] = [i]
        where[("own", i)] = (i, len(layout[i]))
    unit_of = {}
    for key, (i, paragraph) in where.items():
        unit_of[key] = next(u["id"] for u in report["content_units"]
                            if paragraph in u["reported_by"].get(f"outlet{i:02d}", []))
    assert len(set(unit_of.values())) == len(unit_of) == len(report["content_units"])
    for source in report["sources"]:
        i = int(source["id"][-2:])
        consensus = {unit_of[k] for k, t in told.items() if len(set(t) - {i}) >= needed}
        assert sorted(source["omitted_units"]) == sorted(u for u in consensus
                                                         if not any(unit_of[k] == u and i in t for k, t in told.items()))
        assert sorted(source["covered_units"] + source["omitted_units"]) == sorted(consensus)

    markdown = render_markdown(report, {})
    rule = consensus_rule(outlets)
    assert f"the consensus being the content units {rule};" in markdown
    for source in report["sources"]:
        total = len(source["covered_units"]) + len(source["omitted_units"])
        assert f"**Covers** {len(source['covered_units'])} of the {total} units {rule}" in markdown
    omissions = 0
    for entry in report["ranking"]:
        source = next(s for s in report["sources"] if s["id"] == entry["source"])
        for reason in entry["reasons"]:
            if reason.startswith("omits "):
                omissions += 1
                assert reason.startswith(f"omits {len(source['omitted_units'])} content unit") and rule in reason
    assert omissions  # the headline sentence was checked, not skipped


@pytest.mark.parametrize("outlets, words", [
    (2, "reported by the other source"),
    (3, "reported by both other sources"),
    (4, "reported by at least 2 of the 3 other sources, a majority"),
    (10, "reported by at least 5 of the 9 other sources, a majority"),
    (20, "reported by at least 10 of the 19 other sources, a majority"),
])
def test_the_consensus_is_said_plainly(outlets, words):
    assert consensus_rule(outlets) == words
