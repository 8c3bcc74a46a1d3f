"""Reading events: front matter, event.yaml, and every kind of bad input."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from compare.corpus import find_events, load_event, read_source, scan_event
from compare.errors import InputError

from .conftest import SEED_EVENT


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_seed_event_has_four_named_sources_and_actors():
    event = load_event(SEED_EVENT)
    assert [s.id for s in event.sources] == ["brief", "developing-story", "explainer", "wikipedia"]
    assert {s.id: s.name for s in event.sources}["wikipedia"] == "Wikipedia"
    assert event.date == dt.date(2025, 3, 17)
    actors = {a.name: a.forms for a in event.actors}
    assert {"Rwanda", "Belgium", "DRC", "M23", "EU"} <= set(actors)
    assert "Kagame" in actors["Rwanda"] and "Prevot" in actors["Belgium"]


def test_front_matter_is_split_from_the_body_with_the_body_line(tmp_path):
    path = write(tmp_path / "fox.txt", "---\nsource: Fox News\npublished: 2025-03-17\n---\nFirst paragraph.\n")
    source = read_source(path)
    assert source.name == "Fox News"
    assert source.published == dt.date(2025, 3, 17)
    assert source.text == "First paragraph.\n"
    assert source.body_line == 5


def test_malformed_front_matter_names_file_line_and_fix(tmp_path):
    path = write(tmp_path / "fox.txt", "---\nsource: Fox News\ntitle: [unclosed\n---\nText of the article.\n")
    with pytest.raises(InputError) as error:
        read_source(path)
    message = str(error.value)
    assert message.startswith(str(path))
    assert "front matter is not valid YAML" in message
    assert "remove the --- block" in message


def test_front_matter_that_is_never_closed_is_an_error(tmp_path):
    path = write(tmp_path / "fox.txt", "---\nsource: Fox News\nThe article starts here.\n")
    with pytest.raises(InputError, match="never closed"):
        read_source(path)


def test_binary_file_is_refused(tmp_path):
    path = write(tmp_path / "photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    with pytest.raises(InputError, match="binary file"):
        read_source(path)


def test_empty_file_is_refused(tmp_path):
    path = write(tmp_path / "empty.txt", "  \n\n")
    with pytest.raises(InputError, match="the article is empty"):
        read_source(path)


def test_invalid_utf8_is_decoded_leniently_with_a_warning(tmp_path):
    path = write(tmp_path / "latin.txt", "Caf\xe9 owners protested on Monday.\n".encode("latin-1"))
    source = read_source(path)
    assert "\ufffd" in source.text
    assert len(source.warnings) == 1
    assert "invalid UTF-8 at byte 3 (line 1)" in source.warnings[0]


def test_missing_path_empty_folder_and_single_source(tmp_path):
    with pytest.raises(InputError, match="no such file or directory"):
        load_event(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match="no articles"):
        load_event(tmp_path / "empty")
    write(tmp_path / "one" / "a.txt", "A single article about something that happened.\n")
    with pytest.raises(InputError, match="only 1 source; an event needs at least two"):
        load_event(tmp_path / "one")


def test_malformed_event_yaml_is_an_error_naming_the_line(tmp_path):
    write(tmp_path / "ev" / "a.txt", "Article one.\n")
    write(tmp_path / "ev" / "b.txt", "Article two.\n")
    write(tmp_path / "ev" / "event.yaml", "title: Something\nactors: [Rwanda\n")
    with pytest.raises(InputError) as error:
        load_event(tmp_path / "ev")
    assert "event.yaml: is not valid YAML (line" in str(error.value)


def test_event_date_must_be_a_date(tmp_path):
    write(tmp_path / "ev" / "a.txt", "Article one.\n")
    write(tmp_path / "ev" / "b.txt", "Article two.\n")
    write(tmp_path / "ev" / "event.yaml", "date: next tuesday\n")
    with pytest.raises(InputError, match="date: expected a date like 2025-03-17, found 'next tuesday'"):
        load_event(tmp_path / "ev")


def test_scan_sets_aside_unreadable_sources_for_check(tmp_path):
    write(tmp_path / "ev" / "a.txt", "Article one is here.\n")
    write(tmp_path / "ev" / "b.txt", "Article two is here.\n")
    write(tmp_path / "ev" / "c.txt", "")
    event, problems = scan_event(tmp_path / "ev")
    assert [s.id for s in event.sources] == ["a", "b"]
    assert [(p.path.name, p.rule) for p in problems] == [("c.txt", "empty")]


def test_find_events_walks_a_folder_of_events_in_order(tmp_path):
    for name in ("b-event", "a-event"):
        write(tmp_path / name / "x.txt", "Text.\n")
        write(tmp_path / name / "y.txt", "Text.\n")
    assert [p.name for p in find_events([tmp_path])] == ["a-event", "b-event"]
    assert [p.name for p in find_events([tmp_path / "b-event"])] == ["b-event"]


def test_actors_accept_mapping_and_list_forms(tmp_path):
    write(tmp_path / "ev" / "a.txt", "Article one.\n")
    write(tmp_path / "ev" / "b.txt", "Article two.\n")
    write(tmp_path / "ev" / "event.yaml",
          "actors:\n  - name: Belgium\n    forms: [Belgian, Brussels]\n  - Rwanda\n")
    event = load_event(tmp_path / "ev")
    assert [(a.name, a.forms) for a in event.actors] == [
        ("Belgium", ("Belgium", "Belgian", "Brussels")), ("Rwanda", ("Rwanda",))]
