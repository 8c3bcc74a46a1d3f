"""The results database: tidy tables that hold the reports, the README's queries, CSV export,
and a damaged cache that is reported and rebuilt, never trusted."""
from __future__ import annotations

import csv
import json
import re
import sqlite3
from pathlib import Path

import pytest

from compare.store import DB_RELATIVE_PATH, TABLE_NAMES, TABLES, tidy_rows

from .conftest import REPO, tree_snapshot
from .test_runner import analysed_count, corpus, reports_only  # noqa: F401  (corpus is a fixture)

DB = Path("out") / DB_RELATIVE_PATH


def query(sql: str, *args) -> list[tuple]:
    with sqlite3.connect(DB) as connection:
        return connection.execute(sql, args).fetchall()


# --- tidy rows ---------------------------------------------------------------------------


def test_tidy_rows_hold_every_paragraph_alignment_metric_and_claim(seed_report_dict):
    data = seed_report_dict
    rows = tidy_rows(data)
    assert set(rows) == set(TABLE_NAMES)
    for table in TABLES:
        assert all(len(row) == len(table.columns) for row in rows[table.name]), table.name
    assert rows["events"] == [(
        "rwanda-belgium-2025", "Rwanda severs diplomatic ties with Belgium", "2025-03-17", "corpus/rwanda-belgium-2025",
        4, sum(len(s["paragraphs"]) for s in data["sources"]), len(data["alignments"]), len(data["content_units"]),
        len(data["conflicts"]), data["event"]["actors_from"], data["tool"]["version"], data["aligned_pairs"]["total"])]
    assert len(rows["paragraphs"]) == sum(len(s["paragraphs"]) for s in data["sources"])
    assert len(rows["alignments"]) == len(data["alignments"])
    first = data["alignments"][0]
    assert rows["alignments"][0][:6] == ("rwanda-belgium-2025", first["a"]["source"], first["a"]["paragraph"],
                                         first["b"]["source"], first["b"]["paragraph"], first["score"])
    explainer = next(s for s in data["sources"] if s["id"] == "explainer")
    metrics = next(r for r in rows["metrics"] if r[1] == "explainer")
    assert metrics[2:4] == (explainer["metrics"]["coverage"], explainer["metrics"]["sentiment"])
    assert metrics[9] == explainer["metrics"]["divergence"]
    assert len(rows["conflicts"]) == sum(len(c["claims"]) for c in data["conflicts"])
    date_claims = {(r[5], r[7]) for r in rows["conflicts"] if r[2] == "date"}
    assert ("explainer", "2025-03-18") in date_claims and ("wikipedia", "2025-03-17") in date_claims
    story = [r for r in rows["removed_blocks"] if r[1] == "developing-story"]
    assert any(r[5] == "Politics4 days ago" for r in story)
    reporting = {(r[1], r[2], r[3]): r[4] for r in rows["unit_reports"]}
    for unit in data["content_units"]:
        members = {(m["source"], m["paragraph"]) for m in unit["members"]}
        expected = {(unit["id"], sid, p): int((sid, p) in members) for sid, ps in unit["reported_by"].items() for p in ps}
        assert {k: v for k, v in reporting.items() if k[0] == unit["id"]} == expected


# --- the README's queries ----------------------------------------------------------------


def readme_queries() -> list[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Whole corpora", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```sql\n(.*?)```", section, flags=re.S)


def test_the_readme_lists_every_table():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Whole corpora", 1)[1].split("\n## ", 1)[0]
    listed = re.findall(r"^\| `(\w+)` \|", section, flags=re.M)
    assert listed == list(TABLE_NAMES)


def test_the_readme_queries_run_and_give_the_per_outlet_figures(run_cli, corpus):
    assert run_cli("report", corpus, "--out", "out", "--format", "json").code == 0
    queries = readme_queries()
    assert len(queries) >= 2
    results = [query(sql) for sql in queries]
    assert all(results), "every README query returns rows on a small corpus"
    # the first query is the mean coverage per outlet across events: check it by hand
    coverage: dict[str, list[float]] = {}
    for report in sorted(Path("out").glob("event-*/report.json")):
        for source in json.loads(report.read_text())["sources"]:
            if source["metrics"]["coverage"] is not None:
                coverage.setdefault(source["name"], []).append(source["metrics"]["coverage"])
    by_outlet = {row[0]: row for row in results[0]}
    assert set(by_outlet) == set(coverage)
    for outlet, values in coverage.items():
        assert by_outlet[outlet][1] == len(values)
        assert by_outlet[outlet][2] == pytest.approx(sum(values) / len(values), abs=6e-4)  # ROUND(..., 3)


