"""Shared fixtures: the bundled seed event, a CLI runner, and temporary event folders."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from compare.cli import main

REPO = Path(__file__).resolve().parent.parent
SEED_EVENT = REPO / "corpus" / "rwanda-belgium-2025"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED_DATA = REPO.parent / "shared" / "data"


class CliResult:
    def __init__(self, code: int, out: str, err: str):
        self.code, self.out, self.err = code, out, err

    def __repr__(self) -> str:
        return f"CliResult(code={self.code}, out={self.out[:200]!r}, err={self.err[:200]!r})"


@pytest.fixture
def run_cli(capsys):
    """Run `source-compare ARGS` in this process; return its exit code, stdout and stderr."""
    def run(*args: str) -> CliResult:
        capsys.readouterr()
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run


@pytest.fixture
def seed_copy(tmp_path) -> Path:
    """A throwaway copy of the seed event, safe to add files to."""
    target = tmp_path / "rwanda-belgium-2025"
    shutil.copytree(SEED_EVENT, target)
    return target


@pytest.fixture(scope="session")
def seed_report():
    """The seed event analysed once for the whole test session."""
    from compare import analyse, load_event

    return analyse(load_event(SEED_EVENT))


@pytest.fixture(scope="session")
def seed_report_dict(seed_report):
    from compare.render.json import report_dict

    return report_dict(seed_report)


def tree_snapshot(path: Path) -> dict[str, bytes]:
    """Every file under path with its bytes, to prove a command modified nothing."""
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def make_articles(texts: dict[str, list[str]]):
    """Cleaned articles built straight from paragraph texts: {source id: [paragraph, ...]}."""
    from compare.model import Article, Paragraph, Source
    from compare.segment import split_sentences

    return tuple(
        Article(Source(sid, Path(f"{sid}.txt"), sid, "text", "\n\n".join(paras)),
                tuple(Paragraph(i, t, i + 1, None, split_sentences(t)) for i, t in enumerate(paras)), (), ())
        for sid, paras in texts.items()
    )
