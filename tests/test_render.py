"""report.json follows SPEC; all reports are deterministic; Markdown and HTML say what matters."""
from __future__ import annotations

from compare.render import render_files

from .conftest import REPO


def test_report_json_has_the_spec_shape(seed_report_dict):
    data = seed_report_dict
    assert data["schema_version"] == 1
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
        key = frozenset({(al["a"]["source"], al["a"]["paragraph"]), (al["b"]["source"], al["b"]["paragraph"])})
        assert key not in seen
        seen.add(key)
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


def test_html_is_self_contained(seed_report, tmp_path):
    html = render_files(seed_report, plot_dir=tmp_path)["report.html"].decode()
    assert html.count("data:image/png;base64,") == 5  # similarity, coverage, sentiment, actors, frames
    assert "http://" not in html.replace('href="http', "").split("<body>")[0]
    assert "<script src=" not in html and "<link " not in html
    for section in ('id="overview"', 'id="conflicts"', 'id="coverage"', 'id="alignments"', 'id="sources"'):
        assert section in html


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
