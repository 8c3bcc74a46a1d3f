"""report.json follows SPEC (schema_version 2); all reports are deterministic; Markdown and HTML
say what matters, for 4 outlets and for many; every value from an article is escaped."""
from __future__ import annotations

import copy
import importlib.util
import re
from pathlib import Path

import pytest

from compare import analyse, load_event
from compare.render import render_files
from compare.render.common import (COVERAGE_UNITS, OPEN_SOURCES, SHOWN_CLAIMS, SHOWN_LINKS, SIDE_BY_SIDE,
                                   VISIBLE_ROWS, markdown_text)
from compare.render.html import render_html
from compare.render.json import report_dict
from compare.render.markdown import render_markdown

from ..conftest import REPO


def load_retellings():
    """bench/retellings.py, the builder of large events (bench/ is not a package)."""
    spec = importlib.util.spec_from_file_location("retellings", REPO / "bench" / "retellings.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build_retold_event(seed_report, sources: int, folder: Path) -> Path:
    """An event of `sources` outlets retelling the seed explainer, each with a few paragraphs
    of its own taken from the other seed articles: no shared data needed."""
    story = [p.text for a in seed_report.articles if a.id == "explainer" for p in a.paragraphs]
    others = [p.text for a in seed_report.articles if a.id != "explainer" for p in a.paragraphs]
    load_retellings().build_event(sources, folder, story=story, others=others)
    return folder


def section(page: str, name: str) -> str:
    """The text of <section id=name> of an HTML page."""
    start = page.index(f'<section id="{name}">')
    return page[start:page.index("</section>", start)]


def markdown_section(page: str, heading: str) -> str:
    start = page.index(f"## {heading}\n")
    end = page.find("\n## ", start + 1)
    return page[start:end if end >= 0 else len(page)]


def split_at_toggle(text: str) -> tuple[str, str]:
    """(what is in view, what is behind the first <details>)."""
    cut = text.find("<details")
    return (text, "") if cut < 0 else (text[:cut], text[cut:])


# --- the seed event (4 sources) -----------------------------------------------------------

def test_report_json_has_the_spec_shape(seed_report_dict):
    data = seed_report_dict
    assert data["schema_version"] == 3
    assert data["event"]["id"] == "rwanda-belgium-2025" and isinstance(data["event"]["title"], str)
    assert [s["id"] for s in data["sources"]] == ["brief", "developing-story", "explainer", "wikipedia"]
    for source in data["sources"]:
        assert isinstance(source["name"], str) and source["path"].endswith(f"{source['id']}.txt")
        assert [p["index"] for p in source["paragraphs"]] == list(range(len(source["paragraphs"])))
        for p in source["paragraphs"]:
            assert isinstance(p["text"], str) and p["text"]
            assert -1 <= p["sentiment"] <= 1
            assert all(isinstance(k, str) and 0 <= v <= 1 for k, v in p["frames"].items())
        for r in source["removed"]:
            assert set(r) >= {"text", "reason"} and r["reason"]
        metrics = source["metrics"]
        assert metrics["coverage"] is None or 0 <= metrics["coverage"] <= 1
        assert -1 <= metrics["sentiment"] <= 1 and 0 <= metrics["divergence"] <= 1
    paragraphs = {s["id"]: len(s["paragraphs"]) for s in data["sources"]}
    seen = set()
    for al in data["alignments"]:
        assert al["a"]["source"] != al["b"]["source"]
        assert 0 <= al["a"]["paragraph"] < paragraphs[al["a"]["source"]]
        assert 0 <= al["b"]["paragraph"] < paragraphs[al["b"]["source"]]
        assert 0 <= al["score"] <= 1
        assert "differing" not in al and "substitutions" not in al
        key = frozenset({(al["a"]["source"], al["a"]["paragraph"]), (al["b"]["source"], al["b"]["paragraph"])})
        assert key not in seen
        seen.add(key)
    pairs = data["aligned_pairs"]
    assert pairs["listed"] == len(data["alignments"])
    assert max(pairs["listed"], pairs["implied"]) <= pairs["total"] <= pairs["listed"] + pairs["implied"]
    assert data["compared_pairs"]
    for pair in data["compared_pairs"]:
        assert 0 <= pair["a"]["paragraph"] < paragraphs[pair["a"]["source"]]
        assert 0 <= pair["b"]["paragraph"] < paragraphs[pair["b"]["source"]]
        assert set(pair["differing"]) == {"a", "b"} and isinstance(pair["substitutions"], list)
    similarity = data["similarity"]
    assert similarity["sources"] == list(paragraphs)
    assert [len(row) for row in similarity["values"]] == [4] * 4
    assert [similarity["values"][k][k] for k in range(4)] == [1.0] * 4
    for conflict in data["conflicts"]:
        assert isinstance(conflict["kind"], str)
        for claim in conflict["claims"]:
            assert set(claim) >= {"source", "paragraph", "value"}


def test_sidebar_is_in_removed_not_in_paragraphs(seed_report_dict):
    story = next(s for s in seed_report_dict["sources"] if s["id"] == "developing-story")
    assert any(r["text"] == "Politics4 days ago" for r in story["removed"])
    assert not any("days ago" in p["text"] or "Mercury retrograde" in p["text"] for p in story["paragraphs"])


def test_reports_are_byte_identical_when_regenerated(seed_report, tmp_path):
    first = render_files(seed_report, plot_dir=tmp_path / "one")
    second = render_files(seed_report, plot_dir=tmp_path / "two")
    assert set(first) >= {"report.json", "report.md", "report.html", "similarity.png", "coverage.png",
                          "sentiment.png", "frames.png", "similarity.svg"}
    assert first == second


def test_committed_seed_reports_match_a_fresh_run(seed_report, tmp_path, monkeypatch):
    monkeypatch.chdir(REPO)
    fresh = render_files(seed_report, plot_dir=tmp_path)
    committed = REPO / "reports" / "rwanda-belgium-2025"
    for name in ("report.json", "report.md", "report.html"):
        assert (committed / name).read_bytes() == fresh[name], f"{name} is stale: run source-compare report corpus/rwanda-belgium-2025"


def test_markdown_names_the_date_conflict_and_each_source(seed_report, tmp_path):
    markdown = render_files(seed_report, plot_dir=tmp_path)["report.md"].decode()
    assert "Date conflict" in markdown
    assert "**2025-03-18**" in markdown and "**2025-03-17**" in markdown
    assert "Weekday does not match the date" in markdown
    for name in ("Explainer", "Developing story", "Brief", "Wikipedia"):
        assert f"### {name}" in markdown
    assert "**Omits**" in markdown and "**Tone**" in markdown and "**Framing**" in markdown


def test_pages_say_how_many_pairs_are_aligned_and_how_many_are_listed(seed_report_dict):
    pairs = seed_report_dict["aligned_pairs"]
    said = (f"{pairs['total']:,} aligned paragraph pairs ({pairs['listed']:,} listed, "
            "the others implied by shared content units)")
    assert said in render_markdown(seed_report_dict, {}).split("\n")[2]
    assert said in render_html(seed_report_dict, None, {}).split("<header>")[1].split("</header>")[0]


def test_html_is_self_contained(seed_report, tmp_path):
    html = render_files(seed_report, plot_dir=tmp_path)["report.html"].decode()
    assert html.count("data:image/png;base64,") == 5  # similarity, coverage, sentiment, actors, frames
    assert "http://" not in html.replace('href="http', "").split("<body>")[0]
    assert "<script src=" not in html and "<link " not in html
    for section_id in ('id="overview"', 'id="conflicts"', 'id="coverage"', 'id="alignments"', 'id="sources"'):
        assert section_id in html


def test_side_by_side_shows_the_first_compared_pairs_with_the_words_only_one_side_uses_marked(seed_report_dict):
    data = seed_report_dict
    views = section(render_html(data, None, {}), "alignments").split('<div class="pair">')[1:]
    shown = data["compared_pairs"][:SIDE_BY_SIDE]
    assert len(views) == len(shown)
    names = {s["id"]: s["name"] for s in data["sources"]}
    for view, pair in zip(views, shown):
        assert f"score {pair['score']:.2f}" in view
        assert f"{names[pair['a']['source']]} ¶{pair['a']['paragraph']}<" in view
        assert f"{names[pair['b']['source']]} ¶{pair['b']['paragraph']}<" in view
        left, right = view.split("</p></div>")[:2]
        for word in pair["differing"]["a"]:
            assert f'<mark class="diff">{word}</mark>' in left.replace("&#x27;", "'")
        for word in pair["differing"]["b"]:
            assert f'<mark class="diff">{word}</mark>' in right.replace("&#x27;", "'")


def test_small_event_shows_every_row_and_every_article_text(seed_report_dict):
    html = render_html(seed_report_dict, None, {})
    assert 'class="more"' not in html
    assert html.count('<details class="article-text" open>') == 4
    assert section(html, "overview").count("<tr>") == 1 + 4
    coverage = section(html, "coverage")
    shared = [u for u in seed_report_dict["content_units"] if len(u["reported_by"]) > 1]
    assert coverage.count("<tr>") == 1 + len(shared)  # one row per shared unit, one column per source
    assert "<details" not in render_markdown(seed_report_dict, {})


def test_seed_report_shows_quoted_voices_omissions_and_ranking_reasons(seed_report_dict):
    data = seed_report_dict
    speakers = {(sp["speaker"], sp["actor"]) for s in data["sources"] for sp in s["voices"]["speakers"]}
    assert any("Prevot" in name and actor == "Belgium" for name, actor in speakers), speakers
    assert any("Ministry" in name and actor == "Rwanda" for name, actor in speakers), speakers
    units = {u["id"]: u for u in data["content_units"]}
    n = len(data["sources"])
    for source in data["sources"]:
        needed = -(-(n - 1) // 2)
        consensus = [u for u in units.values() if len(set(u["reported_by"]) - {source["id"]}) >= needed]
        assert source["omitted_units"] == [u["id"] for u in consensus if source["id"] not in u["reported_by"]]
        assert source["covered_units"] == [u["id"] for u in consensus if source["id"] in u["reported_by"]]
        assert all(m["source"] in u["reported_by"] for u in units.values() for m in u["members"])
    wikipedia = next(s for s in data["sources"] if s["id"] == "wikipedia")
    assert wikipedia["omitted_units"], "the encyclopedia article omits what the news reports carry"
    assert [r["divergence"] for r in data["ranking"]] == sorted((r["divergence"] for r in data["ranking"]), reverse=True)
    assert all(r["reasons"] and r["drivers"] for r in data["ranking"])


def test_a_conflict_with_many_claims_shows_a_few_and_collapses_the_rest(seed_report_dict):
    data = copy.deepcopy(seed_report_dict)
    explainer = next(s for s in data["sources"] if s["id"] == "explainer")
    claims = [{"source": "explainer", "paragraph": p["index"], "value": f"2025-03-{p['index'] + 1:02d}",
               "text": f"claim {p['index']}"} for p in explainer["paragraphs"][:SHOWN_CLAIMS + 4]]
    data["conflicts"] = [{"kind": "date", "about": "when it happened", "note": "", "claims": claims}]
    box = section(render_html(data, None, {}), "conflicts")
    in_view, behind = split_at_toggle(box)
    assert in_view.count("<li>") == SHOWN_CLAIMS and behind.count("<li>") == 4
    assert "<summary>4 more claims</summary>" in behind
    assert "claim 0" in in_view and f"claim {SHOWN_CLAIMS}" in behind
    markdown = markdown_section(render_markdown(data, {}), "Factual conflicts")
    assert markdown.count(" says **") == SHOWN_CLAIMS
    assert "; and 4 more claims (report.html, report.json)." in markdown


# --- a large event (40 sources) -----------------------------------------------------------

@pytest.fixture(scope="module")
def large_event(seed_report, tmp_path_factory):
    """A 40-outlet event retold from the seed paragraphs, analysed and rendered once."""
    folder = build_retold_event(seed_report, 40, tmp_path_factory.mktemp("large") / "retold")
    report = analyse(load_event(folder))
    plots = tmp_path_factory.mktemp("large-plots")
    files = render_files(report, plot_dir=plots)
    return report_dict(report), files, report, plots


def test_long_tables_of_a_large_event_show_the_first_rows_and_collapse_the_rest(large_event):
    data, files, _, _ = large_event
    html = files["report.html"].decode()
    ranked = [r["source"] for r in data["ranking"]]
    names = {s["id"]: s["name"] for s in data["sources"]}
    for name in ("overview", "coverage", "voices", "actors", "wording"):
        in_view, behind = split_at_toggle(section(html, name))
        assert in_view.count("<tr>") == 1 + VISIBLE_ROWS, name  # the header and the first rows
        assert f"<summary>{40 - VISIBLE_ROWS} more sources</summary>" in behind, name
        assert behind.split("</details>")[0].count("<tr>") == 1 + 40 - VISIBLE_ROWS, name
        # most divergent first, so the rows in view are the ones to read
        places = [in_view.index(f">{names[sid]}<") for sid in ranked[:VISIBLE_ROWS]]
        assert places == sorted(places), name
    markdown = files["report.md"].decode()
    for heading in ("Sources", "Which source diverges most", "What is reported, and by whom", "Who speaks",
                    "Sentiment toward each actor", "Word choice"):
        in_view, behind = split_at_toggle(markdown_section(markdown, heading))
        assert len(re.findall(r"^\| (?!-)", in_view, re.M)) == 1 + VISIBLE_ROWS, heading
        assert f"<summary>{40 - VISIBLE_ROWS} more sources</summary>" in behind, heading


def test_coverage_matrix_of_a_large_event_is_capped_and_says_where_the_full_matrix_is(large_event):
    data, files, _, _ = large_event
    html = section(files["report.html"].decode(), "coverage")
    most_reported = sorted((u for u in data["content_units"] if len(u["reported_by"]) > 1),
                           key=lambda u: (-len(u["reported_by"]), u["id"]))[:COVERAGE_UNITS]
    assert len(data["content_units"]) > COVERAGE_UNITS
    header = html.split("<thead>")[1].split("</thead>")[0]
    assert re.findall(r">U(\d+)</th>", header) == [str(u["id"]) for u in most_reported]
    assert "content_units[].reported_by" in html and "unit_reports" in html
    # the other shared units are listed behind a toggle, each with its reach
    others = sorted((u for u in data["content_units"] if len(u["reported_by"]) > 1),
                    key=lambda u: (-len(u["reported_by"]), u["id"]))[COVERAGE_UNITS:]
    assert others, "the 40-source event has more shared units than the matrix shows"
    more = html.split(f"<summary>{len(others)} more units reported by several sources</summary>")[1].split("</details>")[0]
    assert re.findall(r"<li>U(\d+) ", more) == [str(u["id"]) for u in others]
    assert all(f"({len(u['reported_by'])} sources)" in more for u in others)
    markdown = markdown_section(files["report.md"].decode(), "What is reported, and by whom")
    assert "content_units[].reported_by" in markdown and "unit_reports" in markdown
    header = next(line for line in markdown.splitlines() if line.startswith("| source |"))
    assert header.count("| U") == len(most_reported)


def test_per_source_sections_of_a_large_event_collapse_texts_and_cap_the_links_of_omissions(large_event):
    data, files, _, _ = large_event
    html = section(files["report.html"].decode(), "sources")
    in_view, behind = split_at_toggle(html.replace('<details class="article-text">', "<article-text>")
                                      .replace('<details class="removed">', "<removed>"))
    assert in_view.count("<article ") == OPEN_SOURCES and behind.count("<article ") == 40 - OPEN_SOURCES
    assert f"<summary>{40 - OPEN_SOURCES} more sources</summary>" in behind
    assert "article-text\" open" not in html and html.count('<details class="article-text">') == 40
    paragraphs = {u["id"]: sum(len(ps) for ps in u["reported_by"].values()) for u in data["content_units"]}
    checked = 0
    for source in data["sources"]:
        part = html[html.index(f'<article id="source-{source["id"]}">'):]
        omits = part[:part.index("</li>")]
        for uid in source["omitted_units"]:
            entry = omits[omits.index(f"U{uid} “"):]
            entry = entry[:entry.index(")")] if paragraphs[uid] <= SHOWN_LINKS else entry[:entry.index(" more)")]
            assert entry.count('<a href="#p-') == min(paragraphs[uid], SHOWN_LINKS)
            if paragraphs[uid] > SHOWN_LINKS:
                assert entry.endswith(f", and {paragraphs[uid] - SHOWN_LINKS}")
                checked += 1
    assert checked, "some omitted unit is reported by more paragraphs than the links shown"


def test_plots_of_a_large_event_are_distributions(large_event, tmp_path):
    data, files, report, plots = large_event
    svg = {name: files[f"{name}.svg"].decode() for name in ("similarity", "coverage", "sentiment", "actors", "frames")}
    # similarity: a heatmap (and its colour bar) beside a dendrogram (line collections), no cell text
    assert svg["similarity"].count("<image") == 2 and "LineCollection" in svg["similarity"]
    assert not re.search(r"<!-- [01]\.\d\d -->", svg["similarity"])
    # coverage: one image, not a patch per cell
    assert svg["coverage"].count("<image") == 1 and svg["coverage"].count('id="patch_') < 10
    # sentiment: one dot per source (rasterized into one image), no bar per source
    assert svg["sentiment"].count("<image") == 1 and svg["sentiment"].count('id="patch_') < 10
    # actors and frames: a box per row, not a bar per source and row
    rows = {"actors": len([a for a in data["event"]["actors"]
                           if any((s["actors"].get(a["name"]) or {}).get("mentions") for s in data["sources"])]),
            "frames": len({f for s in data["sources"] for f in s["frames"]})}
    for name, count in rows.items():
        assert svg[name].count('id="patch_') <= count + 4, name
        assert svg[name].count("<image") == 1, name
    for name in svg:
        assert len(files[f"{name}.png"]) < 400_000 and len(files[f"{name}.svg"]) < 400_000, name
    again = render_files(report, plot_dir=tmp_path)
    assert {k: v for k, v in again.items() if k.endswith((".png", ".svg"))} == \
        {k: v for k, v in files.items() if k.endswith((".png", ".svg"))}


# --- hostile input -------------------------------------------------------------------------

HOSTILE_NAME = "<script>alert('name')</script> | *Evil* [click](javascript:alert(1)) $x^$"
HOSTILE_TEXT = ("Rwanda severed diplomatic ties with Belgium on Monday, the foreign ministry said "
                "<img src=x onerror=alert(1)> in a statement | with *stars* and `code` and $5 million.")


def write_hostile_event(folder: Path, seed_report, sources: int) -> Path:
    """An event whose title, first outlet's name and URL, and one paragraph try to be markup."""
    if sources > 2:
        build_retold_event(seed_report, sources, folder)
    else:
        folder.mkdir(parents=True)
        (folder / "s0001.txt").write_text(
            "---\nsource: Good outlet\nurl: https://example.org/story?a=1&b=2\n---\n"
            "Rwanda severed diplomatic ties with Belgium on Monday, the foreign ministry said in a statement.\n\n"
            "Belgium said it regretted the decision and would expel Rwandan diplomats within 48 hours.\n",
            encoding="utf-8")
    first = folder / "s0000.txt"
    body = first.read_text(encoding="utf-8").split("\n---\n", 1)[1] if first.exists() else \
        "Belgium said it regretted the decision and would expel Rwandan diplomats within 48 hours.\n"
    first.write_text(f"---\nsource: \"{HOSTILE_NAME}\"\nurl: \"javascript:alert(1)\"\n---\n{HOSTILE_TEXT}\n\n{body}",
                     encoding="utf-8")
    (folder / "event.yaml").write_text('title: "<b>Bold</b> | *title* [x](javascript:alert(1))"\ndate: 2025-03-17\n',
                                       encoding="utf-8")
    return folder


@pytest.mark.parametrize("sources", [2, 14])
def test_everything_from_input_is_escaped(seed_report, tmp_path, sources):
    report = analyse(load_event(write_hostile_event(tmp_path / "hostile", seed_report, sources)))
    data = report_dict(report)
    assert any(p["text"].startswith(HOSTILE_TEXT[:40]) for s in data["sources"] for p in s["paragraphs"])
    files = render_files(report, plot_dir=tmp_path / "plots")  # `$` in names must not break matplotlib
    assert files["similarity.png"] and files["actors.png"]
    html = files["report.html"].decode()
    for raw in ("<script", "<img src=x", "<b>", 'href="javascript:', "onerror=alert(1)>"):
        assert raw not in html, raw
    assert "&lt;script&gt;alert(&#39;name&#39;)&lt;/script&gt;" in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "&lt;b&gt;Bold&lt;/b&gt;" in html
    if sources == 2:
        assert 'href="https://example.org/story?a=1&amp;b=2"' in html
    markdown = files["report.md"].decode()
    for raw in ("<script", "<img", "<b>", HOSTILE_NAME):
        assert raw not in markdown, raw
    assert not re.search(r"(?<!\\)\]\(javascript:", markdown)
    assert markdown_text(HOSTILE_NAME) in markdown
    assert markdown.startswith("# &lt;b&gt;Bold&lt;/b&gt; \\| \\*title\\* \\[x\\](javascript:alert(1))\n")
    lines = markdown.splitlines()
    for number, line in enumerate(lines):
        if line.startswith("| ") and "Evil" in line:  # a table row with the name keeps its columns
            # the table's |---| line: right below a header, else the nearest above
            below = lines[number + 1] if number + 1 < len(lines) else ""
            separator = below if below.startswith("|---") else \
                next(lines[k] for k in range(number, -1, -1) if lines[k].startswith("|---"))
            assert len(re.findall(r"(?<!\\)\|", line)) == separator.count("|"), line


def test_the_report_definitions_use_the_aligners_sizes():
    from compare.align import decision, units
    from compare.render import json as report_json

    assert (report_json.CORE_SIZE, report_json.LISTED_PER_PARAGRAPH) == (units.CORE_SIZE, decision.LISTED_PER_PARAGRAPH)
