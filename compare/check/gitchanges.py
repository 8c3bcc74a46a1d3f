"""Which corpus files changed since a git revision: what a pull request adds, for `check`.

"Since REV" means what a pull request means: the files that differ between the point where
the current branch left REV (their merge base) and the working tree, plus new files git does
not track yet (a source about to be committed). Files changed on REV's side after the
branch left it are not counted. Deleted files are not counted either: there is nothing left
to check.
"""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from ..errors import InputError


def changed_files(paths: list[Path], since: str) -> set[Path]:
    """Absolute paths of the files under `paths` added or modified since revision `since`."""
    if not paths:
        return set()
    anchor = Path(paths[0]).resolve()
    cwd = anchor if anchor.is_dir() else anchor.parent
    root = Path(_git(["rev-parse", "--show-toplevel"], cwd, f"{anchor}: not inside a git repository, so "
                                                               "--changed-since cannot tell what changed; "
                                                               "name the files to check instead").strip())
    if not _succeeds(["rev-parse", "--verify", "--quiet", f"{since}^{{commit}}"], root):
        raise InputError(None, f"--changed-since {since!r}: no such revision in {root}; fetch it "
                               "(in CI, check out with full history: actions/checkout fetch-depth: 0)")
    base = _git(["merge-base", since, "HEAD"], root, "").strip() if _succeeds(["merge-base", since, "HEAD"], root) else since
    scope = [str(Path(p).resolve()) for p in paths]
    listed = _git(["diff", "--name-only", "-z", "--no-renames", "--diff-filter=AMT", base, "--", *scope], root,
                  f"--changed-since {since!r}: git diff failed")
    untracked = _git(["ls-files", "-z", "--others", "--exclude-standard", "--", *scope], root,
                     "git ls-files failed")
    names = [n for n in (listed + untracked).split("\0") if n]
    return {(root / name).resolve() for name in names}


def _git(args: list[str], cwd: Path, failure: str) -> str:
    if shutil.which("git") is None:
        raise InputError(None, "--changed-since needs git, which is not installed; name the files to check instead")
    result = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True)
    if result.returncode != 0:
        detail = result.stderr.strip().splitlines()[-1] if result.stderr.strip() else f"exit {result.returncode}"
        raise InputError(None, f"{failure} ({detail})" if failure else detail)
    return result.stdout


def _succeeds(args: list[str], cwd: Path) -> bool:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True).returncode == 0