# --- a damaged cache ---------------------------------------------------------------------


def one_warning(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("source-compare: warning: ")
    return lines[0]


@pytest.mark.parametrize("damage", ["garbage", "truncated", "page overwritten", "old schema"])
def test_a_damaged_cache_file_is_reported_and_rebuilt(run_cli, corpus, damage):
    assert run_cli("report", corpus, "--out", "out", "--format", "json").code == 0
    expected = reports_only(Path("out"))
    content = DB.read_bytes()
    if damage == "garbage":
        DB.write_bytes(b"this is not a database, whatever it claims\n" * 200)
    elif damage == "truncated":
        DB.write_bytes(content[: len(content) // 3])
    elif damage == "page overwritten":
        page = 4096
        DB.write_bytes(content[: 2 * page] + b"\xff" * page + content[3 * page:])
    else:
        query("UPDATE meta SET value = '0' WHERE key = 'schema_version'")

    rebuilt = run_cli("report", corpus, "--out", "out", "--format", "json")
    assert rebuilt.code == 0
    warning = one_warning(rebuilt.err)
    state = "was written by another version of source-compare (results schema 0; this version writes 2)" \
        if damage == "old schema" else "is damaged ("
    assert f"{DB}: the cache {state}" in warning and warning.endswith("; rebuilding it from the corpus")
    assert analysed_count(rebuilt.out) == (3, 0), "nothing is taken from a damaged cache"
    assert reports_only(Path("out")) == expected
    assert query("SELECT COUNT(*) FROM events") == [(3,)]
    again = run_cli("report", corpus, "--out", "out", "--format", "json")
    assert again.err == "" and analysed_count(again.out) == (0, 3)


def test_a_tampered_cache_entry_is_not_trusted(run_cli, corpus):
    run_cli("report", corpus, "--out", "out", "--format", "json")
    query("UPDATE cache SET summary = replace(summary, '\"conflicts\": ', '\"conflicts\": 9') WHERE event_id = 'event-b'")
    result = run_cli("report", corpus, "--out", "out", "--format", "json")
    warning = one_warning(result.err)
    assert "the cache entry of event 'event-b' does not match its digest; recomputing the event" in warning
    assert analysed_count(result.out) == (1, 2)
    summary = json.loads(Path("out/summary.json").read_text())
    assert max(e["conflicts"] for e in summary["events"]) < 9


def test_check_mode_ignores_a_damaged_cache_and_leaves_it_alone(run_cli, corpus):
    run_cli("report", corpus, "--out", "out", "--format", "json")
    DB.write_bytes(b"garbage" * 100)
    before = tree_snapshot(Path("out"))
    result = run_cli("report", corpus, "--out", "out", "--format", "json", "--check")
    assert result.code == 0, result
    assert "the cache is damaged" in one_warning(result.err) and result.err.strip().endswith("; ignoring it")
    assert tree_snapshot(Path("out")) == before


# --- export ------------------------------------------------------------------------------


def test_export_writes_one_csv_per_table_sorted_and_complete(run_cli, corpus):
    run_cli("report", corpus, "--out", "out", "--format", "json")
    result = run_cli("export", "out", "--out", "csv")
    assert result.code == 0
    assert [line.split(":")[0] for line in result.out.splitlines()] == [f"csv/{t}.csv" for t in TABLE_NAMES]
    for table in TABLES:
        with open(f"csv/{table.name}.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        assert tuple(rows[0]) == table.column_names
        assert len(rows) - 1 == query(f"SELECT COUNT(*) FROM {table.name}")[0][0]
        assert f"csv/{table.name}.csv: {len(rows) - 1} row" in result.out
    events = list(csv.DictReader(open("csv/events.csv", encoding="utf-8")))
    assert [e["event_id"] for e in events] == ["event-a", "event-b", "event-c"]
    assert [e["sources"] for e in events] == ["2", "3", "2"]
    first = tree_snapshot(Path("csv"))
    run_cli("export", "out", "--out", "csv", "--table", "metrics")
    assert tree_snapshot(Path("csv")) == first


def test_the_aligned_pairs_view_lists_every_pair_listed_or_implied_by_a_unit(run_cli, tmp_path, seed_report_dict):
    data = seed_report_dict
    assert run_cli("report", REPO / "corpus" / "rwanda-belgium-2025", "--out", tmp_path / "out", "--format", "json").code == 0
    result = run_cli("export", tmp_path / "out", "--out", tmp_path / "csv", "--table", "aligned_pairs")
    assert result.code == 0
    rows = list(csv.DictReader(open(tmp_path / "csv" / "aligned_pairs.csv", encoding="utf-8")))
    pairs = {(r["source_a"], int(r["paragraph_a"]), r["source_b"], int(r["paragraph_b"])): r for r in rows}
    assert len(pairs) == len(rows) == data["aligned_pairs"]["total"]
    listed = {(a["a"]["source"], a["a"]["paragraph"], a["b"]["source"], a["b"]["paragraph"]) for a in data["alignments"]}
    assert {k for k, r in pairs.items() if r["listed"] == "1"} == listed
    reporters: dict[tuple[str, int], set[int]] = {}
    for unit in data["content_units"]:
        for sid, ps in unit["reported_by"].items():
            for p in ps:
                reporters.setdefault((sid, p), set()).add(unit["id"])
    implied = {(x[0], x[1], y[0], y[1]) for x in reporters for y in reporters
               if x[0] < y[0] and reporters[x] & reporters[y]}
    assert set(pairs) == listed | implied
    assert all(r["unit"] == str(min(reporters[k[:2]] & reporters[k[2:]])) for k, r in pairs.items() if k in implied)


def test_export_without_a_database_or_with_an_unknown_table_is_one_line(run_cli, tmp_path):
    result = run_cli("export", tmp_path / "nothing", "--out", tmp_path / "csv")
    assert result.code == 2 and len(result.err.strip().splitlines()) == 1
    assert "no results database here; run `source-compare report` with this --out first" in result.err
    run_cli("report", REPO / "corpus" / "rwanda-belgium-2025", "--out", tmp_path / "out", "--format", "json")
    result = run_cli("export", tmp_path / "out", "--out", tmp_path / "csv", "--table", "outlets")
    assert result.code == 2 and "unknown table outlets; choose from events, sources" in result.err


# --- a cache that is busy or cannot be written is not damaged ----------------------------


def test_a_cache_another_process_is_writing_is_waited_for_never_removed(run_cli, corpus, monkeypatch):
    """Before, an SQLite error such as "database is locked" met while opening counted as damage,
    and the cache of a run still going was deleted. Now a run waits, and past WAIT_SECONDS says so."""
    from compare import store

    run_cli("report", corpus, "--out", "out", "--format", "json")
    monkeypatch.setattr(store, "WAIT_SECONDS", 0.2)
    writer = sqlite3.connect(DB, isolation_level=None)
    writer.execute("BEGIN EXCLUSIVE")  # as another run's transaction that does not end
    try:
        result = run_cli("report", corpus, "--out", "out", "--format", "json")
    finally:
        writer.close()
    assert result.code == 2
    assert result.err == (f"source-compare: error: {DB}: cannot write the cache: another run has held it for 0.2 s "
                          "(database is locked); run again when it has finished\n")
    assert query("SELECT COUNT(*) FROM cache") == [(3,)], "the cache is still there, every entry in it"
    assert analysed_count(run_cli("report", corpus, "--out", "out", "--format", "json").out) == (0, 3)


def test_an_event_the_cache_refuses_is_one_line_naming_the_database(run_cli, corpus):
    from compare.errors import InputError
    from compare.store import ResultStore

    run_cli("report", corpus, "--out", "out", "--format", "json")
    store = ResultStore.open_for_writing(Path("out"))
    store.connection.close()
    store.connection = sqlite3.connect(f"{DB.resolve().as_uri()}?mode=ro", uri=True)  # as if made read-only since
    with pytest.raises(InputError) as raised:
        store.save_event("event-a", "key", {}, {}, {})
    store.close()
    assert str(raised.value) == (f"{DB}: cannot write the cache: read-only (attempt to write a readonly database); "
                                 "make it writable, or use another --out")
    assert query("SELECT COUNT(*) FROM cache") == [(3,)]


def test_an_empty_cache_file_is_filled_in_without_a_notice(run_cli, corpus):
    """A database file with no tables is what a run that has just created it leaves for an instant:
    it is new, not damaged."""
    DB.parent.mkdir(parents=True)
    DB.write_bytes(b"")
    result = run_cli("report", corpus, "--out", "out", "--format", "json")
    assert result.code == 0 and result.err == ""
    assert query("SELECT COUNT(*) FROM cache") == [(3,)]
